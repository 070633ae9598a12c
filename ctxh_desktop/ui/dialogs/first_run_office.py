"""The first-run wizard's pages for a receiving office ("đơn vị tiếp nhận / tổng hợp").

Chosen on the wizard's first page instead of a commune; the same as ``ctxh office init``, without a
terminal:

1. the unit: the province from the official list (or, for a small office, one commune of it), the
   unit's name (a suggestion such as "Sở Y tế tỉnh Tuyên Quang" that can be edited) and the monthly
   due day (1–28, default 5);
2. the clerk's name (the first administrator account) and the head who signs the reports;
3. the database passphrase (as for a commune);
4. the office key passphrase, typed twice and different from the database one; then
   :func:`setup_office` creates, in the worker thread, the database, the keys and the signed config
   (:func:`ctxh_desktop.services.exchange.create_office`), the account (signed in) and the profile;
   on failure nothing is left on disk;
5. the database recovery code and the key recovery sheet, each printable; a checkbox must be ticked;
6. the signed config file for the communes (saved now or later from the Sync page) and the
   fingerprint, large, to read out to each commune by phone.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog, QWidget

from ctxh_desktop import i18n
from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.paths import export_dir
from ctxh_desktop.services import exchange, office_names, setup
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.dialogs.first_run_pages import (
    FormPage,
    PassphraseEntry,
    PassphrasePage,
    PeoplePage,
    database_path,
    fill_commune_combo,
    fill_province_combo,
    print_html,
    recovery_html,
)
from ctxh_desktop.ui.forms.dialogs.ui_first_run_office_config import Ui_FirstRunOfficeConfigPage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_office_key import Ui_FirstRunOfficeKeyPage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_office_people import Ui_FirstRunOfficePeoplePage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_office_recovery import (
    Ui_FirstRunOfficeRecoveryPage,
)
from ctxh_desktop.ui.forms.dialogs.ui_first_run_office_unit import Ui_FirstRunOfficeUnitPage

if TYPE_CHECKING:  # annotations only: the wizard imports these pages
    from ctxh_desktop.ui.dialogs.first_run import FirstRunWizard

CONFIG_FILTER = N_("Tệp cấu hình CTXH (*.ctxhcfg);;Tất cả các tệp (*)")
CODE_STYLE = "border: 2px solid #1f5fa8; border-radius: 6px; padding: 10px; background: #f3f7fc;"


def setup_office(
    path: Path,
    passphrase: str,
    key_passphrase: str,
    admin: setup.Admin,
    profile_data: dict[str, Any],
    box: dict[str, Any],
    **unit: Unpack[setup.OfficeUnit],
):
    """:func:`ctxh_desktop.services.setup.set_up_office` in the worker thread; the recovery code,
    the key recovery sheet and the fingerprint are put in ``box``, the signed-in session returned."""
    created = setup.set_up_office(
        path, passphrase, key_passphrase, admin=admin, profile_data=profile_data, **unit
    )
    box.update(
        recovery=created.recovery_code,
        sheet=created.recovery_sheet,
        fingerprint=created.fingerprint,
    )
    return created.session


def key_sheet_html(sheet: str) -> str:
    """The page printed for the office key's recovery sheet."""
    return f"<pre style='font-family:monospace;font-size:11pt'>{escape(sheet)}</pre>"


def _code_font(size: int) -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setPointSize(size)
    font.setBold(True)
    return font


# -- pages ----------------------------------------------------------------------------------------
class OfficeUnitPage(FormPage):
    """The unit: province (or one commune), name and monthly due day."""

    form_class = Ui_FirstRunOfficeUnitPage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.form
        fill_province_combo(f.provinceCombo, f.communeCombo)
        self._communes: list[dict[str, str]] = []
        self._suggestion = ""
        f.provinceCombo.currentIndexChanged.connect(self._province_changed)
        f.communeScopeRadio.toggled.connect(self._scope_changed)
        f.searchEdit.textChanged.connect(self._filter)
        f.communeCombo.currentIndexChanged.connect(self._changed)
        f.nameEdit.textChanged.connect(lambda _t: self._changed())
        show_error(f.errorLabel, "")
        self._scope_changed()

    @property
    def scope(self) -> str:
        """``"province"`` (every commune of the province) or ``"commune"`` (a small office)."""
        return "commune" if self.form.communeScopeRadio.isChecked() else "province"

    @property
    def unit(self) -> dict[str, str] | None:
        """The unit as chosen: ``code``, ``name``, ``province_name``, ``scope`` (or ``None``)."""
        f = self.form
        province = f.provinceCombo.currentData()
        code = f.communeCombo.currentData() if self.scope == "commune" else province
        if not province or not code:
            return None
        return {
            "code": code,
            "name": " ".join(f.nameEdit.text().split()),
            "province_name": f.provinceCombo.currentText(),
            "scope": self.scope,
        }

    @property
    def due_day(self) -> int:
        return self.form.dueSpin.value()

    def _province_changed(self) -> None:
        code = self.form.provinceCombo.currentData()
        self._communes = codes.communes(code) if code else []
        self._filter()

    def _scope_changed(self) -> None:
        f = self.form
        one = self.scope == "commune"
        for row in (2, 3):  # the commune search and list
            f.unitForm.setRowVisible(row, one)
        if one:
            f.searchEdit.setFocus()
        self._changed()

    def _filter(self) -> None:
        fill_commune_combo(self.form.communeCombo, self._communes, self.form.searchEdit.text())
        self._changed()

    def _suggest(self) -> None:
        """Put the suggested name in, unless the clerk has typed another one."""
        f = self.form
        province = f.provinceCombo.currentData()
        commune = codes.commune(f.communeCombo.currentData()) if self.scope == "commune" else None
        suggestion = (
            office_names.suggested_unit_name(
                f.provinceCombo.currentText() if province else "", commune
            )
            if province and (commune or self.scope == "province")
            else ""
        )
        if f.nameEdit.text().strip() in ("", self._suggestion) and suggestion != self._suggestion:
            f.nameEdit.blockSignals(True)
            f.nameEdit.setText(suggestion)
            f.nameEdit.blockSignals(False)
        self._suggestion = suggestion

    def _changed(self) -> None:
        self._suggest()
        unit = self.unit
        label = ""
        if unit and unit["scope"] == "province":
            label = _("Mã đơn vị: {code} — {n} xã, phường gửi dữ liệu về đơn vị.").format(
                code=unit["code"], n=len(self._communes)
            )
        elif unit:
            label = _("Mã đơn vị: {code} — chỉ {commune} gửi dữ liệu về đơn vị.").format(
                code=unit["code"], commune=self.form.communeCombo.currentText()
            )
        self.form.codeLabel.setText(label)
        show_error(self.form.errorLabel, "")
        self.completeChanged.emit()

    def retranslate(self) -> None:
        self._changed()

    def isComplete(self) -> bool:
        unit = self.unit
        return bool(unit and unit["name"])

    def validatePage(self) -> bool:
        unit = self.unit
        try:
            exchange.check_unit(unit["code"] if unit else "")
        except UserError as exc:
            show_error(self.form.errorLabel, exc.message)
            return False
        return True


class OfficePeoplePage(PeoplePage):
    """The clerk (first administrator) and the head who signs; the title follows the unit."""

    form_class = Ui_FirstRunOfficePeoplePage

    def __init__(self, pages: OfficePages) -> None:
        super().__init__(pages.wizard)
        self.pages = pages
        self._default_title = office_names.HEAD_TITLES["province"]
        self.form.signerTitleEdit.setText(self._default_title)

    def initializePage(self) -> None:
        title = office_names.HEAD_TITLES[self.pages.unit_page.scope]
        edit = self.form.signerTitleEdit
        if edit.text().strip() in ("", self._default_title):
            edit.setText(title)
        self._default_title = title


class OfficePassphrasePage(PassphraseEntry):
    """The database passphrase (as for a commune); nothing is created yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setSubTitle(
            _("Dữ liệu của đơn vị được mã hóa: không có mật khẩu thì không ai mở được.")
        )
        self.form.nextLabel.setText(
            _("Bấm «Tiếp» để đặt mật khẩu khóa của đơn vị (một mật khẩu khác).")
        )


class OfficeKeyPage(PassphrasePage):
    """The office key passphrase (a commit page): leaving it creates the office."""

    form_class = Ui_FirstRunOfficeKeyPage

    def __init__(self, pages: OfficePages) -> None:
        super().__init__(pages.wizard)
        self.pages = pages

    def refused(self) -> bool:
        if super().refused():
            return True
        f = self.form
        if f.passphraseEdit.text() == self.pages.passphrase_page.passphrase:
            show_error(f.errorLabel, _("Mật khẩu khóa phải khác mật khẩu dữ liệu."))
            f.passphraseEdit.selectAll()
            f.passphraseEdit.setFocus()
            return True
        return False

    def create(self, passphrase: str) -> None:
        self.pages.create(passphrase, self._created, self._failed)


class OfficeRecoveryPage(FormPage):
    """The database recovery code and the key recovery sheet, shown once, each printable."""

    form_class = Ui_FirstRunOfficeRecoveryPage

    def __init__(self, pages: OfficePages) -> None:
        super().__init__(pages.wizard)
        self.pages = pages
        f = self.form
        f.codeLabel.setFont(_code_font(16))
        f.codeLabel.setStyleSheet(CODE_STYLE)
        sheet_font = QFont("monospace")
        sheet_font.setStyleHint(QFont.StyleHint.TypeWriter)
        sheet_font.setPointSize(9)
        f.sheetEdit.setFont(sheet_font)
        f.sheetEdit.setMinimumHeight(80)
        f.printCodeButton.clicked.connect(self.print_code)
        f.printSheetButton.clicked.connect(self.print_sheet)
        f.confirmCheck.toggled.connect(lambda _on: self.completeChanged.emit())
        self.printed: set[str] = set()

    def initializePage(self) -> None:
        self.form.sheetEdit.setPlainText(self.pages.sheet)
        self.retranslate()

    def retranslate(self) -> None:
        self.form.codeLabel.setText(self.pages.wizard.recovery_code)
        path = self.pages.wizard.path
        self.form.pathLabel.setText(
            _("Dữ liệu được lưu tại: {path}").format(path=str(path)) if path else ""
        )

    def print_code(self) -> None:
        wizard = self.pages.wizard
        html = recovery_html(wizard.recovery_code, self.pages.unit_name, str(wizard.path))
        if print_html(self, html):
            self.printed.add("code")

    def print_sheet(self) -> None:
        if print_html(self, key_sheet_html(self.pages.sheet)):
            self.printed.add("sheet")

    def isComplete(self) -> bool:
        return self.form.confirmCheck.isChecked()


class OfficeConfigPage(FormPage):
    """The signed config file for the communes and the fingerprint to read out to them."""

    form_class = Ui_FirstRunOfficeConfigPage

    def __init__(self, pages: OfficePages) -> None:
        super().__init__(pages.wizard)
        self.pages = pages
        f = self.form
        f.fingerprintLabel.setFont(_code_font(22))
        f.fingerprintLabel.setStyleSheet(CODE_STYLE)
        f.fingerprintTitleLabel.setProperty("role", "section")
        f.saveButton.clicked.connect(self.save)
        self.saved: str | None = None
        self._error = ""

    def nextId(self) -> int:
        return -1  # the office's last page (a centre's page follows in the numbering)

    def initializePage(self) -> None:
        self.retranslate()

    def save(self) -> None:
        """Ask where to save the config (the export folder by default) and write it."""
        default = export_dir() / exchange.config_file_name(
            self.pages.unit_code, self.pages.unit_name
        )
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lưu tệp cấu hình cho các xã"), str(default), _(CONFIG_FILTER)
        )
        if not path:
            return
        if not Path(path).suffix:
            path += exchange.CONFIG_EXTENSION
        self.form.saveButton.setEnabled(False)
        self.pages.wizard.worker.call(
            exchange.save_office_config,
            path,
            on_done=lambda fingerprint: self._saved(path, fingerprint),
            on_error=self._failed,
        )

    def _saved(self, path: str, fingerprint: str) -> None:
        self.form.saveButton.setEnabled(True)
        if fingerprint != self.pages.fingerprint:  # cannot happen: the file is the office's own
            self._failed(UserError(_("Tệp vừa lưu không đúng dấu vân tay của đơn vị.")))
            return
        self.saved, self._error = path, ""
        self.retranslate()

    def _failed(self, exc: Exception) -> None:
        self.form.saveButton.setEnabled(True)
        self._error = error_text(exc)
        self.retranslate()

    def retranslate(self) -> None:
        self.form.fingerprintLabel.setText(self.pages.fingerprint)
        label = self.form.statusLabel
        if self._error:
            show_error(label, self._error)
            return
        label.setText(
            _("Đã lưu tệp cấu hình: {path}").format(path=self.saved) if self.saved else ""
        )
        label.setStyleSheet("color: #1b7f3b;")
        label.setVisible(bool(self.saved))
        self.form.laterLabel.setVisible(not self.saved)


# -- the office's part of the wizard --------------------------------------------------------------
class OfficePages:
    """The office's pages (ids ``OFFICE_UNIT`` to ``OFFICE_CONFIG`` of the wizard) and what the
    creation produced."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        self.wizard = wizard
        self.unit_page = OfficeUnitPage(wizard)
        self.people_page = OfficePeoplePage(self)
        self.passphrase_page = OfficePassphrasePage(wizard)
        self.key_page = OfficeKeyPage(self)
        self.recovery_page = OfficeRecoveryPage(self)
        self.config_page = OfficeConfigPage(self)
        self.pages = (
            self.unit_page,
            self.people_page,
            self.passphrase_page,
            self.key_page,
            self.recovery_page,
            self.config_page,
        )
        self.unit_code = ""
        self.unit_name = ""
        self.fingerprint = ""
        self.sheet = ""

    def create(self, key_passphrase: str, on_done, on_error) -> None:
        """Create the office, its first account and profile in the worker thread."""
        unit = self.unit_page.unit
        if unit is None:  # the unit page does not let this happen
            on_error(ValueError("no unit"))
            return
        people = self.people_page.form
        full_name = people.collaboratorEdit.text().strip()
        profile_data = office_names.office_profile(
            unit,
            full_name,
            people.chairmanEdit.text().strip(),
            people.signerTitleEdit.text().strip(),
            i18n.current_language(),
        )
        path = database_path(unit, self.wizard.folder)
        box: dict[str, Any] = {}

        def _done(_session) -> None:
            self.unit_code, self.unit_name = unit["code"], unit["name"]
            self.fingerprint, self.sheet = box["fingerprint"], box["sheet"]
            self.wizard.created(path, box["recovery"], on_done)

        self.wizard.worker.open(
            setup_office,
            path,
            self.passphrase_page.passphrase,
            key_passphrase,
            setup.Admin(self.people_page.username, full_name),
            profile_data,
            box,
            unit_code=unit["code"],
            unit_name=unit["name"],
            due_day=self.unit_page.due_day,
            on_done=_done,
            on_error=on_error,
        )


__all__ = [
    "OfficePages",
    "setup_office",
]
