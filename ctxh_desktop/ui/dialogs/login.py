"""Signing in after the database is unlocked, what the signed-in role may touch, and the passphrase.

Widgets that need a permission carry it as the dynamic property ``needs`` (``"edit"``,
``"settings"`` …, see :data:`ctxh_desktop.services.access.PERMISSIONS`); :func:`apply_permissions`
hides such buttons, or disables other widgets, when the signed-in role lacks it. Services refuse
anyway: this only keeps people from pressing buttons that cannot work for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core import passphrases
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access, passphrase
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.forms.dialogs.ui_login import Ui_LoginDialog
from ctxh_desktop.ui.forms.dialogs.ui_passphrase import Ui_PassphraseDialog


def allowed_for(role: str | None) -> frozenset[str]:
    """The permissions of a role (none for an unknown one)."""
    return access.PERMISSIONS.get(role or "", frozenset())


def apply_permissions(root: QWidget, allowed: Iterable[str]) -> None:
    """Hide buttons (disable other widgets) whose ``needs`` property is not in ``allowed``."""
    allowed = set(allowed)
    for widget in [root, *root.findChildren(QWidget)]:
        needs = widget.property("needs")
        if not needs:
            continue
        ok = needs in allowed
        if isinstance(widget, QAbstractButton):
            widget.setVisible(ok)
        else:
            widget.setEnabled(ok)


class LoginDialog(QDialog):
    """User name and password, checked by ``access.login`` in the worker thread.

    ``signed_in`` carries ``{"username", "full_name", "role"}``. A wrong password keeps the dialog
    open with the service's message under the field (including how long to wait after repeated
    mistakes).
    """

    signed_in = Signal(dict)

    def __init__(self, worker, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_LoginDialog()
        self.form.setupUi(self)
        f = self.form
        f.headerLabel.setProperty("role", "section")
        self.ok_button.setText(_("Đăng nhập"))
        f.usernameEdit.setText(username)
        show_error(f.errorLabel, "")
        f.buttonBox.accepted.connect(self.submit)
        f.buttonBox.rejected.connect(self.reject)
        (f.passwordEdit if username else f.usernameEdit).setFocus()
        self.user: dict[str, Any] | None = None

    @property
    def ok_button(self):
        return self.form.buttonBox.button(QDialogButtonBox.StandardButton.Ok)

    def submit(self) -> None:
        f = self.form
        username = f.usernameEdit.text().strip()
        if not username:
            show_error(f.errorLabel, _("Hãy nhập tên đăng nhập."))
            f.usernameEdit.setFocus()
            return
        show_error(f.errorLabel, "")
        self.ok_button.setEnabled(False)
        self.worker.call(
            access.login, username, f.passwordEdit.text(), on_done=self._done, on_error=self._failed
        )

    def _done(self, user: dict[str, Any]) -> None:
        self.user = user
        self.ok_button.setEnabled(True)
        self.signed_in.emit(user)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ok_button.setEnabled(True)
        show_error(self.form.errorLabel, error_text(exc))
        self.form.passwordEdit.clear()
        self.form.passwordEdit.setFocus()


def _has_accounts(session) -> bool:
    return access.has_accounts(session.store)


def sign_in(
    worker,
    parent: QWidget | None,
    on_done: Callable[[dict[str, Any] | None], None],
    on_cancel: Callable[[], None],
) -> None:
    """Ask for a user name and password when the open database has accounts.

    ``on_done(user)`` runs once signed in (``None`` when there are no accounts yet: the holder of
    the passphrase then acts as administrator); ``on_cancel()`` when the person gives up.
    """

    def _checked(has: bool) -> None:
        if not has:
            on_done(None)
            return
        dialog = LoginDialog(worker, parent=parent)
        dialog.signed_in.connect(on_done)
        dialog.rejected.connect(on_cancel)
        _open_dialogs.append(dialog)
        dialog.finished.connect(lambda _r: _forget(dialog))
        dialog.destroyed.connect(lambda _o=None: _forget(dialog))
        dialog.open()

    worker.call(_has_accounts, on_done=_checked, on_error=lambda exc: on_done(None))


_open_dialogs: list[LoginDialog] = []


def _forget(dialog: LoginDialog) -> None:
    if dialog in _open_dialogs:
        _open_dialogs.remove(dialog)


def current_login_dialog() -> LoginDialog | None:
    """The login dialog waiting for an answer, if any."""
    for dialog in reversed(_open_dialogs):
        try:
            if dialog.isVisible():
                return dialog
        except RuntimeError:  # its window is already gone
            continue
    return None


class PassphraseDialog(QDialog):
    """Change the database passphrase: current, new, new again."""

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_PassphraseDialog()
        self.form.setupUi(self)
        self.form.newEdit.setToolTip(
            _(
                "Ít nhất {n} ký tự. Nên dùng một câu dễ nhớ với bạn nhưng khó đoán với người khác."
            ).format(n=passphrases.MIN_LENGTH)
        )
        show_error(self.form.errorLabel, "")
        self.form.buttonBox.accepted.connect(self.submit)
        self.form.buttonBox.rejected.connect(self.reject)

    def _edits(self) -> dict[str, QLineEdit]:
        f = self.form
        return {"old": f.oldEdit, "new": f.newEdit, "confirm": f.confirmEdit}

    def submit(self) -> None:
        edits = self._edits()
        show_error(self.form.errorLabel, "")
        self.worker.call(
            passphrase.change_passphrase,
            *(edit.text() for edit in edits.values()),
            on_done=lambda _r: self.accept(),
            on_error=self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        show_error(self.form.errorLabel, error_text(exc))
        edit = self._edits().get(getattr(exc, "field", None) or "")
        if edit is not None:
            edit.selectAll()
            edit.setFocus()


class ProtectionBox(QGroupBox):
    """Settings' "Bảo vệ dữ liệu": screen-lock delay, accounts, backups, database passphrase."""

    lock_changed = Signal(int)
    session_reopened = Signal(object)

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.lock_label = QLabel(self)
        self.lock_spin = QSpinBox(self)
        self.lock_spin.setRange(0, passphrase.MAX_LOCK_MINUTES)
        self.lock_spin.setValue(passphrase.DEFAULT_LOCK_MINUTES)
        self.lock_spin.setProperty("needs", "settings")
        self.users_button = QPushButton(self)
        self.users_button.setProperty("needs", "users")
        self.backups_button = QPushButton(self)
        self.backups_button.setProperty("needs", "backup")
        self.passphrase_button = QPushButton(self)
        self.passphrase_button.setProperty("needs", "settings")
        self.status_label = QLabel(self)
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.lock_label)
        lock_row.addWidget(self.lock_spin)
        lock_row.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.users_button, self.backups_button, self.passphrase_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(lock_row)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(600)
        self._save_timer.timeout.connect(self._save_lock)
        self.lock_spin.valueChanged.connect(lambda _v: self._save_timer.start())
        self.users_button.clicked.connect(self.open_users)
        self.backups_button.clicked.connect(self.open_backups)
        self.passphrase_button.clicked.connect(self.open_passphrase)
        self.dialog: QDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Bảo vệ dữ liệu"))
        self.lock_label.setText(_("Tự khóa màn hình sau:"))
        self.lock_spin.setSuffix(_(" phút"))
        self.lock_spin.setSpecialValueText(_("Không bao giờ"))
        self.lock_spin.setToolTip(
            _(
                "Khi không ai dùng máy trong khoảng thời gian này, phần mềm che màn hình và hỏi "
                "lại mật khẩu. Chọn 0 để không tự khóa."
            )
        )
        self.users_button.setText(_("Tài khoản người dùng…"))
        self.backups_button.setText(_("Sao lưu và khôi phục…"))
        self.passphrase_button.setText(_("Đổi mật khẩu cơ sở dữ liệu…"))
        self.passphrase_button.setToolTip(
            _("Đổi mật khẩu dùng để mở tệp dữ liệu (khác với mật khẩu đăng nhập của từng người).")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.worker.call(passphrase.lock_minutes, on_done=self._show_lock)

    def _show_lock(self, minutes: int) -> None:
        self.lock_spin.blockSignals(True)
        self.lock_spin.setValue(int(minutes))
        self.lock_spin.blockSignals(False)

    def _save_lock(self) -> None:
        self.worker.call(
            passphrase.set_lock_minutes,
            self.lock_spin.value(),
            on_done=self._lock_saved,
            on_error=lambda exc: self._status(error_text(exc)),
        )

    def _lock_saved(self, minutes: int) -> None:
        self._status("")
        self.lock_changed.emit(int(minutes))

    def _status(self, text: str) -> None:
        show_error(self.status_label, text)

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_users(self) -> QDialog:
        from ctxh_desktop.ui.dialogs.users import UsersDialog

        return self._open(UsersDialog(self.worker, self.window()))

    def open_backups(self) -> QDialog:
        from ctxh_desktop.ui.dialogs.backups import BackupsDialog

        dialog = BackupsDialog(self.worker, self.window())
        dialog.reopened.connect(self.session_reopened)
        return self._open(dialog)

    def open_passphrase(self) -> QDialog:
        dialog = PassphraseDialog(self.worker, self.window())
        dialog.accepted.connect(lambda: self._status_ok(_("Đã đổi mật khẩu cơ sở dữ liệu.")))
        return self._open(dialog)

    def _status_ok(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #1b7f3b;")
        self.status_label.setVisible(True)
