"""Cases through their statutory steps: open, list, act, and read the timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ctxh_desktop.core import codes, deadlines, event_corrections, workflow
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import (
    OFFICE_READ_ONLY,
    can,
    record,
    records_editable,
    require,
    require_records_edit,
)
from ctxh_desktop.services.context import Session
from ctxh_desktop.services.stats import working_calendar
from ctxh_desktop.storage import queries


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%dT%H:%M")


def _deadline_dict(item: deadlines.Deadline) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "due": item.due,
        "overdue": bool(item.overdue),
        "label": deadlines.rule_label(item.rule),
        "citation": deadlines.rule_citation(item.rule),
    }


def list_cases(
    session: Session,
    kind: str | None = None,
    step: str | None = None,
    status: str | None = None,
    query: str = "",
    offset: int = 0,
    limit: int = 200,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """A page of cases (newest first) with each one's next deadline."""
    rows = queries.list_cases(session.store, kind, step, status, query, offset, limit)
    events = queries.case_events(session.store, [r["id"] for r in rows])
    cal = working_calendar(session)
    moment = now or dt.datetime.now()
    for row in rows:
        nxt = None
        if row["status"] == "open":
            nxt = deadlines.next_deadline(row, events.get(row["id"], []), cal, moment)
        row["next_deadline"] = _deadline_dict(nxt) if nxt else None
    return rows


def count_cases(
    session: Session,
    kind: str | None = None,
    step: str | None = None,
    status: str | None = None,
    query: str = "",
) -> int:
    """How many cases match the filters."""
    return queries.count_cases(session.store, kind, step, status, query)


def get_case(
    session: Session, case_id: str, now: dt.datetime | None = None, include_sensitive: bool = False
) -> dict[str, Any]:
    """A case with its person, timeline (newest first), deadlines and the actions open to it.

    At an office no action is open and ``read_only`` says why (the case is a commune's copy).

    Sensitive narratives are withheld (``narrative`` None, ``hidden`` True) unless asked for by a
    user allowed to read them; reading them is written to the audit log.
    """
    case = session.store.get("case_file", case_id)
    events = queries.case_events(session.store, [case_id]).get(case_id, [])
    if include_sensitive:
        require(session, "view_sensitive")
        record(session, "view_sensitive", "case_file", case_id)
    for event in events:
        event["hidden"] = (
            bool(event.get("sensitive") and event.get("narrative")) and not include_sensitive
        )
        if event["hidden"]:
            event["narrative"] = None
    event_corrections.annotate(events, lambda kind: codes.label("event_kinds", kind))
    person = None
    if case.get("person_id"):
        try:
            person = session.store.get("person", case["person_id"])
        except KeyError:
            person = None
    moment = now or dt.datetime.now()
    calendar = working_calendar(session)
    open_now = workflow.available_actions(case)
    editable = records_editable(session) and not case.get("transferred_to")
    deciding = session.kind != "office" and can(session, "decide")
    items = deadlines.case_deadlines(case, events, calendar, moment)
    pending = [d.due for d in items if d.met_at is None]
    return {
        **case,
        "person": person,
        "events": list(reversed(events)),
        "deadlines": [_deadline_dict(d) | {"met_at": d.met_at} for d in items],
        # a pending deadline counted through a year whose holiday swaps are not decreed yet
        "calendar_warning": calendar.range_warning(moment, max(pending)) if pending else None,
        "actions": [a for a in open_now if a != "return_plan"] if editable else [],
        # the chairman's own decisions open to the signed-in user (Decree 56/2017, Art. 28(4))
        "decisions": [a for a in open_now if a in workflow.DECISION_ACTIONS] if deciding else [],
        "editable": editable,  # its details edited, its steps corrected
        "read_only": _(OFFICE_READ_ONLY) if session.kind == "office" else None,
    }


def next_code(session: Session, year: str) -> str:
    """The next case code of the year on this device (``YYYY-NNNN-suffix``)."""
    suffix = session.store.meta("case_suffix") or "A"
    last = queries.last_case_number(session.store, year, suffix)
    return f"{year}-{(last or 0) + 1:04d}-{suffix}"


def _case_person(session: Session, person_id: Any) -> dict[str, Any] | None:
    """The registered person a new case is for (``None`` when none is named); an unknown, removed
    or merged person is refused at the person field."""
    if not person_id:
        return None
    try:
        person = session.store.get("person", str(person_id))
    except KeyError:
        person = None
    if person is None or person.get("deleted") or person.get("merged_into"):
        raise UserError(_("Không tìm thấy người này trong sổ người dân."), field="person_id")
    return person


def open_case(session: Session, data: Mapping[str, Any], at: str | None = None) -> dict[str, Any]:
    """Open a case (step: intake) with its first timeline entry, its deadlines counted from
    ``received_at``. A child-protection case is refused for anyone not a child (under 16 on the
    day received, Law on Children 2016, Art. 1), whatever calls this."""
    require_records_edit(session)
    at = at or _now()
    kind = str(data.get("kind") or "")
    person = _case_person(session, data.get("person_id"))
    transition = workflow.new_case(kind, data, at, person=person)
    store = session.store
    with store.atomic():
        row = {**transition.changes, "kind": kind}
        row["code"] = next_code(session, row["received_at"][:4])
        row["assigned_to"] = row.get("assigned_to") or session.user
        case = store.insert("case_file", row)
        for event in transition.events:
            store.insert("case_event", {**event, "case_id": case["id"]})
        record(session, "create", "case_file", case["id"], {"code": case["code"]})
    return get_case(session, case["id"])


def apply_action(
    session: Session, case_id: str, action: str, data: Mapping[str, Any], at: str | None = None
) -> dict[str, Any]:
    """Take one workflow action on a case: the case and its timeline change together or not at all.

    The chairman's decisions are his (:mod:`ctxh_desktop.services.decisions`); here a collaborator
    only records an approval signed on paper, with its number and date."""
    require_records_edit(session)
    if action == "return_plan":
        require(session, "decide")
    # who signed in the program and who recorded come from the session, never from the form
    data = {k: v for k, v in data.items() if k not in _SIGNED_BY_SESSION}
    if action == "approve_plan":
        data = {**data, **paper_decision(data), "on_paper": True, "recorded_by": session.user}
    elif action == "separate" and str(data.get("decision_number") or "").strip():
        # the chairman's separation decision signed on paper (Decree 56/2017, Art. 32(2))
        data = {**data, **paper_decision(data), "on_paper": True, "recorded_by": session.user}
    elif action == "separate":
        data = {k: v for k, v in data.items() if k != "decision_date"}  # no decision recorded
    return write_action(session, case_id, action, data, at)


#: What only the session says about a decision (``services.decisions``), dropped from a form's data.
_SIGNED_BY_SESSION = ("signed_by_user", "recorded_by", "on_paper", "returned_by")


def paper_decision(data: Mapping[str, Any]) -> dict[str, Any]:
    """The number and date of a decision signed on paper, both required."""
    errors = {}
    for name, message in (
        ("decision_number", _("Hãy nhập số quyết định.")),
        ("decision_date", _("Hãy nhập ngày ký quyết định.")),
    ):
        if not str(data.get(name) or "").strip():
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    return {"decision_number": data["decision_number"], "decision_date": data["decision_date"]}


def write_action(
    session: Session, case_id: str, action: str, data: Mapping[str, Any], at: str | None = None
) -> dict[str, Any]:
    """Apply a workflow action already allowed to the signed-in user, in one audited transaction."""
    store = session.store
    case = store.get("case_file", case_id)
    if case.get("deleted"):
        raise UserError(_("Ca này đã bị xóa."))
    transition = workflow.apply_action(case, action, data, at or _now())
    with store.atomic():
        if transition.changes:
            store.update("case_file", case_id, transition.changes)
        for event in transition.events:
            store.insert("case_event", {**event, "case_id": case_id})
        if action == "refer":
            _record_referral(session, case, data, transition.events)
        record(session, "update", "case_file", case_id, {"action": action})
    return get_case(session, case_id)


def _record_referral(
    session: Session,
    case: Mapping[str, Any],
    data: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
) -> None:
    """A referral from a case to a provider of the directory goes into the referral register."""
    provider_id = data.get("provider_id")
    if not provider_id:
        return
    try:
        session.store.get("service_provider", provider_id)
    except KeyError:
        raise UserError(
            _("Hãy chọn cơ sở cung cấp dịch vụ trong danh bạ."), field="provider_id"
        ) from None
    session.store.insert(
        "referral",
        {
            "case_id": case["id"],
            "person_id": case.get("person_id"),
            "provider_id": provider_id,
            "at": events[0]["at"] if events else _now(),
            "reason": data.get("summary"),
            "status": "sent",
        },
    )


def action_label(action: str) -> str:
    """The action's name in the current language."""
    return workflow.action_label(action)
