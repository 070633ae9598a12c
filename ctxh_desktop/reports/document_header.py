"""The head of a Decree 30/2020 document (Appendix I): the two-column header and the title block.

Left column: the parent agency (caps, regular) over the issuing body (caps, bold) with a short rule,
then "Số: …"; right column: the national title (caps, bold, 12 pt) over the motto (bold, 13 pt)
underlined the length of the motto, then the italic place-and-date line. The title is centred in
bold caps, the subject line under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table

from ctxh_desktop.i18n import _
from ctxh_desktop.reports import fonts
from ctxh_desktop.reports.frame import (
    MOTTO,
    NATIONAL_TITLE,
    esc,
    issuing_body,
    place_date_line,
    split_to_fit,
    style,
    table_style,
    upper,
)


def _centred(lines: Iterable[str], st: ParagraphStyle) -> list[Flowable]:
    return [Paragraph(esc(line), st) for line in lines if line]


def header(profile: Mapping[str, Any], width: float, number: str | None = None) -> Table:
    """The two-column document header (issuing body | national title), with "Số: …" and the
    place-date line on the same row."""
    left_w = width * 0.44
    right_w = width - left_w
    size = 12.5
    parent_style = style("hdr_parent", size=size, align=TA_CENTER, after=0, leading=15)
    body_style = style("hdr_body", size=size, bold=True, align=TA_CENTER, after=0, leading=15)
    usable = left_w - 4
    parent = upper(profile.get("parent_agency") or "")
    left: list[Flowable] = _centred(split_to_fit(parent, fonts.REGULAR, size, usable), parent_style)
    body_lines = split_to_fit(issuing_body(profile), fonts.BOLD, size, usable)
    left += _centred(body_lines, body_style)
    longest = max((stringWidth(x, fonts.BOLD, size) for x in body_lines), default=60)
    left.append(rule(max(longest / 3, 20 * mm)))

    title_style = style("hdr_title", size=12, bold=True, align=TA_CENTER, after=0, leading=15)
    motto_style = style("hdr_motto", size=13, bold=True, align=TA_CENTER, after=0, leading=16)
    motto = _(MOTTO)
    right: list[Flowable] = [
        Paragraph(esc(_(NATIONAL_TITLE)), title_style),
        Paragraph(esc(motto), motto_style),
        rule(stringWidth(motto, fonts.BOLD, 13)),
    ]
    number_style = style("hdr_number", size=13, align=TA_CENTER, after=0)
    date_style = style("hdr_date", size=13, italic=True, align=TA_CENTER, after=0)
    number_text = number if number is not None else (profile.get("doc_number") or "")
    number_cell = (
        Paragraph(esc(_("Số: {number}").format(number=number_text)), number_style)
        if number_text
        else ""
    )
    table = Table(
        [[left, right], [number_cell, Paragraph(esc(place_date_line(profile)), date_style)]],
        colWidths=[left_w, right_w],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return table


def rule(length: float) -> HRFlowable:
    """A centred 0.6 pt rule (under the issuing body and the motto)."""
    return HRFlowable(
        width=length,
        thickness=0.6,
        color=colors.black,
        spaceBefore=4,
        spaceAfter=3,
        hAlign="CENTER",
    )


def title_block(title: str, subject: str | None = None) -> list[Flowable]:
    """The document type in bold capitals, centred, with the subject line under it."""
    out: list[Flowable] = [
        Spacer(1, 8 * mm),
        Paragraph(esc(upper(title)), style("title", size=14, bold=True, align=TA_CENTER, after=2)),
    ]
    if subject:
        subject_style = style("subject", size=14, bold=True, align=TA_CENTER, after=1)
        out.append(Paragraph(esc(subject), subject_style))
        out.append(rule(min(stringWidth(subject, fonts.BOLD, 14) / 3, 60 * mm)))
    out.append(Spacer(1, 5 * mm))
    return out
