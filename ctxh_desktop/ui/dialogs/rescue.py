"""Ways back into a database that does not open: restore a chosen backup, or set a new passphrase
with the printed recovery code. Both are reached from the "Mở cơ sở dữ liệu" dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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

from ctxh_desktop.core import passphrases
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import backups, passphrase
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.dialogs.backups import contents_text, reason_label


def new_passphrase_rows(
    form: QFormLayout, new_label: str, confirm_label: str
) -> tuple[QLineEdit, QLineEdit, QLabel]:
    """A new passphrase typed twice (hidden), with the strength line of the one rule under it."""
    new, confirm, strength = QLineEdit(), QLineEdit(), QLabel("")
    for edit, label in ((new, new_label), (confirm, confirm_label)):
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(label.rstrip(":"))
        form.addRow(label, edit)
    form.addRow("", strength)
    new.textChanged.connect(lambda text: strength.setText(passphrases.strength(text)[1]))
    return new, confirm, strength


def intro_layout(dialog: QDialog, title: str, text: str) -> QVBoxLayout:
    """The dialog's title and its layout, opened by a wrapped line saying what the dialog does."""
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    intro = QLabel(text)
    intro.setWordWrap(True)
    layout.addWidget(intro)
    return layout


def error_and_buttons(
    dialog: QDialog, layout: QVBoxLayout, ok_text: str, on_ok: Callable[[], None]
) -> tuple[QLabel, QPushButton]:
    """The error line and the Cancel / ``ok_text`` buttons closing a recovery dialog."""
    error = QLabel("")
    error.setWordWrap(True)
    show_error(error, None)
    layout.addWidget(error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error, ok


def typed_twice(new: QLineEdit, confirm: QLineEdit, error: QLabel) -> bool:
    """Whether the new passphrase was typed the same twice; if not, says so in ``error``."""
    if new.text() != confirm.text():
        show_error(error, _("Hai lần nhập mật khẩu mới không khớp."))
        return False
    return True


def _busy(call, *args: Any) -> Any:
    """Run a short service call with the wait cursor (restoring takes about a second)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return call(*args)
    finally:
        QGuiApplication.restoreOverrideCursor()


def _when(row: dict[str, Any]) -> str:
    return row["at"].strftime("%d/%m/%Y %H:%M") if row["at"] else row["path"].name


class RestoreBackupDialog(QDialog):
    """The backups of one database with what each holds; restores the chosen one in its place.

    ``restored`` is true once a backup was restored (the caller then opens the database)."""

    def __init__(self, path: str, secret: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.secret, self.restored = path, secret, False
        layout = intro_layout(
            self,
            _("Khôi phục từ bản sao lưu"),
            _(
                "Chọn bản sao lưu để thay cho tệp dữ liệu hiện tại. Tệp hiện tại được giữ lại "
                "bên cạnh, không bị xóa."
            ),
        )
        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName(_("Các bản sao lưu"))
        self.table.setHorizontalHeaderLabels(
            [_("Ngày giờ"), _("Lý do"), _("Dữ liệu trong bản sao")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.lossLabel = QLabel("")
        self.lossLabel.setWordWrap(True)
        self.lossLabel.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.lossLabel)
        self.errorLabel = QLabel("")
        self.errorLabel.setWordWrap(True)
        layout.addWidget(self.errorLabel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restoreButton = self.buttons.addButton(
            _("Khôi phục bản đã chọn"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restoreButton.setAccessibleName(_("Khôi phục bản đã chọn"))
        self.buttons.accepted.connect(self._restore)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.resize(640, 380)
        self.rows: list[dict[str, Any]] = []
        self._load()

    def _load(self) -> None:
        try:
            self.rows = _busy(backups.describe_backups_of, self.path, self.secret)
        except UserError as exc:
            show_error(self.errorLabel, error_text(exc))
            self.rows = []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            texts = (_when(row), reason_label(row["reason"]), contents_text(row["contents"]))
            for c, text in enumerate(texts):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if not self.rows and not self.errorLabel.text():
            show_error(self.errorLabel, _("Chưa có bản sao lưu nào của tệp này."))
        if self.rows:
            self.table.selectRow(0)
        self._selected()

    def selected(self) -> dict[str, Any] | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked else None

    def _selected(self) -> None:
        row = self.selected()
        self.restoreButton.setEnabled(row is not None)
        self.lossLabel.setText(backups.loss_warning(row["at"]) if row else "")

    def _restore(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            _("Khôi phục bản sao lưu"),
            _("Thay dữ liệu hiện tại bằng bản sao lưu lúc {when} ({held})?\n\n{loss}").format(
                when=_when(row),
                held=contents_text(row["contents"]),
                loss=backups.loss_warning(row["at"]),
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            actor = _busy(backups.restorer, self.path, self.secret, None)
            _busy(backups.restore, self.path, row["path"], self.secret, actor)
        except UserError as exc:
            show_error(self.errorLabel, error_text(exc))
            return
        self.restored = True
        self.accept()


class RecoverDialog(QDialog):
    """The printed recovery code and a new passphrase; ``new_passphrase`` is set once it worked."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.new_passphrase = ""
        layout = intro_layout(
            self,
            _("Quên mật khẩu"),
            _(
                "Nhập mã khôi phục đã in khi tạo dữ liệu (6 nhóm 5 ký tự) và đặt mật khẩu mới. "
                "Dữ liệu không thay đổi."
            ),
        )
        form = QFormLayout()
        self.codeEdit = QLineEdit()
        self.codeEdit.setAccessibleName(_("Mã khôi phục:").rstrip(":"))
        form.addRow(_("Mã khôi phục:"), self.codeEdit)
        self.newEdit, self.confirmEdit, self.strengthLabel = new_passphrase_rows(
            form, _("Mật khẩu mới:"), _("Nhập lại mật khẩu mới:")
        )
        layout.addLayout(form)
        self.errorLabel, self.okButton = error_and_buttons(
            self, layout, _("Đặt mật khẩu mới"), self._recover
        )
        self.resize(520, 260)

    def _recover(self) -> None:
        if not typed_twice(self.newEdit, self.confirmEdit, self.errorLabel):
            return
        new = self.newEdit.text()
        try:
            _busy(passphrase.recover, self.path, self.codeEdit.text(), new)
        except UserError as exc:
            show_error(self.errorLabel, error_text(exc))
            return
        self.new_passphrase = new
        self.accept()
