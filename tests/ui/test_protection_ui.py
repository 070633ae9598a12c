"""Protecting the data in the GUI: sign-in, roles, the idle lock, the audit log and backups."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ctxh_desktop import i18n
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import backups
from ctxh_desktop.ui.main_window import AUDIT, HOME, PEOPLE, SETTINGS

PASSPHRASE = "mật khẩu thử nghiệm dài"
PASSWORD = "demo1234"


@pytest.fixture
def app_on_db(gui_app, qtbot, tmp_path, monkeypatch):
    """The desktop application started on a demo database with accounts (``--db``)."""
    from ctxh_desktop.app import Application, parse_args
    from ctxh_desktop.services.session import create_demo_database

    monkeypatch.setenv("CTXH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CTXH_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "home" / "data" / "xa.db"
    path.parent.mkdir(parents=True)
    create_demo_database(path, passphrase=PASSPHRASE).close()
    application = Application(parse_args(["--db", str(path)]), gui_app)
    application.window.resize(1280, 800)
    application.window.show()
    assert application.start()
    yield application
    from ctxh_desktop.ui.dialogs.login import current_login_dialog

    left = current_login_dialog()
    if left is not None:
        left.hide()
    application.shutdown()


def login_dialog(qtbot):
    from ctxh_desktop.ui.dialogs.login import current_login_dialog

    qtbot.waitUntil(lambda: current_login_dialog() is not None, timeout=15_000)
    return current_login_dialog()


def sign_in(qtbot, dialog, username: str, password: str) -> None:
    dialog.form.usernameEdit.clear()
    qtbot.keyClicks(dialog.form.usernameEdit, username)
    dialog.form.passwordEdit.clear()
    qtbot.keyClicks(dialog.form.passwordEdit, password)
    qtbot.mouseClick(
        dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def signed_in_as(qtbot, application, username: str, password: str = PASSWORD):
    sign_in(qtbot, login_dialog(qtbot), username, password)
    window = application.window
    qtbot.waitUntil(lambda: window._info.get("user") == username, timeout=15_000)
    return window


def test_wrong_password_shows_the_message_and_stays(app_on_db, qtbot, tmp_path):
    dialog = login_dialog(qtbot)
    assert app_on_db.window.session is None
    sign_in(qtbot, dialog, "ctv", "sai-mat-khau")
    qtbot.waitUntil(lambda: dialog.form.errorLabel.text() != "", timeout=15_000)
    assert dialog.form.errorLabel.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dialog.isVisible() and app_on_db.window.session is None
    assert dialog.form.passwordEdit.text() == ""
    dialog.grab().save(str(tmp_path / "login-error.png"))


def test_viewer_cannot_press_edit_buttons_and_is_refused(app_on_db, qtbot):
    from ctxh_desktop.services import people

    window = signed_in_as(qtbot, app_on_db, "chutich")  # the chairman decides, never edits
    assert "Chủ tịch UBND xã" in window.user_label.text()
    qtbot.waitUntil(lambda: window.people.form.addButton.isHidden(), timeout=5_000)
    assert window.people.form.editButton.isHidden()
    assert not window.cases.form.actionsBox.isEnabled()
    assert window.settings.form.saveButton.isHidden()
    assert window.settings.protection.users_button.isHidden()
    assert window.form.navList.item(AUDIT).isHidden()
    errors = []
    window.worker.call(
        people.register_person, {"full_name": "Nguyễn Văn Thử"}, on_error=errors.append
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=15_000)
    assert isinstance(errors[0], UserError)
    assert errors[0].message == "Tài khoản của bạn chỉ được xem, không được sửa dữ liệu."


def test_collaborator_edits_but_does_not_see_the_audit_log(app_on_db, qtbot):
    window = signed_in_as(qtbot, app_on_db, "ctv")
    qtbot.waitUntil(lambda: "Cộng tác viên" in window.user_label.text(), timeout=5_000)
    assert not window.people.form.addButton.isHidden()
    assert window.cases.form.actionsBox.isEnabled()
    assert window.form.navList.item(AUDIT).isHidden()


def test_sign_in_makes_the_daily_backup(app_on_db, qtbot):
    window = signed_in_as(qtbot, app_on_db, "demo")
    qtbot.waitUntil(lambda: window.session is not None, timeout=15_000)
    db = window.session.path
    qtbot.waitUntil(lambda: any(backups.backups_of(db)), timeout=15_000)
    newest = backups.backups_of(db)[0]
    assert newest.name.endswith("-daily.ctxhbak") and newest.parent.name.startswith("xa-")


def test_idle_lock_covers_and_unlocking_returns_to_the_same_place(
    window, qtbot, idle, click_nav, tmp_path
):
    lock = window.idle_lock
    qtbot.waitUntil(lambda: lock.accounts and lock.username == "demo", timeout=10_000)
    click_nav(window, PEOPLE)
    page = window.people
    idle(page)
    page.form.table.selectRow(2)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    chosen = page.current["id"]
    qtbot.mouseClick(page.form.editButton, Qt.MouseButton.LeftButton)
    editor = page.editor
    qtbot.waitUntil(editor.isVisible, timeout=5_000)
    editor_title = editor.windowTitle()

    lock.unlocked.connect(lambda _user: lock.set_timeout_ms(0))
    lock.set_timeout_ms(50)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)
    screen = lock.screen
    assert screen.isVisible()
    assert {cover.parentWidget() for cover in lock.covers} >= {window, editor}
    window.grab().save(str(tmp_path / "covered.png"))
    screen.grab().save(str(tmp_path / "lock.png"))

    qtbot.keyClicks(screen.password_edit, "sai")
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.error_label.text() != "", timeout=15_000)
    assert lock.is_locked

    qtbot.keyClicks(screen.password_edit, PASSWORD)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=15_000)
    assert window.form.pages.currentIndex() == PEOPLE
    assert page.current["id"] == chosen
    assert page.form.table.selectionModel().selectedRows()[0].row() == 2
    assert editor.isVisible() and editor.windowTitle() == editor_title
    qtbot.waitUntil(lambda: not any(c.isVisible() for c in lock.covers), timeout=2_000)
    editor.reject()


def test_switch_user_on_the_lock_screen_applies_the_new_role(app_on_db, qtbot):
    window = signed_in_as(qtbot, app_on_db, "demo")
    lock = window.idle_lock
    qtbot.waitUntil(lambda: lock.accounts, timeout=10_000)
    window.show_page(AUDIT)
    lock.lock()
    screen = lock.screen
    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.user_edit, "chutich")
    qtbot.keyClicks(screen.password_edit, PASSWORD)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window._info.get("user") == "chutich", timeout=15_000)
    qtbot.waitUntil(lambda: window.form.pages.currentIndex() == HOME, timeout=5_000)
    assert window.people.form.addButton.isHidden()


def test_audit_page_lists_entries_and_detects_an_edited_row(app_on_db, qtbot, tmp_path):
    window = signed_in_as(qtbot, app_on_db, "demo")
    page = window.audit
    qtbot.waitUntil(lambda: not window.form.navList.item(AUDIT).isHidden(), timeout=5_000)
    window.show_page(AUDIT)
    qtbot.waitUntil(lambda: page.idle and page.form.table.rowCount() > 0, timeout=15_000)
    table = page.form.table
    newest = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(2)]
    assert ("demo", "Đăng nhập") in newest  # the sign-in, and the daily backup after it
    seqs = [e["seq"] for e in page.entries]
    assert seqs == sorted(seqs, reverse=True)
    assert len(table.item(0, 0).text()) == len("23/11/2026 10:28")

    page.form.actionCombo.setCurrentIndex(page.form.actionCombo.findData("user_saved"))
    qtbot.waitUntil(lambda: page.idle and table.rowCount() == 3, timeout=15_000)
    assert {table.item(r, 4).text() for r in range(3)} == {"demo", "ctv", "chutich"}

    qtbot.mouseClick(page.form.verifyButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.verify_result is not None, timeout=15_000)
    assert page.verify_result[0] is True
    assert "toàn vẹn" in page.form.verifyLabel.text()

    def tamper(session) -> None:
        session.store.db.execute("UPDATE audit_log SET user = 'ke_gian' WHERE seq = 2")

    done = []
    window.worker.call(tamper, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    page.verify_result = None
    qtbot.mouseClick(page.form.verifyButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.verify_result is not None, timeout=15_000)
    assert page.verify_result[:2] == (False, 2)
    assert "dòng số 2" in page.form.verifyLabel.text()
    window.grab().save(str(tmp_path / "audit.png"))


def test_backup_now_writes_a_file_and_restore_reopens(app_on_db, qtbot, tmp_path, monkeypatch):
    from ctxh_desktop.ui.dialogs.backups import BackupsDialog

    window = signed_in_as(qtbot, app_on_db, "demo")
    window.show_page(SETTINGS)
    qtbot.waitUntil(lambda: window.session is not None, timeout=15_000)
    db = window.session.path
    qtbot.waitUntil(lambda: len(backups.backups_of(db)) == 1, timeout=15_000)
    folder = backups.backups_of(db)[0].parent
    dialog = window.settings.protection.open_backups()
    assert isinstance(dialog, BackupsDialog)
    qtbot.waitUntil(lambda: dialog.form.table.rowCount() == 1, timeout=10_000)
    qtbot.mouseClick(dialog.form.backupButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.table.rowCount() == 2, timeout=15_000)
    assert len(list(folder.glob("*-manual.ctxhbak"))) == 1
    assert dialog.form.table.item(0, 1).text() == "Sao lưu thủ công"
    dialog.grab().save(str(tmp_path / "backups.png"))

    dialog.form.table.selectRow(1)
    monkeypatch.setattr(dialog, "confirm_restore", lambda _row: True)
    monkeypatch.setattr(dialog, "ask_passphrase", lambda: PASSPHRASE)
    old = window.session
    qtbot.mouseClick(dialog.form.restoreButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_epoch is not None, timeout=30_000)
    assert dialog.last_epoch >= 1
    assert str(dialog.last_epoch) in dialog.form.statusLabel.text()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session is not old, timeout=10_000
    )
    assert window.session.user == "demo" and window.session.store.epoch == dialog.last_epoch
    dialog.reject()


def test_restore_with_a_wrong_passphrase_keeps_the_data_open(app_on_db, qtbot, monkeypatch):
    window = signed_in_as(qtbot, app_on_db, "demo")
    dialog = window.settings.protection.open_backups()
    qtbot.waitUntil(lambda: dialog.form.table.rowCount() >= 1, timeout=15_000)
    dialog.form.table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm_restore", lambda _row: True)
    monkeypatch.setattr(dialog, "ask_passphrase", lambda: "sai mật khẩu")
    session = window.session
    qtbot.mouseClick(dialog.form.restoreButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "không đúng" in dialog.form.statusLabel.text(), timeout=15_000)
    assert window.session is session and dialog.last_epoch is None
    dialog.reject()


def test_audit_columns_in_english_name_one_action_per_row():
    from ctxh_desktop.i18n import _
    from ctxh_desktop.ui.pages.audit import COLUMNS

    i18n.set_language("en")
    assert [_(c) for c in COLUMNS] == ["Date and time", "User", "Action", "Record", "Id"]
