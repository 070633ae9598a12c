"""Journey (restore-backup help topic): a commune backs up, restores the backup after a mistake (told
what will be lost), then, with the data file damaged, restores the copy made before that restore
from the "Mở cơ sở dữ liệu" dialog, and finally opens its data with the printed recovery code after
the passphrase is forgotten. Every step is done in the window."""

from __future__ import annotations

import pytest
from journey_steps import LUNG_CU, commune_wizard, register_person
from journey_user import User, shown
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

FIRST, SECOND = "Giàng Seo Lử", "Lò Thị Mai"
NEW_PASSPHRASE = "Lung-Cu-moi-2027"


def answer_each(*handlers) -> list:
    """Answer the next blocking dialogs, one handler each, in the order they open; returns the
    list of dialogs answered (to wait on)."""
    answered: list = []
    queue = list(handlers)

    def poll() -> None:
        if not queue:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None or not shown(dialog) or dialog in answered:
            QTimer.singleShot(50, poll)
            return
        answered.append(dialog)
        handler = queue.pop(0)
        QTimer.singleShot(50, poll)  # keep watching for the next one
        try:
            handler(dialog)
        except BaseException:
            dialog.reject()  # a failed check must not leave a blocking dialog open
            raise  # pytest-qt reports it as the test's failure

    QTimer.singleShot(50, poll)
    return answered


def yes(user: User, seen: list):
    def _answer(box: QMessageBox) -> None:
        seen.append(user.message_text(box))
        user.shot("question", box)
        box.button(QMessageBox.StandardButton.Yes).click()

    return _answer


def people_listed(user: User) -> list[str]:
    user.nav("Người dân")
    user.settle()
    return [row[0] for row in user.rows(user.table("Họ và tên"))]


def sign_in(user: User, username: str, password: str) -> None:
    """The sign-in dialog shown once a database with accounts opens."""
    user.wait_for(lambda: user.has_button("Đăng nhập"), 30_000)
    user.type("Tên đăng nhập", username)
    user.type("Mật khẩu đăng nhập", password)
    user.click("Đăng nhập")
    user.wait_for(lambda: user.window.session is not None and user.top() is user.window, 30_000)
    user.settle()


@pytest.mark.timeout(300)
def test_restore_the_newest_backup(start, lang):
    user = start("backup-restore")
    code = commune_wizard(user, lang, **LUNG_CU)
    username = user.window.session.user
    register_person(user, FIRST, "12/05/1980", code_label("genders", "male"))

    # Settings ▸ Sao lưu và khôi phục: a backup now, listed with what it holds.
    user.nav("Cài đặt")
    user.settle()
    user.click("Sao lưu và khôi phục…")
    user.wait_for(lambda: user.has_button("Sao lưu ngay"))
    backups = user.top()
    user.click("Sao lưu ngay")
    manual = _("Sao lưu thủ công")
    user.wait_for(lambda: user.find_row(manual, within=backups) is not None, 30_000)
    assert any(manual in row and "1" in " ".join(row) for row in user.rows(user.table("Lý do")))
    user.shot("backup made")
    user.click("Đóng")
    user.wait_for(lambda: not shown(backups))

    # A second person, then the manual backup is restored: the question says what will be lost.
    register_person(user, SECOND, "03/02/1985", code_label("genders", "female"))
    user.nav("Cài đặt")
    user.settle()
    user.click("Sao lưu và khôi phục…")
    user.wait_for(lambda: user.has_button("Sao lưu ngay"))
    backups = user.top()
    user.wait_for(lambda: user.find_row(manual, within=backups) is not None, 30_000)
    user.row(manual, within=backups)
    seen: list[str] = []

    def passphrase(box: QInputDialog) -> None:
        user.shot("passphrase asked", box)
        box.setTextValue(LUNG_CU["passphrase"])
        box.accept()

    answered = answer_each(yes(user, seen), passphrase)
    user.click("Khôi phục…", within=backups)
    user.wait_for(lambda: len(answered) == 2)
    assert _("Những gì nhập sau {time} hôm nay sẽ mất.").split("{")[0] in seen[0]
    restored = _("Đã khôi phục. Dữ liệu bắt đầu giai đoạn mới số {epoch}.").split("{")[0]
    user.wait_for(lambda: user.sees(restored.strip()), 60_000)
    user.shot("restored")
    user.click("Đóng")
    assert people_listed(user) == [FIRST]  # the second person was entered after the backup

    # The data file is damaged (a disk fault): the program cannot open it and offers the backups;
    # the copy made just before the restore brings both people back.
    path = user.window.session.path
    user = start.again(user)
    app = user.app
    raw = bytearray(path.read_bytes())
    raw[200:4000] = b"\0" * 3800
    path.write_bytes(bytes(raw))

    def open_dialog_restore(dialog: QDialog) -> None:
        user.type("Mật khẩu", LUNG_CU["passphrase"], within=dialog)
        user.shot("open dialog", dialog)
        user.click("Khôi phục từ bản sao lưu…", within=dialog)

    def choose_backup(chooser: QDialog) -> None:
        user.row(_("Trước khi khôi phục"), within=chooser)
        assert user.sees(
            _("Những gì nhập sau {time} hôm nay sẽ mất.").split("{")[0], within=chooser
        )
        user.shot("choose a backup", chooser)
        user.click("Khôi phục bản đã chọn", within=chooser)

    seen.clear()
    answered = answer_each(open_dialog_restore, choose_backup, yes(user, seen))
    assert app.start()
    user.wait_for(lambda: len(answered) == 3)
    assert "2" in seen[0]  # the chosen backup holds two people
    sign_in(user, username, LUNG_CU["passphrase"])
    assert sorted(people_listed(user)) == sorted([FIRST, SECOND])
    user.shot("both people back")

    # The passphrase is forgotten: the recovery code copied from the wizard sets a new one.
    user = start.again(user)
    app = user.app

    def open_dialog_forgot(dialog: QDialog) -> None:
        user.click("Quên mật khẩu?", within=dialog)

    def recover(box: QDialog) -> None:
        user.type("Mã khôi phục", code.lower(), within=box)
        user.type("Mật khẩu mới", NEW_PASSPHRASE, within=box)
        user.type("Nhập lại mật khẩu mới", NEW_PASSPHRASE, within=box)
        user.shot("recovery code", box)
        user.click("Đặt mật khẩu mới", within=box)

    answered = answer_each(open_dialog_forgot, recover)
    opened: list = []

    def press_open() -> None:
        dialog = QApplication.activeModalWidget()
        if len(answered) < 2 or dialog is None or not shown(dialog) or dialog is answered[-1]:
            QTimer.singleShot(50, press_open)
            return
        assert user.field("Mật khẩu", within=dialog).text() == NEW_PASSPHRASE
        user.shot("new passphrase filled in", dialog)
        opened.append(dialog)
        user.click("Open", within=dialog)

    QTimer.singleShot(50, press_open)
    assert app.start()
    user.wait_for(lambda: bool(opened))
    sign_in(user, username, LUNG_CU["passphrase"])  # the account's own password is unchanged
    assert sorted(people_listed(user)) == sorted([FIRST, SECOND])
    user.shot("opened with the new passphrase")
