"""The first-run wizard for a social-work centre, used like its staff would: "Trung tâm công tác
xã hội" on the first page, the province and the centre's name, then the commune's pages, to a
ready centre in the main window that records under its centre code."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard
from test_first_run import _click, _shot, _tick, application, type_text  # noqa: F401

from ctxh_desktop.paths import data_dir
from ctxh_desktop.services import profile
from ctxh_desktop.ui.dialogs.first_run_pages import CENTRE, OFFICE, PASSPHRASE, PEOPLE, RECOVERY

NAME = "Trung tâm Công tác xã hội tỉnh Tuyên Quang"


def test_first_run_from_nothing_to_a_ready_social_work_centre(application, qtbot):  # noqa: F811
    app = application()
    assert app.start()
    wizard = app.wizard
    qtbot.waitExposed(wizard)
    lang = wizard.language_page.form
    assert lang.centreRadio.text().startswith("Trung tâm công tác xã hội")
    _tick(qtbot, lang.centreRadio)
    _shot(wizard, "centre-1-language")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # The province, a suggested name, the code that no commune can have.
    assert wizard.currentId() == CENTRE
    page = wizard.centre_page.form
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.provinceCombo.setCurrentIndex(page.provinceCombo.findText("Tuyên Quang"))
    assert page.nameEdit.text() == NAME
    assert "ttxh-08-01" in page.codeLabel.text()
    page.nameEdit.clear()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # a name is required
    type_text(page.nameEdit, NAME)
    _shot(wizard, "centre-2-centre")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # The staff member and the director who signs.
    assert wizard.currentId() == PEOPLE
    people = wizard.people_page.form
    assert "Giám đốc" in people.chairmanLabel.text()
    assert people.signerTitleEdit.text() == "GIÁM ĐỐC"
    type_text(people.collaboratorEdit, "Ma Thị Hoa")
    type_text(people.chairmanEdit, "Nông Văn Quý")
    _shot(wizard, "centre-3-people")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    assert wizard.currentId() == PASSPHRASE
    form = wizard.passphrase_page.form
    qtbot.keyClicks(form.passphraseEdit, "Trung-tam-CTXH-2026")
    qtbot.keyClicks(form.confirmEdit, "Trung-tam-CTXH-2026")
    _click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == RECOVERY, timeout=30_000)
    _tick(qtbot, wizard.recovery_page.form.confirmCheck)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == OFFICE
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    window = app.window
    qtbot.waitUntil(lambda: f"Đơn vị: {NAME}" in window.commune_label.text(), timeout=30_000)
    app.worker.wait_idle()
    _shot(window, "centre-4-main-window")
    files = [f.name for f in data_dir().glob("*.db")]
    assert files == ["trung-tam-cong-tac-xa-hoi-tinh-tuyen-quang-ttxh-08-01.db"]
    got = []
    app.worker.call(profile.get_profile, on_done=got.append)
    app.worker.wait_idle()
    assert got[0]["commune_code"] == "ttxh-08-01"
    assert got[0]["commune_name"] == NAME
    assert got[0]["chairman_name"] == "Nông Văn Quý"
    assert got[0]["signer_title"] == "GIÁM ĐỐC"
