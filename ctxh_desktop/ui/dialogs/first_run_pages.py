"""The first-run wizard's shared helpers and the commune's pages (the office's pages are in
:mod:`ctxh_desktop.ui.dialogs.first_run_office`; the wizard itself in :mod:`first_run`)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget, QWizard, QWizardPage

from ctxh_desktop import i18n
from ctxh_desktop.core import codes, passphrases
from ctxh_desktop.core.text import fold
from ctxh_desktop.i18n import _
from ctxh_desktop.paths import data_dir, export_dir
from ctxh_desktop.services import exchange, setup
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.forms.dialogs.ui_first_run_commune import Ui_FirstRunCommunePage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_language import Ui_FirstRunLanguagePage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_office import Ui_FirstRunOfficePage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_passphrase import Ui_FirstRunPassphrasePage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_people import Ui_FirstRunPeoplePage
from ctxh_desktop.ui.forms.dialogs.ui_first_run_recovery import Ui_FirstRunRecoveryPage

if TYPE_CHECKING:  # annotations only: the wizard imports these pages
    from ctxh_desktop.ui.dialogs.first_run import FirstRunWizard

LANGUAGE, COMMUNE, PEOPLE, PASSPHRASE, RECOVERY, OFFICE = range(6)
# The receiving office's path (pages in first_run_office).
OFFICE_UNIT, OFFICE_PEOPLE, OFFICE_PASSPHRASE, OFFICE_KEY, OFFICE_RECOVERY, OFFICE_CONFIG = range(
    6, 12
)
# A social-work centre's page (first_run_centre); then the commune's pages from PEOPLE on.
CENTRE = 12


# -- helpers (no widgets) -------------------------------------------------------------------------
def username_for(full_name: str) -> str:
    """The login name made from a person's name: ``"Nguyễn Thị Thu Hà"`` → ``"nguyenthithuha"``."""
    name = "".join(ch for ch in fold(full_name) if ch.isascii() and ch.isalnum())
    return name[:40] or "quantri"


def file_slug(text: str, default: str) -> str:
    """A file name part without tones or spaces: ``"Sở Y tế Cao Bằng"`` → ``"so-y-te-cao-bang"``."""
    slug = "-".join(fold(text).split())
    return "".join(ch for ch in slug if ch.isascii() and (ch.isalnum() or ch == "-")) or default


def database_path(commune: dict[str, str], folder: Path | None = None) -> Path:
    """A new file under the data folder named after the commune (``phuong-ba-dinh-00004.db``) or
    the office (``so-y-te-tinh-cao-bang-04.db``)."""
    folder = folder or data_dir()
    base = f"{file_slug(commune['name'], 'xa')}-{commune['code']}"
    path = folder / f"{base}.db"
    n = 2
    while path.exists() or path.with_name(path.name + ".keys").exists():
        path = folder / f"{base}-{n}.db"
        n += 1
    return path


def fill_province_combo(province_combo, commune_combo=None) -> None:
    """The official provinces (after an empty first choice); both lists show 20 lines."""
    province_combo.addItem("", None)
    for province in codes.provinces():
        province_combo.addItem(province["name"], province["code"])
    province_combo.setMaxVisibleItems(20)
    if commune_combo is not None:
        commune_combo.setMaxVisibleItems(20)
        commune_combo.setMinimumContentsLength(28)


def fill_commune_combo(combo, communes: list[dict[str, str]], typed: str) -> None:
    """Fill ``combo`` with the communes whose name holds every word typed (tones optional),
    keeping the current choice when it is still listed (no change signals meanwhile)."""
    words = fold(typed).split()
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for commune in communes:
        if all(word in fold(commune["name"]) for word in words):
            combo.addItem(commune["name"], commune["code"])
    index = combo.findData(keep) if keep else -1
    combo.setCurrentIndex(index if index >= 0 else (0 if words and combo.count() else -1))
    combo.blockSignals(False)


def setup_commune(
    path: Path,
    passphrase: str,
    commune_code: str,
    full_name: str,
    username: str,
    profile_data: dict[str, Any],
    box: dict[str, Any],
):
    """:func:`ctxh_desktop.services.setup.set_up_commune` in the worker thread; the recovery code
    is put in ``box``, the signed-in session returned."""
    done = setup.set_up_commune(
        path, passphrase, commune_code, setup.Admin(username, full_name), profile_data
    )
    box["recovery"] = done.recovery_code
    return done.session


def recovery_html(code: str, commune_name: str, path: str) -> str:
    """The page printed for the recovery code."""
    return (
        f"<h2>{escape(_('Mã khôi phục dữ liệu CTXH Desktop'))}</h2>"
        f"<p>{escape(commune_name)}</p>"
        f"<p style='font-size:20pt;font-family:monospace'><b>{escape(code)}</b></p>"
        f"<p>{escape(_('Tệp dữ liệu: {path}').format(path=path))}</p>"
        f"<p>{escape(_('Cất tờ giấy này ở nơi an toàn, tách riêng khỏi máy tính.'))}</p>"
    )


def print_html(parent: QWidget, html: str) -> bool:
    """Ask for a printer and print ``html``; ``False`` when the person cancelled."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
    return True


# -- pages ----------------------------------------------------------------------------------------
class FormPage(QWizardPage):
    form_class: Any = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = self.form_class()
        self.form.setupUi(self)

    def retranslate(self) -> None:
        """Texts set in code (the form's own texts are retranslated by ``retranslateUi``)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
            self.retranslate()
        super().changeEvent(event)


class LanguagePage(FormPage):
    form_class = Ui_FirstRunLanguagePage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.form
        (f.enRadio if i18n.current_language() == "en" else f.viRadio).setChecked(True)
        f.viRadio.toggled.connect(lambda on: on and i18n.set_language("vi"))
        f.enRadio.toggled.connect(lambda on: on and i18n.set_language("en"))
        f.newLabel.setProperty("role", "section")
        f.languageLayout.insertSpacing(f.languageLayout.indexOf(f.kindLabel), 10)

    @property
    def office(self) -> bool:
        """Whether this machine is the receiving office's (else a commune's or a centre's)."""
        return self.form.officeRadio.isChecked()

    @property
    def centre(self) -> bool:
        """Whether this machine is a social-work centre's (it records like a commune)."""
        return self.form.centreRadio.isChecked()

    def nextId(self) -> int:
        return OFFICE_UNIT if self.office else CENTRE if self.centre else COMMUNE


class CommunePage(FormPage):
    form_class = Ui_FirstRunCommunePage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.form
        fill_province_combo(f.provinceCombo, f.communeCombo)
        self._communes: list[dict[str, str]] = []
        f.provinceCombo.currentIndexChanged.connect(self._province_changed)
        f.searchEdit.textChanged.connect(self._filter)
        f.communeCombo.currentIndexChanged.connect(self._commune_changed)
        show_error(f.errorLabel, "")
        self._province_changed()

    @property
    def commune(self) -> dict[str, str] | None:
        code = self.form.communeCombo.currentData()
        return codes.commune(code) if code else None

    def _province_changed(self) -> None:
        code = self.form.provinceCombo.currentData()
        self._communes = codes.communes(code) if code else []
        self.form.searchEdit.setEnabled(bool(code))
        self.form.communeCombo.setEnabled(bool(code))
        self._filter()

    def _filter(self) -> None:
        fill_commune_combo(self.form.communeCombo, self._communes, self.form.searchEdit.text())
        self._commune_changed()

    def _commune_changed(self) -> None:
        commune = self.commune
        self.form.codeLabel.setText(
            _("Mã xã: {code} — {province}").format(
                code=commune["code"], province=commune["province_name"]
            )
            if commune
            else ""
        )
        show_error(self.form.errorLabel, "")
        self.completeChanged.emit()

    def retranslate(self) -> None:
        self._commune_changed()

    def isComplete(self) -> bool:
        return self.commune is not None


class PeoplePage(FormPage):
    form_class = Ui_FirstRunPeoplePage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.form
        f.signerTitleEdit.setText("CHỦ TỊCH")
        f.collaboratorEdit.textChanged.connect(self._name_changed)
        f.chairmanEdit.textChanged.connect(lambda _t: self.completeChanged.emit())
        show_error(f.errorLabel, "")
        self._name_changed()

    @property
    def username(self) -> str:
        return username_for(self.form.collaboratorEdit.text())

    def _name_changed(self) -> None:
        name = self.form.collaboratorEdit.text().strip()
        self.form.usernameLabel.setText(
            _("Tên đăng nhập của bạn sẽ là: <b>{username}</b>").format(username=self.username)
            if name
            else _("Tên này được dùng để tạo tài khoản quản trị của bạn.")
        )
        self.completeChanged.emit()

    def retranslate(self) -> None:
        self._name_changed()

    def isComplete(self) -> bool:
        f = self.form
        return bool(f.collaboratorEdit.text().strip() and f.chairmanEdit.text().strip())


class PassphraseEntry(FormPage):
    """A passphrase typed twice, with a strength hint (the pages differ in what happens next)."""

    form_class = Ui_FirstRunPassphrasePage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.form
        f.passphraseEdit.textChanged.connect(self._typed)
        f.confirmEdit.textChanged.connect(self._typed)
        f.showCheck.toggled.connect(self._show)
        show_error(f.errorLabel, "")
        self.busy = False
        self._typed()

    @property
    def passphrase(self) -> str:
        return self.form.passphraseEdit.text()

    def _show(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.form.passphraseEdit.setEchoMode(mode)
        self.form.confirmEdit.setEchoMode(mode)

    def _typed(self) -> None:
        text = self.form.passphraseEdit.text()
        score, hint = passphrases.strength(text)
        colours = {0: "#b3261e", 1: "#9a6700", 2: "#1b7f3b", 3: "#1b7f3b"}
        self.form.strengthLabel.setText(hint if text else "")
        self.form.strengthLabel.setStyleSheet(f"color: {colours[score]};")
        show_error(self.form.errorLabel, "")
        self.completeChanged.emit()

    def retranslate(self) -> None:
        self._typed()

    def isComplete(self) -> bool:
        return not self.busy and passphrases.problem(self.form.passphraseEdit.text()) is None

    def refused(self) -> bool:
        """Show why the passphrase cannot be used (and put the cursor there); ``False`` if fine."""
        f = self.form
        if f.passphraseEdit.text() != f.confirmEdit.text():
            show_error(f.errorLabel, _("Hai lần nhập mật khẩu không giống nhau."))
            f.confirmEdit.selectAll()
            f.confirmEdit.setFocus()
            return True
        return False

    def validatePage(self) -> bool:
        return not self.refused()


class PassphrasePage(PassphraseEntry):
    """The last step before creation (a commit page): the database is made when it is left."""

    created = Signal()

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setCommitPage(True)
        self.done = False

    def retranslate(self) -> None:
        super().retranslate()
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Tạo dữ liệu"))
        if self.busy:
            self.form.busyLabel.setText(_("Đang tạo dữ liệu, xin chờ…"))

    def validatePage(self) -> bool:
        if self.done:
            return True
        if self.refused():
            return False
        self._set_busy(True)
        self.create(self.passphrase)
        return False

    def create(self, passphrase: str) -> None:
        """Start creating the database in the worker (``_created`` or ``_failed`` follows)."""
        self.wizard_.create_database(passphrase, self._created, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.form.busyLabel.setText(_("Đang tạo dữ liệu, xin chờ…") if busy else "")
        for edit in (self.form.passphraseEdit, self.form.confirmEdit):
            edit.setEnabled(not busy)
        self.completeChanged.emit()

    def _created(self) -> None:
        self.done = True
        self._set_busy(False)
        self.wizard_.next()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        show_error(self.form.errorLabel, error_text(exc))


class RecoveryPage(FormPage):
    form_class = Ui_FirstRunRecoveryPage

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        f = self.form
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSize(17)
        font.setBold(True)
        f.codeLabel.setFont(font)
        f.codeLabel.setStyleSheet(
            "border: 2px solid #1f5fa8; border-radius: 6px; padding: 14px; background: #f3f7fc;"
        )
        f.printButton.clicked.connect(self.print_code)
        f.confirmCheck.toggled.connect(lambda _on: self.completeChanged.emit())
        self.printed = False

    def initializePage(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.form.codeLabel.setText(self.wizard_.recovery_code)  # the form's texts clear it
        path = self.wizard_.path
        self.form.pathLabel.setText(
            _("Dữ liệu được lưu tại: {path}").format(path=str(path)) if path else ""
        )

    def print_code(self) -> None:
        commune = self.wizard_.unit() or {}
        html = recovery_html(
            self.wizard_.recovery_code, commune.get("name", ""), str(self.wizard_.path)
        )
        if print_html(self, html):
            self.printed = True

    def isComplete(self) -> bool:
        return self.form.confirmCheck.isChecked()


class OfficePage(FormPage):
    form_class = Ui_FirstRunOfficePage

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        f = self.form
        f.browseButton.clicked.connect(self.browse)
        f.installButton.clicked.connect(self.install)
        f.fingerprintEdit.textChanged.connect(lambda _t: self._update())
        self.installed: dict[str, Any] | None = None
        self._config: dict[str, Any] | None = None
        show_error(f.statusLabel, "")
        self._update()

    def nextId(self) -> int:
        return -1  # the commune's last page (the office's pages follow in the numbering)

    def _update(self) -> None:
        f = self.form
        f.installButton.setEnabled(
            self._config is not None and self.installed is None and bool(f.fingerprintEdit.text())
        )

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn tệp cấu hình của đơn vị tiếp nhận"), str(export_dir())
        )
        if path:
            self.choose_file(path)

    def choose_file(self, path: str) -> None:
        """Read the unit named in a config file (nothing installed yet)."""
        self.form.fileEdit.setText(path)
        self._config = None
        self.form.unitLabel.setText("")
        self.wizard_.worker.run(
            exchange.describe_config, path, on_done=self._described, on_error=self._error
        )

    def _described(self, info: dict[str, Any]) -> None:
        self._config = info
        self.form.unitLabel.setText(
            _("Đơn vị: <b>{name}</b> (mã {code})").format(
                name=escape(info["unit_name"]), code=escape(info["unit_code"])
            )
        )
        show_error(self.form.statusLabel, "")
        self._update()
        self.form.fingerprintEdit.setFocus()

    def install(self) -> None:

        self.form.installButton.setEnabled(False)
        self.wizard_.worker.call(
            exchange.trust_office,
            self.form.fileEdit.text(),
            self.form.fingerprintEdit.text(),
            on_done=self._installed,
            on_error=self._error,
        )

    def _installed(self, cfg: dict[str, Any]) -> None:
        self.installed = cfg
        f = self.form
        f.statusLabel.setText(
            _("Đã cài cấu hình của {name}.").format(name=cfg.get("unit_name", ""))
        )
        f.statusLabel.setStyleSheet("color: #1b7f3b;")
        f.statusLabel.setVisible(True)
        for widget in (f.browseButton, f.fingerprintEdit):
            widget.setEnabled(False)
        self._update()

    def _error(self, exc: Exception) -> None:
        show_error(self.form.statusLabel, error_text(exc))
        self._update()
