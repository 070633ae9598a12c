"""Which field a message label belongs to, and hiding the message when that field changes.

The field is the nearest input above the message in the same grid column, as the forms lay them
out; :func:`ctxh_desktop.ui.common.show_error` wires every message it shows this way.
"""

from __future__ import annotations

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
        _signal(widget).connect(lambda *_args, shown=label: _hide(shown))


def _hide(label: QLabel) -> None:
    label.setText("")
    label.setVisible(False)
