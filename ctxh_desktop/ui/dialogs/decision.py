"""The chairman's decision on a drafted plan (Decree 56/2017/NĐ-CP, Art. 28(4)): approve it with
the decision's number and date, or return it with a reason. The signer is the signed-in account.
Also opens the decision form (Mẫu số 05) in the print preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import decisions
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.dialogs.print_preview import (
    PrintDocument,
    PrintPreviewDialog,
    case_document,
    open_preview,
)


def _plan_text(case: dict[str, Any]) -> str:
    """The plan in a few lines: objectives, then each activity and who carries it out."""
    plan = case.get("plan") or {}
    objectives = plan.get("objectives")
    if isinstance(objectives, list):
        objectives = "; ".join(objectives)
    lines = [_("Mục tiêu: {text}").format(text=objectives or "")]
    for i, item in enumerate(plan.get("activities") or [], start=1):
        lines.append(f"{i}. {item.get('what') or ''} — {item.get('who') or ''}")
    if plan.get("timeframe"):
        lines.append(_("Thời gian thực hiện: {text}").format(text=plan["timeframe"]))
    return "\n".join(lines)


#: Each decision's title and the word on its button.
TITLES = {
    "approve_plan": N_("Phê duyệt kế hoạch"),
    "return_plan": N_("Trả lại kế hoạch"),
    "separate": N_("Quyết định tạm thời cách ly trẻ em"),
}
CONFIRM = {
    "approve_plan": N_("Phê duyệt"),
    "return_plan": N_("Trả lại"),
    "separate": N_("Quyết định"),
}


class DecisionDialog(QDialog):
    """Approve (``approve_plan``) or return (``return_plan``) a plan, or decide a temporary
    separation (``separate``); ``saved`` carries the case."""

    saved = Signal(dict)

    def __init__(self, worker, case: dict[str, Any], decision: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker, self.case, self.decision = worker, case, decision
        approving = decision in ("approve_plan", "separate")
        title = _(TITLES[decision])
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        header = QLabel(title)
        header.setProperty("role", "section")
        layout.addWidget(header)
        person = (case.get("person") or {}).get("full_name", "")
        layout.addWidget(
            QLabel(_("Ca {code} — {person}").format(code=case.get("code"), person=person))
        )
        if decision != "separate":
            plan = QLabel(_plan_text(case))
            plan.setWordWrap(True)
            plan.setAccessibleName(_("Kế hoạch chờ quyết định"))
            layout.addWidget(plan)
        form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.number = QLineEdit()
        self.date = QDateEdit(QDate.currentDate())
        self.reason = QPlainTextEdit()
        if approving:
            self.number.setPlaceholderText(_("ví dụ 12/QĐ-UBND"))
            self._row(form, "decision_number", _("Số quyết định"), self.number)
            self.date.setDisplayFormat("dd/MM/yyyy")
            self.date.setCalendarPopup(True)
            self._row(form, "decision_date", _("Ngày ký quyết định"), self.date)
            note = _(
                "Quyết định được ký bằng tài khoản đang đăng nhập, trong thời hạn 02 ngày làm "
                "việc (Nghị định 56/2017/NĐ-CP, Điều 28 khoản 4)."
            )
            if decision == "separate":
                self.reason.setMaximumHeight(70)
                self._row(form, "summary", _("Nơi tạm trú an toàn, người chăm sóc"), self.reason)
                note = _(
                    "Việc cách ly bắt đầu từ bây giờ, theo quyết định ký bằng tài khoản đang đăng "
                    "nhập, trong vòng 12 giờ từ khi nhận thông tin; tối đa 15 ngày (Nghị định "
                    "56/2017/NĐ-CP, Điều 32 khoản 2, 3)."
                )
        else:
            self.reason.setMaximumHeight(90)
            self._row(form, "summary", _("Lý do trả lại"), self.reason)
            note = _(
                "Ca trở lại bước xây dựng kế hoạch; thời hạn phê duyệt vẫn tính từ lần trình đầu "
                "(Nghị định 56/2017/NĐ-CP, Điều 28 khoản 4)."
            )
        layout.addLayout(form)
        hint = QLabel(note)
        hint.setWordWrap(True)
        hint.setProperty("role", "caption")
        layout.addWidget(hint)
        self.general = QLabel()
        self.general.setWordWrap(True)
        show_error(self.general, None)
        layout.addWidget(self.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_(CONFIRM[decision]))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        error = QLabel()
        error.setWordWrap(True)
        show_error(error, None)
        column.addWidget(error)
        widget.setAccessibleName(label)
        form.addRow(label + " *", box)
        caption = form.labelForField(box)
        if isinstance(caption, QLabel):
            caption.setBuddy(widget)
        self.errors[name] = error

    def save(self) -> None:
        """Send the decision to the service (one call); errors shown beside their fields."""
        for label in (*self.errors.values(), self.general):
            show_error(label, None)
        self.buttons.setEnabled(False)
        number, day = self.number.text().strip(), self.date.date().toString("yyyy-MM-dd")
        if self.decision == "approve_plan":
            call: Callable = decisions.approve_plan
            args: tuple = (number, day)
        elif self.decision == "separate":
            call, args = decisions.separate, (number, day, self.reason.toPlainText().strip())
        else:
            call, args = decisions.return_plan, (self.reason.toPlainText().strip(),)
        self.worker.call(
            call, self.case["id"], *args, on_done=self._on_saved, on_error=self._on_error
        )

    def _on_saved(self, case: dict[str, Any]) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(case)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        errors = exc.errors if isinstance(exc, ValidationError) else {}
        if not errors and isinstance(exc, UserError) and exc.field:
            errors = {exc.field: exc.message}
        rest = []
        for field, message in errors.items():
            if field in self.errors:
                show_error(self.errors[field], message)
            else:
                rest.append(message)
        show_error(self.general, "\n".join(rest) if errors else error_text(exc))


def decision_document(form: dict[str, Any]) -> PrintDocument:
    """The preview document of the decision built by :func:`services.decisions.decision_form`."""
    title = N_("Quyết định phê duyệt kế hoạch, ca {code}")
    return case_document(form, title, "quyet-dinh-phe-duyet-ke-hoach", "plan_decision")


def open_decision_form(
    worker,
    case_id: str,
    parent: QWidget | None,
    on_open: Callable[[PrintPreviewDialog], None] | None = None,
) -> None:
    """Build the decision approving the case's plan in the worker and show it in the preview."""
    open_preview(worker, decisions.decision_form, decision_document, parent, on_open, case_id)
