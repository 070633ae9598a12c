"""The A4 administrative frame of Decree 30/2020 (Appendix I), shared by every PDF report.

Layout: margins top/bottom 20 mm, left 30 mm, right 15 mm; Liberation Serif (Times New Roman
metrics) 13 pt, black. Header in two columns — left: parent agency (caps, regular) over the issuing
body (caps, bold) with a short rule, then "Số: …"; right: the national title (caps, bold, 12 pt) over
the motto (bold, 13 pt) underlined the length of the motto, then the italic place-and-date line.
Title centred in bold caps, subject line under it; body; "Nơi nhận:" at the left and the signature
block at the right; page numbers centred in the top margin from page 2.

Everything the frame prints comes from the ``profile`` dict (Settings) and the current language;
nothing about the agency is hard-coded.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from babel.dates import format_date as babel_format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ctxh_desktop.i18n import N_, _, current_language
from ctxh_desktop.reports import fonts

MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
BODY_SIZE = 13
TABLE_SIZE = 12

#: Translator: the national title and motto at the top right of every administrative document.
NATIONAL_TITLE = N_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = N_("Độc lập - Tự do - Hạnh phúc")

# Values of the profile that are standard wordings and get translated in English mode.
_STANDARD_WORDS = (
    N_("TM. ỦY BAN NHÂN DÂN"),
    N_("CHỦ TỊCH"),
    N_("PHÓ CHỦ TỊCH"),
    N_("KT. CHỦ TỊCH"),
    N_("ỦY BAN NHÂN DÂN"),
    N_("GIÁM ĐỐC"),
    N_("PHÓ GIÁM ĐỐC"),
)
_UNIT_PREFIX = {"xa": N_("Xã"), "phuong": N_("Phường"), "dac_khu": N_("Đặc khu")}
_KNOWN_PREFIXES = ("xã", "phường", "đặc khu", "thị trấn")


# -- text helpers ------------------------------------------------------------------------------
#: Longest text a paragraph prints: what a database holds may be far longer than a form allows
#: (received before values were checked), and is then cut with an ellipsis.
MAX_PARAGRAPH = 5000
#: Most lines a table cell's text takes: a row must fit on a page.
MAX_CELL_LINES = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters ending with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def esc(text: Any, limit: int = MAX_PARAGRAPH) -> str:
    """Text made safe for a reportlab paragraph (which reads a small XML dialect): cut at
    ``limit`` characters, control characters shown as ``?``."""
    return (
        _CONTROL.sub("?", cut(str(text if text is not None else ""), limit))
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def upper(text: str) -> str:
    """Vietnamese-safe capitals (``str.upper`` keeps every diacritic)."""
    return (text or "").upper()


def standard(text: str) -> str:
    """A standard wording from the profile (e.g. "TM. ỦY BAN NHÂN DÂN") in the current language;
    anything else (names of places and people) is printed as given."""
    return _(text) if text in _STANDARD_WORDS else text


def decree_date(value: dt.date) -> str:
    """The date part of the place-date line: "ngày 05 tháng 11 năm 2026" (Decree 30: a leading
    zero for days 1–9 and for months 1 and 2), or "5 November 2026" in English."""
    if current_language() == "vi":
        month = f"{value.month:02d}" if value.month < 3 else str(value.month)
        return _("ngày {day} tháng {month} năm {year}").format(
            day=f"{value.day:02d}", month=month, year=value.year
        )
    return babel_format_date(value, "d MMMM y", locale="en_GB")


def report_day(profile: Mapping[str, Any]) -> dt.date:
    """The report's date from the profile (ISO), today when absent."""
    raw = profile.get("report_date")
    if isinstance(raw, dt.date):
        return raw
    return dt.date.fromisoformat(str(raw)[:10]) if raw else dt.date.today()


def place_date_line(profile: Mapping[str, Any]) -> str:
    """ "Ba Đình, ngày 05 tháng 11 năm 2026"."""
    place = profile.get("place_name") or profile.get("commune_name") or ""
    when = decree_date(report_day(profile))
    return f"{place}, {when}" if place else when


def unit_name(profile: Mapping[str, Any]) -> str:
    """The commune's name with its unit word ("Phường Ba Đình"), from ``commune_name`` and
    ``unit_type``."""
    name = (profile.get("commune_name") or "").strip()
    prefix = _UNIT_PREFIX.get(profile.get("unit_type") or "")
    if not name or not prefix or name.lower().startswith(_KNOWN_PREFIXES):
        return name
    return f"{_(prefix)} {name}"


def issuing_body(profile: Mapping[str, Any]) -> str:
    """The issuing body in capitals: ``agency_name``, or "ỦY BAN NHÂN DÂN" + the commune."""
    name = (profile.get("agency_name") or "").strip()
    if name:
        return upper(name)
    return upper(f"{_('ỦY BAN NHÂN DÂN')} {unit_name(profile)}".strip())


def split_to_fit(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of a heading that must not wrap mid-name: as given when it fits, else broken after
    "ỦY BAN NHÂN DÂN" or at the word that balances the two lines best."""
    if not text or stringWidth(text, font, size) <= width:
        return [text] if text else []
    words = text.split()
    for lead in (upper(_("ỦY BAN NHÂN DÂN")), "ỦY BAN NHÂN DÂN"):
        if text.startswith(lead + " "):
            rest = text[len(lead) + 1 :]
            return [lead, *split_to_fit(rest, font, size, width)]
    best = min(
        range(1, len(words)),
        key=lambda i: max(
            stringWidth(" ".join(words[:i]), font, size),
            stringWidth(" ".join(words[i:]), font, size),
        ),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


# -- styles --------------------------------------------------------------------------------------
def style(
    name: str = "body",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: Literal[0, 1, 2, 4] = TA_JUSTIFY,
    indent: float = 0,
    before: float = 0,
    after: float = 6,
    leading: float | None = None,
) -> ParagraphStyle:
    """A paragraph style in the report typeface."""
    return ParagraphStyle(
        name,
        fontName=fonts.face(bold, italic),
        fontSize=size,
        leading=leading or round(size * 1.25, 1),
        alignment=align,
        firstLineIndent=indent,
        spaceBefore=before,
        spaceAfter=after,
        textColor=colors.black,
    )


BODY = style("body", indent=10 * mm)
BODY_PLAIN = style("body_plain")
HEADING = style("heading", bold=True, before=6, after=4, align=TA_LEFT)
SUBHEADING = style("subheading", bold=True, before=3, after=3, align=TA_LEFT)
NOTE = style("note", size=11, italic=True, after=4)
for _keep in (HEADING, SUBHEADING, NOTE):
    _keep.keepWithNext = 1
CELL = style("cell", size=TABLE_SIZE, align=TA_LEFT, after=0)
CELL_NUM = style("cell_num", size=TABLE_SIZE, align=TA_RIGHT, after=0)
CELL_CENTER = style("cell_center", size=TABLE_SIZE, align=TA_CENTER, after=0)
CELL_HEAD = style("cell_head", size=TABLE_SIZE, bold=True, align=TA_CENTER, after=0)
CELL_BOLD = style("cell_bold", size=TABLE_SIZE, bold=True, align=TA_LEFT, after=0)
CELL_BOLD_NUM = style("cell_bold_num", size=TABLE_SIZE, bold=True, align=TA_RIGHT, after=0)


def para(text: str, st: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(esc(text), st)


def heading(text: str) -> Paragraph:
    """A section heading ("I. …", "1. …")."""
    return Paragraph(esc(text), HEADING)


#: A heading over a table that may run for pages: not kept with the whole table.
_HEADING_OVER_TABLE = ParagraphStyle("heading_over_table", parent=HEADING, keepWithNext=0)


def table_section(title: str, table: Flowable) -> list[Flowable]:
    """A heading and a table that may run for pages. The heading goes to a new page only when
    fewer than a few rows would fit under it: kept with the whole table (as headings are kept with
    what follows), a table longer than a page would leave the page before it blank."""
    return [CondPageBreak(35 * mm), Paragraph(esc(title), _HEADING_OVER_TABLE), table]


def subheading(text: str) -> Paragraph:
    """A sub-section heading."""
    return Paragraph(esc(text), SUBHEADING)


# -- header --------------------------------------------------------------------------------------
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


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style whose cells use the report typeface (reportlab sets the cell font even for
    cells holding paragraphs, and its default would pull an unembedded Helvetica into the PDF)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])


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


# -- closing -------------------------------------------------------------------------------------
def authority_lines(profile: Mapping[str, Any]) -> list[str]:
    """The signature authority lines: "TM. ỦY BAN NHÂN DÂN", then "CHỦ TỊCH" or
    "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" for a deputy."""
    lines = []
    if profile.get("sign_on_behalf"):
        lines.append(standard(profile["sign_on_behalf"]))
    title = profile.get("signer_title") or ""
    if profile.get("sign_deputy"):
        head = profile.get("deputy_of") or "CHỦ TỊCH"
        lines.append(_("KT. {title}").format(title=standard(head)))
        lines.append(standard(title or "PHÓ CHỦ TỊCH"))
    elif title:
        lines.append(standard(title))
    return [upper(x) for x in lines]


_SIGN_SPACE = 24 * mm


def _sig_style() -> ParagraphStyle:
    return style("sig", size=13, bold=True, align=TA_CENTER, after=0, leading=16)


def signature_top(lines: Sequence[str], note: str | None = None) -> list[Flowable]:
    """The authority lines of a signature block in bold caps (and an italic note under them)."""
    out: list[Flowable] = [Paragraph(esc(line), _sig_style()) for line in lines]
    if note:
        out.append(Paragraph(esc(note), style("sig_note", size=12, italic=True, align=TA_CENTER)))
    return out


def signature_name(name: str) -> Paragraph:
    """The signer's full name in bold."""
    return Paragraph(esc(name or ""), _sig_style())


def signature_cell(lines: Sequence[str], name: str, note: str | None = None) -> list[Flowable]:
    """A signature block: authority lines in bold caps, room to sign, the name in bold."""
    return [*signature_top(lines, note), Spacer(1, _SIGN_SPACE), signature_name(name)]


def signatures_side_by_side(
    width: float, left: tuple[list[Flowable], str], right: tuple[list[Flowable], str]
) -> KeepTogether:
    """Two signature blocks whose names line up (e.g. the collaborator and the chairman)."""
    table = Table(
        [[left[0], right[0]], [signature_name(left[1]), signature_name(right[1])]],
        colWidths=[width * 0.45, width * 0.55],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), _SIGN_SPACE),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8 * mm), table])


def recipients_cell(profile: Mapping[str, Any]) -> list[Flowable]:
    """ "Nơi nhận:" (12 pt bold italic) and its list (11 pt), each "- …;", "- Lưu: VT." last."""
    head = style("rcp_head", size=12, bold=True, italic=True, align=TA_LEFT, after=0, leading=14)
    item = style("rcp_item", size=11, align=TA_LEFT, after=0, leading=13)
    out: list[Flowable] = [Paragraph(esc(_("Nơi nhận:")), head)]
    archive = _("Lưu: VT.")
    for raw in profile.get("recipients") or []:
        text = str(raw).strip().lstrip("-").strip().rstrip(";.").strip()
        if text and not text.lower().startswith(("lưu:", archive.split(":")[0].lower() + ":")):
            out.append(Paragraph(esc(f"- {text};"), item))
    out.append(Paragraph(esc(f"- {archive}"), item))
    return out


def closing(
    profile: Mapping[str, Any], width: float, left: list[Flowable] | None = None
) -> KeepTogether:
    """Recipients (or another left block) and the signature block side by side."""
    left_block = left if left is not None else recipients_cell(profile)
    right = signature_cell(authority_lines(profile), profile.get("signer_name") or "")
    table = Table([[left_block, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), table])


#: How much of the body's last flowable (about two lines or rows) goes over with the signature
#: when the closing block does not fit under it.
_TAIL_HEIGHT = 28


class KeepWithTail(KeepTogether):
    """The body's last flowable followed by the closing block, never the closing block alone.

    When both do not fit in the space left, the last flowable is split so that its last lines
    (or table rows) go to the next page with the closing block: the signer never signs a page
    without text. A last flowable that cannot be split goes over whole.
    """

    def __init__(self, last: Flowable, closing_block: Flowable) -> None:
        parts = (
            # reportlab keeps a KeepTogether's flowables in _content (left out of its stubs)
            closing_block._content  # type: ignore[attr-defined]
            if isinstance(closing_block, KeepTogether)
            else [closing_block]
        )
        super().__init__([last, *parts])  # measured flat: a KeepTogether wraps to a huge height
        self._last, self._closing = last, closing_block

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Split the last flowable where the page ends, or just above its last lines."""
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH >= self._H:  # type: ignore[attr-defined]  # set by KeepTogether.wrap, not in stubs
            return [self._last, self._closing]
        last_height = self._last.wrap(aW, aH)[1]
        if last_height > aH:
            parts = self._last.split(aW, aH)
        else:
            parts = self._last.split(aW, max(last_height - _TAIL_HEIGHT, 1))
        if len(parts) >= 2:
            return [*parts[:-1], KeepWithTail(parts[-1], self._closing)]
        frame_now = getattr(self, "_frame", None)
        if last_height > aH and not getattr(frame_now, "_atTop", True):
            return [FrameBreak(), KeepWithTail(self._last, self._closing)]
        return super().split(aW, aH)


def keep_with_tail(body: Sequence[Flowable], closing_block: Flowable) -> list[Flowable]:
    """``body`` then ``closing_block``, the closing block kept with the body's last lines."""
    if not body:
        return [closing_block]
    return [*body[:-1], KeepWithTail(body[-1], closing_block)]


# -- tables --------------------------------------------------------------------------------------
#: A grid cell's top and bottom padding (``grid_table``'s style).
_CELL_PAD_TOP, _CELL_PAD_BOTTOM, _CELL_PAD_SIDE = 2, 3, 3


def _row_height(cells: Sequence[Any], widths: Sequence[float], leading: float) -> float:
    """A grid row's height, as reportlab would find it: the tallest cell, text lines times the
    leading or a flowable's wrapped height, plus the padding. Given up front, a table of
    thousands of rows is not measured again at every page break."""
    tallest = 0.0
    for cell, width in zip(cells, widths, strict=True):
        if isinstance(cell, Flowable):
            _, high = cell.wrap(width - 2 * _CELL_PAD_SIDE, 1e6)
            high += cell.getSpaceBefore() + cell.getSpaceAfter()
        else:
            high = leading * len(str(cell).split("\n"))
        tallest = max(tallest, high)
    return tallest + _CELL_PAD_TOP + _CELL_PAD_BOTTOM


def grid_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric: Iterable[int] = (),
    bold_rows: Iterable[int] = (),
    indent_rows: Iterable[int] = (),
    centred: Iterable[int] = (),
    size: float = TABLE_SIZE,
    repeat: int = 1,
) -> Table:
    """A ruled table with a bold header row repeated on every page. Cells are text (escaped) or
    flowables; ``numeric`` columns are right-aligned; ``bold_rows`` (data-row indexes) are bold;
    the first cell of ``indent_rows`` is indented (items under a bold group row).

    Text that fits its column on one line is drawn as plain text, in the same face, size and
    leading; only text that must wrap becomes a paragraph (laying out a paragraph is most of the
    time of a table of thousands of rows, such as the annex of active cases)."""
    numeric = set(numeric)
    bold_rows = set(bold_rows)
    indent_rows = set(indent_rows)
    centred = set(centred)
    centre_st = style("tdc", size=size, align=TA_CENTER, after=0)
    indented = style("tdi", size=size, align=TA_LEFT, after=0)
    indented.leftIndent = 5 * mm
    head_st = style("th", size=size, bold=True, align=TA_CENTER, after=0)
    styles_by = {
        (False, False): style("td", size=size, align=TA_LEFT, after=0),
        (False, True): style("tdn", size=size, align=TA_RIGHT, after=0),
        (True, False): style("tdb", size=size, bold=True, align=TA_LEFT, after=0),
        (True, True): style("tdbn", size=size, bold=True, align=TA_RIGHT, after=0),
    }
    faces = {False: fonts.face(False, False), True: fonts.face(True, False)}
    leading = round(size * 1.25, 1)
    room = [w - 6 for w in widths]  # the column less its left and right padding
    limits = [max(40, int(w / (size * 0.45)) * MAX_CELL_LINES) for w in room]
    data: list[list[Any]] = [[Paragraph(esc(h), head_st) for h in headers]]
    for r, row in enumerate(rows):
        cells: list[Flowable | str] = []
        face = faces[r in bold_rows]
        for c, value in enumerate(row):
            text = "" if value is None else value if isinstance(value, str) else str(value)
            if not isinstance(value, Flowable):
                text = value = cut(text, limits[c])
            if isinstance(value, Flowable):
                cells.append(value)
            elif not (c == 0 and r in indent_rows) and (
                "\n" not in text and stringWidth(text, face, size) <= room[c]
            ):
                cells.append(text)
            elif c == 0 and r in indent_rows:
                cells.append(Paragraph(esc(value), indented))
            elif c in centred:
                cells.append(Paragraph(esc(value), centre_st))
            else:
                cells.append(Paragraph(esc(value), styles_by[(r in bold_rows, c in numeric)]))
        data.append(cells)
    heights = [_row_height(cells, widths, leading) for cells in data]
    table = Table(data, colWidths=list(widths), rowHeights=heights, repeatRows=repeat)
    table.spaceBefore = 2
    table.spaceAfter = 6
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONT", (0, 1), (-1, -1), faces[False], size, leading),
                *[("FONT", (0, r + 1), (-1, r + 1), faces[True], size, leading) for r in bold_rows],
                *[("ALIGN", (c, 1), (c, -1), "RIGHT") for c in numeric],
                *[("ALIGN", (c, 1), (c, -1), "CENTER") for c in centred],
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD_SIDE),
                ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD_SIDE),
                ("TOPPADDING", (0, 0), (-1, -1), _CELL_PAD_TOP),
                ("BOTTOMPADDING", (0, 0), (-1, -1), _CELL_PAD_BOTTOM),
            ]
        )
    )
    return table


# -- the document --------------------------------------------------------------------------------
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
