"""The chairman's decisions: on a support and intervention plan, approve it with the decision's
number and date, or return it to be drafted again with a reason (Decree 56/2017/NĐ-CP, Art. 28(4):
the chairman of the commune People's Committee approves the plan within 2 working days); and the
number and date of a temporary separation decision (Art. 32(2), see the ``separate`` handler).

A plan's decision is kept in the plan (``plan["decision"]``; each return in ``plan["returns"]``), a
separation's in ``separation_decision``, so they travel to the office with the case. Who signed comes from the caller: the signed-in approver's
account, or, for a decision signed on paper, the name the collaborator records beside its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctxh_desktop.core.case_actions import Transition
from ctxh_desktop.core.case_checks import Context
from ctxh_desktop.core.moments import format_moment, parse_moment
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_date

#: Longest decision number kept ("12/QĐ-UBND" and the like).
NUMBER_MAX = 40


def _decision_date(
    ctx: Context, latest: dt.date, floor: dt.datetime | None, early: str
) -> str | None:
    """The decision's date (``YYYY-MM-DD``): not after ``latest``, not before ``floor`` (then
    ``early`` says why)."""
    raw = ctx.data.get("decision_date")
    if raw in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(str(raw)[:10])
    except ValueError:
        ctx.check.add("decision_date", _("Ngày quyết định phải có dạng YYYY-MM-DD."))
        return None
    if day > latest:
        ctx.check.add(
            "decision_date", _("Ngày quyết định không được sau ngày ghi nhận quyết định.")
        )
    elif floor is not None and day < floor.date():
        ctx.check.add("decision_date", early)
    return day.isoformat()


def decision_record(
    ctx: Context, signer: str | None, latest: dt.date, floor: dt.datetime | None, early: str
) -> dict[str, Any] | None:
    """The decision's number and date from ``data`` (``decision_number``, ``decision_date``),
    who signed it and who recorded it; ``None`` when neither number nor date is given."""
    number = ctx.check.text(
        ctx.data, "decision_number", _("Số quyết định không hợp lệ."), required=False
    )
    if number and len(number) > NUMBER_MAX:
        ctx.check.add("decision_number", _("Số quyết định quá dài."))
    day = _decision_date(ctx, latest, floor, early)
    if not (number or day):
        return None
    return {
        "number": number,
        "date": day,
        "signed_by": signer,
        "signed_by_user": ctx.data.get("signed_by_user") or None,
        "recorded_by": ctx.data.get("recorded_by") or None,
        "on_paper": bool(ctx.data.get("on_paper", False)),
    }


def decision_text(decision: Mapping[str, Any] | None) -> str:
    """A decision as a case shows and prints it: number, date, signer, whether signed on paper."""
    if not decision:
        return ""
    day = decision.get("date")
    text = _("Số {number}, ngày {date}").format(
        number=decision.get("number") or "", date=format_date(day) if day else ""
    )
    if decision.get("signed_by"):
        text += f" — {decision['signed_by']}"
    if decision.get("on_paper"):
        text += " " + _("(ký trên giấy)")
    return text


def with_number(summary: str, record: Mapping[str, Any] | None) -> str:
    """A timeline summary followed by the decision's number, when there is one."""
    if not record or not record.get("number"):
        return summary
    return f"{summary} ({N_('Quyết định số {number}').format(number=record['number'])})"


def approve_plan(ctx: Context) -> Transition:
    """Approve the drafted plan; with ``decision_number`` and ``decision_date`` when given
    (required by the services), ``approved_by`` the signer, ``recorded_by`` the account."""
    approved_by = ctx.check.text(ctx.data, "approved_by", _("Hãy nhập người phê duyệt kế hoạch."))
    moment = ctx.moment(step_change=True, required=True)
    drafted = parse_moment(ctx.case.get("plan_drafted_at"))
    if drafted is not None and moment < drafted and "approved_at" not in ctx.check.errors:
        ctx.check.add("approved_at", _("Ngày phê duyệt không được trước ngày dự thảo kế hoạch."))
    early = _("Ngày quyết định không được trước ngày dự thảo kế hoạch.")
    decision = decision_record(ctx, approved_by, moment.date(), drafted, early)
    plan = dict(ctx.case.get("plan") or {})
    plan["approved_by"] = approved_by
    if decision:
        plan["decision"] = decision
    summary = with_number(ctx.summary(required=False) or N_("Kế hoạch được phê duyệt"), decision)
    changes = {"step": "intervention", "plan": plan, "plan_approved_at": format_moment(moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, "intervention", summary)])


def return_plan(ctx: Context) -> Transition:
    """Return the drafted plan with a reason (``summary``): the case stays in planning and the
    plan is drafted again. The draft stays dated as first submitted, so the approval's 2 working
    days are never counted again from the new draft (see ``core.deadlines``)."""
    reason = ctx.check.text(ctx.data, "summary", _("Hãy nhập lý do trả lại kế hoạch."))
    moment = ctx.moment(step_change=False)
    drafted = parse_moment(ctx.case.get("plan_drafted_at"))
    if drafted is not None and moment < drafted and "when" not in ctx.check.errors:
        ctx.check.add("when", _("Thời điểm trả lại không được trước ngày dự thảo kế hoạch."))
    plan = dict(ctx.case.get("plan") or {})
    returns: list[dict[str, Any]] = list(plan.get("returns") or [])
    returns.append(
        {"at": format_moment(moment), "by": ctx.data.get("returned_by"), "reason": reason}
    )
    plan["returns"] = returns
    plan["sent_back_at"] = format_moment(moment)
    text = N_("Kế hoạch bị trả lại: {reason}").format(reason=reason) if reason else None
    return ctx.finish(moment, {"plan": plan}, [ctx.event(moment, "planning", text)])
