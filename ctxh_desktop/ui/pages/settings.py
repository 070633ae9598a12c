"""Settings: the commune profile used on reports, the register of the people who do the work
(a button opening it), and the interface language (applied at once)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal

from ctxh_desktop import i18n
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import profile
from ctxh_desktop.ui.common import error_text
from ctxh_desktop.ui.dialogs.login import ProtectionBox
from ctxh_desktop.ui.dialogs.staff_box import StaffBox
from ctxh_desktop.ui.forms.pages.ui_settings import Ui_SettingsPage
from ctxh_desktop.ui.pages.base import Page

#: profile key → line edit name in the form
FIELDS = {
    "commune_code": "communeCodeEdit",
    "commune_name": "communeNameEdit",
    "province_name": "provinceNameEdit",
    "collaborator_name": "collaboratorNameEdit",
    "chairman_name": "chairmanNameEdit",
    "signer_title": "signerTitleEdit",
    "parent_agency": "parentAgencyEdit",
    "agency_name": "agencyNameEdit",
    "place_name": "placeNameEdit",
    "doc_number": "docNumberEdit",
}
LANGUAGES = ("vi", "en")
#: label name in the form → its text at an office (the office's unit, clerk and head)
OFFICE_LABELS = {
    "communeCodeLabel": N_("Mã đơn vị:"),
    "communeNameLabel": N_("Tên đơn vị:"),
    "collaboratorNameLabel": N_("Cán bộ tổng hợp:"),
    "chairmanNameLabel": N_("Thủ trưởng/người ký:"),
}


class SettingsPage(Page):
    """The commune profile and the language switch."""

    form_class = Ui_SettingsPage
    saved = Signal(dict)
    lock_changed = Signal(int)
    session_reopened = Signal(object)

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        self.form.titleLabel.setProperty("role", "title")
        self.profile: dict[str, Any] | None = None
        self.office = False
        self._sync_language()
        self.form.languageCombo.currentIndexChanged.connect(self._language_chosen)
        self.form.saveButton.clicked.connect(self.save)
        self.form.saveButton.setProperty("needs", "settings")
        self.protection = ProtectionBox(worker, self)
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.form.languageGroup) + 1, self.protection)
        self.staff = StaffBox(worker, self)
        layout.insertWidget(layout.indexOf(self.form.profileGroup) + 1, self.staff)
        self.protection.lock_changed.connect(self.lock_changed)
        self.protection.session_reopened.connect(self.session_reopened)

    def refresh(self) -> None:
        self.worker.call(profile.get_profile, on_done=self._show, on_error=self._error)
        self.protection.refresh()

    def _show(self, data: dict[str, Any]) -> None:
        self.profile = {k: v for k, v in data.items() if k in profile.PROFILE_KEYS}
        self.office = data.get("kind") == "office"
        self.staff.setVisible(not self.office)  # an office holds the communes' copies
        for key, name in FIELDS.items():
            getattr(self.form, name).setText(str(data.get(key) or ""))
        if self.office:
            # The office's code is its unit code (not a commune's), shown and never saved here.
            self.form.communeCodeEdit.setText(str(data.get("unit_code") or ""))
            if not data.get("commune_name"):
                self.form.communeNameEdit.setText(str(data.get("unit_name") or ""))
        self._apply_wording()

    def _apply_wording(self) -> None:
        """At an office the profile speaks of the office, not of a commune."""
        if not self.office:
            return
        f = self.form
        f.profileGroup.setTitle(_("Thông tin đơn vị và người ký báo cáo"))
        for name, text in OFFICE_LABELS.items():
            getattr(f, name).setText(_(text))

    def _error(self, exc: Exception) -> None:
        self.form.statusLabel.setText(error_text(exc))
        self.form.statusLabel.setProperty("role", "error")
        self.form.statusLabel.setStyleSheet("color: #b3261e;")

    def data(self) -> dict[str, Any]:
        out = {key: getattr(self.form, name).text().strip() for key, name in FIELDS.items()}
        if self.office:
            out["commune_code"] = (self.profile or {}).get("commune_code") or ""
        out["language"] = i18n.current_language()
        return out

    def save(self) -> None:
        self.form.statusLabel.setText("")
        data = self.data()
        self.worker.call(profile.save_profile, data, on_done=self._saved, on_error=self._error)

    def _saved(self, result: dict[str, Any] | None) -> None:
        self.form.statusLabel.setStyleSheet("color: #1b7f3b;")
        self.form.statusLabel.setText(_("Đã lưu thông tin."))
        if isinstance(result, dict):
            self._show(result)
        self.saved.emit(self.data())

    # -- language ---------------------------------------------------------------------------
    def _sync_language(self) -> None:
        combo = self.form.languageCombo
        combo.blockSignals(True)
        combo.setCurrentIndex(LANGUAGES.index(i18n.current_language()))
        combo.blockSignals(False)

    def _language_chosen(self, index: int) -> None:
        lang = LANGUAGES[index]
        if lang != i18n.current_language():
            i18n.set_language(lang)
            if self.profile is not None:
                self.worker.call(
                    profile.save_profile, {**self.profile, "language": lang}, on_error=self._error
                )

    def retranslate(self) -> None:
        self.staff.retranslate()
        self._sync_language()
        self._apply_wording()
        self.form.statusLabel.setText("")
