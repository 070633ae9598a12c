"""The first-run wizard, used like a collaborator at the training day: from an empty home folder
to a ready commune in the main window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QWizard

from ctxh_desktop import app as app_module
from ctxh_desktop import i18n
from ctxh_desktop.paths import data_dir
from ctxh_desktop.ui.dialogs import first_run
from ctxh_desktop.ui.dialogs.first_run import COMMUNE, OFFICE, PASSPHRASE, PEOPLE, RECOVERY

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
    assert first_run.username_for("Nguyễn Thị Thu Hà") == "nguyenthithuha"
    assert first_run.username_for("Đặng Văn Đức") == "dangvanduc"
    assert first_run.passphrase_strength("abc")[0] == 0
    assert first_run.passphrase_strength("matkhau1")[0] == 1
    assert first_run.passphrase_strength("Mat-khau-cua-xa-2026")[0] == 3


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
    assert "8" in form.strengthLabel.text()
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
    monkeypatch.setattr(first_run, "print_html", lambda parent, html: printed.append(html) or True)
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

    from ctxh_desktop.services import profile

    got = []
    app.worker.call(profile.get_profile, on_done=got.append)
    app.worker.wait_idle()
    assert got[0]["chairman_name"] == "Sùng Mí Páo"
    assert got[0]["collaborator_name"] == "Nguyễn Thị Thu Hà"
    assert got[0]["commune_code"] == "00715"


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
