"""The office page's "Tình hình gửi dữ liệu" tab: one row per commune, every column derived from
the one status of each commune-month (``services.office.completeness``); sortable by any column
and filtered by the commune's standing (all / missing / overdue / complete)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidget, QTableWidgetItem

from ctxh_desktop.core import centres
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_datetime, format_number
from ctxh_desktop.ui.common import ERROR_COLOR

STATUS_COLUMNS = (
    N_("Mã xã"),
    N_("Xã"),
    N_("Tình trạng"),
    N_("Lần gửi gần nhất"),
    N_("Tháng đã nhận báo cáo"),
    N_("Còn thiếu"),
    N_("Hạn nộp"),
    N_("Báo cáo không phát sinh"),
    N_("Tệp tạm giữ"),
)
DEADLINE_LABELS = {
    "on_time": N_("Đúng hạn"),
    "late": N_("Trễ hạn"),
    "missing": N_("Quá hạn, chưa gửi"),
    "pending": N_("Chưa đến hạn"),
}
DEADLINE_COLORS = {"late": "#a35f00", "missing": ERROR_COLOR, "on_time": "#1b7f3b"}
#: the commune's standing (services.office.COMMUNE_STATUSES), most urgent first
STANDING_LABELS = {
    "overdue": N_("Quá hạn"),
    "incomplete": N_("Còn thiếu"),
    "pending": N_("Chưa đến hạn"),
    "complete": N_("Đủ"),
}
STANDING_COLORS = {
    "overdue": ERROR_COLOR,
    "incomplete": "#a35f00",
    "pending": "#5f6b7a",
    "complete": "#1b7f3b",
}
#: filter entry → the standings it shows ("Còn thiếu": every commune whose report is not all in)
FILTERS = (
    (N_("Tất cả"), ("overdue", "incomplete", "pending", "complete")),
    (N_("Còn thiếu"), ("overdue", "incomplete", "pending")),
    (N_("Quá hạn"), ("overdue",)),
    (N_("Đủ"), ("complete",)),
)
SORT_KEY = Qt.ItemDataRole.UserRole + 1


def month_text(month: str) -> str:
    """``2026-11`` → ``11/2026``."""
    year, mon = month.split("-")
    return f"{mon}/{year}"


def unit_name(row: dict[str, Any]) -> str:
    """A unit's name as the office's lists show it: a social-work centre says what it is."""
    name = row.get("commune_name") or row.get("commune") or ""
    if centres.is_centre(row.get("commune")):
        return f"{name} ({centres.kind_label(row.get('commune'))})"
    return name


class SortedItem(QTableWidgetItem):
    """A cell that sorts by its sort key (when given) rather than by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_KEY), other.data(SORT_KEY)
        if mine is not None and theirs is not None:
            return mine < theirs
        return super().__lt__(other)


def item(text: str, color: str | None = None, tip: str = "", data: Any = None, key: Any = None):
    """A read-only table cell with an optional colour, tooltip, user data and sort key."""
    cell = SortedItem(text)
    if color:
        cell.setForeground(QBrush(QColor(color)))
    if tip:
        cell.setToolTip(tip)
    if data is not None:
        cell.setData(Qt.ItemDataRole.UserRole, data)
    if key is not None:
        cell.setData(SORT_KEY, key)
    return cell


def combo_row(layout, name: str) -> tuple[QLabel, QComboBox]:
    """A label and a combo (object name ``name``) in a row at the top of ``layout``."""
    label, combo = QLabel(), QComboBox()
    combo.setObjectName(name)
    label.setBuddy(combo)
    row = QHBoxLayout()
    row.addWidget(label)
    row.addWidget(combo)
    row.addStretch(1)
    layout.insertLayout(0, row)
    return label, combo


def refill(combo: QComboBox, texts: list[str]) -> None:
    """Replace the combo's items, keeping the chosen position and sending no signal."""
    keep = max(combo.currentIndex(), 0)
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(texts)
    combo.setCurrentIndex(keep)
    combo.blockSignals(False)


class SubmissionTable:
    """Fills the communes table and keeps its status filter (a combo above the table)."""

    def __init__(self, table: QTableWidget, layout) -> None:
        self.table = table
        table.setColumnCount(len(STATUS_COLUMNS))
        table.setWordWrap(True)
        self.label, self.combo = combo_row(layout, "statusFilter")
        self.combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.rows: list[dict[str, Any]] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(_("Lọc theo tình trạng:"))
        self.combo.setAccessibleName(_("Lọc theo tình trạng"))
        refill(self.combo, [_(label) for label, _standings in FILTERS])
        self.table.setHorizontalHeaderLabels([_(h) for h in STATUS_COLUMNS])
        self.fill(self.rows)

    def fill(self, rows: list[dict[str, Any]]) -> None:
        """Show one row per commune of ``services.office.completeness``."""
        self.rows = rows
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, cell in enumerate(self._cells(row)):
                table.setItem(r, c, cell)
        table.setSortingEnabled(True)
        table.resizeRowsToContents()
        self.apply_filter()

    def _cells(self, row: dict[str, Any]) -> list[QTableWidgetItem]:
        missing = [month_text(m) for m in row["missing_months"]]
        gaps = ", ".join(f"{lo}–{hi}" for lo, hi in row["gaps"])
        lack = []
        if missing:
            lack.append(_("tháng {months}").format(months=", ".join(missing)))
        if gaps:
            lack.append(_("thay đổi {ranges}").format(ranges=gaps))
        standing, deadline = row["status"], row["deadline"]
        quarantined = row["quarantined"]
        total = len(row["months"])
        return [
            item(row["commune"], data=row["commune"]),
            item(unit_name(row)),
            item(
                _(STANDING_LABELS[standing]),
                STANDING_COLORS[standing],
                data=standing,
                key=list(STANDING_LABELS).index(standing),
            ),
            item(
                format_datetime(row["last_bundle_at"]) if row["last_bundle_at"] else _("Chưa gửi"),
                None if row["last_bundle_at"] else "#5f6b7a",
                key=row["last_bundle_at"] or "",
            ),
            item(
                f"{len(row['months_covered'])}/{total}",
                key=len(row["months_covered"]) / max(total, 1),
            ),
            item("; ".join(lack), ERROR_COLOR if lack else None, ", ".join(missing)),
            item(_(DEADLINE_LABELS[deadline]), DEADLINE_COLORS.get(deadline)),
            item(_("Có") if row["nil_report"] else ""),
            item(
                format_number(quarantined) if quarantined else "",
                ERROR_COLOR if quarantined else None,
                _("Đăng ký thiết bị của xã rồi nhập lại tệp tạm giữ.") if quarantined else "",
                key=quarantined,
            ),
        ]

    def apply_filter(self) -> None:
        """Hide the communes whose standing the chosen filter does not show."""
        shown = FILTERS[max(self.combo.currentIndex(), 0)][1]
        for r in range(self.table.rowCount()):
            cell = self.table.item(r, 2)
            standing = cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None
            self.table.setRowHidden(r, standing not in shown)
