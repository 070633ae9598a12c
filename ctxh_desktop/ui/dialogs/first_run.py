"""The first-run wizard: from nothing to a ready database, signed in, in a few short steps.

Shown when no database is known yet (a fresh install from the USB stick). The first page chooses
the language (switching at once) and what the machine is for — or opens the demo commune to
practise, or an existing file. A **commune** machine then goes through (a **social-work centre**
the same, its province, name and number in place of the commune's page, see
:mod:`ctxh_desktop.ui.dialogs.first_run_centre`):

1. the commune, from the official list (province, then commune; typing finds a commune without
   tones);
2. the collaborator's name (which becomes the first administrator account) and the signer;
3. the passphrase, then the database is created under :func:`ctxh_desktop.paths.data_dir` (in the
   worker thread) together with the account and the profile;
4. the recovery code, shown once, large, with a print button; a checkbox must be ticked to go on;
5. optionally, the receiving office's config file, checked with its typed fingerprint ("later" is
   fine).

A **receiving office** (since 2025 usually a provincial unit under the Sở Y tế) goes through the
pages of :mod:`ctxh_desktop.ui.dialogs.first_run_office`: its unit (province, name, monthly due
day), the clerk and the head who signs, the database passphrase and the office key passphrase, the
recovery code and key recovery sheet to print, and the signed config file to give the communes with
the fingerprint to read out to them (the same as ``ctxh office init``, without a terminal).

Afterwards :attr:`FirstRunWizard.choice` says what the application should do: ``("demo",)``,
``("open",)`` or ``("created", path)`` for a new commune or office database (the session is then
the worker's current one, signed in as the first administrator).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QWidget, QWizard

from ctxh_desktop import i18n
from ctxh_desktop.i18n import _
from ctxh_desktop.ui.dialogs.first_run_centre import CentrePage, setup_centre
from ctxh_desktop.ui.dialogs.first_run_office import OfficePages
from ctxh_desktop.ui.dialogs.first_run_pages import (
    CENTRE,
    LANGUAGE,
    OFFICE,
    OFFICE_CONFIG,
    CommunePage,
    LanguagePage,
    OfficePage,
    PassphrasePage,
    PeoplePage,
    RecoveryPage,
    database_path,
    setup_commune,
)


# -- the wizard -------------------------------------------------------------------------------------
class FirstRunWizard(QWizard):
    """A few short steps from a fresh install to a ready, signed-in commune or office database."""

    def __init__(self, worker, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.folder = folder
        self.choice: tuple = ()
        self.path: Path | None = None
        self.recovery_code = ""
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(680, 520)
        self.language_page = LanguagePage(self)
        self.commune_page = CommunePage(self)
        self.people_page = PeoplePage(self)
        self.passphrase_page = PassphrasePage(self)
        self.recovery_page = RecoveryPage(self)
        self.office_page = OfficePage(self)
        self.office = OfficePages(self)
        for page_id, page in enumerate(
            (
                self.language_page,
                self.commune_page,
                self.people_page,
                self.passphrase_page,
                self.recovery_page,
                self.office_page,
                *self.office.pages,
            )
        ):
            self.setPage(page_id, page)
        self.centre_page = CentrePage(self)
        self.setPage(CENTRE, self.centre_page)
        self.setStartId(LANGUAGE)
        self.language_page.form.demoButton.clicked.connect(lambda: self._leave("demo"))
        self.language_page.form.openButton.clicked.connect(lambda: self._leave("open"))
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_("Bắt đầu sử dụng CTXH Desktop"))
        texts = {
            QWizard.WizardButton.BackButton: _("< Quay lại"),
            QWizard.WizardButton.NextButton: _("Tiếp >"),
            QWizard.WizardButton.CommitButton: _("Tạo dữ liệu"),
            QWizard.WizardButton.FinishButton: _("Hoàn tất"),
            QWizard.WizardButton.CancelButton: _("Hủy"),
        }
        for which, text in texts.items():
            self.setButtonText(which, text)
        for page in (self.passphrase_page, self.office.key_page):
            page.setButtonText(QWizard.WizardButton.CommitButton, _("Tạo dữ liệu"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- choices ------------------------------------------------------------------------------
    def _leave(self, choice: str) -> None:
        self.choice = (choice,)
        self.accept()

    def unit(self) -> dict[str, str] | None:
        """The commune, or the social-work centre, chosen for this machine."""
        if self.language_page.centre:
            return self.centre_page.centre
        return self.commune_page.commune

    def create_database(self, passphrase: str, on_done, on_error) -> None:
        """Create the commune's (or centre's) database, its first account and profile in the
        worker thread."""
        commune = self.unit()
        if commune is None:  # the page does not let this happen
            on_error(ValueError("no commune"))
            return
        people = self.people_page.form
        full_name = people.collaboratorEdit.text().strip()
        profile_data = {
            "collaborator_name": full_name,
            "chairman_name": people.chairmanEdit.text().strip(),
            "signer_title": people.signerTitleEdit.text().strip()
            or ("GIÁM ĐỐC" if self.language_page.centre else "CHỦ TỊCH"),
            "language": i18n.current_language(),
        }
        path = database_path(commune, self.folder)
        box: dict[str, Any] = {}
        centre = self.language_page.centre
        self.worker.open(
            setup_centre if centre else setup_commune,
            path,
            passphrase,
            commune if centre else commune["code"],
            full_name,
            self.people_page.username,
            profile_data,
            box,
            on_done=lambda _session: self.created(path, box.get("recovery", ""), on_done),
            on_error=on_error,
        )

    def created(self, path: Path, recovery_code: str, then) -> None:
        """The database exists and is the worker's session: from now on the wizard can only be
        finished (no cancelling, no going back), then the application opens it."""
        self.path = path
        self.recovery_code = recovery_code
        self.choice = ("created", str(path))
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        then()

    def reject(self) -> None:
        """Once the database exists, the wizard can only be finished (the code must be kept)."""
        if self.path is not None:
            if self.currentId() in (OFFICE, OFFICE_CONFIG):
                self.accept()
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.path is not None:
            return
        super().keyPressEvent(event)


__all__ = ["FirstRunWizard"]
