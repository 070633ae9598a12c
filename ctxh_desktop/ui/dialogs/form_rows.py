"""Rows of a dialog built in code rather than in a Designer form: each field with its label (also
its accessible name) and the message line under it, named on a plain holder as a form would be,
so that :class:`ctxh_desktop.ui.dialogs.field_errors.FieldErrors` finds them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)


class Widgets:
    """A dialog's widgets by name (as a Designer form holds them)."""


def error_label() -> QLabel:
    """An empty message line (shown by ``show_error``)."""
    label = QLabel("")
    label.setWordWrap(True)
    return label


def caption(text: str, role: str = "caption") -> QLabel:
    """A wrapped line of explanation above the fields."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", role)
    return label


def fields_grid() -> QFormLayout:
    """Labels on the left, fields growing to the right."""
    grid = QFormLayout()
    grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return grid


def add_field(
    grid: QFormLayout, form: Widgets, label: str, name: str, widget: QWidget, error: str
) -> QWidget:
    """One field: ``label`` beside it (and as its accessible name), its message line under it;
    both kept on ``form`` as ``name`` and ``error``."""
    if not widget.accessibleName():
        widget.setAccessibleName(label.rstrip(" *"))
    setattr(form, name, widget)
    setattr(form, error, error_label())
    grid.addRow(label, widget)
    grid.addRow("", getattr(form, error))
    return widget


def text_box(text: str = "", min_height: int = 60) -> QPlainTextEdit:
    """A box for a few lines of text; Tab moves on to the next field."""
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(min_height)
    return box


def add_footer(
    dialog: QDialog, layout: QBoxLayout, form: Widgets, save_text: str | None = None
) -> QDialogButtonBox:
    """The general message line, then Save (or a button reading ``save_text``) and Cancel wired
    to ``dialog.save`` and ``dialog.reject``; kept on ``form`` as ``generalError``,
    ``buttonBox`` and ``saveButton``."""
    form.generalError = error_label()
    layout.addWidget(form.generalError)
    buttons = form.buttonBox = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    if save_text is None:
        buttons.addButton(QDialogButtonBox.StandardButton.Save)
        form.saveButton = buttons.button(QDialogButtonBox.StandardButton.Save)
    else:
        form.saveButton = buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
    form.saveButton.setDefault(True)
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons
