"""PDF building blocks with an embedded Unicode font (fpdf2's core fonts are Latin-1 only)."""
from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "data" / "fonts"


def new_document(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("casedesk")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    return pdf


def heading(pdf: FPDF, text: str, size: int = 16) -> None:
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(2)


def field(pdf: FPDF, label: str, value: object) -> None:
    pdf.set_font("DejaVu", "B", 9)
    pdf.multi_cell(0, 5, label, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, "" if value is None else str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def boxed(pdf: FPDF, text: str, fill: tuple[int, int, int] = (255, 165, 0)) -> None:
    pdf.set_fill_color(*fill)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, text, border=1, fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(2)


def watermark(pdf: FPDF, text: str) -> None:
    """A large diagonal word across every page (e.g. UTKAST on a draft)."""
    for page in range(1, pdf.pages_count + 1):
        pdf.page = page
        with pdf.local_context(text_color=(200, 200, 200)):
            pdf.set_font("DejaVu", "B", 80)
            with pdf.rotation(45, x=pdf.w / 2, y=pdf.h / 2):
                pdf.text(pdf.w / 2 - 70, pdf.h / 2 + 10, text)


def to_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
