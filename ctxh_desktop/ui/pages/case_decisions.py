"""The chairman's decisions on the case page: a button per decision the service offers the
signed-in account (Decree 56/2017/NĐ-CP: a plan, Art. 28(4); a temporary separation, Art. 32(2)),
the printed decision, and the decisions recorded, as rows of the case's facts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ctxh_desktop.core.decisions import decision_text
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_datetime
from ctxh_desktop.ui.common import add_beside

#: The chairman's decisions shown as buttons of a case.
DECISION_LABELS = {
    "approve_plan": N_("Phê duyệt kế hoạch…"),
    "return_plan": N_("Trả lại kế hoạch…"),
    "separate": N_("Quyết định tạm thời cách ly…"),
}


def _returned_text(plan: dict[str, Any]) -> str:
    """The last return of a plan not yet drafted again: when and why."""
    returns = plan.get("returns") or []
    if not returns or not plan.get("sent_back_at"):
        return ""
    last = returns[-1]
    at = last.get("at") or ""
    return f"{format_datetime(at) if at else ''} — {last.get('reason') or ''}"


def decision_rows(case: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) rows of the decisions recorded on a case (empty texts are not shown)."""
    plan = case.get("plan") if isinstance(case.get("plan"), dict) else {}
    return [
        (_("Quyết định phê duyệt kế hoạch"), decision_text(plan.get("decision"))),
        (_("Quyết định tạm thời cách ly"), decision_text(case.get("separation_decision"))),
        (_("Kế hoạch bị trả lại"), _returned_text(plan)),
    ]


class DecisionPanel:
    """The decision buttons above a case's actions and «In quyết định phê duyệt» beside «In phiếu
    ca», on the cases page ``page`` (its ``current`` case, its form and its worker)."""

    def __init__(self, page) -> None:
        self.page = page
        form = page.form
        self.print_button = QPushButton(_("In quyết định phê duyệt"))
        self.print_button.clicked.connect(self.print_decision)
        add_beside(page.sheet_button, self.print_button)
        # shown only when the service offers decisions to the signed-in account
        self.box = QWidget()
        self.box.setObjectName("decisionsBox")
        QVBoxLayout(self.box).setContentsMargins(0, 0, 0, 0)
        form.detailLayout.insertWidget(form.detailLayout.indexOf(form.actionsTitle), self.box)
        self.dialog = None
        self.retranslate()

    def show_case(self, case: dict[str, Any] | None) -> None:
        """One button per decision open to the account on ``case``; the print button once a plan
        is drafted."""
        layout = self.box.layout()
        while layout.count():
            old = layout.takeAt(0).widget()
            old.hide()  # at once: it is deleted only when the event loop runs again
            old.deleteLater()
        decisions = (case or {}).get("decisions") or []
        for decision in decisions:
            button = QPushButton(_(DECISION_LABELS[decision]), self.box)
            button.setProperty("decision", decision)
            button.clicked.connect(lambda _c=False, d=decision: self.start(d))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            button.show()
        self.box.setVisible(bool(decisions))
        self.print_button.setVisible(bool((case or {}).get("plan_drafted_at")))

    def start(self, decision: str) -> None:
        """The chairman approves or returns the plan, or decides a separation (his account signs)."""
        from ctxh_desktop.ui.dialogs.decision import DecisionDialog

        if self.page.current is None:
            return
        self.dialog = DecisionDialog(self.page.worker, self.page.current, decision, self.page)
        self.dialog.saved.connect(self.page.after_decision)
        self.dialog.open()

    def print_decision(self) -> None:
        """The decision approving the plan (or its draft) in the print preview."""
        from ctxh_desktop.ui.dialogs.decision import open_decision_form

        page = self.page
        if page.current is not None:
            open_decision_form(page.worker, page.current["id"], page.window(), page.sheet_opened)

    def retranslate(self) -> None:
        """Texts in the current language (the case's buttons are remade when it is shown again)."""
        self.print_button.setText(_("In quyết định phê duyệt"))
        self.print_button.setAccessibleName(_("In quyết định phê duyệt kế hoạch"))
