"""The first-run wizard's page for a social-work centre (Trung tâm công tác xã hội): its province,
its name and its number in the province. The centre then goes through the commune's pages (names,
passphrase, recovery code, the office's config), signed by its director instead of a chairman."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctxh_desktop.core import centres, codes
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import setup
from ctxh_desktop.ui.common import show_error
from ctxh_desktop.ui.dialogs.first_run_pages import PEOPLE, FormPage, fill_province_combo
from ctxh_desktop.ui.forms.dialogs.ui_first_run_centre import Ui_FirstRunCentrePage

if TYPE_CHECKING:
    from ctxh_desktop.ui.dialogs.first_run import FirstRunWizard


def setup_centre(
    path: Path,
    passphrase: str,
    centre: dict[str, str],
    full_name: str,
    username: str,
    profile_data: dict[str, Any],
    box: dict[str, Any],
):
    """:func:`ctxh_desktop.services.setup.set_up_centre` in the worker thread; the recovery code
    is put in ``box``, the signed-in session returned."""
    number = int(centre["code"].rsplit("-", 1)[1])
    done = setup.set_up_centre(
        path,
        passphrase,
        centre["province_code"],
        centre["name"],
        number,
        setup.Admin(username, full_name),
        profile_data,
    )
    box["recovery"] = done.recovery_code
    return done.session


class CentrePage(FormPage):
    """Province (official list), name (suggested from the province, editable) and number."""

    form_class = Ui_FirstRunCentrePage

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        f = self.form
        fill_province_combo(f.provinceCombo)
        self._suggested = ""
        f.provinceCombo.currentIndexChanged.connect(self._province_changed)
        f.numberSpin.valueChanged.connect(self._province_changed)
        f.nameEdit.textChanged.connect(lambda _t: self._changed())
        show_error(f.errorLabel, "")
        self._changed()

    @property
    def centre(self) -> dict[str, str] | None:
        """The centre as chosen (``core.centres.new_centre``), ``None`` while incomplete."""
        f = self.form
        province = f.provinceCombo.currentData()
        if not province:
            return None
        try:
            return centres.new_centre(province, f.nameEdit.text(), f.numberSpin.value())
        except UserError:
            return None

    def _province_changed(self) -> None:
        f = self.form
        province = f.provinceCombo.currentData()
        name = codes.province_name(province) if province else None
        suggested = centres.default_name(name, f.numberSpin.value()) if name else ""
        if f.nameEdit.text().strip() in ("", self._suggested):
            f.nameEdit.setText(suggested)
        self._suggested = suggested
        self._changed()

    def _changed(self) -> None:
        f = self.form
        province = f.provinceCombo.currentData()
        f.codeLabel.setText(
            _("Mã đơn vị: {code} (không trùng mã xã nào)").format(
                code=centres.centre_code(province, f.numberSpin.value())
            )
            if province
            else ""
        )
        show_error(f.errorLabel, "")
        self.completeChanged.emit()

    def retranslate(self) -> None:
        self._changed()

    def isComplete(self) -> bool:
        return self.centre is not None

    def validatePage(self) -> bool:
        """The names page asks for the centre's director, who signs its reports."""
        people = self.wizard_.people_page
        people.form.chairmanLabel.setText(_("Họ và tên Giám đốc trung tâm (người ký):"))
        people.setSubTitle(_("Các tên này được in trên báo cáo và giấy tờ của trung tâm."))
        if people.form.signerTitleEdit.text() in ("", "CHỦ TỊCH"):
            people.form.signerTitleEdit.setText("GIÁM ĐỐC")
        return True

    def nextId(self) -> int:
        return PEOPLE
