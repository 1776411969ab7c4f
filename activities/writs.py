"""The writ office (文书): renders the documents the case's events issue (domain/writs.py) to PDF
and keeps each in the record (store/writs.py), answering with its fingerprint.

The PDF: A4, the court's name as letterhead (from the court registry), the title, the case
number, the parties, the text, the legal basis, the court and the date in Chinese. Set in
WenQuanYi Micro Hei (文泉驿微米黑, a TrueType collection shipped on PyPI by
``paperang-p2-fonts-cjk``), embedded as a subset, so the file shows the same everywhere and its
text can be read back out; ReportLab's built-in CID fonts (STSong-Light) are not embedded. The
file is the same bytes for the same content (``invariant``: no creation time, no random id), so
a retried activity renders the file it already kept.
"""

from __future__ import annotations

import asyncio
import functools
import io
import threading
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from temporalio.exceptions import ApplicationError

from activities.contracts import WritReceipt
from domain.effects import WritOrder
from domain.writs import WritContent
from store.courts import RegistryCache
from store.db import Database
from store.writs import keep

FONT = "WenQuanYiMicroHei"
FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_FILE = "fonts/wqy-microhei.ttc"
RED = "#b71c1c"  # the letterhead's colour (红头)
# One document at a time per process: the registered font keeps its subset state in the one
# TTFont object every document shares, and two renders in threads at once broke its subsetting
# (KeyError on a glyph, seen under the soak's load; test_writs renders 24 at once).
_RENDERING = threading.Lock()


@functools.cache
def cjk_font() -> str:
    """Register the CJK font once per process; its name for the styles."""
    path = resources.files(FONT_PACKAGE) / FONT_FILE
    with resources.as_file(path) as file:
        pdfmetrics.registerFont(TTFont(FONT, str(file), subfontIndex=0))
    return FONT


def _style(name: str, size: float, **more: object) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=cjk_font(), fontSize=size, leading=size * 1.75, wordWrap="CJK", **more
    )


def render_pdf(content: WritContent, court_name: str) -> bytes:
    """The document as a PDF (the same bytes for the same content and court)."""
    with _RENDERING:
        return _render(content, court_name)


def _render(content: WritContent, court_name: str) -> bytes:
    body = _style("body", 12, firstLineIndent=24)
    flat = _style("flat", 12)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=30 * mm,
        title=f"{content.title} {content.case_number}",
        author=court_name,
        subject=content.title,
        creator="zhixing",
        invariant=1,
    )
    story = [
        Paragraph(escape(court_name), _style("court", 20, alignment=TA_CENTER, textColor=RED)),
        Paragraph(escape(content.title), _style("title", 22, alignment=TA_CENTER)),
        Paragraph(escape(content.case_number), _style("number", 12, alignment=TA_RIGHT)),
        HRFlowable(width="100%", thickness=1.2, color=RED, spaceBefore=2, spaceAfter=10),
        *(Paragraph(escape(f"{p.role}：{p.name}"), flat) for p in content.parties),
        Spacer(1, 8),
        Paragraph(escape(f"{content.addressee}："), flat),
        *(Paragraph(escape(text), body) for text in content.paragraphs),
        Spacer(1, 6),
        Paragraph(escape("法律依据：" + "；".join(content.basis) + "。"), body),
        KeepTogether(  # the court and the date stay on one page
            [
                Spacer(1, 24),
                Paragraph(escape(court_name), _style("sign", 12, alignment=TA_RIGHT)),
                Paragraph(escape(content.issued_on_zh), _style("date", 12, alignment=TA_RIGHT)),
                Paragraph("（院印）", _style("seal", 10, alignment=TA_RIGHT)),
            ]
        ),
    ]
    doc.build(story)
    return out.getvalue()


class WritOffice:
    """Renders a document and keeps it in the case's record, once per writ key."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._courts: RegistryCache | None = None

    async def _court_name(self, code: str) -> str:
        if self._courts is None:
            self._courts = RegistryCache(await self.database.pool())
        registry = await self._courts.get()
        if code not in registry:
            raise ApplicationError(
                f"法院代码 {code} 不在法院名录中，无法制作文书 / court {code} is not in the "
                "court registry: no letterhead for the document",
                type="writ.unknown_court",
            )
        return registry.get(code).name

    async def issue(self, order: WritOrder) -> WritReceipt:
        court_name = await self._court_name(order.content.court_code)
        pdf = await asyncio.to_thread(render_pdf, order.content, court_name)
        pool = await self.database.pool()
        sha256, size = await keep(
            pool, order.writ_key, order.case_id, court_name, order.content, pdf
        )
        return WritReceipt(writ_key=order.writ_key, sha256=sha256, size_bytes=size)
