"""Record a correction of a statutory case event ("Ghi đính chính…").

The event chosen on the timeline is shown as it was recorded; the corrected moment and/or text are
typed beside it, with the reason (required). One call to
``services.case_corrections.correct_event`` adds a correcting event: the original stays on the
timeline, marked as corrected; a corrected milestone moves the case's deadlines.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_datetime
from ctxh_desktop.services import case_corrections
from ctxh_desktop.ui.common import code_label
from ctxh_desktop.ui.dialogs.case_details import error_label
from ctxh_desktop.ui.dialogs.consultation_editor import MOMENT_FORMAT
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors


class _Form:
    """The dialog's widgets by name."""


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
        f = self.form = _Form()
        self.setWindowTitle(_("Ghi đính chính"))
        layout = QVBoxLayout(self)
        kind = code_label("event_kinds", event.get("kind"))
        f.headerLabel = QLabel(
            _("Đính chính mục «{kind}» ghi lúc {moment} của ca {code}").format(
                kind=kind, moment=format_datetime(event.get("at") or ""), code=case.get("code", "")
            )
        )
        f.headerLabel.setWordWrap(True)
        f.headerLabel.setProperty("role", "section")
        layout.addWidget(f.headerLabel)
        f.hintLabel = QLabel(
            _(
                "Mục đã ghi không bị sửa: một mục đính chính được thêm vào dòng thời gian, nói rõ "
                "đã sửa gì và vì sao. Khi thời điểm của một bước được đính chính, các thời hạn "
                "của ca được tính lại từ thời điểm mới."
            )
        )
        f.hintLabel.setWordWrap(True)
        f.hintLabel.setProperty("role", "caption")
        layout.addWidget(f.hintLabel)
        grid = QFormLayout()
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f.atEdit = QDateTimeEdit()
        f.atEdit.setDisplayFormat("dd/MM/yyyy HH:mm")
        f.atEdit.setCalendarPopup(True)
        f.atEdit.setAccessibleName(_("Thời điểm đúng"))
        # an event corrected before reads as corrected: the next correction starts from there
        self._reads = {
            key: event.get(f"corrected_{key}") or event.get(key) or "" for key in ("at", "summary")
        }
        self._original_at = QDateTime.fromString(self._reads["at"][:16], MOMENT_FORMAT)
        if self._original_at.isValid():
            f.atEdit.setDateTime(self._original_at)
        f.atError = error_label()
        grid.addRow(_("Thời điểm đúng"), f.atEdit)
        grid.addRow("", f.atError)
        f.summaryEdit = QPlainTextEdit(self._reads["summary"])
        f.summaryEdit.setAccessibleName(_("Nội dung đúng"))
        f.summaryEdit.setTabChangesFocus(True)
        f.summaryEdit.setMinimumHeight(60)
        f.summaryError = error_label()
        grid.addRow(_("Nội dung đúng"), f.summaryEdit)
        grid.addRow("", f.summaryError)
        f.reasonEdit = QPlainTextEdit()
        f.reasonEdit.setAccessibleName(_("Lý do đính chính"))
        f.reasonEdit.setPlaceholderText(_("Ví dụ: ghi nhầm giờ tiếp nhận"))
        f.reasonEdit.setTabChangesFocus(True)
        f.reasonEdit.setMinimumHeight(50)
        f.reasonError = error_label()
        grid.addRow(_("Lý do đính chính *"), f.reasonEdit)
        grid.addRow("", f.reasonError)
        layout.addLayout(grid, 1)
        f.generalError = error_label()
        layout.addWidget(f.generalError)
        f.buttonBox = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        f.saveButton = f.buttonBox.addButton(
            _("Ghi đính chính"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        f.saveButton.setDefault(True)
        f.buttonBox.accepted.connect(self.save)
        f.buttonBox.rejected.connect(self.reject)
        layout.addWidget(f.buttonBox)
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
        if not self.save_button.isEnabled():
            return
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.worker.call(
            case_corrections.correct_event,
            self.case["id"],
            self.original["id"],
            self.data(),
            on_done=self._on_saved,
            on_error=self._on_error,
        )
