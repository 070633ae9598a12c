"""Statutory deadlines of a case, computed from its row, its timeline and the working calendar.

Rules (stable codes; labels via :func:`rule_label`, citations via :data:`CITATIONS`):

- ``emergency_12h`` — Decree 56/2017, Art. 26(3), Art. 31(2) and Art. 32(2): a child at serious
  risk gets an emergency intervention measure or a temporary separation within 12 hours of the
  report being received (exact hours, Civil Code Art. 147(1)). An assessment alone does not meet it.
- ``assessment_5wd`` — Decree 56/2017, Arts. 26–28(1): the initial assessment (Mẫu 02), the specific
  assessment (Mẫu 03) and the meeting that decides the needs (Art. 27(2)) come before the plan,
  which Art. 28(1) wants within 5 working days. The Decree sets no separate period for the
  assessments, so they are due by the plan's own deadline, counted from receipt; met by the needs
  meeting (or, failing one, the drafted plan). See ``docs/DEADLINES.md``.
- ``plan_draft_5wd`` — Decree 56/2017, Art. 28(1): the plan drafted within 5 working days, counted
  from receipt of the report, so that a late assessment never makes a late plan "on time". After a
  re-plan (Art. 30(1)(c)) or a reopening, from that moment. For general cases the same 5 working
  days from receipt are an internal target (Circular 02/2020 sets no period).
- ``plan_approval_2wd`` — Decree 56/2017, Art. 28(4): the chairman approves within 2 working days of
  the draft; a draft made late does not move this deadline later (it counts from the draft's own
  deadline then).
- ``plan_review`` — Decree 56/2017, Art. 30: the review after the plan is carried out, due at the end
  of the plan's last activity (its "to" date), met by a review; only when the plan has such dates.
- ``separation_15d`` — Decree 56/2017, Art. 32(3): a temporary separation lasts at most 15 days. A
  maximum length of a measure, not a period to act in: it is not extended past a day off.
- ``no_contact_1m`` — internal target (Circular 02/2020 sets none): a case in intervention or
  monitoring without contact for a month may be closed with reason ``no_contact_one_month``
  (``suggest_closure`` says so when overdue).
- ``follow_up_6m`` — internal target (Circular 02/2020 sets none): follow-up in the community for at
  least 6 months after the client's return; met by a follow-up or review dated in the sixth month
  or later.

Day, month and working-day periods end at 23:59 of their last day; the day of the triggering event
is not counted (see :mod:`ctxh_desktop.core.calendar`). A day or month period whose last day is a
day off ends at the end of the next working day (Civil Code Art. 148(5)); hour periods do not move.
``overdue`` is true when a deadline is unmet and ``now`` is past it, or was met late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ctxh_desktop.core.calendar import END_OF_DAY, WorkingCalendar
from ctxh_desktop.core.event_corrections import as_corrected
from ctxh_desktop.core.moments import parse_moment
from ctxh_desktop.core.periods import add_months
from ctxh_desktop.i18n import N_, _

RULES: dict[str, str] = {
    "emergency_12h": N_("Can thiệp khẩn cấp hoặc cách ly tạm thời trong 12 giờ"),
    "assessment_5wd": N_("Đánh giá nguy cơ, xác định nhu cầu trước hạn lập kế hoạch"),
    "plan_draft_5wd": N_("Xây dựng kế hoạch trong 5 ngày làm việc"),
    "plan_approval_2wd": N_("Phê duyệt kế hoạch trong 2 ngày làm việc"),
    "plan_review": N_("Rà soát, đánh giá khi kết thúc kế hoạch"),
    "separation_15d": N_("Cách ly tạm thời không quá 15 ngày"),
    "no_contact_1m": N_("Không liên lạc được 1 tháng (mục tiêu nội bộ)"),
    "follow_up_6m": N_("Theo dõi 6 tháng sau khi trở về cộng đồng (mục tiêu nội bộ)"),
}

#: Where each rule comes from, shown beside the deadline in the case view.
CITATIONS: dict[str, str] = {
    "emergency_12h": N_(
        "Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3, Điều 31 khoản 2, Điều 32 khoản 2"
    ),
    "assessment_5wd": N_("Nghị định 56/2017/NĐ-CP, Điều 26, 27 và Điều 28 khoản 1"),
    "plan_draft_5wd": N_("Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1"),
    "plan_approval_2wd": N_("Nghị định 56/2017/NĐ-CP, Điều 28 khoản 4"),
    "plan_review": N_("Nghị định 56/2017/NĐ-CP, Điều 30"),
    "separation_15d": N_("Nghị định 56/2017/NĐ-CP, Điều 32 khoản 3"),
    "no_contact_1m": N_("Mục tiêu nội bộ; Thông tư 02/2020/TT-BLĐTBXH không quy định thời hạn này"),
    "follow_up_6m": N_("Mục tiêu nội bộ; Thông tư 02/2020/TT-BLĐTBXH không quy định thời hạn này"),
}

#: Upcoming deadlines within this many working days appear in the to-do list.
TODO_HORIZON_WORKING_DAYS = 3

#: What meets the 12-hour rule: an emergency measure (Art. 31) or a temporary separation (Art. 32).
_EMERGENCY_EVENTS = ("emergency_action", "separation")
_ACTIVE_STEPS = ("intervention", "monitoring")
_BEFORE_PLAN_STEPS = ("intake", "assessment", "verification")


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


def rule_citation(rule: str) -> str:
    """Where the rule comes from (article of the law, or "internal target"), in the current language."""
    text = CITATIONS.get(rule)
    return _(text) if text else ""


def _fmt(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _moment(value: Any) -> dt.datetime | None:
    return parse_moment(value) if value else None


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, END_OF_DAY)


_Case = Mapping[str, Any]
_Events = Sequence[Mapping[str, Any]]


def _sorted_events(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The timeline as corrected (a corrected step at its corrected moment), oldest first."""
    return sorted((e for e in as_corrected(events) if e.get("at")), key=lambda e: e["at"])


def _restart(events: Sequence[Mapping[str, Any]]) -> dt.datetime | None:
    """The latest re-plan (Art. 30(1)(c)) or reopening: the planning clock starts again there."""
    found = None
    for event in events:
        restarts = event.get("kind") == "replan" and event.get("step") == "planning"
        if restarts or event.get("kind") == "reopened":
            found = _moment(event["at"]) or found
    return found


def _first_draft(events: Sequence[Mapping[str, Any]], start: dt.datetime) -> dt.datetime | None:
    """The first draft since the planning clock started: a plan returned by the chairman and
    drafted again is still counted from it, so the approval's 2 working days (Art. 28(4)) never
    start again from a new draft."""
    for event in events:
        moment = _moment(event["at"]) if event.get("kind") == "plan_drafted" else None
        if moment is not None and moment >= start:
            return moment
    return None


def _needs_meeting(events: Sequence[Mapping[str, Any]]) -> dt.datetime | None:
    """The meeting that decided the child's needs (Art. 27(2)), the end of the assessments."""
    for event in events:
        if event.get("kind") == "meeting" and event.get("step") == "verification":
            return _moment(event["at"])
    return None


def _make(rule: str, due: dt.datetime, met: dt.datetime | None, now: dt.datetime) -> Deadline:
    overdue = (met > due) if met is not None else now > due
    return Deadline(rule, _fmt(due), _fmt(met) if met else None, overdue)


def _emergency(case: _Case, events: _Events, now: dt.datetime) -> Deadline | None:
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


def _plan_deadlines(
    case: _Case, events: _Events, calendar: WorkingCalendar, now: dt.datetime
) -> list[Deadline]:
    """Assessment (child protection), drafting and approval: one chain from receipt, where a late
    step never moves the deadline of the step after it."""
    found: list[Deadline] = []
    received = _moment(case.get("received_at"))
    restart = _restart(events)
    start = max(received, restart) if received and restart else (restart or received)
    if start is None:
        return found
    drafted = _first_draft(events, start) or _moment(case.get("plan_drafted_at"))
    draft_met = drafted if drafted is not None and drafted >= start else None
    draft_due = calendar.add_working_days(start, 5)
    child = case.get("kind") == "child_protection"
    if child and restart is None:
        meeting = _needs_meeting(events)
        assessed = meeting or drafted
        found.append(_make("assessment_5wd", draft_due, assessed, now))
        show_draft = assessed is not None or case.get("step") not in _BEFORE_PLAN_STEPS
    else:
        show_draft = True
    if show_draft:
        found.append(_make("plan_draft_5wd", draft_due, draft_met, now))
    if draft_met is not None:
        approved = _moment(case.get("plan_approved_at"))
        met = approved if approved is not None and approved >= draft_met else None
        counted_from = min(draft_met, draft_due)
        found.append(
            _make("plan_approval_2wd", calendar.add_working_days(counted_from, 2), met, now)
        )
    return found


def _plan_end(case: Mapping[str, Any]) -> dt.date | None:
    """The last "to" date of the plan's activities, if the plan gives dates."""
    plan = case.get("plan")
    if not isinstance(plan, Mapping):
        return None
    ends = []
    for activity in plan.get("activities") or []:
        if isinstance(activity, Mapping):
            value = activity.get("to") or activity.get("end")
            moment = _moment(value) if isinstance(value, str) else None
            if moment is not None:
                ends.append(moment.date())
    return max(ends) if ends else None


def _review(
    case: _Case, events: _Events, calendar: WorkingCalendar, now: dt.datetime
) -> Deadline | None:
    approved = _moment(case.get("plan_approved_at"))
    end = _plan_end(case)
    if approved is None or end is None:
        return None
    met = next(
        (
            _moment(e["at"])
            for e in events
            if e.get("kind") == "review" and e["at"] >= _fmt(approved)
        ),
        None,
    )
    return _make("plan_review", calendar.end_of_period(end), met, now)


def _separation(case: _Case, now: dt.datetime) -> Deadline | None:
    start = _moment(case.get("separation_start"))
    if start is None:
        return None
    due = _end_of(start.date() + dt.timedelta(days=15))
    return _make("separation_15d", due, _moment(case.get("separation_end")), now)


def _no_contact(
    case: _Case, events: _Events, calendar: WorkingCalendar, now: dt.datetime
) -> Deadline | None:
    if case.get("step") not in _ACTIVE_STEPS:
        return None
    base = _moment(case.get("last_contact_at"))
    if base is None:
        base = _moment(events[-1]["at"]) if events else _moment(case.get("received_at"))
    if base is None:
        return None
    due = calendar.end_of_period(add_months(base.date(), 1))
    deadline = _make("no_contact_1m", due, None, now)
    if deadline.overdue:
        deadline.suggest_closure = "no_contact_one_month"
    return deadline


def _follow_up(
    case: _Case, events: _Events, calendar: WorkingCalendar, now: dt.datetime
) -> Deadline | None:
    returned = _moment(case.get("returned_at"))
    if returned is None:
        return None
    due = calendar.end_of_period(add_months(returned.date(), 6))
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
    found.append(_review(case, ordered, calendar, moment))
    found.append(_separation(case, moment))
    found.append(_no_contact(case, ordered, calendar, moment))
    found.append(_follow_up(case, ordered, calendar, moment))
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
    """Plan drafted within 5 working days of receipt (or of a re-plan) and approved within the 2
    working days after (Decree 56/2017, Art. 28(1) and (4)); ``None`` before approval."""
    if (
        _moment(case.get("plan_drafted_at")) is None
        or _moment(case.get("plan_approved_at")) is None
    ):
        return None
    chain = _plan_deadlines(case, _sorted_events(events), calendar, dt.datetime.max)
    timed = [d for d in chain if d.rule in ("plan_draft_5wd", "plan_approval_2wd")]
    return len(timed) == 2 and all(d.met_at and not d.overdue for d in timed)


__all__ = [
    "CITATIONS",
    "RULES",
    "TODO_HORIZON_WORKING_DAYS",
    "Deadline",
    "case_deadlines",
    "emergency_met_12h",
    "next_deadline",
    "plan_on_time",
    "rule_citation",
    "rule_label",
    "todo",
]
