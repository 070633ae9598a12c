"""The office window's "Mục tiêu kế hoạch" tab: the plan's targets of the year the period ends
in, each commune and the whole unit against its target and base year (achieved, target, % of
target) with a chart, and buttons to add, change or remove a target or load the example plan.
Figures are those of the consolidated report (:func:`ctxh_desktop.services.targets.progress`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core import targets as plan
from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.services import targets
from ctxh_desktop.ui.charts import target_chart
from ctxh_desktop.ui.common import error_text
from ctxh_desktop.ui.pages.office_status import item
from ctxh_desktop.ui.table_model import size_columns

TARGET_COLUMNS = (N_("Chỉ tiêu"), N_("Mục tiêu cần đạt"), N_("Phạm vi"), N_("Nguồn"))
PROGRESS_COLUMNS = (
    N_("Đơn vị"),
    N_("Năm gốc"),
    N_("Thực hiện"),
    N_("Mục tiêu (số)"),
    N_("% mục tiêu"),
)
DASH = "—"


def _number(value: float | None, suffix: str = "") -> str:
    return DASH if value is None else format_number(value) + suffix


class TargetsTab(QWidget):
    """The tab; ``load()`` reads the year's targets and progress in the worker."""

    def __init__(self, worker, tabs: QTabWidget, period: Callable[[], tuple[str, str]]) -> None:
        super().__init__()
        self.worker = worker
        self.tabs = tabs
        self.period = period
        self.progress: list[dict[str, Any]] = []
        self.loading = False
        self.dialog = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.remove_button = QPushButton()
        self.example_button = QPushButton()
        buttons = QHBoxLayout()
        for button, slot in (
            (self.add_button, self.add),
            (self.edit_button, self.edit),
            (self.remove_button, self.remove),
            (self.example_button, self.load_example),
        ):
            button.setProperty("needs", "office")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.table = self._table(len(TARGET_COLUMNS))
        self.table.setMaximumHeight(180)
        self.table.itemSelectionChanged.connect(self._show_progress)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.edit())
        self.rows_table = self._table(len(PROGRESS_COLUMNS))
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumSize(360, 240)
        lower = QHBoxLayout()
        lower.addWidget(self.rows_table, 3)
        lower.addWidget(self.chart, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(lower, 2)
        tabs.addTab(self, "")
        tabs.currentChanged.connect(
            lambda _i: self.load() if tabs.currentWidget() is self else None
        )
        self.retranslate()

    @staticmethod
    def _table(columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setMinimumHeight(120)
        return table

    def year(self) -> int:
        """The year the office page's period ends in."""
        return int(self.period()[1][:4])

    # -- loading -----------------------------------------------------------------------------
    def load(self) -> None:
        """Read the year's targets and their progress (in the worker)."""
        self.loading = True
        self.worker.call(
            targets.progress,
            self.year(),
            self.period()[1],
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, progress: list[dict[str, Any]]) -> None:
        self.loading = False
        self.progress = progress
        self._fill()

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        self.summary.setText(error_text(exc))

    def _fill(self) -> None:
        keep = max(self.table.currentRow(), 0)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.progress))
        for r, result in enumerate(self.progress):
            target = result["target"]
            scope = _(plan.SCOPES.get(target["scope"], target["scope"]))
            texts = (target["label"], target["described"], scope, target.get("source") or "")
            for c, text in enumerate(texts):
                self.table.setItem(r, c, item(text, tip=text, data=target["id"]))
        self.table.blockSignals(False)
        size_columns(self.table, (300, 210, 130))
        self._summary()
        if self.progress:
            self.table.selectRow(min(keep, len(self.progress) - 1))
        self._show_progress()

    def _summary(self) -> None:
        if self.progress:
            last = self.progress[0]["to_month"]
            text = _(
                "Mục tiêu năm {year}: thực hiện tính từ tháng 01 đến tháng {month}/{year}."
                " Chọn một mục tiêu để xem từng xã."
            ).format(year=last[:4], month=last[5:7])
        else:
            text = _(
                "Chưa có mục tiêu nào cho năm {year}. Bấm “Thêm mục tiêu…” hoặc “Nạp kế hoạch mẫu”."
            ).format(year=self.year())
        self.summary.setText(text)

    def current(self) -> dict[str, Any] | None:
        """The chosen target's progress, or None."""
        row = self.table.currentRow()
        return self.progress[row] if 0 <= row < len(self.progress) else None

    def _show_progress(self) -> None:
        result = self.current()
        rows = []
        if result is not None:
            rows = [*result["communes"], {**result["unit"], "commune_name": _("Toàn đơn vị")}]
        table = self.rows_table
        table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(rows):
            texts = (
                row["commune_name"] or row["commune"],
                _number(row["base"]),
                _number(row["achieved"]),
                _number(row["goal"]),
                _number(row["percent"], "%"),
            )
            for c, text in enumerate(texts):
                cell = item(text)
                if c:
                    cell.setTextAlignment(right)
                if r == len(rows) - 1:
                    cell.setFont(bold)
                table.setItem(r, c, cell)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        old = self.chart.chart()
        if result is not None:
            self.chart.setChart(target_chart(result["target"]["label"], rows))
            self.chart.setAccessibleDescription(result["target"]["label"])
        if old is not None and result is not None:
            old.deleteLater()

    # -- actions -----------------------------------------------------------------------------
    def add(self) -> None:
        """Open the target editor for a new target of the year."""
        self._edit(None)

    def edit(self) -> None:
        """Open the target editor on the chosen target."""
        result = self.current()
        if result is not None:
            self._edit(result["target"])

    def _edit(self, target: dict[str, Any] | None) -> None:
        from ctxh_desktop.ui.dialogs.target_editor import TargetEditor

        dialog = TargetEditor(self.worker, self.year(), target, self)
        dialog.accepted.connect(self.load)
        self.dialog = dialog
        dialog.open()

    def remove(self) -> None:
        """Remove the chosen target, once confirmed."""
        result = self.current()
        if result is None:
            return
        answer = QMessageBox.question(
            self,
            _("Xóa mục tiêu"),
            _("Xóa mục tiêu “{label}” năm {year}?").format(
                label=result["target"]["label"], year=result["target"]["year"]
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.worker.call(
                targets.remove_target,
                result["target"]["id"],
                on_done=lambda _r: self.load(),
                on_error=self._error,
            )

    def load_example(self) -> None:
        """Add the shipped example plan's targets (the office then edits them)."""
        self.worker.call(targets.load_example, on_done=self._example_loaded, on_error=self._error)

    def _example_loaded(self, added: int) -> None:
        self.load()
        QMessageBox.information(
            self,
            _("Kế hoạch mẫu"),
            ngettext(
                "Đã thêm {count} mục tiêu của kế hoạch mẫu. Các con số chỉ là ví dụ: hãy sửa"
                " theo kế hoạch của tỉnh.",
                "Đã thêm {count} mục tiêu của kế hoạch mẫu. Các con số chỉ là ví dụ: hãy sửa"
                " theo kế hoạch của tỉnh.",
                added,
            ).format(count=format_number(added)),
        )

    def _error(self, exc: Exception) -> None:
        QMessageBox.warning(self, _("Mục tiêu kế hoạch"), error_text(exc))

    def retranslate(self) -> None:
        """Texts in the current language."""
        index = self.tabs.indexOf(self)
        self.tabs.setTabText(index, _("Mục tiêu kế hoạch"))
        self.add_button.setText(_("Thêm mục tiêu…"))
        self.edit_button.setText(_("Sửa mục tiêu…"))
        self.remove_button.setText(_("Xóa mục tiêu"))
        self.example_button.setText(_("Nạp kế hoạch mẫu"))
        self.table.setAccessibleName(_("Bảng mục tiêu kế hoạch"))
        self.rows_table.setAccessibleName(_("Kết quả so với mục tiêu theo xã"))
        self.chart.setAccessibleName(_("Biểu đồ kết quả so với mục tiêu"))
        self.table.setHorizontalHeaderLabels([_(h) for h in TARGET_COLUMNS])
        self.rows_table.setHorizontalHeaderLabels([_(h) for h in PROGRESS_COLUMNS])
        if self.progress:
            self.load()  # labels and descriptions are read in the language
        else:
            self._summary()
