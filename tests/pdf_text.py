"""Read the text back out of a PDF that fpdf2 wrote with an embedded Unicode font — for tests,
without a PDF library (pypdf is not a dependency).

fpdf2 writes each text line as `(<2-byte glyph ids>) Tj` under `/Fn size Tf`; each font
carries a /ToUnicode CMap mapping glyph ids back to characters. Streams may be FlateDecode
compressed (the default); zlib opens them. Good enough for fpdf2's own output, no more.
"""
from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_FONT_REF = re.compile(rb"/(F\d+)\s+(\d+) 0 R")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
            b"(": b"(", b")": b")", b"\\": b"\\"}


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    out = {}
    for m in _OBJ.finditer(data):
        body = m.group(2)
        s = _STREAM.match(body)
        if s:
            head, stream = s.group(1), s.group(2)
            if b"/FlateDecode" in head:
                stream = zlib.decompress(stream)
            out[int(m.group(1))] = (head, stream)
        else:
            out[int(m.group(1))] = (body, None)
    return out


def _tokens(stream: bytes):
    """(kind, value) for names, literal strings and operators of a content stream."""
    i, n = 0, len(stream)
    while i < n:
        ch = stream[i:i + 1]
        if ch == b"(":
            depth, j, buf = 1, i + 1, bytearray()
            while depth and j < n:
                c = stream[j:j + 1]
                if c == b"\\":
                    buf += stream[j:j + 2]
                    j += 2
                    continue
                depth += {b"(": 1, b")": -1}.get(c, 0)
                if depth:
                    buf += c
                j += 1
            yield "string", _unescape(bytes(buf))
            i = j
        elif ch == b"/":
            m = re.match(rb"/([A-Za-z0-9_.+-]+)", stream[i:])
            yield "name", m.group(1)
            i += len(m.group(0))
        elif ch.isalpha() or ch in (b"'", b'"'):
            m = re.match(rb"[A-Za-z'\"*]+", stream[i:])
            yield "op", m.group(0)
            i += len(m.group(0))
        else:
            i += 1


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        ch = raw[i:i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = raw[i + 1:i + 2]
        if nxt in _ESCAPES:
            out += _ESCAPES[nxt]
            i += 2
        elif nxt.isdigit():
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4]).group(0)
            out.append(int(octal, 8))
            i += 1 + len(octal)
        else:
            i += 2          # backslash-newline: a line continuation
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """All text lines of the PDF, in drawing order, joined by newlines."""
    assert data.startswith(b"%PDF"), data[:20]
    objs = _objects(data)
    cmaps: dict[int, dict[int, str]] = {}
    for num, (head, stream) in objs.items():
        if stream and b"beginbfchar" in stream:
            cmaps[num] = {int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be")
                          for a, b in _BFCHAR.findall(stream.split(b"endcodespacerange")[1])}
    font_cmap: dict[bytes, dict[int, str]] = {}
    for head, _stream in objs.values():
        if b"/Font" in head:
            for name, ref in _FONT_REF.findall(head):
                font_head = objs[int(ref)][0]
                to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font_head)
                if to_unicode:
                    font_cmap[name] = cmaps[int(to_unicode.group(1))]
    lines = []
    for head, stream in objs.values():
        if stream is None or b"beginbfchar" in stream or not re.search(rb"T[jJ]", stream):
            continue
        cmap: dict[int, str] = {}
        pending: list[bytes] = []
        last_name = b""
        for kind, value in _tokens(stream):
            if kind == "name":
                last_name = value
            elif kind == "string":
                pending.append(value)
            elif kind == "op":
                if value == b"Tf":
                    cmap = font_cmap.get(last_name, {})
                elif value in (b"Tj", b"TJ"):
                    raw = b"".join(pending)
                    lines.append("".join(cmap.get(int.from_bytes(raw[i:i + 2], "big"), "\ufffd")
                                         for i in range(0, len(raw) - 1, 2)))
                pending = []
    return "\n".join(lines)


def pdf_words(data: bytes) -> str:
    """The text with line breaks and runs of spaces made single spaces (multi_cell wraps)."""
    return " ".join(pdf_text(data).split())
