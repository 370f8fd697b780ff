"""CERT-10: the printout of a certificate. It shows the patient's personal identity number
but never the name; a draft carries an UTKAST watermark (a voided one MAKULERAT). The PDF is
built in memory for showing, never stored.

`printout` decides what is on the paper (testable as data); `certificate_pdf` draws it.
"""
from __future__ import annotations

from dataclasses import dataclass

from logic import pdf
from logic.certificates import fields
from logic.certificates.fields import Kind
from logic.certificates.model import Status
from logic.clock import to_local
from logic.i18n import pick_row, t
from logic.identity import format_id


@dataclass(frozen=True)
class Printout:
    title: str
    header: list[tuple[str, str]]
    body: list[tuple[str, str]]
    watermark: str | None


def _value(lang: str, spec: fields.Field, value: object) -> str:
    if fields.is_blank(value):
        return ""
    if spec.kind is Kind.CHOICE:
        return t(lang, f"cert.opt.{spec.name}.{value}")
    if spec.kind is Kind.PERIODS:
        return "\n".join(f"{p.get('degree')} %: {p.get('from') or '?'} – {p.get('to') or '?'}"
                         for p in value if not fields.is_blank_period(p))
    return str(value)


def _when(value, tz: str) -> str:
    return to_local(value, tz).strftime("%Y-%m-%d %H:%M")


def printout(cert: dict, lang: str = "sv", tz: str = "Europe/Stockholm") -> Printout:
    """What the paper shows, from what services.get_certificate returned for the user."""
    status = Status(cert["effective_status"])
    type_name = pick_row(lang, cert, "type_name")
    unit = cert.get("unit_name") or ""
    if cert.get("workplace_code"):
        unit += f" ({t(lang, 'cert.workplace_code')} {cert['workplace_code']})"
    header = [
        (t(lang, "cert.number"), cert["id"]),
        # CERT-10: the personal identity number — never the patient's name
        (t(lang, "cert.patient_reserve_number" if cert.get("patient_id_kind") == "reservnummer"
           else "cert.patient_id"), format_id(cert.get("patient_id")) or t(lang, "cert.person_hidden")),
        (t(lang, "cert.status"), t(lang, f"certificate.status.{status.value}")),
        (t(lang, "cert.recipient_authority"), t(lang, f"cert.authority.{cert['authority']}")),
        (t(lang, "cert.unit"), unit),
        (t(lang, "cert.created"), _when(cert["created_at"], tz)),
    ]
    if cert.get("signed_at"):
        signer = ", ".join(x for x in (cert.get("signed_by_name"), cert.get("signed_by_title"),
                                       cert.get("signed_by_prescriber_code")) if x)
        header.append((t(lang, "cert.signed"), f"{_when(cert['signed_at'], tz)} · {signer}"))
    if cert.get("sent_at"):
        header.append((t(lang, "cert.sent"), _when(cert["sent_at"], tz)))
    if cert.get("void_reason"):
        header.append((t(lang, "cert.void_reason"), cert["void_reason"]))
    content = cert.get("content") or {}
    body = [(t(lang, f"cert.field.{spec.name}"), _value(lang, spec, content.get(spec.name)) or "–")
            for spec in fields.form(cert["type_code"])]
    watermark = None
    if status.is_draft:
        watermark = t(lang, "cert.watermark_draft")
    elif status is Status.VOIDED:
        watermark = t(lang, "cert.watermark_voided")
    return Printout(title=f"{type_name} {cert['id']}", header=[(k, v) for k, v in header if v],
                    body=body, watermark=watermark)


def certificate_pdf(cert: dict, lang: str = "sv", tz: str = "Europe/Stockholm") -> bytes:
    paper = printout(cert, lang, tz)
    doc = pdf.new_document(paper.title)
    pdf.heading(doc, paper.title.rsplit(" ", 1)[0])
    for label, value in paper.header:
        pdf.field(doc, label, value)
    doc.ln(2)
    for label, value in paper.body:
        pdf.field(doc, label, value)
    if paper.watermark:
        pdf.watermark(doc, paper.watermark)
    return pdf.to_bytes(doc)
