"""Backups (administrators): the list, back up now or to a chosen folder, restore; and the daily
backup made when the application starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.services import access, backups, passphrase
from ctxh_desktop.ui.common import ERROR_COLOR, error_text
from ctxh_desktop.ui.forms.dialogs.ui_backups import Ui_BackupsDialog
from ctxh_desktop.ui.table_model import size_columns

REASONS = {
    "daily": N_("Tự động hằng ngày"),
    "manual": N_("Sao lưu thủ công"),
    "migration": N_("Trước khi nâng cấp"),
    "import": N_("Trước khi nhập dữ liệu"),
    "periodic": N_("Tự động sau mỗi 2 giờ làm việc"),
    "close": N_("Tự động khi đóng chương trình"),
    "before_restore": N_("Trước khi khôi phục"),
}
COLUMNS = (N_("Ngày giờ"), N_("Lý do"), N_("Dữ liệu trong bản sao"), N_("Dung lượng"), N_("Tệp"))


def backup_rows(session) -> list[dict[str, Any]]:
    """The database's backups, newest first, with what each holds."""
    return backups.list_backups(session)


def contents_text(held: dict[str, int] | None) -> str:
    """``12 người · 3 ca · 40 buổi tư vấn`` (empty when the backup could not be read)."""
    if not held:
        return ""
    return _("{people} người · {cases} ca · {sessions} buổi tư vấn").format(
        people=format_number(held["people"]),
        cases=format_number(held["cases"]),
        sessions=format_number(held["sessions"]),
    )


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=format_number(round(size / (1024 * 1024), 1)))
    return _("{n} KB").format(n=format_number(max(1, round(size / 1024))))


def reason_label(reason: str) -> str:
    return _(REASONS[reason]) if reason in REASONS else reason


def start_daily_backup(worker, on_error=None) -> None:
    """Make the automatic backup due now in the worker thread: the first of the day, then one after
    every two hours of work (nothing when none is due)."""
    worker.call(backups.automatic_backup, on_error=on_error or (lambda _exc: None))


def _close_session(session) -> Path:
    path = session.path
    session.close()
    return path


def _checked_user(session, secret: str) -> str:
    access.require(session, "backup")
    passphrase.check_passphrase(session, secret)
    return session.user


class BackupsDialog(QDialog):
    """``reopened`` carries the new session after a restore (the window then shows it)."""

    reopened = Signal(object)

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_BackupsDialog()
        self.form.setupUi(self)
        f = self.form
        f.table.setColumnCount(len(COLUMNS))
        f.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        f.table.verticalHeader().hide()
        size_columns(f.table, (130, 170, 230, 80))
        self.rows: list[dict[str, Any]] = []
        self.last_epoch: int | None = None
        self.busy = False
        f.backupButton.clicked.connect(lambda: self.backup_now())
        f.folderButton.clicked.connect(self.backup_to_folder)
        f.restoreButton.clicked.connect(self.restore_selected)
        f.buttonBox.rejected.connect(self.reject)
        f.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()
        self.refresh()

    # -- list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.worker.call(backup_rows, on_done=self._show, on_error=self._error)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        table = self.form.table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            when = row["at"].strftime("%d/%m/%Y %H:%M") if row["at"] else ""
            values = (
                when,
                reason_label(row["reason"]),
                contents_text(row["contents"]),
                size_text(row["size"]),
                row["path"].name,
            )
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
        if not rows:
            self._status(_("Chưa có bản sao lưu nào."))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.form.restoreButton.setEnabled(self.selected() is not None and not self.busy)

    def selected(self) -> dict[str, Any] | None:
        rows = self.form.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _status(self, text: str, error: bool = False) -> None:
        self.form.statusLabel.setText(text)
        self.form.statusLabel.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")

    def _error(self, exc: Exception) -> None:
        self._set_busy(False)
        self._status(error_text(exc), error=True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.form.backupButton, self.form.folderButton):
            button.setEnabled(not busy)
        self._selection_changed()

    # -- backing up -------------------------------------------------------------------------
    def backup_now(self, folder: str | None = None) -> None:
        self._set_busy(True)
        self._status(_("Đang sao lưu…"))
        self.worker.call(
            backups.backup_now, "manual", folder, on_done=self._backed_up, on_error=self._error
        )

    def _backed_up(self, path: Path) -> None:
        self._set_busy(False)
        self._status(_("Đã sao lưu vào {path}").format(path=path))
        self.refresh()

    def backup_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Chọn thư mục để ghi bản sao lưu (ví dụ ổ USB)")
        )
        if folder:
            self.backup_now(folder)

    # -- restoring --------------------------------------------------------------------------
    def ask_passphrase(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            _("Khôi phục bản sao lưu"),
            _("Nhập mật khẩu cơ sở dữ liệu để khôi phục:"),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def confirm_restore(self, row: dict[str, Any]) -> bool:
        when = row["at"].strftime("%d/%m/%Y %H:%M") if row["at"] else row["path"].name
        answer = QMessageBox.question(
            self,
            _("Khôi phục bản sao lưu"),
            _(
                "Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc {when} ({held})?\n\n"
                "{loss}\n\nTrước khi khôi phục, dữ liệu hiện tại được sao lưu "
                "(lý do: Trước khi khôi phục), nên có thể khôi phục lại nếu cần."
            ).format(
                when=when, held=contents_text(row["contents"]), loss=backups.loss_warning(row["at"])
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> None:
        row = self.selected()
        if row is None or not self.confirm_restore(row):
            return
        secret = self.ask_passphrase()
        if secret is None:
            return
        self.restore(row["path"], secret)

    def restore(self, backup_file: Path, secret: str) -> None:
        """Close the session, restore the backup in place, reopen as the same user."""
        from ctxh_desktop.services.session import open_session

        self._set_busy(True)
        self._status(_("Đang khôi phục…"))
        state: dict[str, Any] = {}

        def _closed(path: Path) -> None:
            state["path"] = path
            self.worker.run(
                backups.restore,
                path,
                backup_file,
                secret,
                state["user"] or "system",
                on_done=_restored,
                on_error=_failed,
            )

        def _restored(epoch: int) -> None:
            state["epoch"] = epoch
            _reopen()

        def _failed(exc: Exception) -> None:
            _reopen(exc)

        def _reopen(exc: Exception | None = None) -> None:
            def _opened(session: Any) -> None:
                self._set_busy(False)
                if exc is not None:
                    self._error(exc)
                else:
                    self.last_epoch = state["epoch"]
                    self._status(
                        _("Đã khôi phục. Dữ liệu bắt đầu giai đoạn mới số {epoch}.").format(
                            epoch=state["epoch"]
                        )
                    )
                self.reopened.emit(session)
                self.refresh()

            def _as_passphrase_holder(_exc: Exception) -> None:
                # The account may not exist in the restored copy: the passphrase holder acts.
                self.worker.open(
                    open_session, state["path"], secret, on_done=_opened, on_error=self._error
                )

            self.worker.open(
                open_session,
                state["path"],
                secret,
                state["user"],
                on_done=_opened,
                on_error=_as_passphrase_holder,
            )

        def _checked(user: str) -> None:
            state["user"] = None if user == "system" else user
            self.worker.call(_close_session, on_done=_closed, on_error=self._error)

        # A wrong passphrase is refused before anything is closed.
        self.worker.call(_checked_user, secret, on_done=_checked, on_error=self._error)
