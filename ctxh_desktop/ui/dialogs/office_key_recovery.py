"""The office key passphrase was lost: the printed key recovery sheet, typed or opened from its
file, sets a new one (the office's Sync page, «Quên mật khẩu khóa?»)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.services import exchange
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.dialogs.rescue import new_passphrase_rows

MAX_SHEET_BYTES = 64 * 1024


class OfficeKeyRecoveryDialog(QDialog):
    """``fingerprint`` is set once the new key passphrase protects the office key."""

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.fingerprint = ""
        self.setWindowTitle(_("Quên mật khẩu khóa"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Gõ lại phiếu khôi phục khóa đã in khi tạo đơn vị (dòng bắt đầu bằng "
                "AGE-SECRET-KEY-1 và dòng chữ ký bên dưới), hoặc mở tệp phiếu, rồi đặt mật khẩu "
                "khóa mới."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
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
        self.errorLabel = QLabel("")
        self.errorLabel.setWordWrap(True)
        show_error(self.errorLabel, None)
        layout.addWidget(self.errorLabel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.okButton = buttons.addButton(
            _("Đặt mật khẩu khóa mới"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self._recover)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(600, 460)

    def _open_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Mở tệp phiếu khôi phục khóa"), "", _("Văn bản (*.txt);;Tất cả tệp (*)")
        )
        if not path:
            return
        with open(path, "rb") as fh:
            data = fh.read(MAX_SHEET_BYTES + 1)
        if len(data) > MAX_SHEET_BYTES:
            show_error(self.errorLabel, _("Không đọc được phiếu khôi phục khóa."))
            return
        self.sheetEdit.setPlainText(data.decode("utf-8", errors="replace"))

    def _recover(self) -> None:
        if self.newEdit.text() != self.confirmEdit.text():
            show_error(self.errorLabel, _("Hai lần nhập mật khẩu mới không khớp."))
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
