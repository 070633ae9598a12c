"""A whole A4 administrative document of Decree 30/2020 (Appendix I), shared by every PDF report.

Layout: margins top/bottom 20 mm, left 30 mm, right 15 mm; Liberation Serif (Times New Roman
metrics) 13 pt, black. The header (:mod:`~ctxh_desktop.reports.document_header`), the title and
subject, the body, then "Nơi nhận:" and the signature block
(:mod:`~ctxh_desktop.reports.closing`); page numbers centred in the top margin from page 2.

Everything the frame prints comes from the ``profile`` dict (Settings) and the current language;
nothing about the agency is hard-coded.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from ctxh_desktop.i18n import current_language
from ctxh_desktop.reports import fonts
from ctxh_desktop.reports.closing import closing, keep_with_tail
from ctxh_desktop.reports.document_header import header, title_block
from ctxh_desktop.reports.frame import (
    BODY_SIZE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    unit_name,
)


def page_size(wide: bool = False) -> tuple[float, float]:
    """A4 portrait, or landscape for wide tables."""
    return landscape(A4) if wide else A4


def text_width(wide: bool = False) -> float:
    """Width between the margins."""
    return page_size(wide)[0] - MARGIN_LEFT - MARGIN_RIGHT


def _page_number(canvas: Canvas, doc: BaseDocTemplate, size: tuple[float, float]) -> None:
    """Page numbers centred in the top margin of a page of ``size``, from page 2 (Decree 30)."""
    if doc.page < 2:
        return
    width, height = size
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, BODY_SIZE)
    x = MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2
    canvas.drawCentredString(x, height - MARGIN_TOP / 2 - 2 * mm, str(doc.page))
    canvas.restoreState()


def _template(name: str, wide: bool) -> PageTemplate:
    size = page_size(wide)
    body = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        size[0] - MARGIN_LEFT - MARGIN_RIGHT,
        size[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )
    on_page = functools.partial(_page_number, size=size)
    return PageTemplate(id=name, frames=[body], onPage=on_page, pagesize=size)


def landscape_pages() -> list[Flowable]:
    """Flowables that continue the document on landscape pages (for a wide annex)."""
    return [NextPageTemplate("landscape"), PageBreak()]


def render(
    story: Sequence[Flowable],
    *,
    title: str,
    profile: Mapping[str, Any],
    wide: bool = False,
) -> bytes:
    """Lay out a story on A4 with the decree's margins and page numbers; return the PDF bytes.
    The first page is landscape when ``wide``; :func:`landscape_pages` switches later."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=page_size(wide),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=profile.get("agency_name") or unit_name(profile),
        creator="CTXH Desktop",
        subject=title,
        lang=current_language(),
        initialFontName=fonts.REGULAR,
        initialFontSize=BODY_SIZE,
    )
    templates = [_template("portrait", False), _template("landscape", True)]
    doc.addPageTemplates(templates[::-1] if wide else templates)
    doc.build(list(story))
    return buffer.getvalue()


def document(
    profile: Mapping[str, Any],
    body: Sequence[Flowable],
    *,
    title: str,
    subject: str | None = None,
    wide: bool = False,
    number: str | None = None,
    closing_block: Flowable | None = None,
    appendix: Sequence[Flowable] = (),
) -> bytes:
    """A full administrative document: header, title, body, then the closing block (recipients and
    signature unless ``closing_block`` replaces it), then any ``appendix`` (annexes)."""
    width = text_width(wide)
    story: list[Flowable] = [header(profile, width, number)]
    story += title_block(title, subject)
    story += keep_with_tail(
        body, closing_block if closing_block is not None else closing(profile, width)
    )
    story += list(appendix)
    meta_title = f"{title} {subject}" if subject else title
    return render(story, title=meta_title, profile=profile, wide=wide)
