"""DEV-11: the printable form that goes with a returned device."""
from __future__ import annotations

from logic import pdf
from logic.clock import to_local
from logic.i18n import pick_row, t
from logic.identity import format_id


def category_label(case: dict, lang: str = "sv") -> str:
    """The category's name in the user's language (DEV-6), not its code."""
    return pick_row(lang, case, "category_name") or case.get("category") or ""


def envelope_site(case: dict) -> str:
    """DEV-11: the sealed envelope is marked "Avvikelse Hjälpmedelscentralen" + the centre's
    town (the guide's "… Eskilstuna"), the centre the reporter's service site belongs to."""
    return case.get("centre_city") or case.get("site_city") or case.get("site_name") or ""


def yes_no(value: bool | None, lang: str) -> str:
    return "" if value is None else t(lang, "form.yes" if value else "form.no")


def deviation_form(case: dict, lang: str = "sv", tz: str = "Europe/Stockholm") -> bytes:
    """Built from what `services.get_deviation` returned for the user (ids masked if hidden)."""
    doc = pdf.new_document(f"Avvikelse/reklamation {case['id']}")
    pdf.heading(doc, f"Avvikelse/reklamation {case['id']}")
    pdf.boxed(doc, "AVVIKELSE/REKLAMATION — fäst väl på hjälpmedlet (orange retursedel)")
    site = f"{case.get('site_code') or ''} {case.get('site_name') or ''}".strip()
    rows = [
        (t(lang, "dev.event_type"), t(lang, f"dev.event.{case['event_type']}")),
        (t(lang, "dev.category"), category_label(case, lang)),
        (t(lang, "dev.status"), t(lang, f"dev.status.{case['status']}")),
        (t(lang, "dev.registered"), to_local(case["created_at"], tz).strftime("%Y-%m-%d %H:%M")),
        (t(lang, "dev.service_site_id"), site),
        (t(lang, "dev.recipient"), " ".join(x for x in (format_id(case.get("recipient_id")), case.get("recipient_name")) if x)
         or t(lang, "dev.person_hidden")),
        (t(lang, "dev.article_no"), " ".join(x for x in (case.get("article_no"), case.get("article_name")) if x)),
        (t(lang, "dev.individual_no"), case.get("individual_no")),
        (t(lang, "dev.work_order_no"), case.get("work_order_no")),
        (t(lang, "dev.occurred_date"), to_local(case["occurred_at"], tz).strftime("%Y-%m-%d %H:%M")),
        (t(lang, "dev.location"), case.get("location")),
        (t(lang, "dev.concerns"), case.get("concerns")),
        (t(lang, "dev.what_happened"), case.get("what_happened")),
        (t(lang, "dev.injury"), case.get("injury")),
        (t(lang, "dev.desired_action"), (t(lang, f"dev.action.{case['desired_action']}") if case.get("desired_action") else "")),
        (t(lang, "dev.device_return"), (t(lang, f"dev.return.{case['device_return']}") if case.get("device_return") else "")),
        (t(lang, "dev.report_attached"), yes_no(case.get("report_attached"), lang)),         # DEV-9
        (t(lang, "dev.wanted_back"), t(lang, f"dev.wanted.{case['wanted_back']}") if case.get("wanted_back") else ""),
        (t(lang, "dev.delivery_note_no"), case.get("delivery_note_no")),
        (t(lang, "dev.order_no"), case.get("order_no")),
        (t(lang, "dev.comment"), case.get("comment")),
        (t(lang, "dev.contact_name"), case.get("contact_name")),
        (t(lang, "dev.contact_phone"), case.get("contact_phone")),
    ]
    for label, value in rows:
        if value:
            pdf.field(doc, label, value)
    doc.ln(3)
    pdf.boxed(doc, t(lang, "dev.return_instructions", site=envelope_site(case)), fill=(255, 236, 200))
    return pdf.to_bytes(doc)
