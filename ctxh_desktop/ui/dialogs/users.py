"""User accounts (administrators): the list, and one account's name, role, password and state."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QTableWidgetItem, QWidget

from ctxh_desktop.core.errors import ValidationError
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_datetime
from ctxh_desktop.services import access
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.forms.dialogs.ui_users import Ui_UsersDialog
from ctxh_desktop.ui.table_model import size_columns

COLUMNS = (N_("Tên đăng nhập"), N_("Họ và tên"), N_("Vai trò"), N_("Lần đăng nhập cuối"))


class UsersDialog(QDialog):
    """Pick an account to edit it, or "Tài khoản mới"; "Lưu tài khoản" saves through the service."""

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_UsersDialog()
        self.form.setupUi(self)
        f = self.form
        f.table.setColumnCount(len(COLUMNS))
        f.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        f.table.verticalHeader().hide()
        size_columns(f.table, (110, 170, 150))
        f.table.setMinimumWidth(420)
        for code in access.ROLES:
            f.roleCombo.addItem(access.role_label(code), code)
        self.users: list[dict[str, Any]] = []
        self.editing: str | None = None
        f.table.itemSelectionChanged.connect(self._selected)
        f.newButton.clicked.connect(self.new_user)
        f.saveButton.clicked.connect(self.save)
        f.buttonBox.rejected.connect(self.reject)
        self.new_user()
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self.worker.call(
            access.list_users,
            on_done=lambda users: self._show(users, select),
            on_error=lambda exc: show_error(self.form.errorLabel, error_text(exc)),
        )

    def _show(self, users: list[dict[str, Any]], select: str | None = None) -> None:
        self.users = users
        table = self.form.table
        table.blockSignals(True)
        table.setRowCount(len(users))
        for row, user in enumerate(users):
            role = access.role_label(user["role"])
            if not user["active"]:
                role = _("{role} (đã khóa)").format(role=role)
            values = (
                user["username"],
                user["full_name"] or "",
                role,
                format_datetime(user.get("last_login_at")),
            )
            for column, text in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(text))
            if user["username"] == select:
                table.selectRow(row)
        table.blockSignals(False)

    def _selected(self) -> None:
        rows = self.form.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.users):
            return
        self.edit_user(self.users[rows[0].row()])

    def new_user(self) -> None:
        """Empty the form for a new account (collaborator by default)."""
        f = self.form
        self.editing = None
        f.table.clearSelection()
        f.editGroup.setTitle(_("Tài khoản mới"))
        f.usernameEdit.setReadOnly(False)
        f.usernameEdit.clear()
        f.fullNameEdit.clear()
        f.passwordEdit.clear()
        f.passwordEdit.setPlaceholderText("")
        f.roleCombo.setCurrentIndex(max(0, f.roleCombo.findData("collaborator")))
        f.activeCheck.setChecked(True)
        show_error(f.errorLabel, "")
        f.usernameEdit.setFocus()

    def edit_user(self, user: dict[str, Any]) -> None:
        f = self.form
        self.editing = user["username"]
        f.editGroup.setTitle(_("Sửa tài khoản {name}").format(name=user["username"]))
        f.usernameEdit.setText(user["username"])
        f.usernameEdit.setReadOnly(True)
        f.fullNameEdit.setText(user["full_name"] or "")
        f.passwordEdit.clear()
        f.passwordEdit.setPlaceholderText(_("để trống nếu giữ mật khẩu cũ"))
        f.roleCombo.setCurrentIndex(max(0, f.roleCombo.findData(user["role"])))
        f.activeCheck.setChecked(bool(user["active"]))
        show_error(f.errorLabel, "")

    def save(self) -> None:
        f = self.form
        show_error(f.errorLabel, "")
        username = f.usernameEdit.text().strip()
        self.worker.call(
            access.save_user,
            username,
            f.fullNameEdit.text(),
            f.roleCombo.currentData(),
            f.passwordEdit.text() or None,
            f.activeCheck.isChecked(),
            on_done=lambda _r: self._saved(username.lower()),
            on_error=self._failed,
        )

    def _saved(self, username: str) -> None:
        self.form.passwordEdit.clear()
        show_error(self.form.errorLabel, "")
        self.form.errorLabel.setStyleSheet("color: #1b7f3b;")
        self.form.errorLabel.setText(_("Đã lưu tài khoản {name}.").format(name=username))
        self.form.errorLabel.setVisible(True)
        self.editing = username
        self.form.usernameEdit.setReadOnly(True)
        self.refresh(select=username)

    def _failed(self, exc: Exception) -> None:
        f = self.form
        if isinstance(exc, ValidationError):
            text = "\n".join(exc.errors.values())
        else:
            text = error_text(exc)
        show_error(f.errorLabel, text)
        edit = {
            "username": f.usernameEdit,
            "full_name": f.fullNameEdit,
            "password": f.passwordEdit,
        }.get(getattr(exc, "field", None) or "")
        if edit is not None:
            edit.setFocus()
