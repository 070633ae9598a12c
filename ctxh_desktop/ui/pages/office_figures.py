"""The office window's figures per commune: the main figures of the indicator table, or one of its
breakdowns (communes × codes), chosen in a combo above the table, with a bold totals row (and,
when social-work centres report, the communes' and the centres' subtotals above it). The rows
are those of the consolidated report, so the window and the print agree."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableWidget

from ctxh_desktop.core import codes
from ctxh_desktop.core.indicator_table import BREAKDOWNS, INDICATORS
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.services import reporting
from ctxh_desktop.ui.pages.office_status import combo_row, item, refill, unit_name

MAIN_VIEW = N_("Chỉ tiêu chính")


class FiguresTable:
    """Fills the indicators table with the chosen view of the communes' counts."""

    def __init__(self, table: QTableWidget, layout) -> None:
        self.table = table
        self.label, self.combo = combo_row(layout, "figuresView")
        self.combo.currentIndexChanged.connect(lambda _i: self.fill(self.rows))
        self.rows: list[dict[str, Any]] = []
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language (the table is filled again)."""
        self.label.setText(_("Bảng:"))
        self.combo.setAccessibleName(_("Bảng số liệu theo xã"))
        refill(self.combo, [_(MAIN_VIEW)] + [_(b.label) for b in BREAKDOWNS])
        self.fill(self.rows)

    def _columns(self, total: dict[str, int]) -> list[tuple[str, str]]:
        """(count key, header) of the chosen view; a breakdown shows the codes counted anywhere."""
        view = self.combo.currentIndex()
        if view <= 0:
            return [(i.key, _(i.column)) for i in INDICATORS]
        breakdown = BREAKDOWNS[view - 1]
        head = breakdown.prefix + "."
        present = {k[len(head) :] for k, v in total.items() if k.startswith(head) and v}
        order = [i["code"] for i in codes.all_items(breakdown.codes) if i["code"] in present]
        order += sorted(present.difference(order))
        return [(head + c, codes.label(breakdown.codes, c) or c) for c in order]

    def fill(self, rows: list[dict[str, Any]]) -> None:
        """One row per commune of ``reporting.consolidated_rows`` and the totals row."""
        self.rows = rows
        table = self.table
        total = reporting.total_row(rows)
        columns = self._columns(total)
        lines = reporting.sum_lines(rows)
        table.setColumnCount(len(columns) + 2)
        table.setHorizontalHeaderLabels([_("Mã xã"), _("Xã")] + [h for _k, h in columns])
        table.setRowCount(len(rows) + len(lines) if rows else 0)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, row in enumerate(reporting.unit_rows(rows)):
            counts = row.get("counts") or {}
            table.setItem(r, 0, item(row["commune"], data=row["commune"]))
            table.setItem(r, 1, item(unit_name(row)))
            for c, (key, _header) in enumerate(columns, start=2):
                cell = item(format_number(int(counts.get(key) or 0)))
                cell.setTextAlignment(right)
                table.setItem(r, c, cell)
        if not rows:
            return
        bold = QFont()
        bold.setBold(True)
        for n, (label, sums) in enumerate(lines, start=len(rows)):
            cells = ["", label] + [format_number(sums.get(k, 0)) for k, _h in columns]
            for c, text in enumerate(cells):
                cell = item(text)
                cell.setFont(bold)
                if c >= 2:
                    cell.setTextAlignment(right)
                table.setItem(n, c, cell)
        if len(lines) > 1:  # a centre's longer code and name, and the subtotals, are not cut
            table.resizeColumnToContents(0)
            table.resizeColumnToContents(1)
            table.setColumnWidth(1, min(table.columnWidth(1), 420))
