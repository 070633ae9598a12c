"""Choose a database file and type its passphrase, or open the demo commune."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.paths import data_dir
from ctxh_desktop.ui.common import show_error
from ctxh_desktop.ui.forms.dialogs.ui_open_database import Ui_OpenDatabaseDialog


class OpenDatabaseDialog(QDialog):
    """``choice`` is ``("db", path, passphrase)`` or ``("demo",)`` once accepted."""

    def __init__(self, path: str = "", error: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_OpenDatabaseDialog()
        self.form.setupUi(self)
        self.form.headerLabel.setProperty("role", "section")
        self.form.pathEdit.setText(path)
        show_error(self.form.errorLabel, error)
        self.choice: tuple = ()
        self.form.browseButton.clicked.connect(self._browse)
        self.form.demoButton.clicked.connect(self._demo)
        self.form.forgotButton.clicked.connect(self._forgot)
        self.form.restoreButton.clicked.connect(self._restore)
        self.form.buttonBox.accepted.connect(self._open)
        self.form.buttonBox.rejected.connect(self.reject)
        if path:
            self.form.passphraseEdit.setFocus()

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn tệp dữ liệu"), str(data_dir()), _("Cơ sở dữ liệu (*.db);;Tất cả tệp (*)")
        )
        if path:
            self.form.pathEdit.setText(path)

    def _chosen_path(self) -> str | None:
        path = self.form.pathEdit.text().strip()
        if not path:
            show_error(self.form.errorLabel, _("Hãy chọn tệp dữ liệu."))
            return None
        return path

    def _forgot(self) -> None:
        """The recovery code sets a new passphrase, which is then filled in to open the file."""
        from ctxh_desktop.ui.dialogs.rescue import RecoverDialog

        path = self._chosen_path()
        if path is None:
            return
        dialog = RecoverDialog(path, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.form.passphraseEdit.setText(dialog.new_passphrase)
            show_error(self.form.errorLabel, "")
            self.form.introLabel.setText(_("Đã đặt mật khẩu mới. Bấm Mở để mở dữ liệu."))

    def _restore(self) -> None:
        """Restore a chosen backup of the file (the passphrase opens the backups), then open it."""
        from ctxh_desktop.ui.dialogs.rescue import RestoreBackupDialog

        path = self._chosen_path()
        if path is None:
            return
        if not self.form.passphraseEdit.text():
            show_error(self.form.errorLabel, _("Nhập mật khẩu của dữ liệu để mở các bản sao lưu."))
            self.form.passphraseEdit.setFocus()
            return
        dialog = RestoreBackupDialog(path, self.form.passphraseEdit.text(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.restored:
            self._open()

    def _demo(self) -> None:
        self.choice = ("demo",)
        self.accept()

    def _open(self) -> None:
        path = self._chosen_path()
        if path is None:
            return
        self.choice = ("db", path, self.form.passphraseEdit.text())
        self.accept()
