"""What each workflow action does to a case: one handler per action, returning a
:class:`~ctxh_desktop.core.case_actions.Transition`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ctxh_desktop.core.case_actions import (
    CLOSURE_REASONS,
    PROTECTION_LEVELS,
    REOPEN_STEP,
    RISK_LEVELS,
    Transition,
    is_valid_code,
    plan_of,
    separation_ongoing,
)
from ctxh_desktop.core.case_checks import Context, contact_moment, plan_from, stamped, with_history
from ctxh_desktop.core.decisions import approve_plan, decision_record, return_plan, with_number
from ctxh_desktop.core.moments import format_moment, parse_moment
from ctxh_desktop.i18n import N_, _


def _assess(ctx: Context) -> Transition:
    data, check = ctx.data, ctx.check
    risk = data.get("risk_level")
    if not risk:
        check.add("risk_level", _("Hãy chọn mức độ nguy cơ."))
    elif risk not in RISK_LEVELS:
        check.add("risk_level", _("Mức độ nguy cơ không hợp lệ."))
    level = data.get("protection_level")
    if level not in (None, "") and not is_valid_code("protection_levels", level, PROTECTION_LEVELS):
        check.add("protection_level", _("Cấp độ bảo vệ không hợp lệ."))
    summary = ctx.summary()
    moment = ctx.moment(step_change=True)
    emergency = bool(ctx.case.get("emergency")) or bool(data.get("emergency", False))
    changes = {
        "step": "assessment",
        "risk_level": risk,
        "emergency": emergency,
        "assessed_at": format_moment(moment),
        "summary": summary,
    }
    if level:
        changes["protection_level"] = level
    return ctx.finish(moment, changes, [ctx.event(moment, "assessment", summary)])


def _emergency_action(ctx: Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=False)
    return ctx.finish(moment, {"emergency": True}, [ctx.event(moment, ctx.step, summary)])


def _separate(ctx: Context) -> Transition:
    """A temporary separation (Decree 56/2017, Art. 32), with the chairman's decision (number,
    date, signer) when given: its date not after the recording, not before the report."""
    summary = ctx.summary()
    moment = ctx.moment(step_change=False)
    early = _("Ngày quyết định không được trước lúc tiếp nhận ca.")
    signer = ctx.data.get("signed_by") or None
    decision = decision_record(ctx, signer, ctx.at.date(), ctx.received, early)
    changes: dict[str, Any] = {
        "separation_start": format_moment(moment),
        "separation_end": None,
        "emergency": True,
    }
    if decision or ctx.case.get("separation_decision"):  # a new separation, a new decision
        changes["separation_decision"] = decision
    return ctx.finish(
        moment, changes, [ctx.event(moment, ctx.step, with_number(summary or "", decision))]
    )


def _end_separation(ctx: Context) -> Transition:
    start = parse_moment(ctx.case.get("separation_start"))
    moment = ctx.moment(step_change=False)
    if start is not None and moment < start and "separation_end" not in ctx.check.errors:
        ctx.check.add(
            "separation_end", _("Thời điểm kết thúc cách ly không được trước lúc bắt đầu.")
        )
    summary = ctx.summary(required=False) or N_("Kết thúc cách ly tạm thời")
    changes: dict[str, Any] = {"separation_end": format_moment(moment)}
    if ctx.data.get("returned"):
        changes["returned_at"] = format_moment(moment)
    return ctx.finish(moment, changes, [ctx.event(moment, ctx.step, summary)])


def _verify(ctx: Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=True, required=True)
    changes = {"step": "verification", **stamped(ctx.case, "stage_at", moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, "verification", summary)])


def _draft_plan(ctx: Context) -> Transition:
    plan = plan_from(ctx)
    events = []
    moment = ctx.moment(step_change=True)
    needs: list[str] = []
    if ctx.kind == "general":
        raw = ctx.data.get("needs_domains")
        if not isinstance(raw, list | tuple) or not raw:
            ctx.check.add("needs_domains", _("Hãy chọn ít nhất một lĩnh vực nhu cầu đã đánh giá."))
        else:
            needs = list(dict.fromkeys(raw))
            if not all(is_valid_code("needs_domains", n) for n in needs):
                ctx.check.add("needs_domains", _("Lĩnh vực nhu cầu không hợp lệ."))
        plan["needs_domains"] = needs
    old = ctx.case.get("plan")
    history = with_history(old, format_moment(moment))
    if history:
        plan["history"] = history
    if isinstance(old, Mapping):
        for key in ("stage_at", "replanned_at", "returns"):
            if old.get(key):
                plan[key] = old[key]
    summary = ctx.summary(required=False)
    changes: dict[str, Any] = {
        "step": "planning",
        "plan": plan,
        "plan_drafted_at": format_moment(moment),
        "plan_approved_at": None,
    }
    if ctx.kind == "general" and not ctx.case.get("assessed_at"):
        changes["assessed_at"] = format_moment(moment)
        events.append(
            ctx.event(moment, "intake", N_("Đánh giá nhu cầu"), kind="assessment")
            | {"narrative": None, "sensitive": False}
        )
    events.append(ctx.event(moment, "planning", summary or N_("Dự thảo kế hoạch hỗ trợ")))
    return ctx.finish(moment, changes, events)


def _event_only(ctx: Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=False)
    changes: dict[str, Any] = {}
    if ctx.action == "add_note" and ctx.data.get("contact"):
        changes["last_contact_at"] = contact_moment(ctx.case, moment)
    return ctx.finish(moment, changes, [ctx.event(moment, ctx.step, summary)])


def _record_return(ctx: Context) -> Transition:
    moment = ctx.moment(step_change=False)
    summary = ctx.summary(required=False) or N_("Trở về gia đình, cộng đồng")
    changes = {"returned_at": format_moment(moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, ctx.step, summary)])


def _step_change(to_step: str) -> Callable[[Context], Transition]:
    def handler(ctx: Context) -> Transition:
        summary = ctx.summary()
        moment = ctx.moment(step_change=True)
        changes = {"step": to_step, **stamped(ctx.case, "stage_at", moment)}
        return ctx.finish(moment, changes, [ctx.event(moment, to_step, summary)])

    return handler


def _replan(ctx: Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=True)
    changes = {"step": "planning", **stamped(ctx.case, "replanned_at", moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, "planning", summary)])


def _adjust_plan(ctx: Context) -> Transition:
    """Minor adjustment (stays in monitoring), or a new plan needing approval (→ planning)."""
    summary = ctx.summary()
    new_plan = ctx.data.get("plan")
    moment = ctx.moment(step_change=bool(new_plan))
    if not new_plan:
        plan = dict(ctx.case.get("plan") or {})
        notes = list(plan.get("adjustments") or [])
        notes.append({"at": format_moment(moment), "summary": summary})
        plan["adjustments"] = notes
        return ctx.finish(moment, {"plan": plan}, [ctx.event(moment, "monitoring", summary)])
    plan = plan_from(ctx)
    old = plan_of(ctx.case)
    plan["needs_domains"] = list(old.get("needs_domains") or [])
    history = with_history(old, format_moment(moment))
    if history:
        plan["history"] = history
    plan["replanned_at"] = format_moment(moment)
    changes = {
        "step": "planning",
        "plan": plan,
        "plan_drafted_at": format_moment(moment),
        "plan_approved_at": None,
    }
    return ctx.finish(moment, changes, [ctx.event(moment, "planning", summary)])


def _close(ctx: Context) -> Transition:
    reason = ctx.data.get("closure_reason")
    if not reason:
        ctx.check.add("closure_reason", _("Hãy chọn lý do kết thúc ca."))
    elif reason not in CLOSURE_REASONS:
        ctx.check.add("closure_reason", _("Lý do kết thúc ca không hợp lệ."))
    summary = ctx.summary(required=False) or N_("Kết thúc ca")
    moment = ctx.moment(step_change=True)
    changes: dict[str, Any] = {
        "step": "closed",
        "status": "closed",
        "closed_at": format_moment(moment),
        "closure_reason": reason,
    }
    if separation_ongoing(ctx.case):
        start = parse_moment(ctx.case.get("separation_start"))
        changes["separation_end"] = format_moment(max(moment, start) if start else moment)
    return ctx.finish(moment, changes, [ctx.event(moment, "closed", summary)])


def _reopen(ctx: Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=True)
    to_step = REOPEN_STEP[ctx.kind]
    changes: dict[str, Any] = {
        "step": to_step,
        "status": "open",
        "closed_at": None,
        "closure_reason": None,
        **stamped(ctx.case, "stage_at", moment),
    }
    return ctx.finish(moment, changes, [ctx.event(moment, to_step, summary)])


def _archive(ctx: Context) -> Transition:
    summary = ctx.summary(required=False) or N_("Lưu trữ hồ sơ")
    moment = ctx.moment(step_change=True)
    changes = {"step": "archived", "status": "archived"}
    return ctx.finish(moment, changes, [ctx.event(moment, "archived", summary)])


HANDLERS: dict[str, Callable[[Context], Transition]] = {
    "assess": _assess,
    "emergency_action": _emergency_action,
    "separate": _separate,
    "end_separation": _end_separation,
    "verify": _verify,
    "draft_plan": _draft_plan,
    "approve_plan": approve_plan,
    "return_plan": return_plan,
    "record_service": _event_only,
    "refer": _event_only,
    "follow_up": _event_only,
    "add_note": _event_only,
    "record_return": _record_return,
    "review": _step_change("review"),
    "replan": _replan,
    "monitor": _step_change("monitoring"),
    "adjust_plan": _adjust_plan,
    "evaluate": _step_change("evaluation"),
    "close": _close,
    "reopen": _reopen,
    "archive": _archive,
}
