"""Add or correct an awareness or communication activity ("Thêm hoạt động…" / "Sửa…"): its day,
kind, topic, target group, participants (men, women, and how many of them children), place,
organiser and notes, saved by one call to ``services.activities``."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QLineEdit, QSpinBox, QVBoxLayout

from ctxh_desktop.core.values import MAX_PARTICIPANTS
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import activities
from ctxh_desktop.ui.common import fill_combo, set_combo
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors
from ctxh_desktop.ui.dialogs.form_rows import (
    Widgets,
    add_field,
    add_footer,
    caption,
    fields_grid,
    text_box,
)

#: the participant counts: field, label (msgid), widget name
_COUNTS = (
    ("participants_male", N_("Số người tham gia: nam"), "maleSpin"),
    ("participants_female", N_("Số người tham gia: nữ"), "femaleSpin"),
    ("participants_children", N_("Trong đó trẻ em"), "childrenSpin"),
)


class ActivityEditor(FieldErrors, QDialog):
    """``saved`` carries the stored activity."""

    ERROR_LABELS: ClassVar[dict[str, str]] = {
        "held_on": "heldOnError",
        "kind": "kindError",
        "topic": "topicError",
        "target_group": "targetError",
        "participants_male": "participants_maleError",
        "participants_female": "participants_femaleError",
        "participants_children": "participants_childrenError",
        "place": "placeError",
        "organiser": "organiserError",
        "notes": "notesError",
    }
    saved = Signal(dict)

    def __init__(self, worker, parent=None, existing: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.worker, self.existing = worker, existing
        row = existing or {}
        f = self.form = Widgets()
        self.setWindowTitle(_("Sửa hoạt động") if existing else _("Thêm hoạt động"))
        layout = QVBoxLayout(self)
        f.headerLabel = caption(
            _("Hoạt động truyền thông, nâng cao nhận thức (không tính là buổi tư vấn)"), "section"
        )
        layout.addWidget(f.headerLabel)
        grid = fields_grid()
        day = add_field(grid, f, _("Ngày tổ chức *"), "heldOnEdit", QDateEdit(), "heldOnError")
        day.setDisplayFormat("dd/MM/yyyy")
        day.setCalendarPopup(True)
        held = QDate.fromString(row.get("held_on") or "", "yyyy-MM-dd")
        day.setDate(held if held.isValid() else QDate.currentDate())
        kind = add_field(grid, f, _("Loại hoạt động *"), "kindCombo", QComboBox(), "kindError")
        fill_combo(kind, "activity_kinds")
        set_combo(kind, row.get("kind"))
        topic = add_field(grid, f, _("Chủ đề *"), "topicEdit", QLineEdit(), "topicError")
        topic.setText(row.get("topic") or "")
        topic.setPlaceholderText(_("Ví dụ: Phòng, chống xâm hại trẻ em"))
        target = add_field(grid, f, _("Nhóm đối tượng"), "targetCombo", QComboBox(), "targetError")
        fill_combo(target, "target_groups", blank=_("(Không chọn)"))
        set_combo(target, row.get("target_group"))
        for field, label, name in _COUNTS:
            spin = add_field(grid, f, _(label), name, QSpinBox(), f"{field}Error")
            spin.setRange(0, MAX_PARTICIPANTS)
            spin.setValue(int(row.get(field) or 0))
        for field, label, name in (
            ("place", _("Địa điểm"), "placeEdit"),
            ("organiser", _("Đơn vị, người tổ chức"), "organiserEdit"),
        ):
            edit = add_field(grid, f, label, name, QLineEdit(), f"{field}Error")
            edit.setText(row.get(field) or "")
        add_field(
            grid, f, _("Ghi chú"), "notesEdit", text_box(row.get("notes") or ""), "notesError"
        )
        layout.addLayout(grid, 1)
        add_footer(self, layout, f)
        self.clear_errors()
        self.setMinimumSize(460, 420)
        self.resize(560, 600)

    def data(self) -> dict[str, Any]:
        """The form's values as the service takes them."""
        f = self.form
        out: dict[str, Any] = {
            "held_on": f.heldOnEdit.date().toString("yyyy-MM-dd"),
            "kind": f.kindCombo.currentData(),
            "topic": f.topicEdit.text(),
            "target_group": f.targetCombo.currentData(),
            "place": f.placeEdit.text(),
            "organiser": f.organiserEdit.text(),
            "notes": f.notesEdit.toPlainText(),
        }
        for field, _label, name in _COUNTS:
            out[field] = getattr(f, name).value()
        return out

    def save(self) -> None:
        """Save in the background; the dialog closes once the activity is stored."""
        if self.existing:
            self.start_save(activities.update_activity, self.existing["id"], self.data())
        else:
            self.start_save(activities.add_activity, self.data())
