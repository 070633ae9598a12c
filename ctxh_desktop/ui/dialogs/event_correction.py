"""Record a correction of a statutory case event ("Ghi đính chính…").

The event chosen on the timeline is shown as it was recorded; the corrected moment and/or text are
typed beside it, with the reason (required). One call to
``services.case_corrections.correct_event`` adds a correcting event: the original stays on the
timeline, marked as corrected; a corrected milestone moves the case's deadlines.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QVBoxLayout, QWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_datetime
from ctxh_desktop.services import case_corrections
from ctxh_desktop.ui.common import code_label
from ctxh_desktop.ui.dialogs.consultation_editor import MOMENT_FORMAT
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors
from ctxh_desktop.ui.dialogs.form_rows import (
    Widgets,
    add_field,
    add_footer,
    caption,
    fields_grid,
    text_box,
)


class EventCorrectionDialog(FieldErrors, QDialog):
    """``saved`` carries the case as ``cases.get_case`` gives it, with the correcting event."""

    ERROR_LABELS: ClassVar[dict[str, str]] = {
        "at": "atError",
        "summary": "summaryError",
        "reason": "reasonError",
    }
    saved = Signal(dict)

    def __init__(
        self, worker, case: dict[str, Any], event: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.worker, self.case, self.original = worker, case, event
        # an event corrected before reads as corrected: the next correction starts from there
        self._reads = {
            key: event.get(f"corrected_{key}") or event.get(key) or "" for key in ("at", "summary")
        }
        f = self.form = Widgets()
        self.setWindowTitle(_("Ghi đính chính"))
        layout = QVBoxLayout(self)
        f.headerLabel = caption(
            _("Đính chính mục «{kind}» ghi lúc {moment} của ca {code}").format(
                kind=code_label("event_kinds", event.get("kind")),
                moment=format_datetime(event.get("at") or ""),
                code=case.get("code", ""),
            ),
            "section",
        )
        layout.addWidget(f.headerLabel)
        f.hintLabel = caption(
            _(
                "Mục đã ghi không bị sửa: một mục đính chính được thêm vào dòng thời gian, nói rõ "
                "đã sửa gì và vì sao. Khi thời điểm của một bước được đính chính, các thời hạn "
                "của ca được tính lại từ thời điểm mới."
            )
        )
        layout.addWidget(f.hintLabel)
        grid = fields_grid()
        moment = add_field(grid, f, _("Thời điểm đúng"), "atEdit", QDateTimeEdit(), "atError")
        moment.setDisplayFormat("dd/MM/yyyy HH:mm")
        moment.setCalendarPopup(True)
        self._original_at = QDateTime.fromString(self._reads["at"][:16], MOMENT_FORMAT)
        if self._original_at.isValid():
            moment.setDateTime(self._original_at)
        add_field(
            grid,
            f,
            _("Nội dung đúng"),
            "summaryEdit",
            text_box(self._reads["summary"]),
            "summaryError",
        )
        reason = add_field(
            grid, f, _("Lý do đính chính *"), "reasonEdit", text_box(min_height=50), "reasonError"
        )
        reason.setAccessibleName(_("Lý do đính chính"))
        reason.setPlaceholderText(_("Ví dụ: ghi nhầm giờ tiếp nhận"))
        layout.addLayout(grid, 1)
        add_footer(self, layout, f, _("Ghi đính chính"))
        self.clear_errors()
        self.setMinimumSize(440, 340)
        self.resize(560, 460)

    @property
    def save_button(self):
        return self.form.saveButton

    def data(self) -> dict[str, Any]:
        """What changed, as ``correct_event`` expects it: the moment and text only when edited."""
        f = self.form
        out: dict[str, Any] = {"reason": f.reasonEdit.toPlainText().strip() or None}
        if f.atEdit.dateTime() != self._original_at:
            out["at"] = f.atEdit.dateTime().toString(MOMENT_FORMAT)
        summary = f.summaryEdit.toPlainText().strip()
        if summary != self._reads["summary"]:
            out["summary"] = summary or None
        return out

    def save(self) -> None:
        """Record the correction in the background; the dialog closes once it is stored."""
        self.start_save(
            case_corrections.correct_event, self.case["id"], self.original["id"], self.data()
        )
