"""Messages at their fields, shared by the editor dialogs.

A dialog using :class:`FieldErrors` names, in ``ERROR_LABELS``, the label under each field
(field name → label widget name in its form), has ``form.generalError`` for the rest, a
``save_button`` and a ``saved`` signal. The service's ``ValidationError`` is shown field by field;
nothing is saved and the dialog stays open.

A message under a field goes away as soon as that field changes (:mod:`ctxh_desktop.ui.field_watch`,
wired by ``show_error`` for every form).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialogButtonBox

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.ui.common import error_text, show_error


def plain_enter(event: QEvent) -> bool:
    """Enter (or Return) without Shift: in a dialog's summary box it saves, Shift+Enter is a new
    line."""
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
    )


def show_failure(dialog: Any, exc: Exception) -> None:
    """A refused save shown in ``dialog`` (which has ``show_errors`` and ``form.generalError``):
    at its fields when the error names them, else in the general line."""
    if isinstance(exc, ValidationError):
        dialog.show_errors(exc.errors)
    elif isinstance(exc, UserError) and exc.field:
        dialog.show_errors({exc.field: exc.message})
    else:
        show_error(dialog.form.generalError, error_text(exc))


class FieldErrors:
    """Mixin for editor dialogs (put it before ``QDialog`` in the bases)."""

    ERROR_LABELS: ClassVar[dict[str, str]] = {}

    def set_up_form(self, form: Any, worker: Any, existing: dict[str, Any] | None) -> Any:
        """Fill the dialog with its generated ``form`` (header, a stretching field column, Save
        as the default button saving, Cancel closing) for a new row or ``existing`` one."""
        self.worker, self.existing, self.form = worker, existing, form
        form.setupUi(self)
        form.headerLabel.setProperty("role", "section")
        form.fieldsGrid.setColumnStretch(1, 1)
        self.save_button.setDefault(True)
        form.buttonBox.accepted.connect(self.save)
        form.buttonBox.rejected.connect(self.reject)
        return form

    @property
    def save_button(self) -> Any:
        return self.form.buttonBox.button(QDialogButtonBox.StandardButton.Save)

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

    def start_save(self, call, *args: Any) -> None:
        """Save in the background with ``call(*args)``; the dialog closes only once it is stored
        (errors are shown at their fields)."""
        if not self.save_button.isEnabled():
            return
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.worker.call(call, *args, on_done=self._on_saved, on_error=self._on_error)

    def _on_saved(self, row: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(row)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        show_failure(self, exc)
