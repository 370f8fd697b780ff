"""Attachments of an urgent case's tasks: the size limit, the allowed types (told by the file's
first bytes, never its name) and a safe stored file name."""
from __future__ import annotations

import re

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024     # the one limit; the browser's ceiling sits above it
ALLOWED_TYPES = {"image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",), "application/pdf": (".pdf",)}


def sniff(content: bytes) -> str | None:
    """The file type from its first bytes (magic numbers), never from its name."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def attachment_error(filename: str, content: bytes) -> str | None:
    if not content:
        return "urgent.file_empty"
    if len(content) > MAX_ATTACHMENT_BYTES:
        return "urgent.file_too_large"
    if sniff(content) is None:
        return "urgent.file_type"
    if not filename or len(filename) > 200:
        return "urgent.file_name"
    return None


def safe_filename(filename: str, mime: str) -> str:
    """Keep letters, digits, dot, dash and underscore; end in an extension that fits the content."""
    name = re.sub(r"[^\w.\-]+", "_", filename.strip().replace("\\", "/").split("/")[-1])[:120] or "fil"
    extensions = ALLOWED_TYPES[mime]
    if not name.lower().endswith(extensions):
        name = f"{name}{extensions[0]}"
    return name
