"""The support plan editor of a case (Decree 56/2017/NĐ-CP Art. 28; Circular 02/2020/TT-BLĐTBXH).

Objectives, a table of activities (what, who is responsible, provider from the directory, from/to
dates) with buttons to add, remove and move rows, and the timeframe. :meth:`PlanEditor.value` gives
``data["plan"]`` in the shape :func:`ctxh_desktop.core.records.validate_plan_activity` checks;
:meth:`PlanEditor.show_errors` puts the service's errors beside the field or on the row.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import providers
from ctxh_desktop.ui.common import show_error
from ctxh_desktop.ui.dialogs.providers import provider_text

HEADERS = (
    N_("Hoạt động"),
    N_("Người thực hiện"),
    N_("Cơ sở cung cấp dịch vụ"),
    N_("Từ ngày"),
    N_("Đến ngày"),
)
DATE_FORMAT = "dd/MM/yyyy"
ERROR_ROW = "background: #fde2e1;"


class PlanEditor(QWidget):
    """Edits one plan; ``value()`` is what the workflow's plan validation reads."""

    def __init__(self, worker, plan: dict[str, Any] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.providers: list[dict[str, Any]] = []
        self.objectives = QPlainTextEdit()
        self.objectives.setAccessibleName(_("Mục tiêu"))
        self.objectives.setMaximumHeight(64)
        self.objectives.setTabChangesFocus(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName(_("Các hoạt động"))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setMinimumHeight(190)
        self.table.setStyleSheet("QTableWidget::item:selected { background: #dbeafe; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 200), (3, 125), (4, 125)):
            self.table.setColumnWidth(column, width)
        self.buttons = {
            "add": QPushButton(_("Thêm hoạt động")),
            "remove": QPushButton(_("Xóa hoạt động")),
            "up": QPushButton(_("Lên trên")),
            "down": QPushButton(_("Xuống dưới")),
        }
        buttons = QHBoxLayout()
        for button in self.buttons.values():
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.buttons["add"].clicked.connect(lambda: self.add_row())
        self.buttons["remove"].clicked.connect(self.remove_row)
        self.buttons["up"].clicked.connect(lambda: self.move_row(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_row(1))
        self.table.itemSelectionChanged.connect(self._enable_buttons)
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.move_row(s))
        self.buttons["up"].setToolTip(_("Ctrl+Mũi tên lên"))
        self.buttons["down"].setToolTip(_("Ctrl+Mũi tên xuống"))
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.timeframe = QLineEdit()
        self.timeframe.setAccessibleName(_("Thời gian thực hiện kế hoạch"))
        self.timeframe.setPlaceholderText(_("Ví dụ: 6 tháng, từ tháng 3 đến tháng 8/2025"))
        self.error_labels = {key: QLabel() for key in ("objectives", "activities", "timeframe")}
        activities = QWidget()
        rows = QVBoxLayout(activities)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(self.table)
        rows.addLayout(buttons)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for key, caption, widget in (
            ("objectives", _("Mục tiêu"), self.objectives),
            ("activities", _("Hoạt động"), activities),
            ("timeframe", _("Thời gian thực hiện kế hoạch"), self.timeframe),
        ):
            label = QLabel(caption + " *")
            label.setBuddy(widget if widget is not activities else self.table)
            column.addWidget(label)
            column.addWidget(widget)
            column.addWidget(self.error_labels[key])
            show_error(self.error_labels[key], None)
            column.addSpacing(4)
        self.set_plan(plan or {})
        worker.call(providers.list_providers, on_done=self._providers_loaded)

    # -- rows ------------------------------------------------------------------------------------
    def add_row(self, activity: dict[str, Any] | None = None, at: int | None = None) -> None:
        """Insert an activity row (blank: starting today for a month) and focus its first cell."""
        activity = activity or {}
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        for column, key, name in ((0, "what", _("Hoạt động")), (1, "who", _("Người thực hiện"))):
            edit = QLineEdit(str(activity.get(key) or ""))
            edit.setAccessibleName(name)
            edit.setFrame(False)
            self.table.setCellWidget(row, column, edit)
        combo = QComboBox()
        combo.setAccessibleName(_("Cơ sở cung cấp dịch vụ"))
        combo.view().setMinimumWidth(320)  # long names are read in full in the list
        combo.currentTextChanged.connect(combo.setToolTip)
        self._fill_providers(combo, activity.get("provider_id"))
        self.table.setCellWidget(row, 2, combo)
        today = QDate.currentDate()
        for column, key, default, name in (
            (3, "start", today, _("Từ ngày")),
            (4, "end", today.addMonths(1), _("Đến ngày")),
        ):
            date = QDate.fromString(str(activity.get(key) or ""), "yyyy-MM-dd")
            edit = QDateEdit(date if date.isValid() else default)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
            edit.setAccessibleName(name)
            self.table.setCellWidget(row, column, edit)
        self.table.selectRow(row)
        self._chain_tab_order()
        if at is None:
            self.table.cellWidget(row, 0).setFocus()
        self._enable_buttons()

    def remove_row(self) -> None:
        """Remove the selected activity."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.table.selectRow(min(row, self.table.rowCount() - 1))
            self._chain_tab_order()
        self._enable_buttons()

    def move_row(self, step: int) -> None:
        """Move the selected activity up (-1) or down (+1)."""
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        activity = self._row_value(row)
        self.table.removeRow(row)
        self.add_row(activity, at=target)
        self.table.selectRow(target)
        self.table.cellWidget(target, 0).setFocus()

    def _chain_tab_order(self) -> None:
        """Tab goes objectives → each row's cells in order → the row buttons → timeframe."""
        chain: list[QWidget] = [self.objectives]
        for row in range(self.table.rowCount()):
            chain += [self.table.cellWidget(row, c) for c in range(self.table.columnCount())]
        chain += [*self.buttons.values(), self.timeframe]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Typing in a row's cell selects that row, so the buttons act on it."""
        if new is None or not self.table.viewport().isAncestorOf(new):
            return
        index = self.table.indexAt(new.mapTo(self.table.viewport(), new.rect().center()))
        if index.isValid() and index.row() != self.table.currentRow():
            self.table.selectRow(index.row())

    def _enable_buttons(self) -> None:
        row = self.table.currentRow()
        count = self.table.rowCount()
        self.buttons["remove"].setEnabled(row >= 0)
        self.buttons["up"].setEnabled(row > 0)
        self.buttons["down"].setEnabled(0 <= row < count - 1)

    # -- providers -------------------------------------------------------------------------------
    def _providers_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.providers = rows
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 2)
            self._fill_providers(combo, combo.currentData())

    def _fill_providers(self, combo: QComboBox, chosen: str | None) -> None:
        combo.clear()
        combo.addItem("", None)
        for provider in self.providers:
            combo.addItem(provider_text(provider), provider["id"])
        index = combo.findData(chosen) if chosen else 0
        if index < 0:  # not loaded yet: keep the id so the directory's answer can select it
            combo.addItem(str(chosen), chosen)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    # -- values ----------------------------------------------------------------------------------
    def set_plan(self, plan: dict[str, Any]) -> None:
        """Show a plan (the case's current one when re-planning)."""
        objectives = plan.get("objectives") or ""
        if isinstance(objectives, list):
            objectives = "\n".join(objectives)
        self.objectives.setPlainText(objectives)
        self.table.setRowCount(0)
        for activity in plan.get("activities") or []:
            self.add_row(activity)
        self.timeframe.setText(plan.get("timeframe") or "")
        self._enable_buttons()

    def _row_value(self, row: int) -> dict[str, Any]:
        cell = self.table.cellWidget
        value = {
            "what": cell(row, 0).text().strip(),
            "who": cell(row, 1).text().strip(),
            "provider_id": cell(row, 2).currentData(),
            "start": cell(row, 3).date().toString("yyyy-MM-dd"),
            "end": cell(row, 4).date().toString("yyyy-MM-dd"),
        }
        return {k: v for k, v in value.items() if v}

    def value(self) -> dict[str, Any]:
        """``data["plan"]`` as the workflow validates it."""
        return {
            "objectives": self.objectives.toPlainText().strip(),
            "activities": [self._row_value(row) for row in range(self.table.rowCount())],
            "timeframe": self.timeframe.text().strip(),
        }

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show ``plan.*`` errors at their field, row errors under the table with the row marked."""
        rows: list[str] = []
        bad_rows: set[int] = set()
        for field, message in errors.items():
            key = field.removeprefix("plan.")
            if key.startswith("activities."):
                bad_rows.add(int(key.split(".")[1]) - 1)
                rows.append(message)
            elif key in self.error_labels:
                show_error(self.error_labels[key], message)
        if rows:
            show_error(self.error_labels["activities"], "\n".join(rows))
        for row in range(self.table.rowCount()):
            self.table.cellWidget(row, 0).setStyleSheet(ERROR_ROW if row in bad_rows else "")

    def clear_errors(self) -> None:
        """Hide every message and row mark."""
        for label in self.error_labels.values():
            show_error(label, None)
        for row in range(self.table.rowCount()):
            self.table.cellWidget(row, 0).setStyleSheet("")
