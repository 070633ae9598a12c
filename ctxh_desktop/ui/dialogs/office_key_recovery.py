"""The office key passphrase was lost: the printed key recovery sheet, typed or opened from its
file, sets a new one (the office's Sync page, «Quên mật khẩu khóa?»)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.file_reads import read_limited
from ctxh_desktop.i18n import _
from ctxh_desktop.services import exchange
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.dialogs.rescue import (
    error_and_buttons,
    intro_layout,
    new_passphrase_rows,
    typed_twice,
)

MAX_SHEET_BYTES = 64 * 1024


class OfficeKeyRecoveryDialog(QDialog):
    """``fingerprint`` is set once the new key passphrase protects the office key."""

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.fingerprint = ""
        layout = intro_layout(
            self,
            _("Quên mật khẩu khóa"),
            _(
                "Gõ lại phiếu khôi phục khóa đã in khi tạo đơn vị (dòng bắt đầu bằng "
                "AGE-SECRET-KEY-1 và dòng chữ ký bên dưới), hoặc mở tệp phiếu, rồi đặt mật khẩu "
                "khóa mới."
            ),
        )
        self.sheetEdit = QPlainTextEdit()
        self.sheetEdit.setAccessibleName(_("Phiếu khôi phục khóa"))
        layout.addWidget(self.sheetEdit)
        self.openButton = QPushButton(_("Mở tệp phiếu…"))
        self.openButton.clicked.connect(self._open_file)
        layout.addWidget(self.openButton)
        form = QFormLayout()
        self.newEdit, self.confirmEdit, self.strengthLabel = new_passphrase_rows(
            form, _("Mật khẩu khóa mới:"), _("Nhập lại mật khẩu khóa mới:")
        )
        layout.addLayout(form)
        self.errorLabel, self.okButton = error_and_buttons(
            self, layout, _("Đặt mật khẩu khóa mới"), self._recover
        )
        self.resize(600, 460)

    def _open_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Mở tệp phiếu khôi phục khóa"), "", _("Văn bản (*.txt);;Tất cả tệp (*)")
        )
        if not path:
            return
        try:
            data = read_limited(path, MAX_SHEET_BYTES, _("Không đọc được phiếu khôi phục khóa."))
        except UserError as exc:
            show_error(self.errorLabel, error_text(exc))
            return
        self.sheetEdit.setPlainText(data.decode("utf-8", errors="replace"))

    def _recover(self) -> None:
        if not typed_twice(self.newEdit, self.confirmEdit, self.errorLabel):
            return
        self.okButton.setEnabled(False)
        self.worker.call(
            exchange.recover_office_key,
            self.sheetEdit.toPlainText(),
            self.newEdit.text(),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.okButton.setEnabled(True)
        show_error(self.errorLabel, error_text(exc))
