"""The small forms of a case's follow-up: a referral's answer or end, a service given, a case
conference, the child's safety plan and a consent. One dialog built from a list of fields; each
save is one call into :mod:`ctxh_desktop.services.case_followup`, its refusals shown at the fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.ui.common import error_text, fill_combo, show_error


@dataclass(frozen=True)
class Field:
    """One field: its name in the service's data, its label, and its kind (``date``, ``line``,
    ``text``, ``code:<list>``, ``codes:<list>`` or ``choice`` with ``choices``)."""

    name: str
    label: str
    kind: str = "line"
    choices: tuple[tuple[str, str], ...] = ()


class FollowupDialog(QDialog):
    """A follow-up form; ``saved`` carries the stored row. ``save`` is the service function,
    called as ``save(session, *args, data)``."""

    saved = Signal(dict)

    def __init__(
        self,
        worker,
        title: str,
        intro: str,
        fields: list[Field],
        save: Callable[..., Any],
        args: tuple[Any, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker, self.save_call, self.args = worker, save, args
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        head = QLabel(intro)
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.inputs: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}
        for field in fields:
            widget = self._input(field)
            label = QLabel(_(field.label) + ":")
            label.setBuddy(widget)
            form.addRow(label, widget)
            error = QLabel("")
            error.setWordWrap(True)
            show_error(error, None)
            form.addRow("", error)
            self.errors[field.name] = error
        layout.addLayout(form)
        self.general = QLabel("")
        self.general.setWordWrap(True)
        show_error(self.general, None)
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def _input(self, field: Field) -> QWidget:
        name = _(field.label)
        if field.kind == "date":
            widget: QWidget = QDateEdit(QDate.currentDate())
            widget.setDisplayFormat("dd/MM/yyyy")
            widget.setCalendarPopup(True)
        elif field.kind == "text":
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMaximumHeight(90)
        elif field.kind.startswith("code:") or field.kind == "choice":
            widget = QComboBox()
            if field.kind == "choice":
                for value, label in field.choices:
                    widget.addItem(label, value)
            else:
                fill_combo(widget, field.kind[5:])
        elif field.kind.startswith("codes:"):
            widget = QWidget()
            box = QVBoxLayout(widget)
            box.setContentsMargins(0, 0, 0, 0)
            checks = []
            for item in codes.items(field.kind[6:]):
                check = QCheckBox(codes.label(field.kind[6:], item["code"]))
                check.setProperty("code", item["code"])
                box.addWidget(check)
                checks.append(check)
            self.inputs[field.name] = checks
            widget.setAccessibleName(name)
            return widget
        else:
            widget = QLineEdit()
        widget.setAccessibleName(name)
        self.inputs[field.name] = widget
        return widget

    def data(self) -> dict[str, Any]:
        """The values typed and chosen, by field name."""
        out: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, list):
                out[name] = [c.property("code") for c in widget if c.isChecked()]
            elif isinstance(widget, QDateEdit):
                out[name] = widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText().strip() or None
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            else:
                out[name] = widget.text().strip() or None
        return out

    def _save(self) -> None:
        for label in (*self.errors.values(), self.general):
            show_error(label, None)
        self.save_button.setEnabled(False)
        self.worker.call(
            self.save_call, *self.args, self.data(), on_done=self._saved, on_error=self._failed
        )

    def _saved(self, row: dict[str, Any]) -> None:
        self.saved.emit(row)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        errors = (
            exc.errors
            if isinstance(exc, ValidationError)
            else {exc.field: exc.message}
            if isinstance(exc, UserError) and exc.field
            else {}
        )
        shown = False
        for name, message in errors.items():
            key = _FIELD_OF.get(name, name)
            if key in self.errors:
                show_error(self.errors[key], message)
                shown = True
        if not shown:
            show_error(self.general, error_text(exc))


#: A service's field name → the form field showing its refusal.
_FIELD_OF = {"answered_on": "on", "done_on": "on", "outcome": "answer"}

SERVICE_FIELDS = [
    Field("given_on", N_("Ngày cung cấp"), "date"),
    Field("what", N_("Dịch vụ đã cung cấp")),
    Field("provider_id", N_("Cơ sở cung cấp"), "choice"),
    Field("note", N_("Ghi chú"), "text"),
]
CONFERENCE_FIELDS = [
    Field("held_on", N_("Ngày họp"), "date"),
    Field("kind", N_("Loại cuộc họp"), "code:conference_kinds"),
    Field("participants", N_("Thành phần tham dự")),
    Field("minutes", N_("Biên bản, kết luận"), "text"),
]
SAFETY_FIELDS = [
    Field("keeper", N_("Người bảo đảm an toàn cho trẻ")),
    Field("actions", N_("Việc cần làm để trẻ an toàn"), "text"),
    Field("contacts", N_("Gọi ai khi cần giúp")),
    Field("review_on", N_("Ngày xem lại"), "date"),
]
CONSENT_FIELDS = [
    Field("given_by", N_("Người đồng ý"), "code:consent_givers"),
    Field("giver_name", N_("Họ tên người đồng ý")),
    Field("given_on", N_("Ngày đồng ý"), "date"),
    Field("purposes", N_("Đồng ý cho"), "codes:consent_purposes"),
    Field("child_view", N_("Ý kiến của trẻ (từ đủ 7 tuổi)"), "code:child_views"),
    Field("note", N_("Ghi chú"), "text"),
]
REFERRAL_FIELDS = [
    Field("referral", N_("Lượt chuyển gửi"), "choice"),
    Field("status", N_("Trạng thái mới"), "choice"),
    Field("on", N_("Ngày"), "date"),
    Field("answer", N_("Trả lời của cơ sở, kết quả")),
]


def with_choices(fields: list[Field], name: str, choices: list[tuple[str, str]]) -> list[Field]:
    """``fields`` with the choices of the field ``name`` filled in (providers, referrals…)."""
    return [replace(f, choices=tuple(choices)) if f.name == name else f for f in fields]
