"""Statutory deadlines of a case, computed from its row, its timeline and the working calendar.

Rules (stable codes; labels via :func:`rule_label`):

- ``emergency_12h`` (Decree 56/2017, Art. 27): for an emergency case, an emergency measure, a
  temporary separation or the initial assessment within 12 hours of receipt (exact hours).
- ``plan_draft_5wd`` (Art. 29): the plan drafted within 5 working days — for child protection from
  the verification meeting (the end of verification), for general cases from receipt; after a
  re-plan, from the re-plan.
- ``plan_approval_2wd`` (Art. 29): approved within 2 working days of the draft.
- ``separation_15d`` (Art. 31): a temporary separation lasts at most 15 days.
- ``no_contact_1m`` (TT 02/2020): a case in intervention or monitoring without contact for a month
  may be closed with reason ``no_contact_one_month`` (``suggest_closure`` says so when overdue).
- ``follow_up_6m`` (TT 02/2020): follow-up in the community for at least 6 months after the
  client's return; met by a follow-up or review dated in the sixth month or later.

Day, month and working-day periods end at 23:59 of their last day; the day of the triggering event
is not counted (see :mod:`ctxh_desktop.core.calendar`). ``overdue`` is true when a deadline is
unmet and ``now`` is past it, or was met late.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ctxh_desktop.core.calendar import END_OF_DAY, WorkingCalendar
from ctxh_desktop.core.workflow import parse_moment
from ctxh_desktop.i18n import N_, _

RULES: dict[str, str] = {
    "emergency_12h": N_("Can thiệp khẩn cấp trong 12 giờ"),
    "plan_draft_5wd": N_("Xây dựng kế hoạch trong 5 ngày làm việc"),
    "plan_approval_2wd": N_("Phê duyệt kế hoạch trong 2 ngày làm việc"),
    "separation_15d": N_("Cách ly tạm thời không quá 15 ngày"),
    "no_contact_1m": N_("Không liên lạc được 1 tháng"),
    "follow_up_6m": N_("Theo dõi 6 tháng sau khi trở về cộng đồng"),
}

#: Upcoming deadlines within this many working days appear in the to-do list.
TODO_HORIZON_WORKING_DAYS = 3

_EMERGENCY_EVENTS = ("emergency_action", "assessment", "separation")
_ACTIVE_STEPS = ("intervention", "monitoring")


@dataclass
class Deadline:
    """One deadline of a case."""

    rule: str
    due: str  # YYYY-MM-DDTHH:MM
    met_at: str | None = None
    overdue: bool = False
    suggest_closure: str | None = None

    @property
    def label(self) -> str:
        """The rule's name in the current language."""
        return rule_label(self.rule)


def rule_label(rule: str) -> str:
    """The rule's name in the current language."""
    text = RULES.get(rule)
    return _(text) if text else rule


def _fmt(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _moment(value: Any) -> dt.datetime | None:
    return parse_moment(value) if value else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _stdcal.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, END_OF_DAY)


def _sorted_events(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted((e for e in events if e.get("at")), key=lambda e: e["at"])


def _plan_start(case: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> dt.datetime | None:
    """When the 5-working-day drafting period starts (``None``: not started yet)."""
    start = None
    if case.get("kind") == "child_protection":
        if case.get("step") in ("intake", "assessment"):
            return None
        for event in events:
            if event.get("kind") == "meeting" and event.get("step") == "verification":
                start = _moment(event["at"])
    else:
        start = _moment(case.get("received_at"))
    for event in events:
        restarts = event.get("kind") == "replan" and event.get("step") == "planning"
        if restarts or event.get("kind") == "reopened":
            moment = _moment(event["at"])
            if moment and (start is None or moment > start):
                start = moment
    return start


def _make(rule: str, due: dt.datetime, met: dt.datetime | None, now: dt.datetime) -> Deadline:
    overdue = (met > due) if met is not None else now > due
    return Deadline(rule, _fmt(due), _fmt(met) if met else None, overdue)


def _emergency(case, events, now) -> Deadline | None:
    received = _moment(case.get("received_at"))
    if not case.get("emergency") or received is None:
        return None
    met = next(
        (
            _moment(e["at"])
            for e in events
            if e.get("kind") in _EMERGENCY_EVENTS and e["at"] >= case["received_at"]
        ),
        None,
    )
    return _make("emergency_12h", received + dt.timedelta(hours=12), met, now)


def _plan_deadlines(case, events, calendar: WorkingCalendar, now) -> list[Deadline]:
    found = []
    start = _plan_start(case, events)
    drafted = _moment(case.get("plan_drafted_at"))
    if start is not None:
        met = drafted if drafted is not None and drafted >= start else None
        if met is None and drafted is not None and case.get("kind") == "child_protection":
            # A draft recorded before the verification meeting still counts as drafted.
            replans = [e for e in events if e.get("kind") == "replan"]
            met = drafted if not replans else None
        found.append(_make("plan_draft_5wd", calendar.add_working_days(start, 5), met, now))
    if drafted is not None:
        approved = _moment(case.get("plan_approved_at"))
        met = approved if approved is not None and approved >= drafted else None
        found.append(_make("plan_approval_2wd", calendar.add_working_days(drafted, 2), met, now))
    return found


def _separation(case, now) -> Deadline | None:
    start = _moment(case.get("separation_start"))
    if start is None:
        return None
    due = _end_of(start.date() + dt.timedelta(days=15))
    return _make("separation_15d", due, _moment(case.get("separation_end")), now)


def _no_contact(case, events, now) -> Deadline | None:
    if case.get("step") not in _ACTIVE_STEPS:
        return None
    base = _moment(case.get("last_contact_at"))
    if base is None:
        base = _moment(events[-1]["at"]) if events else _moment(case.get("received_at"))
    if base is None:
        return None
    deadline = _make("no_contact_1m", _end_of(add_months(base.date(), 1)), None, now)
    if deadline.overdue:
        deadline.suggest_closure = "no_contact_one_month"
    return deadline


def _follow_up(case, events, now) -> Deadline | None:
    returned = _moment(case.get("returned_at"))
    if returned is None:
        return None
    due = _end_of(add_months(returned.date(), 6))
    window = _fmt(dt.datetime.combine(add_months(returned.date(), 5), dt.time()))
    met = next(
        (
            _moment(e["at"])
            for e in events
            if e.get("kind") in ("follow_up", "review") and e["at"] >= window
        ),
        None,
    )
    return _make("follow_up_6m", due, met, now)


def _now(now: dt.datetime | dt.date | str) -> dt.datetime:
    if isinstance(now, dt.datetime):
        return now.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(now, dt.date):
        return dt.datetime.combine(now, dt.time())
    moment = parse_moment(now)
    if moment is None:
        raise ValueError(f"not a moment: {now!r}")
    return moment


def case_deadlines(
    case: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
    calendar: WorkingCalendar,
    now: dt.datetime | str,
) -> list[Deadline]:
    """Every deadline that applies to the case, in rule order.

    For a case that is no longer open only the deadlines that were met are returned.
    """
    moment = _now(now)
    ordered = _sorted_events(events)
    found: list[Deadline | None] = [_emergency(case, ordered, moment)]
    found.extend(_plan_deadlines(case, ordered, calendar, moment))
    found.append(_separation(case, moment))
    found.append(_no_contact(case, ordered, moment))
    found.append(_follow_up(case, ordered, moment))
    result = [d for d in found if d is not None]
    if case.get("status", "open") != "open":
        result = [d for d in result if d.met_at]
    return result


def _urgency(deadline: Deadline) -> tuple[bool, str]:
    return (not deadline.overdue, deadline.due)


def next_deadline(
    case: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
    calendar: WorkingCalendar,
    now: dt.datetime | str,
) -> Deadline | None:
    """The most urgent deadline not yet met (overdue first, then the earliest), or ``None``."""
    pending = [d for d in case_deadlines(case, events, calendar, now) if d.met_at is None]
    return min(pending, key=_urgency) if pending else None


def todo(
    cases_with_events: Iterable[Any], calendar: WorkingCalendar, now: dt.datetime | str
) -> list[dict[str, Any]]:
    """What needs doing at ``now`` across open cases, most urgent first.

    Each item of ``cases_with_events`` is a case dict holding its timeline under ``"events"`` or a
    ``(case, events)`` pair. Listed: every unmet deadline already due (``overdue`` true), and those
    due within the next :data:`TODO_HORIZON_WORKING_DAYS` working days (``overdue`` false).
    Items: ``{"case_id", "case_code", "rule", "due", "overdue"}``; overdue first, then by due.
    """
    moment = _now(now)
    horizon = _fmt(calendar.add_working_days(moment, TODO_HORIZON_WORKING_DAYS))
    items = []
    for entry in cases_with_events:
        if isinstance(entry, tuple | list):
            case, events = entry
        else:
            case, events = entry, entry.get("events") or []
        if case.get("status", "open") != "open" or case.get("deleted"):
            continue
        for deadline in case_deadlines(case, events, calendar, moment):
            if deadline.met_at is not None or deadline.due > horizon:
                continue
            items.append(
                {
                    "case_id": case.get("id"),
                    "case_code": case.get("code"),
                    "rule": deadline.rule,
                    "due": deadline.due,
                    "overdue": deadline.overdue,
                }
            )
    items.sort(key=lambda i: (not i["overdue"], i["due"], i["case_code"] or "", i["rule"]))
    return items


# -- indicators -----------------------------------------------------------------------------------
def emergency_met_12h(case: Mapping[str, Any], events: Iterable[Mapping[str, Any]]) -> bool | None:
    """For an emergency case: acted on within 12 hours of receipt; ``None`` for other cases."""
    if not case.get("emergency"):
        return None
    deadline = _emergency(case, _sorted_events(events), dt.datetime.max)
    return bool(deadline and deadline.met_at and not deadline.overdue)


def plan_on_time(
    case: Mapping[str, Any], events: Iterable[Mapping[str, Any]], calendar: WorkingCalendar
) -> bool | None:
    """Plan drafted within 5 working days and approved within 2 more; ``None`` before approval.

    When the start of the drafting period is unknown (no verification meeting on the timeline),
    the assessment, or else receipt, stands in for it.
    """
    drafted = _moment(case.get("plan_drafted_at"))
    approved = _moment(case.get("plan_approved_at"))
    if drafted is None or approved is None:
        return None
    ordered = _sorted_events(events)
    start = _plan_start(case, ordered)
    if start is None or start > drafted:
        start = _moment(case.get("assessed_at")) or _moment(case.get("received_at")) or drafted
        start = min(start, drafted)
    draft_ok = drafted <= calendar.add_working_days(start, 5)
    approval_ok = drafted <= approved <= calendar.add_working_days(drafted, 2)
    return draft_ok and approval_ok


__all__ = [
    "RULES",
    "TODO_HORIZON_WORKING_DAYS",
    "Deadline",
    "add_months",
    "case_deadlines",
    "emergency_met_12h",
    "next_deadline",
    "plan_on_time",
    "rule_label",
    "todo",
]
