"""Files of history to import in tests: rows -> CSV with the template's headers."""
from __future__ import annotations

import csv
import io

from logic.registry import kind as kind_named

TOLVAN = "191212121212"


def csv_of(kind: str, rows: list[dict], lang: str = "sv", delimiter: str = ";") -> bytes:
    """A CSV file as a team would bring it: the template's headers (in `lang`) of the columns
    the rows use, UTF-8 with BOM."""
    k = kind_named(kind)
    names = [c.name for c in k.columns if any(c.name in r for r in rows)]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow([k.column(n).header(k.name, lang) for n in names])
    for r in rows:
        w.writerow(["" if r.get(n) is None else r[n] for n in names])
    return buf.getvalue().encode("utf-8-sig")


def deviation(number: str, **over) -> dict:
    """A closed historical complaint on site-1 (dev_world), registered by rita in week 7."""
    row = {"number": number, "event_type": "reklamation", "category": "fel_brist", "status": "closed",
           "registered_at": "2026-02-09 09:30", "reported_by": "rita", "service_site": "1012",
           "occurred_at": "2026-02-08 16:00", "location": "I hemmet", "concerns": "Bromsen släpper",
           "what_happened": "Bromsen på rullstolen släppte. Arkivfallet flyttat från gamla systemet.",
           "recipient_id": TOLVAN, "recipient_name": "Tolvan Tolvansson", "article_no": "49509",
           "answer": "Bromsen är utbytt.", "answered_by": "tore", "answered_at": "2026-02-10 11:00",
           "manufacturer_report": "not_needed", "mpa_report": "not_needed",
           "closed_at": "2026-02-11 08:00", "closed_by": "hanna"}
    row.update(over)
    return row
