"""Messages at their fields, shared by the editor dialogs.

A dialog using :class:`FieldErrors` names, in ``ERROR_LABELS``, the label under each field
(field name → label widget name in its form), has ``form.generalError`` for the rest, a
``save_button`` and a ``saved`` signal. The service's ``ValidationError`` is shown field by field;
nothing is saved and the dialog stays open.

A message under a field goes away as soon as that field changes (:func:`clear_when_field_changes`,
called by ``show_error`` for every form): the field is the nearest input above the message in the
same grid column, as the forms lay them out.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.ui.common import error_text, show_error

#: The signal that says a field of each kind changed.
_CHANGE_SIGNALS = (
    (QLineEdit, "textChanged"),
    (QPlainTextEdit, "textChanged"),
    (QTextEdit, "textChanged"),
    (QComboBox, "currentIndexChanged"),
    (QDateTimeEdit, "dateTimeChanged"),
    (QSpinBox, "valueChanged"),
    (QDoubleSpinBox, "valueChanged"),
    (QListWidget, "itemChanged"),
    (QTreeWidget, "itemChanged"),
    (QAbstractButton, "toggled"),
)


def _signal(widget: QWidget):
    for kind, name in _CHANGE_SIGNALS:
        if isinstance(widget, kind) and not (
            isinstance(widget, QAbstractButton) and not widget.isCheckable()
        ):
            return getattr(widget, name)
    return None


def _widgets(item: QLayoutItem | None) -> list[QWidget]:
    """The widgets of a layout cell (a widget and its children, or a nested layout's)."""
    if item is None:
        return []
    if item.widget() is not None:
        return [item.widget(), *item.widget().findChildren(QWidget)]
    layout = item.layout()
    if layout is None:
        return []
    return [w for i in range(layout.count()) for w in _widgets(layout.itemAt(i))]


def _field_inputs(label: QLabel) -> list[QWidget]:
    """The inputs a message label belongs to: the nearest cell above it, same grid column."""
    root = label.window()
    for grid in root.findChildren(QGridLayout):
        for index in range(grid.count()):
            if label not in _widgets(grid.itemAt(index)):
                continue
            row, column = grid.getItemPosition(index)[:2]
            for above in range(row - 1, -1, -1):
                inputs = [w for w in _widgets(grid.itemAtPosition(above, column)) if _signal(w)]
                if inputs:
                    return inputs
            return []
    return []


def clear_when_field_changes(label: QLabel) -> None:
    """Hide ``label``'s message when its field changes (wired once per label)."""
    if label.property("clearsOnChange"):
        return
    label.setProperty("clearsOnChange", True)
    for widget in _field_inputs(label):
        _signal(widget).connect(lambda *_args, shown=label: show_error(shown, None))


class FieldErrors:
    """Mixin for editor dialogs (put it before ``QDialog`` in the bases)."""

    ERROR_LABELS: ClassVar[dict[str, str]] = {}

    def clear_errors(self) -> None:
        for name in set(self.ERROR_LABELS.values()):
            show_error(getattr(self.form, name), None)
        show_error(self.form.generalError, None)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field (once), the others in the general line."""
        self.clear_errors()
        shown: dict[str, list[str]] = {}
        general = []
        for field, message in errors.items():
            name = self.ERROR_LABELS.get(field)
            if name is None:
                general.append(message)
            elif message not in shown.setdefault(name, []):
                shown[name].append(message)
        for name, messages in shown.items():
            show_error(getattr(self.form, name), "\n".join(messages))
        show_error(self.form.generalError, "\n".join(general))

    def _on_saved(self, row: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(row)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, UserError) and exc.field:
            self.show_errors({exc.field: exc.message})
        else:
            show_error(self.form.generalError, error_text(exc))
