"""Idle auto-lock: after some minutes without use, every window is covered until the user types
their password again (or another user signs in).

Idle time is measured by an application-wide event filter that notes each key press, click, wheel
turn or mouse move. Locking touches nothing underneath: each open window (the main window and any
dialog) gets an opaque cover on top, and an application-modal lock screen takes the keyboard.
Unlocking removes the covers, so the user is back exactly where they were: same page, same
selection, same half-filled dialog.

The delay is the database setting ``lock_minutes`` (default 10, 0 = never). Without user accounts
there is no password to ask, so nothing locks.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.services import access, passphrase
from ctxh_desktop.ui.common import error_text, show_error

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_INTERVAL_MS = 1000


def _lock_state(session) -> dict[str, Any]:
    return {
        "minutes": passphrase.lock_minutes(session),
        "accounts": access.has_accounts(session.store),
        "user": session.user,
    }


class Cover(QWidget):
    """An opaque sheet over one window while the application is locked."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockCover { background: #e8edf3; }")
        layout = QVBoxLayout(self)
        label = QLabel(_("Đã khóa"), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: #5f6b7a; font-size: 14pt;")
        layout.addWidget(label)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and obj is self.parent():
            self.setGeometry(self.parentWidget().rect())
        elif event.type() == QEvent.Type.ChildAdded:
            self.raise_()
        return False


class LockScreen(QDialog):
    """Asks the locked user's password; "Đổi người dùng" lets someone else sign in instead."""

    unlocked = Signal(dict)

    def __init__(self, worker, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("lockScreen")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(_("CTXH Desktop đã khóa"))
        self.worker = worker
        self.username = username
        self._done = False
        self.setStyleSheet("#lockScreen { background: #f4f6f9; }")

        box = QWidget(self)
        box.setObjectName("lockBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box.setStyleSheet(
            "#lockBox { background: white; border: 1px solid #c9d2dc; border-radius: 8px; }"
        )
        box.setFixedWidth(400)
        form = QVBoxLayout(box)
        form.setContentsMargins(24, 20, 24, 20)
        form.setSpacing(10)
        self.title_label = QLabel(_("Phần mềm đã tự khóa"), box)
        self.title_label.setProperty("role", "section")
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.info_label = QLabel(box)
        self.info_label.setWordWrap(True)
        self.info_label.setMinimumHeight(self.info_label.fontMetrics().lineSpacing() * 4)
        self.user_edit = QLineEdit(username, box)
        self.user_edit.setPlaceholderText(_("Tên đăng nhập"))
        self.user_edit.setVisible(False)
        self.password_edit = QLineEdit(box)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(_("Mật khẩu"))
        self.error_label = QLabel(box)
        self.error_label.setWordWrap(True)
        show_error(self.error_label, "")
        self.unlock_button = QPushButton(_("Mở khóa"), box)
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(_("Đổi người dùng"), box)
        self.switch_button.setToolTip(
            _("Người khác đăng nhập bằng tài khoản của mình; công việc đang mở vẫn giữ nguyên.")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        for widget in (
            self.title_label,
            self.info_label,
            self.user_edit,
            self.password_edit,
            self.error_label,
        ):
            form.addWidget(widget)
        form.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self._show_info()

        self.unlock_button.clicked.connect(self.submit)
        self.password_edit.returnPressed.connect(self.submit)
        self.user_edit.returnPressed.connect(self.password_edit.setFocus)
        self.switch_button.clicked.connect(self.switch_user)

    def _show_info(self) -> None:
        if self.user_edit.isVisible() or self.user_edit.isVisibleTo(self):
            text = _("Nhập tên đăng nhập và mật khẩu của người dùng mới.")
        else:
            text = _(
                "Để bảo vệ dữ liệu, màn hình đã khóa sau một thời gian không dùng. "
                "Người dùng {user}, hãy nhập mật khẩu để làm tiếp."
            ).format(user=self.username)
        self.info_label.setText(text)

    def switch_user(self) -> None:
        """Let another person sign in (their role then applies)."""
        self.user_edit.clear()
        self.user_edit.setVisible(True)
        self.password_edit.clear()
        self.switch_button.setEnabled(False)
        show_error(self.error_label, "")
        self._show_info()
        self.user_edit.setFocus()

    def submit(self) -> None:
        username = self.user_edit.text().strip() if self.user_edit.isVisibleTo(self) else ""
        username = username or self.username
        show_error(self.error_label, "")
        self.unlock_button.setEnabled(False)
        self.worker.call(
            access.login,
            username,
            self.password_edit.text(),
            on_done=self._signed_in,
            on_error=self._failed,
        )

    def _signed_in(self, user: dict[str, Any]) -> None:
        self.unlock_button.setEnabled(True)
        self._done = True
        self.unlocked.emit(user)
        self.hide()

    def _failed(self, exc: Exception) -> None:
        self.unlock_button.setEnabled(True)
        show_error(self.error_label, error_text(exc))
        self.password_edit.clear()
        self.password_edit.setFocus()

    # The lock screen only goes away by signing in.
    def reject(self) -> None:
        pass

    def closeEvent(self, event) -> None:
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()


class IdleLock(QObject):
    """Watches for use of the application and locks the window after the configured idle time."""

    locked = Signal()
    unlocked = Signal(dict)

    def __init__(self, window, worker) -> None:
        super().__init__(window)
        self.window = window
        self.worker = worker
        self.timeout_ms = 0
        self.username: str | None = None
        self.accounts = False
        self.screen: LockScreen | None = None
        self.covers: list[Cover] = []
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self.action = QAction(window)
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)
        menu = window.form.menuFile
        menu.insertAction(window.form.actionQuit, self.action)
        menu.insertSeparator(window.form.actionQuit)
        window.installEventFilter(self)
        self.retranslate()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def retranslate(self) -> None:
        self.action.setText(_("&Khóa màn hình"))
        self.action.setToolTip(_("Khóa ngay khi rời máy; mở lại bằng mật khẩu của bạn."))

    # -- configuration ----------------------------------------------------------------------
    def session_changed(self, session: Any) -> None:
        """A session was opened (or closed): read its lock delay and whether it has accounts."""
        self.accounts = False
        self.username = None
        self._timer.stop()
        if session is not None:
            self.worker.call(_lock_state, on_done=self._configure, on_error=lambda _exc: None)

    def _configure(self, state: dict[str, Any]) -> None:
        self.accounts = bool(state["accounts"])
        self.username = state["user"]
        self.set_minutes(state["minutes"])

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(int(minutes) * 60_000)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Lock after ``timeout_ms`` without use (0: never). Tests use a few milliseconds."""
        self.timeout_ms = max(0, int(timeout_ms))
        self._last = time.monotonic()
        if self.timeout_ms and not self.is_locked:
            self._timer.start(max(10, min(CHECK_INTERVAL_MS, self.timeout_ms // 2)))
        else:
            self._timer.stop()

    def set_user(self, username: str) -> None:
        self.username = username

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    # -- idle detection ---------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            self._last = time.monotonic()
        elif kind == QEvent.Type.LanguageChange and obj is self.window:
            self.retranslate()
        return False

    def _check(self) -> None:
        if self.timeout_ms and (time.monotonic() - self._last) * 1000 >= self.timeout_ms:
            self.lock()

    # -- locking ----------------------------------------------------------------------------
    def lock(self) -> None:
        """Cover every window and ask for the password (nothing happens without accounts)."""
        if self.is_locked or not self.accounts or not self.username:
            return
        self._timer.stop()
        for widget in QApplication.topLevelWidgets():
            if (
                widget.isVisible()
                and widget.isWindow()
                and not isinstance(widget, (Cover, LockScreen))
                and widget.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
            ):
                self.covers.append(Cover(widget))
        screen = LockScreen(self.worker, self.username, self.window)
        screen.unlocked.connect(self._unlocked)
        screen.setGeometry(self.window.geometry())
        self.screen = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()
        screen.password_edit.setFocus()
        self.locked.emit()

    def _unlocked(self, user: dict[str, Any]) -> None:
        for cover in self.covers:
            cover.hide()
            cover.deleteLater()
        self.covers = []
        if self.screen is not None:
            self.screen.deleteLater()
        self.screen = None
        self.username = user.get("username") or self.username
        self.set_timeout_ms(self.timeout_ms)
        self.unlocked.emit(user)
