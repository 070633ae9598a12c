"""The children page's coverage panel: how many children of each target group were supported in
the month and since the start of the year, as a table and a one-line summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableWidget

from ctxh_desktop.core import codes
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_date, format_number
from ctxh_desktop.ui.common import code_label
from ctxh_desktop.ui.dialogs.child_editor import group_letter
from ctxh_desktop.ui.table_widgets import cell, setup_table

COVERAGE_HEADERS = (
    N_("Nhóm"),
    N_("Đã\nđăng ký"),
    N_("Hỗ trợ\ntrong tháng"),
    N_("Tỷ lệ"),
    N_("Hỗ trợ\ntừ đầu năm"),
    N_("Tỷ lệ"),
)


def percent(part: int, whole: int) -> str:
    """``88,9 %`` (grouped as the language writes it); a dash when there is nobody to count."""
    if not whole:
        return "—"
    return f"{format_number(round(100 * part / whole, 1))} %"


def coverage_codes() -> list[tuple[str, str]]:
    """The target groups in the law's order: (list name, code)."""
    target = codes.coverage_target_codes()
    found = [("child_groups", i["code"]) for i in codes.all_items("child_groups")]
    found += [("child_extra_groups", i["code"]) for i in codes.all_items("child_extra_groups")]
    return [(name, code) for name, code in found if code in target]


class _FirstColumnFills(QObject):
    """The first column of a table takes the room its other columns (sized to their contents)
    leave, never less than ``minimum``: below that the table scrolls sideways."""

    def __init__(self, table: QTableWidget, minimum: int) -> None:
        super().__init__(table)
        self.table = table
        self.minimum = minimum
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._other_resized)

    def _other_resized(self, column: int, _old: int, _new: int) -> None:
        if column:
            self.fit()

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, header.count()))
        header.resizeSection(0, max(self.minimum, self.table.viewport().width() - others))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


def setup_coverage_table(table: QTableWidget) -> _FirstColumnFills:
    """Set up the coverage table; the returned helper keeps its first column filling the room."""
    setup_table(table, COVERAGE_HEADERS, ())
    cover = table.horizontalHeader()
    # the figures show whole; a long group name ("d. Trẻ em khuyết tật …") wraps in the
    # room left, so no column hides behind a scroll bar on a 1366×768 screen
    cover.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    cover.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
    cover.setStretchLastSection(False)
    group_column = _FirstColumnFills(table, minimum=150)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return group_column


def fill_coverage_table(table: QTableWidget, data: dict[str, Any]) -> None:
    """One row per target group with children registered, then the total in bold."""
    total = data.get("total") or {}
    groups = data.get("groups") or {}
    rows = []
    for list_name, code in coverage_codes():
        entry = groups.get(code) or {}
        if not entry.get("registered"):
            continue
        name = code_label(list_name, code)
        if list_name == "child_groups" and not codes.parent_of(list_name, code):
            name = f"{group_letter(code)}. {name}"
        rows.append((name, entry))
    rows.append((_("Tổng số trẻ thuộc nhóm mục tiêu"), total))
    table.setRowCount(len(rows))
    for r, (name, entry) in enumerate(rows):
        registered = int(entry.get("registered") or 0)
        month = int(entry.get("supported_month") or 0)
        year = int(entry.get("supported_year") or 0)
        cells = (
            (name, False),
            (format_number(registered), True),
            (format_number(month), True),
            (percent(month, registered), True),
            (format_number(year), True),
            (percent(year, registered), True),
        )
        for c, (text, right) in enumerate(cells):
            item = cell(text, right)
            if r == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if c == 0:
                item.setToolTip(text)
            table.setItem(r, c, item)


def coverage_summary(data: dict[str, Any]) -> str:
    """The line under the table: the month's and the year's supported children of the total."""
    total = data.get("total") or {}
    registered = int(total.get("registered") or 0)
    return _("Tháng {month}: {m}/{n} trẻ được hỗ trợ ({pm}) · từ đầu năm: {y}/{n} ({py})").format(
        month=format_date(data["month"]),
        m=format_number(int(total.get("supported_month") or 0)),
        y=format_number(int(total.get("supported_year") or 0)),
        n=format_number(registered),
        pm=percent(int(total.get("supported_month") or 0), registered),
        py=percent(int(total.get("supported_year") or 0), registered),
    )
