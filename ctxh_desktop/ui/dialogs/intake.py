"""Intake (tiếp nhận thông tin): record a report and open a case, made for the keyboard.

Kind (child protection under Decree 56/2017 or other clients under Circular 02/2020), the person
found as you type (or registered on the spot with the person form), when the report was received
(now by default), its source and reporter, the problems, emergency or not, the protection level of
a child-protection case and a short summary. Enter saves, Esc cancels; one call to
``services.cases.open_case`` opens the case at its first step, its deadlines counted from the
moment received. A child-protection case for someone who is not a child is refused at the person
field as soon as both are chosen, and again by the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QObject, QTime, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ctxh_desktop.core import workflow
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import cases
from ctxh_desktop.ui.common import checked_codes, fill_checklist, fill_combo, show_error
from ctxh_desktop.ui.dialogs.consultation_editor import (
    MOMENT_FORMAT,
    PersonFinder,
    TypeAhead,
    person_line,
)
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors, plain_enter
from ctxh_desktop.ui.forms.dialogs.ui_intake import Ui_IntakeDialog

#: service field → the error label under it
ERROR_LABELS = {
    "kind": "kindError",
    "person_id": "personError",
    "received_at": "receivedError",
    "source": "sourceError",
    "problem_types": "problemsError",
    "protection_level": "levelError",
    "summary": "summaryError",
}
#: The two kinds of case, each with the text it is governed by.
KIND_CHOICES = (
    ("child_protection", N_("Bảo vệ trẻ em (Nghị định 56/2017/NĐ-CP)")),
    ("general", N_("Quản lý trường hợp (Thông tư 02/2020/TT-BLĐTBXH)")),
)


class IntakeDialog(FieldErrors, QDialog):
    """The new-report form. ``saved`` carries the opened case (as ``cases.get_case`` gives it)."""

    ERROR_LABELS = ERROR_LABELS
    saved = Signal(dict)

    def __init__(
        self, worker, person: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_IntakeDialog()
        self.form.setupUi(self)
        f = self.form
        f.headerLabel.setProperty("role", "section")
        for label in (f.hintLabel, f.levelHint, f.personInfo):
            label.setProperty("role", "caption")
        f.fieldsGrid.setColumnStretch(1, 1)
        f.problemsList.setWrapping(True)  # two columns: every problem in sight
        self._fill_lists()
        now = QDateTime.currentDateTime()
        now.setTime(QTime(now.time().hour(), now.time().minute()))
        f.receivedEdit.setDateTime(now)
        f.receivedEdit.setMaximumDateTime(now.addSecs(3600))
        self.type_ahead = TypeAhead(self)
        self.type_ahead.install(f.kindCombo, f.sourceCombo, f.levelCombo)
        self.finder = PersonFinder(worker, f.personEdit, parent=self)
        self.finder.chosen.connect(self._person_chosen)
        f.kindCombo.currentIndexChanged.connect(self._kind_changed)
        f.receivedEdit.dateTimeChanged.connect(lambda _moment: self._check_person())
        f.registerButton.setAutoDefault(False)
        f.registerButton.clicked.connect(self.register_person)
        f.summaryEdit.installEventFilter(self)
        self.save_button.setDefault(True)
        f.buttonBox.accepted.connect(self.save)
        f.buttonBox.rejected.connect(self.reject)
        self.person_editor = None
        self.clear_errors()
        f.personInfo.hide()
        if person:
            not_a_child = workflow.child_case_error("child_protection", person, self._received())
            f.kindCombo.setCurrentIndex(1 if not_a_child else 0)
            self.finder.set_person(person)
        self._kind_changed()
        self.setMinimumSize(480, 360)

    def _fill_lists(self) -> None:
        f = self.form
        keep = f.kindCombo.currentData()
        f.kindCombo.clear()
        for code, label in KIND_CHOICES:
            f.kindCombo.addItem(_(label), code)
        f.kindCombo.setCurrentIndex(max(f.kindCombo.findData(keep), 0))
        fill_combo(f.sourceCombo, "case_sources")
        fill_combo(f.levelCombo, "protection_levels", blank=_("Chưa xác định"))
        fill_checklist(f.problemsList, "problem_types")

    # -- reactions --------------------------------------------------------------------------
    def _received(self) -> str:
        return self.form.receivedEdit.dateTime().toString(MOMENT_FORMAT)

    def _kind_changed(self, _index: int = 0) -> None:
        f = self.form
        child = f.kindCombo.currentData() == "child_protection"
        for widget in (f.levelLabel, f.levelCombo, f.levelHint):
            widget.setEnabled(child)
        if not child:
            f.levelCombo.setCurrentIndex(0)
        self._check_person()

    def _person_chosen(self, person: dict[str, Any] | None) -> None:
        self.form.personInfo.setText(person_line(person) if person else "")
        self.form.personInfo.setVisible(person is not None)
        self._check_person()

    def _check_person(self) -> None:
        """Say at once, at the person field, when a child-protection case is not for this person."""
        refused = workflow.child_case_error(
            self.form.kindCombo.currentData(), self.finder.person, self._received()
        )
        show_error(self.form.personError, refused)

    def register_person(self) -> None:
        """Register someone not yet in the register, then choose them here."""
        from ctxh_desktop.ui.dialogs.person_editor import PersonEditor

        dialog = PersonEditor(self.worker, None, self)
        typed = self.form.personEdit.text().strip()
        if typed and self.finder.person is None:
            dialog.edit("full_name").setText(typed)
        dialog.saved.connect(self._registered)
        dialog.open()
        self.person_editor = dialog

    def _registered(self, person: dict[str, Any]) -> None:
        self.finder.set_person(person)
        self.activateWindow()
        self.form.receivedEdit.setFocus()  # on to the next field

    # -- values -----------------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        """What the form holds, as ``cases.open_case`` expects it."""
        f, person = self.form, self.finder.person
        return {
            "kind": f.kindCombo.currentData(),
            "person_id": person["id"] if person else None,
            "received_at": self._received(),
            "source": f.sourceCombo.currentData(),
            "reporter_name": f.reporterNameEdit.text().strip() or None,
            "reporter_contact": f.reporterContactEdit.text().strip() or None,
            "reporter_relation": f.reporterRelationEdit.text().strip() or None,
            "problem_types": checked_codes(f.problemsList),
            "emergency": f.emergencyCheck.isChecked(),
            "protection_level": f.levelCombo.currentData() if f.levelCombo.isEnabled() else None,
            "summary": f.summaryEdit.toPlainText().strip() or None,
        }

    def form_errors(self) -> dict[str, str]:
        """What the form itself can tell: a name typed but nobody chosen from the suggestions."""
        if self.form.personEdit.text().strip() and self.finder.person is None:
            return {
                "person_id": _(
                    "Chọn người trong danh sách gợi ý (mũi tên xuống rồi Enter), "
                    "hoặc bấm “Đăng ký người mới…”."
                )
            }
        return {}

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        """Open the case in the background; the dialog closes only when the case is stored."""
        if not self.save_button.isEnabled():
            return
        errors = self.form_errors()
        if errors:
            self.show_errors(errors)
            self.form.personEdit.setFocus()
            return
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.worker.call(
            cases.open_case, self.data(), on_done=self._on_saved, on_error=self._on_error
        )

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.form.summaryEdit and plain_enter(event):
            self.save()
            return True
        return super().eventFilter(obj, event)

    def showEvent(self, event) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:  # a small screen: the fields scroll, the buttons stay in sight
            frame = self.frameGeometry().height() - self.geometry().height()
            height = min(self.height(), screen.height() - max(frame, 32))
            self.resize(min(self.width(), screen.width()), max(height, self.minimumHeight()))
        super().showEvent(event)
        self.form.kindCombo.setFocus()  # the keyboard starts at the first field

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
            self._fill_lists()
        super().changeEvent(event)
