"""The building blocks of the Decree 30/2020 frame shared by every PDF report: margins and sizes,
text helpers (escaping, capitals, dates, the unit's name), paragraph styles in the report typeface
and ruled tables. The whole document is laid out by :mod:`ctxh_desktop.reports.document`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from babel.dates import format_date as babel_format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
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


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style whose cells use the report typeface (reportlab sets the cell font even for
    cells holding paragraphs, and its default would pull an unembedded Helvetica into the PDF)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])


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
