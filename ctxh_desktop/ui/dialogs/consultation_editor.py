"""Quick entry of one counselling session, made for the keyboard.

The time defaults to now; the person is found as you type (or the session is anonymous, or a group
of several people); code lists answer to the first letters typed, with or without tones; topics are
ticked with the space bar. Enter saves, Shift+Enter makes a new line in the summary, Esc cancels.
Errors appear in red under their field and nothing is saved until every field is right.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QLineEdit,
    QWidget,
)

from ctxh_desktop.core import records
from ctxh_desktop.core.errors import ValidationError
from ctxh_desktop.core.text import fold
from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.services import cases, counselling, people
from ctxh_desktop.ui.common import (
    checked_codes,
    fill_checklist,
    fill_combo,
    set_combo,
)
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors, plain_enter
from ctxh_desktop.ui.dialogs.providers import ProviderChooser
from ctxh_desktop.ui.forms.dialogs.ui_consultation_editor import Ui_ConsultationEditor

SEARCH_DELAY_MS = 150
SUGGESTIONS = 15
MOMENT_FORMAT = "yyyy-MM-ddTHH:mm"
#: service field → the error label under it
ERROR_LABELS = {
    "at": "atError",
    "person_id": "personError",
    "anonymous": "personError",
    "group_size": "personError",
    "channel": "channelError",
    "topics": "topicsError",
    "target_group": "targetGroupError",
    "duration_min": "durationError",
    "outcome": "outcomeError",
    "referral_provider_id": "providerError",
    "case_id": "caseError",
    "summary": "summaryError",
}


# -- shared keyboard helpers -------------------------------------------------------------------
class TypeAhead(QObject):
    """Lets a non-editable combo box jump to the entry matching the letters typed, tones ignored
    ("dien thoai" finds "Qua điện thoại"); Space still opens the list when nothing was typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._combo: QComboBox | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._reset)

    def install(self, *combos: QComboBox) -> None:
        for combo in combos:
            combo.installEventFilter(self)

    def _reset(self) -> None:
        self._typed = ""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QComboBox):
            return False
        assert isinstance(event, QKeyEvent)
        text = event.text()
        blocked = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if not text or not text.isprintable() or event.modifiers() & blocked:
            return False
        if obj is not self._combo:
            self._combo = obj
            self._typed = ""
        if text == " " and not self._typed:
            return False
        self._typed += text
        self._timer.start(max(QApplication.keyboardInputInterval(), 1000))
        index = find_item(obj, self._typed)
        if index >= 0:
            obj.setCurrentIndex(index)
        return True


def find_item(combo: QComboBox, typed: str) -> int:
    """The first entry starting with ``typed``, else the first with a word starting with it."""
    wanted = fold(typed).strip()
    if not wanted:
        return -1
    later = -1
    for index in range(combo.count()):
        if combo.itemData(index) is None:
            continue
        label = fold(combo.itemText(index))
        if label.startswith(wanted):
            return index
        if later < 0 and f" {wanted}" in f" {label}":
            later = index
    return later


def person_line(person: dict[str, Any]) -> str:
    """A person as one suggestion line: the name, then birth date and phone to tell namesakes apart."""
    extra = [
        format_date(person.get("birth_date")),
        person.get("phone") or "",
        person.get("address_detail") or "",
    ]
    details = " · ".join(x for x in extra if x)
    name = person.get("full_name") or ""
    return f"{name} — {details}" if details else name


class PersonFinder(QObject):
    """Search-as-you-type over the people register behind a line edit.

    Typing asks the service for the best matches (tones optional); choosing a suggestion with the
    arrow keys and Enter (or the mouse) sets ``person`` and emits ``chosen``; typing again clears it.
    """

    chosen = Signal(object)

    def __init__(self, worker, edit: QLineEdit, describe=person_line, parent=None) -> None:
        super().__init__(parent or edit)
        self.worker = worker
        self.edit = edit
        self.describe = describe
        self.person: dict[str, Any] | None = None
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(edit)
        self.completer.activated[QModelIndex].connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self._asked: str | None = None
        self._answered: str | None = None
        edit.textEdited.connect(self._edited)

    @property
    def idle(self) -> bool:
        """The suggestions answer what is typed."""
        text = self.edit.text().strip()
        return not self._timer.isActive() and (self.person is not None or self._answered == text)

    @property
    def popup(self):
        return self.completer.popup()

    def _edited(self, _text: str) -> None:
        if self.person is not None:
            self.person = None
            self.chosen.emit(None)
        self._timer.start()

    def _search(self) -> None:
        text = self.edit.text().strip()
        self._asked = text
        if not text:
            self._answered = text
            self.model.clear()
            self.popup.hide()
            return
        self.worker.call(
            people.list_people,
            query=text,
            limit=SUGGESTIONS,
            on_done=lambda rows: self._show(text, rows),
        )

    def _show(self, text: str, rows: list[dict[str, Any]]) -> None:
        if text != self._asked:
            return
        self._answered = text
        self.model.clear()
        for row in rows:
            item = QStandardItem(self.describe(row))
            item.setData(row, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.model.appendRow(item)
        if rows and self.edit.hasFocus() and self.person is None:
            self.completer.setCompletionPrefix("")
            self.completer.complete()
        elif not rows:
            self.popup.hide()

    def _activated(self, index) -> None:
        row = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if row is None:
            return
        self.set_person(row)

    def set_person(self, person: dict[str, Any] | None) -> None:
        """Show a chosen person in the line edit (``None`` empties it)."""
        self._timer.stop()
        self.person = person
        text = (person or {}).get("full_name") or ""
        self.edit.setText(text)
        self._answered = text
        self.popup.hide()
        self.chosen.emit(person)


# -- saving (in the worker thread) -------------------------------------------------------------
def save_consultation(
    session,
    data: dict[str, Any],
    case_code: str | None = None,
    form_errors: dict[str, str] | None = None,
    consultation_id: str | None = None,
) -> dict[str, Any]:
    """Find the linked case by its code, then log the session (or correct the session
    ``consultation_id``); every problem is reported at once (the form's own, an unknown case code
    and the service's checks) and nothing is saved."""
    errors = dict(form_errors or {})
    data = dict(data)
    if case_code:
        found = [
            c
            for c in cases.list_cases(session, query=case_code, limit=50)
            if str(c.get("code") or "").casefold() == case_code.casefold()
        ]
        if found:
            data["case_id"] = found[0]["id"]
        else:
            errors["case_id"] = _("Không tìm thấy ca có mã {code}.").format(code=case_code)
    if errors:
        try:
            records.validate_consultation(data, dt.datetime.now())
        except ValidationError as exc:
            errors = {**exc.errors, **errors}
        raise ValidationError(errors)
    if consultation_id:
        return counselling.update_consultation(session, consultation_id, data)
    return counselling.log_consultation(session, data)


# -- the dialog --------------------------------------------------------------------------------
class ConsultationEditor(FieldErrors, QDialog):
    """The quick-entry form. ``saved`` carries the stored session."""

    ERROR_LABELS = ERROR_LABELS
    saved = Signal(dict)

    def __init__(
        self, worker, parent: QWidget | None = None, existing: dict[str, Any] | None = None
    ) -> None:
        super().__init__(parent)
        f = self.set_up_form(Ui_ConsultationEditor(), worker, existing)
        f.hintLabel.setProperty("role", "caption")
        f.atEdit.setDateTime(QDateTime.currentDateTime())
        f.atEdit.setMaximumDateTime(QDateTime.currentDateTime().addSecs(3600))
        fill_combo(f.channelCombo, "consultation_channels")
        fill_combo(f.targetGroupCombo, "target_groups")
        fill_combo(f.outcomeCombo, "consultation_outcomes")
        fill_checklist(f.topicsList, "consultation_topics", [])
        self.type_ahead = TypeAhead(self)
        self.type_ahead.install(f.channelCombo, f.targetGroupCombo, f.outcomeCombo, f.providerCombo)
        self.finder = PersonFinder(worker, f.personEdit, parent=self)
        self.providers = ProviderChooser(worker, f.providerCombo, f.providerButton, self)
        f.providerButton.setAutoDefault(False)
        f.anonymousCheck.toggled.connect(self._anonymous)
        f.summaryEdit.installEventFilter(self)
        if existing is not None:
            self._fill_from(existing)
        self.clear_errors()
        f.personEdit.setFocus()

    def _fill_from(self, row: dict[str, Any]) -> None:
        """Correcting a session: the form shows it as saved (the header says so)."""
        f = self.form
        self.setWindowTitle(_("Sửa buổi tư vấn"))
        f.headerLabel.setText(_("Sửa buổi tư vấn"))
        f.atEdit.setDateTime(QDateTime.fromString(row["at"], "yyyy-MM-ddTHH:mm"))
        f.anonymousCheck.setChecked(bool(row.get("anonymous")))
        if row.get("person_id"):
            self.finder.person = {"id": row["person_id"], "full_name": row.get("person_name")}
            f.personEdit.setText(row.get("person_name") or "")
        f.groupSizeSpin.setValue(int(row.get("group_size") or 0))
        set_combo(f.channelCombo, row.get("channel"))
        set_combo(f.targetGroupCombo, row.get("target_group"))
        set_combo(f.outcomeCombo, row.get("outcome"))
        fill_checklist(f.topicsList, "consultation_topics", list(row.get("topics") or []))
        f.durationSpin.setValue(int(row.get("duration_min") or 0))
        self.providers.reload(row.get("referral_provider_id"))
        f.summaryEdit.setPlainText(row.get("summary") or "")

    def _anonymous(self, on: bool) -> None:
        edit = self.form.personEdit
        if on:
            self.finder.set_person(None)
        edit.setEnabled(not on)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.form.summaryEdit and plain_enter(event):
            self.save()
            return True
        return super().eventFilter(obj, event)

    # -- values -----------------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        """What the form holds, as the service expects it."""
        f = self.form
        person = self.finder.person
        duration = f.durationSpin.value()
        return {
            "at": f.atEdit.dateTime().toString(MOMENT_FORMAT),
            "person_id": None if f.anonymousCheck.isChecked() or not person else person["id"],
            "anonymous": f.anonymousCheck.isChecked(),
            "group_size": f.groupSizeSpin.value(),
            "channel": f.channelCombo.currentData(),
            "topics": checked_codes(f.topicsList),
            "target_group": f.targetGroupCombo.currentData(),
            "duration_min": duration or None,
            "outcome": f.outcomeCombo.currentData(),
            "referral_provider_id": self.providers.provider_id(),
            "summary": f.summaryEdit.toPlainText().strip() or None,
        }

    def form_errors(self) -> dict[str, str]:
        """What the form itself can tell: a name typed but no person chosen from the suggestions."""
        f = self.form
        if f.personEdit.isEnabled() and f.personEdit.text().strip() and self.finder.person is None:
            return {
                "person_id": _(
                    "Chọn người trong danh sách gợi ý (mũi tên xuống rồi Enter), hoặc xóa tên đã gõ."
                )
            }
        return {}

    # -- errors -----------------------------------------------------------------------------
    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        """Check and save in the background; the dialog closes only when the session is stored."""
        if not self.save_button.isEnabled():
            return
        self.start_save(
            save_consultation,
            self.data(),
            self.form.caseEdit.text().strip() or None,
            self.form_errors(),
            self.existing["id"] if self.existing else None,
        )
