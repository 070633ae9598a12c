"""Decisions by the person who holds the power: the commune chairman, or whoever he delegates
(role ``approver``), approves a drafted plan with the decision's number and date, or returns it
with a reason (Decree 56/2017/NĐ-CP, Art. 28(4)). The signer is the signed-in account, never typed.

Temporary separation decisions (Art. 32) are not decided here yet: the separation is recorded by
the collaborator as before (``separate``), with the chairman's decision in its summary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core import workflow
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import OFFICE_READ_ONLY, require
from ctxh_desktop.services.cases import list_cases, paper_decision, write_action
from ctxh_desktop.storage import accounts

#: The most cases listed as waiting for a decision.
WAITING_LIMIT = 500


def _signer(session) -> tuple[str, str]:
    """The signed-in approver: ``(username, full name)``; refused at an office or without power."""
    if session.kind == "office":
        raise UserError(_(OFFICE_READ_ONLY))
    require(session, "decide")
    user = accounts.get_user(session.store, session.user)
    name = (user or {}).get("full_name") or session.user
    return session.user, name


def waiting(session) -> list[dict[str, Any]]:
    """Open cases whose drafted plan waits for the chairman's decision, oldest draft first."""
    require(session, "view")
    rows = list_cases(session, step="planning", status="open", limit=WAITING_LIMIT)
    found = [
        {**r, "plan": session.store.get("case_file", r["id"]).get("plan")}
        for r in rows
        if r.get("plan_drafted_at") and not r.get("plan_approved_at")
    ]
    found = [r for r in found if workflow.awaits_decision(r)]
    return sorted(found, key=lambda r: r.get("plan_drafted_at") or "")


def approve_plan(
    session, case_id: str, number: str, date: str, at: str | None = None
) -> dict[str, Any]:
    """Approve the case's drafted plan by decision ``number`` of ``date`` (``YYYY-MM-DD``), signed
    by the signed-in approver; audited, and synced with the case."""
    username, name = _signer(session)
    at = at or dt.datetime.now().strftime("%Y-%m-%dT%H:%M")
    data = {
        **paper_decision({"decision_number": number, "decision_date": date}),
        "approved_at": at,
        "approved_by": name,
        "signed_by_user": username,
        "recorded_by": username,
    }
    return write_action(session, case_id, "approve_plan", data, at)


def return_plan(session, case_id: str, reason: str, at: str | None = None) -> dict[str, Any]:
    """Return the drafted plan with ``reason``: the case stays in planning, the plan is drafted
    again; the approval deadline keeps counting from the first draft (docs/DEADLINES.md)."""
    username, _name = _signer(session)
    data = {"summary": reason, "returned_by": username}
    return write_action(session, case_id, "return_plan", data, at)
