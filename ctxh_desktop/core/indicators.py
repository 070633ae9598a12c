"""Every figure the product reports, computed in one place.

``ctxh stats``, the Home page, the monthly report, the consolidated view and the Excel output all
read :func:`compute_counts`; a figure is defined here once. Counts are additive, non-negative
integers under stable English snake_case keys; breakdowns use dotted keys
(``cases_by_step.child_protection.planning``), so an office sums its communes key by key.

Definitions (period = inclusive day range):

- ``people``: people registered by the end of the period, by target group (a person in several
  counts in each); ``people_new``: registered in it.
- ``cases_new``: cases received in the period, by source, problem type (each type counted) and kind.
- ``cases_emergency``: new emergency cases; ``cases_emergency_in_12h``: of those, given an emergency
  intervention measure or a temporary separation within 12 hours of receipt (Decree 56/2017,
  Art. 26(3), Art. 31(2), Art. 32(2)); an assessment alone does not count.
- ``plans_approved``: plans approved in the period; ``plans_approved_on_time``: of those, drafted
  within 5 working days of receipt (or of a re-plan) and approved within 2 more (Art. 28(1), (4)).
- ``cases_open``: received by the end of the period and not closed by then, by kind and by the step
  the case was in at the end of the period (replayed from its dated timeline).
- ``interventions``: cases active in the period — received in it, or not closed before it and with
  a step (a dated event of its timeline) in it — by problem type (each type counted), beside
  ``cases_new``.
- ``cases_closed``: closed in the period, by reason; ``referrals``: referrals made in the period.
- A case transferred between communes counts once: the sending commune counts it (new, steps,
  plan approval, intervention of the transfer's period) until the transfer, which is not a closure;
  the receiving commune counts it open from the day it arrived, and its interventions and plan
  approvals from the next period / from that day on, never as new.
- ``consultations``: sessions held in the period; ``consultation_people``: people reached (a group
  session counts its participants), by channel, topic (each topic counted) and target group.
  ``consultation_persons``: people counselled counted once each (a registered person once however
  many sessions; an unregistered person or a group's participants as counted in the session), in
  total and by channel (a person counselled through two channels counts in each).
- ``children``: children in special circumstances (the 14 groups of Law on Children Art. 10) on the
  register at the end of the period, by group and by sub-group (a child in several counts in each);
  ``children_new``: registered in the period. ``children_at_risk``: children on the register in
  the category of children at risk (Law on Children Art. 49; Decree 56/2017 Art. 25–27), counted
  apart from ``children`` unless also in one of the 14 groups.
- ``children_target``: registered children in the groups of the provincial coverage target;
  ``children_target_supported`` / ``children_supported``: of those / of all, children who received
  at least one support in the period; both of the target also by target group
  (``children_target_by_group``, ``children_target_supported_by_group``; a child in two counts in
  each). The Children page's coverage view reads these same figures.
- ``child_supports``: supports given in the period, by kind and source; ``child_support_amount_vnd``;
  ``children_supported_by_source``: children given at least one support from each source.
- The people who do the work (``staff``, ``collaborators``, ``staff_trained``…, providers offering
  social-work services): :mod:`ctxh_desktop.core.workforce_figures`.
- ``activities``: awareness and communication activities held in the period (by the day of the
  activity), by kind; ``activity_participants``: their participants (men and women), by kind, by
  sex (``activity_participants_male`` / ``_female``) and by age (``activity_participants_children``,
  ``activity_participants_adults``: the participants less the children). Counted apart from
  counselling: a class is not a counselling session.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ctxh_desktop.core import codes, deadlines, workforce_figures
from ctxh_desktop.core.calendar import WorkingCalendar
from ctxh_desktop.core.periods import Period

Row = Mapping[str, Any]

#: The main figures of the awareness activities register (:func:`_count_activities`).
ACTIVITY_KEYS = (
    "activities",
    "activity_participants",
    "activity_participants_male",
    "activity_participants_female",
    "activity_participants_children",
    "activity_participants_adults",
)

#: The register's category of children at risk (``child_groups``), beside the 14 groups of Art. 10.
AT_RISK = "at_risk"


@dataclass
class IndicatorData:
    """The rows the indicators are computed from (storage fills it; decoded JSON lists)."""

    people: list[Row] = field(default_factory=list)  # registered_on, target_groups; n (default 1)
    cases: list[Row] = field(default_factory=list)  # case_file columns
    events: dict[str, list[Row]] = field(default_factory=dict)  # case id → events sorted by time
    consultations: list[Row] = field(default_factory=list)  # at, group_size, channel, topics, …
    children: list[Row] = field(
        default_factory=list
    )  # id, groups, extra_groups, status, registered_on
    supports: list[Row] = field(default_factory=list)  # child_id, month, kind, source, amount
    referrals: list[Row] = field(default_factory=list)  # at
    staff: list[Row] = field(default_factory=list)  # id, role, since, until
    trainings: list[Row] = field(default_factory=list)  # staff_id, ended, hours
    certificates: list[Row] = field(default_factory=list)  # staff_id, issued_on
    providers: list[Row] = field(default_factory=list)  # offering social work: ownership, …
    activities: list[Row] = field(default_factory=list)  # held_on, kind, participants_…


def _step_at(case: Row, events: list[Row], end: str) -> str:
    """The step a case was in at the end of a day: its last event's step on or before it."""
    step = None
    for event in events:
        if event["at"][:10] > end:
            break
        if event.get("step"):
            step = event["step"]
    return step or case["step"]


def _closed_by(case: Row, end: str) -> bool:
    closed = case.get("closed_at")
    if not closed:
        return False
    return bool(closed[:10] <= end)


def compute_counts(
    data: IndicatorData, period: Period, calendar: WorkingCalendar | None = None
) -> dict[str, int]:
    """Every indicator for the period, as a flat dict of additive counts (zero keys omitted
    for breakdowns, always present for the main figures)."""
    cal = calendar or WorkingCalendar.load()
    start, end = period.start, period.end
    c: Counter[str] = Counter()
    main = [
        "people",
        "people_new",
        "cases_new",
        "interventions",
        "cases_emergency",
        "cases_emergency_in_12h",
        "plans_approved",
        "plans_approved_on_time",
        "cases_open",
        "cases_closed",
        "referrals",
        "consultations",
        "consultation_people",
        "consultation_persons",
        "children",
        "children_new",
        "children_at_risk",
        "children_target",
        "children_target_supported",
        "children_supported",
        "child_supports",
        "child_support_amount_vnd",
        *ACTIVITY_KEYS,
    ]
    for key in main:
        c[key] = 0
    c.update(workforce_figures.workforce_counts(data, period))
    main += workforce_figures.MAIN

    for person in data.people:
        registered = (person.get("registered_on") or person.get("created_at") or "")[:10]
        if registered and registered <= end:
            many = person.get("n", 1)
            c["people"] += many
            for group in person.get("target_groups") or []:
                c[f"people_by_target_group.{group}"] += many
            if registered >= start:
                c["people_new"] += many

    for case in data.cases:
        received = case["received_at"][:10]
        if received > end:
            continue
        events = data.events.get(case["id"], [])
        kind = case["kind"]
        arrived = _arrived(case)
        if arrived is not None:
            # received from another commune: counted here from the transfer on (its receipt, its
            # earlier steps and the intervention of the transfer's period are the sender's)
            if arrived > end:
                continue
            received = ""
        if received >= start or (
            not (case.get("closed_at") or "9")[:10] < start
            and (arrived is None or arrived < start)
            and _stepped(case, events, period)
        ):
            c["interventions"] += 1
            for problem in case.get("problem_types") or []:
                c[f"interventions_by_problem.{problem}"] += 1
        if received >= start:
            c["cases_new"] += 1
            c[f"cases_new_by_source.{case.get('source') or 'other'}"] += 1
            c[f"cases_new_by_kind.{kind}"] += 1
            for problem in case.get("problem_types") or []:
                c[f"cases_new_by_problem.{problem}"] += 1
            if case.get("emergency"):
                c["cases_emergency"] += 1
                if deadlines.emergency_met_12h(case, events):
                    c["cases_emergency_in_12h"] += 1
        if period.contains(case.get("plan_approved_at")) and (
            arrived is None or case["plan_approved_at"] > str(case.get("transferred_at"))
        ):
            c["plans_approved"] += 1
            if deadlines.plan_on_time(case, events, cal):
                c["plans_approved_on_time"] += 1
        if _closed_by(case, end):
            # a case sent to another commune goes on there: not a closure (counted once)
            if case["closed_at"][:10] >= start and case.get("closure_reason") != TRANSFERRED:
                c["cases_closed"] += 1
                c[f"cases_closed_by_reason.{case.get('closure_reason') or 'other'}"] += 1
        else:
            c["cases_open"] += 1
            c[f"cases_open_by_kind.{kind}"] += 1
            c[f"cases_by_step.{kind}.{_step_at(case, events, end)}"] += 1

    c["referrals"] = sum(1 for r in data.referrals if period.contains(r.get("at")))

    persons: set[str] = set()
    counselled: set[tuple[str, str]] = set()
    for session in data.consultations:
        if not period.contains(session["at"]):
            continue
        people = max(1, int(session.get("group_size") or 1))
        channel = session["channel"]
        c["consultations"] += 1
        c["consultation_people"] += people
        c[f"consultations_by_channel.{channel}"] += 1
        person_id = session.get("person_id")
        if not person_id or people > 1:
            c["consultation_persons"] += people
            c[f"consultation_persons_by_channel.{channel}"] += people
        else:
            if person_id not in persons:
                c["consultation_persons"] += 1
                persons.add(person_id)
            if (person_id, channel) not in counselled:
                c[f"consultation_persons_by_channel.{channel}"] += 1
                counselled.add((person_id, channel))
        for topic in session.get("topics") or []:
            c[f"consultations_by_topic.{topic}"] += 1
        if session.get("target_group"):
            c[f"consultations_by_target_group.{session['target_group']}"] += 1

    _count_activities(c, data.activities, period)

    supported: set[str] = set()
    by_source: set[tuple[str, str]] = set()
    for support in data.supports:
        if not period.contains_month(support["month"]):
            continue
        supported.add(support["child_id"])
        by_source.add((support["child_id"], support["source"]))
        c["child_supports"] += 1
        c[f"child_supports_by_kind.{support['kind']}"] += 1
        c[f"child_supports_by_source.{support['source']}"] += 1
        c["child_support_amount_vnd"] += int(support.get("amount") or 0)

    for _child, source in by_source:
        c[f"children_supported_by_source.{source}"] += 1

    target = codes.coverage_target_codes()
    parents = {i["code"]: i.get("parent") for i in codes.all_items("child_groups")}
    for child in data.children:
        registered = (child.get("registered_on") or "")[:10]
        if not registered or registered > end or child.get("status", "active") != "active":
            continue
        groups = list(child.get("groups") or [])
        tops = _top_level(groups, parents)
        if any(top != AT_RISK for top in tops) or not tops:
            c["children"] += 1
            if registered >= start:
                c["children_new"] += 1
        if AT_RISK in tops:
            c["children_at_risk"] += 1
        for group in tops:
            c[f"children_by_group.{group}"] += 1
        for group in groups:
            if parents.get(group):
                c[f"children_by_subgroup.{group}"] += 1
        is_supported = child["id"] in supported
        c["children_supported"] += is_supported
        hits = target.intersection(groups) | target.intersection(child.get("extra_groups") or [])
        if hits:
            c["children_target"] += 1
            c["children_target_supported"] += is_supported
        for code in hits:
            c[f"children_target_by_group.{code}"] += 1
            c[f"children_target_supported_by_group.{code}"] += is_supported
    out: Counter[str] = Counter()
    for key, value in c.items():
        out[_plain_key(key)] += value
    return {key: int(value) for key, value in sorted(out.items()) if value or key in main}


def _count_activities(c: Counter[str], activities: Iterable[Row], period: Period) -> None:
    """Add the awareness activities held in the period and their participants to ``c``."""
    for activity in activities:
        if not period.contains(activity["held_on"]):
            continue
        male = int(activity.get("participants_male") or 0)
        female = int(activity.get("participants_female") or 0)
        young = min(int(activity.get("participants_children") or 0), male + female)
        kind = activity["kind"]
        c["activities"] += 1
        c[f"activities_by_kind.{kind}"] += 1
        c["activity_participants"] += male + female
        c[f"activity_participants_by_kind.{kind}"] += male + female
        c["activity_participants_male"] += male
        c["activity_participants_female"] += female
        c["activity_participants_children"] += young
        c["activity_participants_adults"] += male + female - young


#: A code as an indicator key may hold it (snake_case, ``docs/CLI.md``).
_KEY_PART = re.compile(r"[a-z0-9_]{1,60}")


def _plain_key(key: str) -> str:
    """``name.code…`` with any code no form could have saved (an office may hold older data)
    counted under ``unknown``, so every key stays snake_case."""
    head, _sep, rest = key.partition(".")
    if not rest:
        return key
    parts = [p if _KEY_PART.fullmatch(p) else "unknown" for p in rest.split(".")]
    return ".".join([head, *parts])


#: The closure reason of a case sent to another commune (``services.case_transfer``).
TRANSFERRED = "transferred_commune"


def _arrived(case: Row) -> str | None:
    """The day a case received from another commune arrived here, or ``None``."""
    if not case.get("transferred_from"):
        return None
    return str(case.get("transferred_at") or case["received_at"])[:10]


def _stepped(case: Row, events: list[Row], period: Period) -> bool:
    """Whether a case had a step in the period: flagged by storage (``stepped_in_period``) when
    it read only the period, else found in its timeline."""
    return bool(case.get("stepped_in_period")) or any(period.contains(e["at"]) for e in events)


def _top_level(groups: Iterable[str], parents: Mapping[str, str | None]) -> list[str]:
    """The law's groups (a … o) and the at-risk category a child belongs to, from groups and
    sub-groups, each once (``parents``: code → parent code of ``child_groups``)."""
    seen: list[str] = []
    for code in groups:
        top = parents.get(code) or code
        if top not in seen:
            seen.append(top)
    return seen


def sum_counts(many: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Key-by-key sum of several communes' counts (the office's totals)."""
    total: Counter[str] = Counter()
    for counts in many:
        total.update(counts)
    return dict(sorted(total.items()))


def coverage_percent(counts: Mapping[str, int]) -> float | None:
    """Share of target-group children supported in the period, or ``None`` when there are none."""
    target = counts.get("children_target", 0)
    return None if not target else 100.0 * counts.get("children_target_supported", 0) / target
