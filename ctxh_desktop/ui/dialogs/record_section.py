"""A small register inside a dialog: a table of records above a form to add, change or remove one.

:class:`RecordSection` is described by its columns and fields (:class:`Field`) and calls back to
save and remove; the staff register uses one for the people, one for their training courses and
one for their practising certificates. Every input carries its label as accessible name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_date, format_number
from ctxh_desktop.ui.common import code_label, error_text, fill_combo, set_combo, show_error


@dataclass(frozen=True)
class Field:
    """One input: its record key, label (msgid) and kind — ``text``, ``date``, ``number``,
    ``money``, ``check`` or ``code:<list>``."""

    key: str
    label: str
    kind: str = "text"


def shown_value(field: Field, value: Any) -> str:
    """A stored value as a table cell shows it."""
    if value is None or value == "":
        return ""
    if field.kind == "date":
        return format_date(value)
    if field.kind == "money" and isinstance(value, int):
        return format_number(value)
    if field.kind == "check":
        return _("Có") if value else ""
    if field.kind.startswith("code:"):
        return code_label(field.kind[5:], value)
    return str(value)


class RecordSection(QGroupBox):
    """A titled table with a form under it; ``selected`` carries the chosen record (or None)."""

    selected = Signal(object)

    def __init__(
        self,
        title: str,
        columns: list[Field],
        fields: list[Field],
        words: dict[str, str],
        parent: QWidget | None = None,
        per_row: int = 2,
    ) -> None:
        super().__init__(_(title), parent)
        self.title_id = title
        self.columns, self.fields, self.words = columns, fields, words
        self.rows: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self.on_save: Callable[[dict[str, Any], str | None], None] | None = None
        self.on_remove: Callable[[str], None] | None = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(columns))
        self.table.setAccessibleName(_(title))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._picked)
        layout.addWidget(self.table, 1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.inputs: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        for i, field in enumerate(fields):
            row, col = divmod(i, per_row)
            widget = self._input(field)
            self.inputs[field.key] = widget
            if isinstance(widget, QCheckBox):
                grid.addWidget(widget, row, col * 2 + 1)
                continue
            label = QLabel(_(field.label) + ":")
            label.setBuddy(widget)
            self.labels[field.key] = label
            grid.addWidget(label, row, col * 2)
            grid.addWidget(widget, row, col * 2 + 1)
        for col in range(per_row):
            grid.setColumnStretch(col * 2 + 1, 1)
        layout.addLayout(grid)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_button = QPushButton()
        self.save_button = QPushButton()
        self.remove_button = QPushButton()
        for button in (self.new_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.new)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        show_error(self.error, None)
        self._name_buttons()
        self._retitle()

    def _name_buttons(self) -> None:
        """Each button's text (its short form, ``<key>_short``, when the section gives one) and
        its full accessible name."""
        for key, button in (
            ("new", self.new_button),
            ("save", self.save_button),
            ("remove", self.remove_button),
        ):
            short = f"{key}_short"
            button.setText(self.word(short if short in self.words else key))
            button.setAccessibleName(self.word(key))

    def word(self, key: str) -> str:
        """One of the section's words (``new``, ``save``, ``remove``, ``confirm``, ``adding``,
        ``editing``), translated."""
        msgid = self.words[key]
        return _(msgid)

    # -- inputs -----------------------------------------------------------------------------
    def _input(self, field: Field) -> QWidget:
        widget: QWidget
        if field.kind == "check":
            widget = QCheckBox(_(field.label))
        elif field.kind.startswith("code:"):
            widget = QComboBox()
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(10)
            fill_combo(widget, field.kind[5:])
        else:
            widget = QLineEdit()
            widget.setMinimumWidth(130 if field.kind == "date" else 100)
            if field.kind == "date":
                widget.setPlaceholderText(_("ngày/tháng/năm"))
            widget.returnPressed.connect(self.save)
        widget.setAccessibleName(_(field.label))
        return widget

    def _value(self, field: Field) -> Any:
        widget = self.inputs[field.key]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        assert isinstance(widget, QLineEdit)
        return widget.text().strip() or None

    def data(self) -> dict[str, Any]:
        """What the form holds, by record key."""
        return {field.key: self._value(field) for field in self.fields}

    def load(self, row: dict[str, Any] | None) -> None:
        """Show a record in the form (``None``: an empty form for a new one)."""
        self.current = row
        for field in self.fields:
            widget, value = self.inputs[field.key], (row or {}).get(field.key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                set_combo(widget, value)
            elif isinstance(widget, QLineEdit):
                widget.setText(shown_value(field, value) if field.kind != "check" else "")
        show_error(self.error, None)
        self.remove_button.setEnabled(row is not None)
        self._retitle()

    def _retitle(self) -> None:
        word = "editing" if self.current else "adding"
        self.setTitle(f"{_(self.title_id)} — {self.word(word)}")

    # -- the table --------------------------------------------------------------------------
    def show_rows(self, rows: list[dict[str, Any]], select_id: str | None = None) -> None:
        """List the records; keep (or choose) the selection by id."""
        keep = select_id or (self.current or {}).get("id")
        self.rows = rows
        table = self.table
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, field in enumerate(self.columns):
                item = QTableWidgetItem(shown_value(field, row.get(field.key)))
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                table.setItem(r, c, item)
        table.setHorizontalHeaderLabels([_(f.label) for f in self.columns])
        table.blockSignals(False)
        found = next((r for r, row in enumerate(rows) if row["id"] == keep), None)
        if found is None:
            self.load(None)
            self.selected.emit(None)
        else:
            table.selectRow(found)

    def _picked(self) -> None:
        chosen = self.table.selectionModel().selectedRows()
        row = self.rows[chosen[0].row()] if chosen and chosen[0].row() < len(self.rows) else None
        self.load(row)
        self.selected.emit(row)

    # -- actions ----------------------------------------------------------------------------
    def new(self) -> None:
        """Empty the form for a new record."""
        self.table.clearSelection()
        self.load(None)
        self.selected.emit(None)
        first = self.inputs[self.fields[0].key]
        first.setFocus()

    def save(self) -> None:
        if self.on_save is not None:
            show_error(self.error, None)
            self.on_save(self.data(), (self.current or {}).get("id"))

    def remove(self) -> None:
        if self.current is None or self.on_remove is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.word("remove"))
        box.setText(self.word("confirm"))
        yes = box.addButton(_("Xóa"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Không xóa"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is yes:
            self.on_remove(self.current["id"])

    def failed(self, exc: Exception) -> None:
        """Show why a save was refused, naming each field, and go to the first one."""
        errors = exc.errors if isinstance(exc, ValidationError) else {}
        if not errors and isinstance(exc, UserError) and exc.field:
            errors = {exc.field: exc.message}
        lines = []
        for key, message in errors.items():
            field = next((f for f in self.fields if f.key == key), None)
            lines.append(f"{_(field.label)}: {message}" if field else message)
        show_error(self.error, "\n".join(lines) or error_text(exc))
        first = next((self.inputs[k] for k in errors if k in self.inputs), None)
        if first is not None:
            first.setFocus()

    def retranslate(self) -> None:
        """Labels, headers and lists in the current language."""
        for field in self.fields:
            widget = self.inputs[field.key]
            widget.setAccessibleName(_(field.label))
            if isinstance(widget, QCheckBox):
                widget.setText(_(field.label))
            elif isinstance(widget, QComboBox):
                fill_combo(widget, field.kind[5:])
            if field.key in self.labels:
                self.labels[field.key].setText(_(field.label) + ":")
        self._name_buttons()
        self.table.setAccessibleName(_(self.title_id))
        self.show_rows(self.rows)
        self._retitle()
