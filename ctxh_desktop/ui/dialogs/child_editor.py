"""Put a child on the register: find the person, tick the groups and sub-groups, registration day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QDialog, QTreeWidgetItem, QWidget

from ctxh_desktop.core import codes, records, values
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.indicators import AT_RISK
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.services import children
from ctxh_desktop.ui.common import (
    checked_codes,
    fill_checklist,
    item_label,
)
from ctxh_desktop.ui.dialogs.consultation_editor import PersonFinder
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors
from ctxh_desktop.ui.forms.dialogs.ui_child_editor import Ui_ChildEditor

#: service field → the error label under it
ERROR_LABELS = {
    "person_id": "personError",
    "birth_date": "personError",
    "groups": "groupsError",
    "extra_groups": "extraGroupsError",
    "registered_on": "registeredError",
    "notes": "notesError",
}


def group_letter(code: str) -> str:
    """The law's letter of a top-level group (the code ``dd`` is the letter đ); "NC" (nguy cơ)
    for the register's category of children at risk, which the law gives no letter."""
    if code == AT_RISK:
        return _("NC")
    return "đ" if code == "dd" else code


def age_text(birth_date: str | None, on: dt.date | None = None) -> str:
    """ "n tuổi" for a (possibly partial) birth date; empty when unknown."""
    if not birth_date:
        return ""
    try:
        years = values.age_on(values.parse_date(birth_date), on or dt.date.today())
    except (UserError, ValueError):
        return ""
    return ngettext("{n} tuổi", "{n} tuổi", years).format(n=years)


def child_line(person: dict[str, Any]) -> str:
    """A person as a suggestion when looking for a child: name, birth date and age."""
    name = person.get("full_name") or ""
    born = person.get("birth_date")
    if not born:
        return f"{name} — {_('chưa có ngày sinh')}"
    return f"{name} — {format_date(born)} ({age_text(born)})"


def save_child(session, person_id: str | None, data: dict[str, Any]) -> dict[str, Any]:
    """Register the child; without a chosen person, report that with the form's other problems."""
    if person_id:
        return children.register_child(session, person_id, data)
    errors = {"person_id": _("Chọn trẻ trong danh sách gợi ý (mũi tên xuống rồi Enter).")}
    today = dt.date.today()
    try:
        records.validate_child_profile(data, today.isoformat(), today)
    except ValidationError as exc:
        errors = {**exc.errors, **errors}
    raise ValidationError(errors)


class ChildEditor(FieldErrors, QDialog):
    """The "Thêm trẻ" form. ``saved`` carries the new register entry."""

    ERROR_LABELS = ERROR_LABELS
    saved = Signal(dict)

    def __init__(
        self, worker, parent: QWidget | None = None, existing: dict[str, Any] | None = None
    ) -> None:
        super().__init__(parent)
        f = self.set_up_form(Ui_ChildEditor(), worker, existing)
        f.personInfo.setProperty("role", "caption")
        self.finder = PersonFinder(worker, f.personEdit, describe=child_line, parent=self)
        self.finder.chosen.connect(self._person_chosen)
        self._fill_groups()
        fill_checklist(f.extraGroupsList, "child_extra_groups", [])
        today = QDate.currentDate()
        f.registeredEdit.setDate(today)
        f.registeredEdit.setMaximumDate(today)
        f.groupsTree.itemChanged.connect(self._group_changed)
        self._person_chosen(None)
        self.clear_errors()
        f.personEdit.setFocus()
        if existing is not None:
            self._fill_from(existing)

    def _fill_from(self, child: dict[str, Any]) -> None:
        """Correcting a register entry: its child stays, its groups, date and notes change."""
        f = self.form
        self.setWindowTitle(_("Sửa mục trong sổ theo dõi"))
        f.headerLabel.setText(_("Sửa mục trong sổ theo dõi"))
        person = child.get("person") or {}
        self.finder.person = person
        f.personEdit.setText(person.get("full_name") or "")
        f.personEdit.setEnabled(False)
        self._person_chosen(person)
        for code in [*(child.get("groups") or [])]:
            if code in self.group_items():
                self.set_checked(code)
        fill_checklist(
            f.extraGroupsList, "child_extra_groups", list(child.get("extra_groups") or [])
        )
        if child.get("registered_on"):
            f.registeredEdit.setDate(QDate.fromString(child["registered_on"], "yyyy-MM-dd"))
        f.notesEdit.setPlainText(child.get("notes") or "")

    # -- groups -----------------------------------------------------------------------------
    def _fill_groups(self) -> None:
        tree = self.form.groupsTree
        tree.clear()
        tree.setColumnCount(1)
        for top in codes.items("child_groups"):
            item = QTreeWidgetItem([f"{group_letter(top['code'])}. {item_label(top)}"])
            item.setData(0, Qt.ItemDataRole.UserRole, top["code"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setToolTip(0, item_label(top))
            for sub in codes.items("child_groups", parent=top["code"]):
                child = QTreeWidgetItem([item_label(sub)])
                child.setData(0, Qt.ItemDataRole.UserRole, sub["code"])
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Unchecked)
                child.setToolTip(0, item_label(sub))
                item.addChild(child)
            tree.addTopLevelItem(item)

    def _group_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        """Ticking a sub-group ticks its group (the law's group always comes with it)."""
        parent = item.parent()
        if parent is not None and item.checkState(0) == Qt.CheckState.Checked:
            parent.setCheckState(0, Qt.CheckState.Checked)
            parent.setExpanded(True)
        elif parent is None and item.checkState(0) == Qt.CheckState.Checked:
            item.setExpanded(True)

    def group_items(self) -> dict[str, QTreeWidgetItem]:
        tree = self.form.groupsTree
        found = {}
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            found[top.data(0, Qt.ItemDataRole.UserRole)] = top
            for j in range(top.childCount()):
                sub = top.child(j)
                found[sub.data(0, Qt.ItemDataRole.UserRole)] = sub
        return found

    def checked_groups(self) -> list[str]:
        return [
            code
            for code, item in self.group_items().items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_checked(self, code: str, on: bool = True) -> None:
        item = self.group_items()[code]
        item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # -- person -----------------------------------------------------------------------------
    def _person_chosen(self, person: dict[str, Any] | None) -> None:
        info = self.form.personInfo
        if person is None:
            info.setText(_("Trẻ em là người dưới 16 tuổi; cần có ngày sinh trong hồ sơ người dân."))
        else:
            info.setText(child_line(person))

    # -- values and saving ------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        f = self.form
        return {
            "groups": self.checked_groups(),
            "extra_groups": checked_codes(f.extraGroupsList),
            "registered_on": f.registeredEdit.date().toString("yyyy-MM-dd"),
            "notes": f.notesEdit.toPlainText().strip() or None,
        }

    def save(self) -> None:
        if self.existing is not None:
            self.start_save(children.update_child, self.existing["id"], self.data())
            return
        person = self.finder.person
        self.start_save(save_child, person["id"] if person else None, self.data())
