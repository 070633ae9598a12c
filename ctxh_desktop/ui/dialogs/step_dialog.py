"""One workflow action on a case: a form built from the fields that action needs.

The plan of ``draft_plan`` / ``adjust_plan`` is edited by :class:`PlanEditor`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core import workflow
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import cases
from ctxh_desktop.services import profile as profiles
from ctxh_desktop.ui.common import checked_codes, error_text, fill_checklist, fill_combo, show_error
from ctxh_desktop.ui.dialogs.plan_editor import PlanEditor

#: field → (Vietnamese label, widget kind, code list)
FIELD_SPECS: dict[str, tuple[str, str, str | None]] = {
    "risk_level": (N_("Mức độ nguy cơ"), "code", "risk_levels"),
    "closure_reason": (N_("Lý do kết thúc"), "code", "closure_reasons"),
    "needs_domains": (N_("Lĩnh vực nhu cầu"), "codes", "needs_domains"),
    "meeting_at": (N_("Thời gian họp"), "moment", None),
    "approved_at": (N_("Thời gian phê duyệt"), "moment", None),
    "approved_by": (N_("Người phê duyệt"), "line", None),
    "decision_number": (N_("Số quyết định"), "line", None),
    "decision_date": (N_("Ngày ký quyết định"), "date", None),
    "plan": (N_("Kế hoạch"), "plan", None),
    "provider_id": (N_("Chuyển gửi tới cơ sở"), "provider", None),
    "summary": (N_("Nội dung tóm tắt"), "line", None),
    "narrative": (N_("Ghi chép chi tiết"), "text", None),
    "sensitive": (N_("Nội dung nhạy cảm (chỉ người có quyền mới xem được)"), "flag", None),
}
MOMENT_FORMAT = "dd/MM/yyyy HH:mm"
#: What a collaborator records of a plan's approval signed on paper (services.cases).
PAPER_DECISION = ("decision_number", "decision_date")
MAX_SIZE = (960, 640)  # fits a 1024×700 screen with the window frame


def field_spec(action: str, kind: str | None) -> list[str]:
    """The fields asked for an action: its moment, what it requires, then notes."""
    fields = [workflow.moment_field(action)]
    for name in workflow.required_fields(action, kind):
        name = "plan" if name.startswith("plan.") else name  # one plan editor for plan.x
        if name not in fields:
            fields.append(name)
    if action == "refer" and "provider_id" not in fields:
        fields.append("provider_id")
    if action in ("approve_plan", "separate"):  # a decision signed on paper (Art. 28(4), 32(2))
        fields += [n for n in PAPER_DECISION if n not in fields]
    if action == "adjust_plan":  # monitoring may replace the plan (Circular 02/2020): optional
        fields.append("plan")
    for name in ("summary", "narrative", "sensitive"):
        if name not in fields:
            fields.append(name)
    return fields


class StepDialog(QDialog):
    """Asks for an action's fields and applies it; ``saved`` carries the updated case."""

    saved = Signal(dict)

    def __init__(self, worker, case: dict[str, Any], action: str, parent: QWidget | None = None):
        super().__init__(parent)
        from ctxh_desktop.ui.forms.dialogs.ui_step_dialog import Ui_StepDialog

        self.worker = worker
        self.case = case
        self.action = action
        self.form = Ui_StepDialog()
        self.form.setupUi(self)
        self.form.headerLabel.setProperty("role", "section")
        self.setWindowTitle(cases.action_label(action))
        self.form.headerLabel.setText(cases.action_label(action))
        person = (case.get("person") or {}).get("full_name", "")
        self.form.caseLabel.setText(
            _("Ca {code} — {person}").format(code=case.get("code", ""), person=person)
        )
        required = workflow.required_fields(action, case.get("kind"))
        self.required = {"plan" if n.startswith("plan.") else n for n in required}
        if action == "approve_plan":
            self.required.update(PAPER_DECISION)
        self.plan_editor: PlanEditor | None = None
        self.new_plan: QCheckBox | None = None
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        for name in field_spec(action, case.get("kind")):
            self._add_field(name)
        show_error(self.form.generalError, None)
        self._fit_size()
        if "approved_by" in self.widgets:
            self.worker.call(profiles.get_profile, on_done=self._suggest_approver)
        self.form.buttonBox.accepted.connect(self.save)
        self.form.buttonBox.rejected.connect(self.reject)

    def _add_field(self, name: str) -> None:
        label, kind, list_name = FIELD_SPECS.get(name, (N_("Thời gian"), "moment", None))
        if name == workflow.moment_field(self.action):
            label, kind = N_("Thời gian"), "moment"
        if kind == "moment":
            widget: QWidget = QDateTimeEdit(QDateTime.currentDateTime())
            widget.setDisplayFormat(MOMENT_FORMAT)
            widget.setCalendarPopup(True)
        elif kind == "date":
            widget = QDateEdit(QDate.currentDate())
            widget.setDisplayFormat("dd/MM/yyyy")
            widget.setCalendarPopup(True)
        elif kind == "code":
            widget = QComboBox()
            fill_combo(widget, list_name or name)
        elif kind == "codes":
            widget = QListWidget()
            widget.setMaximumHeight(120)
            fill_checklist(widget, list_name or name, [])
        elif kind == "text":
            widget = QPlainTextEdit()
            widget.setMaximumHeight(80)
        elif kind == "flag":
            widget = QCheckBox(_(label))
        elif kind == "provider":
            widget = QComboBox()
        elif kind == "plan":
            widget = self._plan_field()
        else:
            widget = QLineEdit()
        widget.setObjectName(name.replace(".", "_"))
        shown = self._provider_row(widget) if kind == "provider" else widget
        if kind == "plan":
            self.form.fieldsForm.addRow(shown)
            self.widgets[name] = widget
            return
        error = QLabel()
        show_error(error, None)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(shown)
        column.addWidget(error)
        caption = "" if kind == "flag" else _(label) + (" *" if name in self.required else "")
        self.form.fieldsForm.addRow(caption, box)
        widget.setAccessibleName(_(label))  # read by screen readers, and found by the label's text
        caption_label = self.form.fieldsForm.labelForField(box)
        if isinstance(caption_label, QLabel):
            caption_label.setBuddy(widget)
        self.widgets[name] = widget
        self.errors[name] = error

    def _suggest_approver(self, profile: dict[str, Any]) -> None:
        """The commune chairman of Settings, offered as the plan's approver (Decree 56/2017/NĐ-CP,
        Art. 28(4)); the field stays editable."""
        line = self.widgets["approved_by"]
        name = profile.get("chairman_name")
        if name and not line.text():
            commune = profile.get("commune_name") or ""
            line.setText(_("{name}, Chủ tịch UBND {commune}").format(name=name, commune=commune))

    def _fit_size(self) -> None:
        """As large as the fields ask, within a 1024×700 screen (the fields scroll beyond)."""
        pane = self.form.fieldsPane.sizeHint()
        width = 900 if self.plan_editor is not None else max(520, pane.width() + 40)
        self.resize(min(width, MAX_SIZE[0]), min(pane.height() + 150, MAX_SIZE[1]))

    def _plan_field(self) -> QWidget:
        """The plan editor, prefilled with the case's current plan (re-planning starts from it).

        When adjusting a plan a check box offers a new plan, which then needs approval again."""
        plan = self.case.get("plan") if isinstance(self.case.get("plan"), dict) else {}
        self.plan_editor = PlanEditor(self.worker, plan, self)
        if self.action != "adjust_plan":
            return self.plan_editor
        self.new_plan = QCheckBox(_("Lập kế hoạch mới (cần phê duyệt lại)"))
        self.plan_editor.setEnabled(False)
        self.new_plan.toggled.connect(self.plan_editor.setEnabled)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.new_plan)
        column.addWidget(self.plan_editor)
        return box

    def _provider_row(self, combo: QComboBox) -> QWidget:
        """The referral's provider: a combo box of the directory and a button opening it."""
        from PySide6.QtWidgets import QHBoxLayout, QPushButton

        from ctxh_desktop.ui.dialogs.providers import ProviderChooser

        button = QPushButton(_("Danh bạ…"))
        button.setAutoDefault(False)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(combo, 1)
        line.addWidget(button)
        self.provider_chooser = ProviderChooser(self.worker, combo, button, self)
        return row

    def data(self) -> dict[str, Any]:
        """The form's values as ``apply_action`` expects them; ``plan`` from the plan editor."""
        out: dict[str, Any] = {}
        for name, widget in self.widgets.items():
            if name == "plan":
                if self.plan_editor is not None and (
                    self.new_plan is None or self.new_plan.isChecked()
                ):
                    out["plan"] = self.plan_editor.value()
                continue
            if isinstance(widget, QDateEdit) and not isinstance(widget, QDateTimeEdit):
                value: Any = widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, QDateTimeEdit):
                value = widget.dateTime().toString("yyyy-MM-ddTHH:mm")
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
            elif isinstance(widget, QListWidget):
                value = checked_codes(widget)
            elif isinstance(widget, QPlainTextEdit):
                value = widget.toPlainText().strip() or None
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked()
            else:
                value = widget.text().strip() or None
            out[name] = value
        return out

    def save(self) -> None:
        for label in self.errors.values():
            show_error(label, None)
        if self.plan_editor is not None:
            self.plan_editor.clear_errors()
        show_error(self.form.generalError, None)
        self.form.buttonBox.setEnabled(False)
        self.worker.call(
            cases.apply_action,
            self.case["id"],
            self.action,
            self.data(),
            on_done=self._on_saved,
            on_error=self._on_error,
        )

    def _on_saved(self, case: dict[str, Any]) -> None:
        self.form.buttonBox.setEnabled(True)
        self.saved.emit(case)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        self.form.buttonBox.setEnabled(True)
        errors = exc.errors if isinstance(exc, ValidationError) else {}
        if not errors and isinstance(exc, UserError) and exc.field:
            errors = {exc.field: exc.message}
        general = []
        if self.plan_editor is not None:
            self.plan_editor.show_errors({k: v for k, v in errors.items() if k.startswith("plan.")})
        for field, message in errors.items():
            target = self.errors.get(field)
            if field.startswith("plan.") and self.plan_editor is not None:
                continue
            if target is not None:
                show_error(target, message)
            else:
                general.append(message)
        if not errors:
            general.append(error_text(exc))
        show_error(self.form.generalError, "\n".join(general))
