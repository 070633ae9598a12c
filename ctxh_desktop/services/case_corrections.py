"""Corrections of a case: its details edited, a statutory event corrected by a new event.

Both are writes of the commune that keeps the case (refused at an office, and without the
``edit`` permission), one transaction each, audited with ids and field names only, and carried to
the office as ordinary row changes (the ``case_file`` row, the new ``case_event`` row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctxh_desktop.core import case_details, event_corrections
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import record, require_records_edit
from ctxh_desktop.services.cases import get_case
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import queries


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%dT%H:%M")


def live_case(session: Session, case_id: str) -> dict[str, Any]:
    """The case ``case_id``; refused (``UserError``) when it does not exist or was removed."""
    try:
        case = session.store.get("case_file", case_id)
    except KeyError:
        raise UserError(_("Không tìm thấy ca này.")) from None
    if case.get("deleted"):
        raise UserError(_("Ca này đã bị xóa."))
    if case.get("transferred_to"):  # read-only here: the receiving commune continues it
        raise UserError(_("Ca này đã chuyển sang xã khác; hồ sơ ở đây chỉ để xem."))
    return case


def update_case_details(
    session: Session, case_id: str, data: Mapping[str, Any], at: str | None = None
) -> dict[str, Any]:
    """Correct the details of a case (source, problem types, emergency flag, protection level,
    summary), checked by the intake's rules; the case as :func:`cases.get_case` gives it.
    A reporter given (``reporter_name``, ``reporter_contact``, ``reporter_relation``) is recorded
    by a confidential correcting event of the report received, never by rewriting it. Nothing is
    written when nothing changed."""
    require_records_edit(session)
    case = live_case(session, case_id)
    events = queries.case_events(session.store, [case_id]).get(case_id, [])
    moment = at or _now()
    changes, reporter = case_details.details_changes(case, events, data, moment)
    if changes or reporter:
        with session.store.atomic():
            if changes:
                session.store.update("case_file", case_id, changes)
            if reporter:
                event = event_corrections.reporter_correction(case, events, reporter, moment)
                session.store.insert("case_event", {**event, "case_id": case_id})
            fields = sorted(changes) + (["reporter"] if reporter else [])
            record(session, "update", "case_file", case_id, {"details": fields})
    return get_case(session, case_id)


def correct_event(
    session: Session, case_id: str, event_id: str, data: Mapping[str, Any], at: str | None = None
) -> dict[str, Any]:
    """Record a correction of one statutory event of a case: a new ``correction`` event naming
    it, the case's milestone following a corrected moment (its deadlines counted again from it).
    ``data``: ``reason`` (required), corrected ``at`` and/or ``summary``. The case as
    :func:`cases.get_case` gives it."""
    require_records_edit(session)
    case = live_case(session, case_id)
    events = queries.case_events(session.store, [case_id]).get(case_id, [])
    milestones, event = event_corrections.correct(case, events, event_id, data, at or _now())
    with session.store.atomic():
        if milestones:
            session.store.update("case_file", case_id, milestones)
        added = session.store.insert("case_event", {**event, "case_id": case_id})
        record(
            session,
            "correct",
            "case_event",
            event_id,
            {"case": case_id, "by": added["id"], "changed": sorted(event["correction"])},
        )
    return get_case(session, case_id)
