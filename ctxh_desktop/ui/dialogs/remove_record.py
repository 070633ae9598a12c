"""Remove a record entered by mistake: the record named, a reason chosen or typed, then removed.

Used by every page that shows records a user creates (people, cases, counselling sessions, the
children's register and its supports); the removal itself is :func:`services.corrections.remove`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.services import corrections
from ctxh_desktop.ui.common import error_text, show_error


class RemoveRecordDialog(QDialog):
    """``done_removing`` runs once the record is removed (the page then reloads)."""

    def __init__(
        self,
        worker,
        table: str,
        record_id: str,
        description: str,
        done_removing: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker, self.table, self.record_id = worker, table, record_id
        self.done_removing = done_removing
        what = _(corrections.REMOVABLE[table])
        self.setWindowTitle(_("Xóa {what}").format(what=what))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Xóa {what} «{name}» khỏi dữ liệu? Bản ghi không còn trong danh sách, số liệu và tệp "
                "gửi đơn vị tiếp nhận; nhật ký thao tác ghi lại ai xóa, khi nào và vì sao."
            ).format(what=what, name=description)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reasonCombo = QComboBox()
        for code, label in corrections.REASONS.items():
            self.reasonCombo.addItem(_(label), code)
        self.reasonCombo.setAccessibleName(_("Lý do xóa"))
        form.addRow(_("Lý do xóa:"), self.reasonCombo)
        layout.addLayout(form)
        self.errorLabel = QLabel("")
        self.errorLabel.setWordWrap(True)
        show_error(self.errorLabel, None)
        layout.addWidget(self.errorLabel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.removeButton = self.buttons.addButton(_("Xóa"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._remove)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(480, 200)

    def _remove(self) -> None:
        self.removeButton.setEnabled(False)
        self.worker.call(
            corrections.remove,
            self.table,
            self.record_id,
            self.reasonCombo.currentData(),
            on_done=self._removed,
            on_error=self._failed,
        )

    def _removed(self, _result) -> None:
        self.accept()
        self.done_removing()

    def _failed(self, exc: Exception) -> None:
        self.removeButton.setEnabled(True)
        show_error(self.errorLabel, error_text(exc))


def ask_to_remove(worker, table: str, record_id: str, description: str, after, parent) -> None:
    """Open the removal dialog for one record (window-modal, not blocking)."""
    dialog = RemoveRecordDialog(worker, table, record_id, description, after, parent)
    dialog.open()
    parent._remove_dialog = dialog  # kept alive while open
