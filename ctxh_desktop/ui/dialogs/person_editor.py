"""Add or edit a person: code lists in combo boxes, errors under their field, duplicate warning."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.services import people
from ctxh_desktop.ui.common import (
    checked_codes,
    fill_checklist,
    fill_combo,
    set_combo,
    show_error,
)
from ctxh_desktop.ui.dialogs.field_errors import show_failure
from ctxh_desktop.ui.forms.dialogs.ui_person_editor import Ui_PersonEditor

TEXT_FIELDS = (
    "full_name",
    "birth_date",
    "id_number",
    "phone",
    "address_detail",
    "guardian_name",
    "guardian_phone",
)
COMBO_FIELDS = {
    "gender": "genders",
    "ethnicity": "ethnicities",
    "household_status": "household_statuses",
    "disability_level": "disability_levels",
    "assistance_category": "assistance_categories",
}
ERROR_FIELDS = (*TEXT_FIELDS, *COMBO_FIELDS, "target_groups")


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


class PersonEditor(QDialog):
    """The person form. ``saved`` carries the stored person after a successful save."""

    saved = Signal(dict)

    def __init__(self, worker, person: dict[str, Any] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.person = person
        self.form = Ui_PersonEditor()
        self.form.setupUi(self)
        self._duplicates_checked = False
        self.form.fieldsGrid.setColumnStretch(1, 1)
        self.form.fieldsGrid.setColumnStretch(3, 1)
        self.form.headerLabel.setProperty("role", "section")
        self.form.duplicateLabel.setProperty("role", "warning")
        for name, list_name in COMBO_FIELDS.items():
            combo = self.combo(name)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            fill_combo(combo, list_name)
        fill_checklist(self.form.targetGroupsList, "target_groups", [])
        if person:
            self._load(person)
        self.clear_errors()
        self.form.duplicateLabel.hide()
        self.form.buttonBox.accepted.connect(self.save)
        self.form.buttonBox.rejected.connect(self.reject)
        self.setWindowTitle(_("Sửa thông tin người dân") if person else _("Thêm người dân"))
        self.form.headerLabel.setText(self.windowTitle())

    # -- widgets ----------------------------------------------------------------------------
    def edit(self, name: str):
        return getattr(self.form, f"{_camel(name)}Edit")

    def combo(self, name: str):
        return getattr(self.form, f"{_camel(name)}Combo")

    def error_label(self, name: str):
        return getattr(self.form, f"{_camel(name)}Error")

    def _load(self, person: dict[str, Any]) -> None:
        for name in TEXT_FIELDS:
            value = person.get(name) or ""
            if name == "birth_date":
                value = format_date(value)
            self.edit(name).setText(str(value))
        for name in COMBO_FIELDS:
            set_combo(self.combo(name), person.get(name))
        fill_checklist(
            self.form.targetGroupsList, "target_groups", person.get("target_groups") or []
        )
        self.form.notesEdit.setPlainText(person.get("notes") or "")
        self.form.consentCheck.setChecked(bool(person.get("consent_share")))

    def data(self) -> dict[str, Any]:
        """What the form holds, as the service expects it."""
        out: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            out[name] = self.edit(name).text().strip() or None
        for name in COMBO_FIELDS:
            out[name] = self.combo(name).currentData()
        out["target_groups"] = checked_codes(self.form.targetGroupsList)
        out["notes"] = self.form.notesEdit.toPlainText().strip() or None
        out["consent_share"] = self.form.consentCheck.isChecked()
        return out

    # -- errors -----------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for name in ERROR_FIELDS:
            show_error(self.error_label(name), None)
        show_error(self.form.generalError, None)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the others in the general line."""
        self.clear_errors()
        general = []
        for field, message in errors.items():
            if field in ERROR_FIELDS:
                show_error(self.error_label(field), message)
            else:
                general.append(message)
        show_error(self.form.generalError, "\n".join(general))
        first = next((f for f in errors if f in TEXT_FIELDS), None)
        if first:
            self.edit(first).setFocus()

    # -- saving -----------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self.form.buttonBox.setEnabled(not busy)

    def save(self) -> None:
        """Check for duplicates once, then save; errors stay in the dialog."""
        self.clear_errors()
        data = self.data()
        self._set_busy(True)
        if not self._duplicates_checked:
            exclude = self.person["id"] if self.person else None
            self.worker.call(
                people.find_duplicates,
                data,
                exclude_id=exclude,
                on_done=lambda found: self._on_duplicates(data, found),
                on_error=lambda _exc: self._store(data),
            )
        else:
            self._store(data)

    def _on_duplicates(self, data: dict[str, Any], found: list[dict[str, Any]]) -> None:
        self._duplicates_checked = True
        if not found:
            self._store(data)
            return
        self._set_busy(False)
        names = "".join(
            f"<li>{escape(p.get('full_name') or '')} — {escape(format_date(p.get('birth_date')))}"
            f" {escape(p.get('phone') or '')}</li>"
            for p in found[:5]
        )
        self.form.duplicateLabel.setText(
            "<b>{}</b><ul>{}</ul>{}".format(
                escape(_("Có thể người này đã được ghi nhận:")),
                names,
                escape(_("Kiểm tra lại; nếu đúng là người khác, bấm Lưu lần nữa.")),
            )
        )
        self.form.duplicateLabel.show()

    def _store(self, data: dict[str, Any]) -> None:
        if self.person:
            self.worker.call(
                people.update_person,
                self.person["id"],
                data,
                on_done=self._on_saved,
                on_error=self._on_error,
            )
        else:
            self.worker.call(
                people.register_person, data, on_done=self._on_saved, on_error=self._on_error
            )

    def _on_saved(self, person: dict[str, Any]) -> None:
        self._set_busy(False)
        self.saved.emit(person)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        self._set_busy(False)
        show_failure(self, exc)

    @property
    def save_button(self):
        return self.form.buttonBox.button(QDialogButtonBox.StandardButton.Save)
