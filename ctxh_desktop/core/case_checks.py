"""What every workflow action shares: the error collector, moment checks against the case's
milestones, the timeline event, and the plan read from a form.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctxh_desktop.core import records
from ctxh_desktop.core.case_actions import ACTIONS, Transition, plan_of
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.moments import format_moment, parse_moment, show_moment
from ctxh_desktop.i18n import _


class Checker:
    """Collects field errors; raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        """Note ``message`` for field ``name`` (the first message of a field wins)."""
        self.errors.setdefault(name, message)

    def text(
        self, data: Mapping[str, Any], name: str, message: str, required: bool = True
    ) -> str | None:
        """The stripped text of ``data[name]``; ``message`` when missing (if required) or not text."""
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value not in (None, "") or required:
            self.add(name, message)
        return None

    def moment(
        self,
        data: Mapping[str, Any],
        name: str,
        at: dt.datetime,
        received: dt.datetime | None,
        floor: tuple[dt.datetime, str] | None = None,
        required: bool = False,
    ) -> dt.datetime:
        """``data[name]`` as a moment between receipt (or ``floor``) and ``at``; ``at`` if absent."""
        raw = data.get(name)
        if raw in (None, ""):
            if required:
                self.add(name, _("Hãy nhập ngày giờ (YYYY-MM-DDTHH:MM)."))
            return at
        moment = parse_moment(raw)
        if moment is None:
            self.add(name, _("Ngày giờ phải có dạng YYYY-MM-DDTHH:MM."))
            return at
        if received is not None and moment < received:
            self.add(
                name,
                _("Thời điểm không được trước lúc tiếp nhận ca ({moment}).").format(
                    moment=show_moment(format_moment(received))
                ),
            )
        elif moment > at:
            self.add(
                name,
                _("Thời điểm không được sau thời điểm ghi nhận ({moment}).").format(
                    moment=show_moment(format_moment(at))
                ),
            )
        elif floor is not None and moment < floor[0]:
            self.add(name, floor[1].format(moment=show_moment(format_moment(floor[0]))))
        return moment

    def done(self) -> None:
        """Raise every noted error together (``ValidationError``)."""
        if self.errors:
            raise ValidationError(self.errors)


def parse_at(at: Any) -> dt.datetime:
    """The moment an action is recorded, or a refusal."""
    moment = parse_moment(at)
    if moment is None:
        raise ValidationError({"at": _("Ngày giờ phải có dạng YYYY-MM-DDTHH:MM.")})
    return moment


def last_milestone(case: Mapping[str, Any]) -> dt.datetime | None:
    """The latest dated milestone of the case: step changes must not be dated before it."""
    found = None
    plan = plan_of(case)
    for value in (
        case.get("received_at"),
        case.get("assessed_at"),
        case.get("plan_drafted_at"),
        case.get("plan_approved_at"),
        case.get("closed_at"),
        plan.get("replanned_at"),
        plan.get("stage_at"),
    ):
        moment = parse_moment(value) if value else None
        if moment and (found is None or moment > found):
            found = moment
    return found


# -- events -----------------------------------------------------------------------------------------
def make_event(
    kind: str, moment: dt.datetime, step: str, summary: str | None, data: Mapping[str, Any]
) -> dict[str, Any]:
    """A timeline row (``case_event`` without ids) for an action at ``moment``."""
    narrative = data.get("narrative") or None
    sensitive = bool(data.get("sensitive", False))
    return {
        "at": format_moment(moment),
        "kind": kind,
        "step": step,
        "summary": summary,
        "narrative": narrative,
        "sensitive": sensitive,
    }


def contact_moment(case: Mapping[str, Any], moment: dt.datetime) -> str:
    """The case's last contact after a contact at ``moment`` (never moved earlier)."""
    last = parse_moment(case.get("last_contact_at")) if case.get("last_contact_at") else None
    return format_moment(moment if last is None or moment > last else last)


class Context:
    """One action being taken on a case: its data, its checks and its moments."""

    def __init__(
        self, case: Mapping[str, Any], action: str, data: Mapping[str, Any], at: str
    ) -> None:
        self.case = case
        self.kind = case["kind"]
        self.step = case["step"]
        self.action = action
        self.spec = ACTIONS[action]
        self.data = data
        self.at = parse_at(at)
        self.received = parse_moment(case.get("received_at"))
        self.check = Checker()

    def moment(self, *, step_change: bool, required: bool = False) -> dt.datetime:
        """The action's own moment, checked (a step change not before the last milestone)."""
        floor = None
        if step_change:
            last = last_milestone(self.case)
            if last is not None:
                floor = (last, _("Thời điểm không được trước bước trước đó của ca ({moment})."))
        return self.check.moment(
            self.data, self.spec.moment, self.at, self.received, floor, required
        )

    def summary(self, required: bool = True) -> str | None:
        """The action's summary text."""
        return self.check.text(self.data, "summary", _("Hãy nhập nội dung tóm tắt."), required)

    def event(
        self, moment: dt.datetime, step: str, summary: str | None, kind: str | None = None
    ) -> dict[str, Any]:
        """The action's timeline row."""
        return make_event(kind or self.spec.event, moment, step, summary, self.data)

    def finish(
        self, moment: dt.datetime, changes: dict[str, Any], events: list[dict[str, Any]]
    ) -> Transition:
        """Raise the errors noted, else the transition (with the contact moment)."""
        self.check.done()
        if self.spec.contact:
            changes["last_contact_at"] = contact_moment(self.case, moment)
        return Transition(changes, events)


def plan_from(ctx: Context) -> dict[str, Any]:
    """Validate ``data["plan"]`` and return the plan dict to store."""
    check = ctx.check
    raw = ctx.data.get("plan")
    if not isinstance(raw, Mapping):
        raw = {}
    objectives = raw.get("objectives")
    if isinstance(objectives, list | tuple):
        objectives = [str(o).strip() for o in objectives if str(o).strip()]
    elif isinstance(objectives, str):
        objectives = objectives.strip()
    if not objectives:
        check.add("plan.objectives", _("Hãy nhập mục tiêu của kế hoạch."))
    activities = raw.get("activities")
    clean_activities = []
    if not isinstance(activities, list | tuple) or not activities:
        check.add("plan.activities", _("Kế hoạch cần ít nhất một hoạt động."))
    else:
        for row, item in enumerate(activities, start=1):
            try:
                clean_activities.append(records.validate_plan_activity(item, row))
            except UserError as exc:
                check.add("plan.activities", _("Có hoạt động chưa đủ thông tin (xem từng dòng)."))
                check.add(exc.field or "plan.activities", exc.message)
    timeframe = raw.get("timeframe")
    if not isinstance(timeframe, str) or not timeframe.strip():
        check.add("plan.timeframe", _("Hãy nhập thời gian thực hiện kế hoạch."))
        timeframe = None
    providers = raw.get("providers") or []
    if not isinstance(providers, list | tuple) or not all(
        isinstance(p, str) and p for p in providers
    ):
        check.add("plan.providers", _("Danh sách cơ sở cung cấp dịch vụ không hợp lệ."))
        providers = []
    providers = list(providers)
    for item in clean_activities:
        if item.get("provider_id") and item["provider_id"] not in providers:
            providers.append(item["provider_id"])
    plan = {
        "objectives": objectives,
        "activities": clean_activities,
        "timeframe": timeframe.strip() if timeframe else None,
        "providers": providers,
        "resources": (raw.get("resources") or "").strip() or None,
        "risks": (raw.get("risks") or "").strip() or None,
    }
    return plan


def with_history(old: Any, moment: str) -> list[dict[str, Any]]:
    """The previous plans, oldest first, with the current one appended (if any)."""
    if not isinstance(old, Mapping):
        return []
    history = list(old.get("history") or [])
    snapshot = {k: copy.deepcopy(v) for k, v in old.items() if k != "history"}
    if snapshot.get("objectives"):
        snapshot["replaced_at"] = moment
        history.append(snapshot)
    return history


def stamped(case: Mapping[str, Any], key: str, moment: dt.datetime) -> dict[str, Any]:
    """``{"plan": …}`` with ``key`` set to the moment, when the case has a plan; else ``{}``.

    The stamps order later step changes (see :func:`last_milestone`).
    """
    plan = case.get("plan")
    if not isinstance(plan, Mapping) or not plan.get("objectives"):
        return {}
    return {"plan": {**plan, key: format_moment(moment)}}
