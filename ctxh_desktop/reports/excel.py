"""Spreadsheets: the office's consolidated table and the registers (people, cases, counselling,
children), as ``.xlsx`` bytes.

Totals are written as numbers computed here, not as ``SUM`` formulas: a formula written by openpyxl
has no cached value, so any program that reads the file without recalculating (openpyxl itself,
import scripts, some viewers) would see an empty total. A note under the table says so.
Text that looks like a formula (starts with "=") is always stored as text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ctxh_desktop.i18n import _
from ctxh_desktop.reports import breakdowns, frame, targets_table, unit_groups
from ctxh_desktop.reports.figures import (
    MAIN_INDICATORS,
    MONEY_KEYS,
    LabelFn,
    coverage,
    month_label,
    period_phrase,
)

FONT_NAME = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = "#,##0"
COUNT_FORMAT = "#,##0"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MONEY_HINTS = ("(đồng)", "(vnd)", "số tiền", "kinh phí", "amount")


def _font(bold: bool = False, italic: bool = False, size: float = 12) -> Font:
    return Font(name=FONT_NAME, bold=bold, italic=italic, size=size)


#: Longest text a cell holds (Excel's own limit is 32,767 characters).
MAX_CELL_TEXT = 32_000


def _cell_text(text: str) -> str:
    """Text a worksheet can hold: control characters shown as ``?``, cut with an ellipsis."""
    return ILLEGAL_CHARACTERS_RE.sub("?", frame.cut(text, MAX_CELL_TEXT))


def _parses(kind: type[dt.date], text: str) -> bool:
    try:
        kind.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        return False
    return True


def _set(
    ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None
) -> Cell | MergedCell:
    """Write one cell; dates become real dates, formula-like text stays text."""
    cell = ws.cell(row=row, column=col)
    value = _cell_text(value) if isinstance(value, str) else value
    if isinstance(value, str) and _MOMENT.match(value) and _parses(dt.datetime, value):
        value = dt.datetime.fromisoformat(value.replace(" ", "T"))
        number_format = number_format or DATETIME_FORMAT
    elif isinstance(value, str) and _DATE.match(value) and _parses(dt.date, value):
        value = dt.date.fromisoformat(value)
        number_format = number_format or DATE_FORMAT
    elif isinstance(value, float) and not math.isfinite(value):
        value = "—"
    elif isinstance(value, dt.datetime):
        number_format = number_format or DATETIME_FORMAT
    elif isinstance(value, dt.date):
        number_format = number_format or DATE_FORMAT
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    cell.font = _font()
    if number_format:
        cell.number_format = number_format
    return cell


def _header_row(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = _font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _display_len(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int | float):
        return len(f"{value:,.0f}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fit_columns(ws: Worksheet, first_row: int = 1, minimum: int = 8, maximum: int = 50) -> None:
    """Column widths from the longest value (header words count by their longest word)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None:
                continue
            length = _display_len(cell.value)
            if cell.font is not None and cell.font.bold and isinstance(cell.value, str):
                length = max(len(w) for w in cell.value.split()) + 4 if cell.value.split() else 0
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for col, length in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, length + 2))


def _sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    title = _BAD_SHEET_CHARS.sub(" ", name).strip()[:31] or "Sheet"
    base, n = title, 2
    while title in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title)
    return title


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def consolidated_xlsx(
    profile: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    completeness: Sequence[Mapping[str, Any]],
    labels: LabelFn,
    period: Any,
    targets: Sequence[Mapping[str, Any]] = (),
) -> bytes:
    """The consolidated view as a workbook: sheet "Tổng hợp" (communes, then social-work
    centres, × main indicators with their subtotals and a
    totals row), sheet "Đầy đủ" (what each commune sent), then a sheet per breakdown of the
    indicator table (communes × codes with a totals row), then, when ``targets`` (the progress
    of the year's plan targets) has any, sheet "Mục tiêu kế hoạch"."""
    period = period.as_dict() if hasattr(period, "as_dict") else dict(period or {})
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = _("Tổng hợp")
    title = _("Tổng hợp kết quả công tác xã hội {period}").format(period=period_phrase(period))
    ws.cell(row=1, column=1, value=title).font = _font(bold=True, size=14)
    unit = frame.unit_name(profile) or frame.issuing_body(profile)
    ws.cell(row=2, column=1, value=unit).font = _font(italic=True)

    headers = [_("Mã đơn vị"), _("Đơn vị")] + [_(label) for _key, label in MAIN_INDICATORS]
    headers.append(_("Tỷ lệ bao phủ (%)"))
    head_row = 4
    _header_row(ws, head_row, headers)
    r = head_row
    for row in unit_groups.ordered(rows):
        r += 1
        counts = row.get("counts") or {}
        _set(ws, r, 1, str(row.get("commune") or ""))
        _set(ws, r, 2, row.get("commune_name") or "")
        for c, (key, _label) in enumerate(MAIN_INDICATORS, start=3):
            fmt = MONEY_FORMAT if key in MONEY_KEYS else COUNT_FORMAT
            _set(ws, r, c, int(counts.get(key, 0)), fmt)
        rate = coverage(counts)
        _set(ws, r, len(headers), round(rate, 1) if rate is not None else None, "0.0")
    for label, total in unit_groups.sum_lines(rows):
        r += 1
        _set(ws, r, 2, label).font = _font(bold=True)
        for c, (key, _label) in enumerate(MAIN_INDICATORS, start=3):
            fmt = MONEY_FORMAT if key in MONEY_KEYS else COUNT_FORMAT
            _set(ws, r, c, int(total.get(key, 0)), fmt).font = _font(bold=True)
        rate = coverage(total)
        cell = _set(ws, r, len(headers), round(rate, 1) if rate is not None else None, "0.0")
        cell.font = _font(bold=True)
    note = _(
        "Ghi chú: dòng Tổng cộng là số đã cộng sẵn (không dùng công thức) để mọi chương trình "
        "đọc được ngay; tỷ lệ bao phủ = trẻ em nhóm mục tiêu được hỗ trợ / trẻ em thuộc nhóm "
        "mục tiêu."
    )
    ws.cell(row=r + 2, column=1, value=note).font = _font(italic=True, size=11)
    ws.freeze_panes = ws.cell(row=head_row + 1, column=3).coordinate
    ws.row_dimensions[head_row].height = 48
    _fit_columns(ws, first_row=head_row)

    taken = {ws.title, _("Đầy đủ")}
    for matrix in breakdowns.matrices(rows, labels):
        name = matrix.breakdown.sheet or matrix.breakdown.label
        sheet = wb.create_sheet(_sheet_title(_(name), taken))
        _matrix_sheet(sheet, matrix)

    done = wb.create_sheet(_("Đầy đủ"), 1)
    done_headers = [
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Lần gửi gần nhất"),
        _("Số tháng có dữ liệu"),
        _("Tháng đã có"),
        _("Tháng còn thiếu"),
        _("Đúng hạn"),
        _("Báo cáo không phát sinh"),
    ]
    _header_row(done, 1, done_headers)
    for i, row in enumerate(completeness, start=2):
        on_time = row.get("on_time")
        values = [
            str(row.get("commune") or ""),
            row.get("commune_name") or "",
            row.get("last_bundle_at") or None,
            len(row.get("months_with_work") or []),
            ", ".join(month_label(m) for m in row.get("months_with_work") or []),
            ", ".join(month_label(m) for m in row.get("missing_months") or []),
            "" if on_time is None else (_("Có") if on_time else _("Không")),
            _("Có") if row.get("nil_report") else "",
        ]
        for c, value in enumerate(values, start=1):
            _set(done, i, c, value)
    done.freeze_panes = "A2"
    _fit_columns(done)
    if targets:
        _targets_sheet(wb.create_sheet(_sheet_title(_("Mục tiêu kế hoạch"), taken)), targets)
    return _save(wb)


def _targets_sheet(ws: Worksheet, progress: Sequence[Mapping[str, Any]]) -> None:
    """One row per target and commune, then the target's whole-unit row in bold."""
    year = progress[0]["target"]["year"]
    ws.cell(row=1, column=1, value=targets_table.heading(year)).font = _font(bold=True, size=14)
    ws.cell(row=2, column=1, value=targets_table.through_text(progress)).font = _font(italic=True)
    headers = [
        _("Chỉ tiêu"),
        _("Mục tiêu cần đạt"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Năm gốc"),
        _("Số năm gốc"),
        _("Thực hiện"),
        _("Mục tiêu (số)"),
        _("% mục tiêu"),
        _("Nguồn"),
    ]
    _header_row(ws, 4, headers)
    r = 4
    for result in progress:
        target = result["target"]
        rows = targets_table.rows_of(result)
        for i, row in enumerate(rows):
            r += 1
            values = [
                target["label"],
                target["described"],
                row["commune"],
                row["commune_name"],
                target.get("base_year"),
                row["base"],
                row["achieved"],
                row["goal"],
                row["percent"],
                targets_table.source_of(result),
            ]
            for c, value in enumerate(values, start=1):
                cell = _set(ws, r, c, value, "0.0" if c in (8, 9) else None)
                if i == len(rows) - 1:
                    cell.font = _font(bold=True)
    ws.freeze_panes = "E5"
    ws.row_dimensions[4].height = 32
    _fit_columns(ws, first_row=4)


def _matrix_sheet(ws: Worksheet, matrix: breakdowns.Matrix) -> None:
    """Communes × the codes of one breakdown, a bold totals row, the source under it."""
    _header_row(ws, 1, [_("Mã đơn vị"), _("Đơn vị"), *matrix.labels])
    r = 1
    for code, name, counts in matrix.rows:
        r += 1
        _set(ws, r, 1, code)
        _set(ws, r, 2, name)
        for c, value in enumerate(counts, start=3):
            _set(ws, r, c, value, COUNT_FORMAT)
    for label, sums in [*matrix.subtotals, (_("Tổng cộng"), matrix.total)]:
        r += 1
        _set(ws, r, 2, label).font = _font(bold=True)
        for c, value in enumerate(sums, start=3):
            _set(ws, r, c, value, COUNT_FORMAT).font = _font(bold=True)
    source = _("{title}. Nguồn: {source}").format(
        title=_(matrix.breakdown.label), source=matrix.breakdown.source
    )
    ws.cell(row=r + 2, column=1, value=source).font = _font(italic=True, size=11)
    ws.freeze_panes = "C2"
    ws.row_dimensions[1].height = 48
    _fit_columns(ws)


def registers_xlsx(sheets: Mapping[str, tuple[Sequence[Any], Sequence[Sequence[Any]]]]) -> bytes:
    """Registers as one workbook: ``{sheet name: (headers, rows)}``.

    A header is a label, or ``(label, kind)`` with kind ``"text"``, ``"date"``, ``"money"`` or
    ``"number"``. Without a kind, ISO dates and moments become real dates (``dd/mm/yyyy``),
    numbers stay numbers, and columns whose label names money ("Số tiền", "(đồng)") get
    ``#,##0``. Headers are bold, the header row is frozen, widths follow the content.
    """
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    taken: set[str] = set()
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(_sheet_title(str(name), taken))
        labels_, kinds = [], []
        for header in headers:
            if isinstance(header, tuple | list):
                labels_.append(str(header[0]))
                kinds.append(str(header[1]) if len(header) > 1 else "")
            else:
                labels_.append(str(header))
                kinds.append("")
        for i, label in enumerate(labels_):
            if not kinds[i] and any(h in label.lower() for h in _MONEY_HINTS):
                kinds[i] = "money"
        _header_row(ws, 1, labels_)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                kind = kinds[c - 1] if c - 1 < len(kinds) else ""
                if kind == "text":
                    text = None if value is None else _cell_text(str(value))
                    cell = ws.cell(row=r, column=c, value=text)
                    cell.data_type = "s"
                    cell.font = _font()
                elif kind == "money":
                    _set(ws, r, c, value, MONEY_FORMAT)
                elif kind == "number":
                    _set(ws, r, c, value, COUNT_FORMAT)
                else:
                    _set(ws, r, c, value)
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(max(len(labels_), 1))}{len(rows) + 1}"
        _fit_columns(ws)
    if not wb.sheetnames:
        wb.create_sheet("Sheet")
    return _save(wb)
