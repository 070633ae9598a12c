"""The first-run wizard, used like a collaborator at the training day: from an empty home folder
to a ready commune in the main window — or, for the receiving office's clerk, to a ready office."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from service_calls import call_service as _call

from ctxh_desktop import app as app_module
from ctxh_desktop import i18n
from ctxh_desktop.core import codes, passphrases
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.paths import data_dir, export_dir
from ctxh_desktop.services import access, exchange, office, office_names, profile
from ctxh_desktop.ui.dialogs import first_run, first_run_office, first_run_pages
from ctxh_desktop.ui.dialogs.first_run_pages import (
    COMMUNE,
    OFFICE,
    OFFICE_CONFIG,
    OFFICE_KEY,
    OFFICE_PASSPHRASE,
    OFFICE_PEOPLE,
    OFFICE_RECOVERY,
    OFFICE_UNIT,
    PASSPHRASE,
    PEOPLE,
    RECOVERY,
)
from ctxh_desktop.ui.main_window import PEOPLE as PEOPLE_ROW
from ctxh_desktop.ui.main_window import SYNC as SYNC_ROW

SHOTS = os.environ.get("CTXH_SHOTS")


def _shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def application(gui_app):
    made = []

    def _make(*argv: str):
        application = app_module.Application(app_module.parse_args(list(argv)), gui_app)
        application.window.resize(1280, 800)
        application.window.show()
        made.append(application)
        return application

    yield _make
    for application in made:
        application.shutdown()


def type_text(widget, text: str) -> None:
    """Type like a Vietnamese keyboard does: each character arrives as a key event with its text
    (QTest's key clicks only know ASCII)."""
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def _tick(qtbot, button) -> None:
    """Click a radio button or checkbox on its box, where a person clicks."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _click(qtbot, wizard, which) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_helpers():
    assert first_run_pages.username_for("Nguyễn Thị Thu Hà") == "nguyenthithuha"
    assert first_run_pages.username_for("Đặng Văn Đức") == "dangvanduc"
    assert passphrases.strength("abc")[0] == 0
    assert passphrases.strength("matkhau1")[0] == 0  # under ten characters
    assert passphrases.strength("matkhau123")[0] == 1
    assert passphrases.strength("Mat-khau-cua-xa-2026")[0] == 3


def test_first_run_from_nothing_to_a_ready_commune(application, qtbot, monkeypatch):
    assert not list(data_dir().glob("*.db"))
    app = application()
    assert app.start()
    wizard = app.wizard
    assert isinstance(wizard, first_run.FirstRunWizard)
    qtbot.waitExposed(wizard)
    _shot(wizard, "1-language")

    # 1. Language: English switches at once, and back to Vietnamese.
    lang = wizard.language_page.form
    _tick(qtbot, lang.enRadio)
    qtbot.waitUntil(lambda: wizard.language_page.title() == "Welcome to CTXH Desktop")
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Next >"
    _tick(qtbot, lang.viRadio)
    qtbot.waitUntil(lambda: wizard.language_page.title() == "Chào mừng đến với CTXH Desktop")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 2. Province, then the commune found by typing without tones.
    assert wizard.currentId() == COMMUNE
    page = wizard.commune_page.form
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.provinceCombo.setCurrentIndex(page.provinceCombo.findText("Tuyên Quang"))
    qtbot.keyClicks(page.searchEdit, "lung cu")
    assert page.communeCombo.count() == 1
    assert page.communeCombo.currentText() == "Xã Lũng Cú"
    assert "00715" in page.codeLabel.text()
    _shot(wizard, "2-commune")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 3. Names: the collaborator's becomes the login name.
    assert wizard.currentId() == PEOPLE
    people = wizard.people_page.form
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_text(people.collaboratorEdit, "Nguyễn Thị Thu Hà")
    type_text(people.chairmanEdit, "Sùng Mí Páo")
    assert "nguyenthithuha" in people.usernameLabel.text()
    assert people.signerTitleEdit.text() == "CHỦ TỊCH"
    _shot(wizard, "3-people")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 4. Passphrase: too short, then different, then right; the database is created.
    assert wizard.currentId() == PASSPHRASE
    form = wizard.passphrase_page.form
    qtbot.keyClicks(form.passphraseEdit, "abc")
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert "10" in form.strengthLabel.text()
    qtbot.keyClicks(form.passphraseEdit, "-Lung-Cu-2026")
    qtbot.keyClicks(form.confirmEdit, "abc-Lung-Cu-2025")
    _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert form.errorLabel.isVisible() and wizard.currentId() == PASSPHRASE
    form.confirmEdit.clear()
    qtbot.keyClicks(form.confirmEdit, "abc-Lung-Cu-2026")
    _shot(wizard, "4-passphrase")
    _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == RECOVERY, timeout=30_000)

    # 5. The recovery code: shown large, printed, confirmed.
    recovery = wizard.recovery_page.form
    assert len(recovery.codeLabel.text()) >= 20
    assert wizard.recovery_code == recovery.codeLabel.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible() or not (
        wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    )
    printed = []
    monkeypatch.setattr(
        first_run_pages, "print_html", lambda parent, html: printed.append(html) or True
    )
    qtbot.mouseClick(recovery.printButton, Qt.MouseButton.LeftButton)
    assert printed and wizard.recovery_code in printed[0]
    _shot(wizard, "5-recovery")
    wizard.reject()  # closing is refused: the code must be kept first
    assert wizard.isVisible()
    _tick(qtbot, recovery.confirmCheck)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 6. The office config: later.
    assert wizard.currentId() == OFFICE
    _shot(wizard, "6-office")
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    window = app.window
    qtbot.waitUntil(lambda: "Xã Lũng Cú" in window.commune_label.text(), timeout=30_000)
    qtbot.waitUntil(lambda: "nguyenthithuha" in window.user_label.text(), timeout=10_000)
    qtbot.waitSignal(window.data_loaded, timeout=30_000, raising=False)
    app.worker.wait_idle()
    _shot(window, "7-main-window")
    assert app.wizard is None
    files = list(data_dir().glob("*.db"))
    assert [f.name for f in files] == ["xa-lung-cu-00715.db"]
    assert app_module.last_database() == str(files[0])
    session = app.worker.session
    assert session.user == "nguyenthithuha" and session.role == "admin"

    got = []
    app.worker.call(profile.get_profile, on_done=got.append)
    app.worker.wait_idle()
    assert got[0]["chairman_name"] == "Sùng Mí Páo"
    assert got[0]["collaborator_name"] == "Nguyễn Thị Thu Hà"
    assert got[0]["commune_code"] == "00715"


OFFICE_DB_PASSPHRASE = "Du-lieu-So-2026"
OFFICE_KEY_PASSPHRASE = "Khoa-cua-So-2026"


def test_office_helpers():
    assert office_names.suggested_unit_name("Tuyên Quang") == "Sở Y tế tỉnh Tuyên Quang"
    assert office_names.suggested_unit_name("Thành phố Hà Nội") == "Sở Y tế thành phố Hà Nội"
    commune = {"code": "00715", "name": "Xã Lũng Cú"}
    assert office_names.suggested_unit_name("Tuyên Quang", commune) == "Ủy ban nhân dân xã Lũng Cú"
    unit = {"code": "01", "name": "Sở Y tế thành phố Hà Nội", "province_name": "Thành phố Hà Nội"}
    profile = office_names.office_profile(
        {**unit, "scope": "province"}, "Trần Thị Minh Thư", "Lê Văn Hùng", "", "vi"
    )
    assert profile["parent_agency"] == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert profile["place_name"] == "Hà Nội" and profile["signer_title"] == "GIÁM ĐỐC"
    assert exchange.config_file_name("08", "Sở Y tế tỉnh Tuyên Quang") == (
        "cau-hinh_08_so-y-te-tinh-tuyen-quang.ctxhcfg"
    )


def test_first_run_from_nothing_to_a_ready_office(application, qtbot, monkeypatch, tmp_path):
    assert not list(data_dir().glob("*.db"))
    app = application()
    assert app.start()
    wizard = app.wizard
    qtbot.waitExposed(wizard)

    # 1. What the machine is for: the receiving office.
    lang = wizard.language_page.form
    assert lang.communeRadio.isChecked() and lang.viRadio.isChecked()
    _tick(qtbot, lang.officeRadio)
    assert lang.officeRadio.isChecked() and lang.viRadio.isChecked()  # two separate choices
    _shot(wizard, "office-1-language")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 2. The unit: the province from the official list, a suggested name, the due day.
    assert wizard.currentId() == OFFICE_UNIT
    unit = wizard.office.unit_page.form
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not unit.communeCombo.isVisible()  # the whole province by default
    unit.provinceCombo.setCurrentIndex(unit.provinceCombo.findText("Tuyên Quang"))
    assert unit.nameEdit.text() == "Sở Y tế tỉnh Tuyên Quang"
    communes = codes.communes("08")
    assert "08" in unit.codeLabel.text() and str(len(communes)) in unit.codeLabel.text()
    assert unit.dueSpin.value() == 5
    unit.nameEdit.clear()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # a name is required
    type_text(unit.nameEdit, "Sở Y tế tỉnh Tuyên Quang")
    unit.dueSpin.selectAll()
    qtbot.keyClicks(unit.dueSpin, "10")
    assert unit.dueSpin.value() == 10
    _shot(wizard, "office-2-unit")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 3. The clerk (first administrator) and the head who signs.
    assert wizard.currentId() == OFFICE_PEOPLE
    people = wizard.office.people_page.form
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_text(people.collaboratorEdit, "Trần Thị Minh Thư")
    type_text(people.chairmanEdit, "Hoàng Văn Đức")
    assert "tranthiminhthu" in people.usernameLabel.text()
    assert people.signerTitleEdit.text() == "GIÁM ĐỐC"
    _shot(wizard, "office-3-people")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 4. The database passphrase: typed differently twice is refused in Vietnamese.
    assert wizard.currentId() == OFFICE_PASSPHRASE
    form = wizard.office.passphrase_page.form
    qtbot.keyClicks(form.passphraseEdit, OFFICE_DB_PASSPHRASE)
    qtbot.keyClicks(form.confirmEdit, "Du-lieu-So-2025")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == OFFICE_PASSPHRASE
    assert form.errorLabel.isVisible()
    assert form.errorLabel.text() == "Hai lần nhập mật khẩu không giống nhau."
    form.confirmEdit.clear()
    qtbot.keyClicks(form.confirmEdit, OFFICE_DB_PASSPHRASE)
    _shot(wizard, "office-4-passphrase")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 5. The key passphrase: not the database one, typed the same twice; then the office is made.
    assert wizard.currentId() == OFFICE_KEY
    key = wizard.office.key_page.form
    assert "mỗi lần nhập tệp" in key.explainLabel.text()
    qtbot.keyClicks(key.passphraseEdit, OFFICE_DB_PASSPHRASE)
    qtbot.keyClicks(key.confirmEdit, OFFICE_DB_PASSPHRASE)
    _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == OFFICE_KEY
    assert key.errorLabel.text() == "Mật khẩu khóa phải khác mật khẩu dữ liệu."
    key.passphraseEdit.clear()
    key.confirmEdit.clear()
    qtbot.keyClicks(key.passphraseEdit, OFFICE_KEY_PASSPHRASE)
    qtbot.keyClicks(key.confirmEdit, OFFICE_KEY_PASSPHRASE + "!")
    _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == OFFICE_KEY and key.errorLabel.isVisible()
    assert key.errorLabel.text() == "Hai lần nhập mật khẩu không giống nhau."
    assert not list(data_dir().glob("*"))  # nothing created while refused
    key.confirmEdit.clear()
    qtbot.keyClicks(key.confirmEdit, OFFICE_KEY_PASSPHRASE)
    _shot(wizard, "office-5-key")
    _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == OFFICE_RECOVERY, timeout=60_000)

    # 6. The database recovery code and the key recovery sheet: shown, printed, confirmed.
    recovery = wizard.office.recovery_page.form
    assert len(recovery.codeLabel.text()) >= 20
    assert recovery.codeLabel.text() == wizard.recovery_code
    sheet = recovery.sheetEdit.toPlainText()
    assert wizard.office.fingerprint in sheet and "AGE-SECRET-KEY-1" in sheet
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    printed = []
    monkeypatch.setattr(
        first_run_office, "print_html", lambda parent, html: printed.append(html) or True
    )
    qtbot.mouseClick(recovery.printCodeButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(recovery.printSheetButton, Qt.MouseButton.LeftButton)
    assert wizard.recovery_code in printed[0] and "Sở Y tế tỉnh Tuyên Quang" in printed[0]
    assert "AGE-SECRET-KEY-1" in printed[1]
    _shot(wizard, "office-6-recovery")
    wizard.reject()  # closing is refused: the code and the sheet must be kept first
    assert wizard.isVisible() and wizard.currentId() == OFFICE_RECOVERY
    _tick(qtbot, recovery.confirmCheck)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # 7. The config file for the communes, and the fingerprint to read out to them.
    assert wizard.currentId() == OFFICE_CONFIG
    config = wizard.office.config_page.form
    shown = config.fingerprintLabel.text()
    assert shown == wizard.office.fingerprint and len(shown) >= 20
    asked = []

    def choose(parent, title, default, filters):
        asked.append((title, default, filters))
        return str(tmp_path / "cau-hinh-so-y-te"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    qtbot.mouseClick(config.saveButton, Qt.MouseButton.LeftButton)
    saved = tmp_path / "cau-hinh-so-y-te.ctxhcfg"  # the extension is added
    qtbot.waitUntil(config.statusLabel.isVisible, timeout=10_000)
    assert saved.exists() and str(saved) in config.statusLabel.text()
    assert asked[0][1] == str(export_dir() / "cau-hinh_08_so-y-te-tinh-tuyen-quang.ctxhcfg")
    _shot(wizard, "office-7-config")
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    # The main window opens on the new office, signed in as the clerk.
    window = app.window
    qtbot.waitUntil(
        lambda: "Sở Y tế tỉnh Tuyên Quang" in window.commune_label.text(), timeout=30_000
    )
    qtbot.waitUntil(lambda: "tranthiminhthu" in window.user_label.text(), timeout=10_000)
    app.worker.wait_idle()
    assert app.wizard is None
    assert window.form.navList.item(PEOPLE_ROW).isHidden()  # the office has no people page
    files = list(data_dir().glob("*.db"))
    assert [f.name for f in files] == ["so-y-te-tinh-tuyen-quang-08.db"]
    assert app_module.last_database() == str(files[0])
    session = app.worker.session
    assert session.kind == "office" and session.commune_code == "08"
    assert session.user == "tranthiminhthu" and session.role == "admin"

    # It is an office expecting every commune of the province, due on the 10th.
    expected = _call(app.worker, office.expected_commune_list)
    assert {c["commune"] for c in expected if c["expected"]} == {c["code"] for c in communes}
    month = "2026-01"
    assert _call(app.worker, office.office_overview, month, month)["due_day"] == 10
    # The saved config verifies and is the one whose fingerprint was on screen.
    assert exchange.file_fingerprint(saved) == shown
    assert exchange.describe_config(saved) == {
        "unit_code": "08",
        "unit_name": "Sở Y tế tỉnh Tuyên Quang",
    }
    # The office key opens with the key passphrase, not with the database one.
    pairs = _call(app.worker, exchange.unlock_office, OFFICE_KEY_PASSPHRASE)
    assert pairs[0].fingerprint == shown
    with pytest.raises(UserError):
        _call(app.worker, exchange.unlock_office, OFFICE_DB_PASSPHRASE)
    # The administrator account, and the names for the consolidated report.
    users = _call(app.worker, access.list_users)
    assert [(u["username"], u["role"], u["full_name"]) for u in users] == [
        ("tranthiminhthu", "admin", "Trần Thị Minh Thư")
    ]
    got = _call(app.worker, profile.get_profile)
    assert got["chairman_name"] == "Hoàng Văn Đức" and got["signer_title"] == "GIÁM ĐỐC"
    assert got["agency_name"] == "Sở Y tế tỉnh Tuyên Quang"
    assert got["parent_agency"] == "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"

    # Later, the Sync page saves the config file again (for a commune that lost it).
    window.show_page(SYNC_ROW)
    page = window.sync.office_page
    qtbot.waitUntil(lambda: page.overview is not None, timeout=30_000)
    again = tmp_path / "lan-hai.ctxhcfg"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(again), ""))
    )
    qtbot.mouseClick(page.form.configButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form.resultList.count() > 0, timeout=10_000)
    assert shown in page.form.resultList.item(0).text()
    assert again.read_bytes() == saved.read_bytes()
    _shot(window, "office-8-main-window")


def _to_the_key_page(qtbot, wizard) -> None:
    """Fill the office's first pages quickly (the test above does it like a person)."""
    wizard.language_page.form.officeRadio.setChecked(True)
    wizard.next()
    unit = wizard.office.unit_page.form
    unit.provinceCombo.setCurrentIndex(unit.provinceCombo.findText("Cao Bằng"))
    wizard.next()
    people = wizard.office.people_page.form
    people.collaboratorEdit.setText("Nông Thị Hoa")
    people.chairmanEdit.setText("Đàm Văn Long")
    wizard.next()
    passphrase = wizard.office.passphrase_page.form
    passphrase.passphraseEdit.setText(OFFICE_DB_PASSPHRASE)
    passphrase.confirmEdit.setText(OFFICE_DB_PASSPHRASE)
    wizard.next()
    key = wizard.office.key_page.form
    key.passphraseEdit.setText(OFFICE_KEY_PASSPHRASE)
    key.confirmEdit.setText(OFFICE_KEY_PASSPHRASE)
    assert wizard.currentId() == OFFICE_KEY


def test_an_office_that_cannot_be_created_leaves_nothing_behind(
    gui_app, qtbot, monkeypatch, tmp_path
):
    from ctxh_desktop.ui.worker import Worker

    worker = Worker()
    wizard = first_run.FirstRunWizard(worker, folder=tmp_path)
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        _to_the_key_page(qtbot, wizard)
        key = wizard.office.key_page.form
        real_create = exchange.create_office

        def create_then_fail(*args, **kwargs):  # the disk fills up right after the database
            real_create(*args, **kwargs).session.close()
            raise OSError("No space left on device")

        monkeypatch.setattr(exchange, "create_office", create_then_fail)
        _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        qtbot.waitUntil(key.errorLabel.isVisible, timeout=60_000)
        assert "No space left on device" in key.errorLabel.text()
        assert wizard.currentId() == OFFICE_KEY and wizard.path is None
        assert not list(tmp_path.iterdir())

        # The account cannot be made: the database made just before goes too.
        monkeypatch.setattr(exchange, "create_office", real_create)
        monkeypatch.setattr(
            profile, "save_profile", lambda *a: (_ for _ in ()).throw(RuntimeError("hỏng"))
        )
        _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        qtbot.waitUntil(lambda: "hỏng" in key.errorLabel.text(), timeout=60_000)
        assert wizard.currentId() == OFFICE_KEY and wizard.path is None
        assert not list(tmp_path.iterdir())
        assert worker.session is None
        assert wizard.button(QWizard.WizardButton.CancelButton).isVisible()

        # Once the trouble is gone, the same click succeeds.
        monkeypatch.undo()
        _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        qtbot.waitUntil(lambda: wizard.currentId() == OFFICE_RECOVERY, timeout=60_000)
        assert wizard.path == tmp_path / "so-y-te-tinh-cao-bang-04.db" and wizard.path.exists()
        assert worker.session.kind == "office"
    finally:
        worker.shutdown()


def test_the_demo_can_be_chosen_instead(application, qtbot):
    app = application()
    app.start()
    wizard = app.wizard
    qtbot.mouseClick(wizard.language_page.form.demoButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.session is not None, timeout=60_000)
    assert app.wizard is None
    assert not list(data_dir().glob("*.db"))
    app.worker.wait_idle(60_000)


def test_demo_and_known_databases_never_show_the_wizard(application, monkeypatch):
    app = application("--demo")
    assert app.start()
    assert app.wizard is None
    app.worker.wait_idle(60_000)
    (data_dir() / "xa-cu.db").write_bytes(b"")
    shown = []
    other = application()
    monkeypatch.setattr(other, "choose", lambda path="", error="": shown.append(path) or True)
    assert other.start()
    assert other.wizard is None and shown == [""]


def test_the_wizard_speaks_english_when_english_is_chosen(application, qtbot):
    i18n.set_language("en")
    app = application()
    app.start()
    wizard = app.wizard
    assert wizard.windowTitle() == "Getting started with CTXH Desktop"
    assert wizard.language_page.form.enRadio.isChecked()
    quits = []
    app.app = type("App", (), {"quit": lambda self: quits.append(1)})()
    wizard.reject()
    assert quits == [1]
