"""Decisions by the person who holds the power: the commune chairman, or whoever he delegates
(role ``approver``), approves a drafted plan with the decision's number and date, or returns it
with a reason (Decree 56/2017/NĐ-CP, Art. 28(4)). The signer is the signed-in account, never typed.

He also decides a temporary separation of a child (Art. 32(2), within 12 hours of the report):
the separation starts with his decision's number and date. Where he signed on paper, the
collaborator records the separation with that number and date (``services.cases``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core import workflow
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import reporting
from ctxh_desktop.services.access import OFFICE_READ_ONLY, require
from ctxh_desktop.services.cases import get_case, list_cases, paper_decision, write_action
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import accounts, queries

#: The case list's ``status`` filter of plans waiting for a decision.
AWAITING = queries.AWAITING_DECISION
#: The most cases listed as waiting for a decision.
WAITING_LIMIT = 500


def _signer(session: Session) -> tuple[str, str]:
    """The signed-in approver: ``(username, full name)``; refused at an office or without power."""
    if session.kind == "office":
        raise UserError(_(OFFICE_READ_ONLY))
    require(session, "decide")
    user = accounts.get_user(session.store, session.user)
    name = (user or {}).get("full_name") or session.user
    return session.user, name


def waiting(session: Session) -> list[dict[str, Any]]:
    """Open cases whose drafted plan waits for the chairman's decision, oldest draft first."""
    require(session, "view")
    found = list_cases(session, status=queries.AWAITING_DECISION, limit=WAITING_LIMIT)
    return sorted(found, key=lambda r: r.get("plan_drafted_at") or "")


def _decide(
    session: Session, case_id: str, action: str, number: str, date: str, at: str | None, **data: Any
) -> dict[str, Any]:
    """Take ``action`` as the signed-in approver's decision ``number`` of ``date``, at ``at`` (now
    when not given); the signer's name and account come from the session, never from a form."""
    username, name = _signer(session)
    at = at or dt.datetime.now().strftime("%Y-%m-%dT%H:%M")
    signed = {
        **paper_decision({"decision_number": number, "decision_date": date}),
        workflow.moment_field(action): at,
        "approved_by": name,
        "signed_by": name,
        "signed_by_user": username,
        "recorded_by": username,
    }
    return write_action(session, case_id, action, {**data, **signed}, at)


def approve_plan(
    session: Session, case_id: str, number: str, date: str, at: str | None = None
) -> dict[str, Any]:
    """Approve the case's drafted plan by decision ``number`` of ``date`` (``YYYY-MM-DD``), signed
    by the signed-in approver; audited, and synced with the case."""
    return _decide(session, case_id, "approve_plan", number, date, at)


def return_plan(
    session: Session, case_id: str, reason: str, at: str | None = None
) -> dict[str, Any]:
    """Return the drafted plan with ``reason``: the case stays in planning, the plan is drafted
    again; the approval deadline keeps counting from the first draft (docs/DEADLINES.md)."""
    username, _name = _signer(session)
    data = {"summary": reason, "returned_by": username}
    return write_action(session, case_id, "return_plan", data, at)


def separate(
    session: Session, case_id: str, number: str, date: str, summary: str, at: str | None = None
) -> dict[str, Any]:
    """Decide a temporary separation (Decree 56/2017/NĐ-CP, Art. 32(2)) by decision ``number`` of
    ``date``, starting ``at`` (now when not given); ``summary``: where the child is placed and with
    whom. Signed by the signed-in approver; audited and synced with the case."""
    return _decide(session, case_id, "separate", number, date, at, summary=summary)


def decision_form(session: Session, case_id: str) -> dict[str, Any]:
    """The decision approving the case's plan as PDF (``pdf``), with the case's ``id`` and ``code``:
    the decision recorded, or the draft the collaborator submits with the plan (Decree 56/2017,
    Art. 28(2)(c), Mẫu số 05). Refused before a plan is drafted."""
    from ctxh_desktop.reports.decision_form import decision_form_pdf

    require(session, "view")
    case = get_case(session, case_id)
    if not case.get("plan_drafted_at") or not isinstance(case.get("plan"), dict):
        raise UserError(_("Ca này chưa có kế hoạch để lập quyết định phê duyệt."))
    case["plan"] = reporting.plan_with_provider_names(session, case["plan"])
    pdf = decision_form_pdf(reporting.report_profile(session), case)
    return {"id": case["id"], "code": case.get("code") or "", "pdf": pdf}
