"""The counselling log: quick entry of a session and the filtered list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core import records
from ctxh_desktop.services.access import (
    record,
    require_records_edit,
    update_audited,
)
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import registers


def log_consultation(
    session: Session, data: dict[str, Any], now: dt.datetime | None = None
) -> dict[str, Any]:
    """Validate and save one session (a person, an anonymous caller or a group); a referral to a
    provider also goes into the referral register."""
    require_records_edit(session)
    now = now or dt.datetime.now()
    clean = records.validate_consultation(data, now)
    clean.setdefault("counsellor", session.user)
    store = session.store
    with store.atomic():
        row = store.insert("consultation", clean)
        if clean.get("referral_provider_id"):
            store.insert(
                "referral",
                {
                    "case_id": clean.get("case_id"),
                    "person_id": clean.get("person_id"),
                    "provider_id": clean["referral_provider_id"],
                    "at": clean["at"],
                    "reason": None,
                    "status": "sent",
                },
            )
        record(session, "create", "consultation", row["id"])
    return row


def update_consultation(
    session: Session, consultation_id: str, data: dict[str, Any], now: dt.datetime | None = None
) -> dict[str, Any]:
    """Correct a session: the whole record checked again as at entry, one audited write that syncs
    (the referral it may have sent is a register entry of its own and stays as it was)."""
    require_records_edit(session)
    store = session.store
    current = store.get("consultation", consultation_id)
    clean = records.validate_consultation({**current, **data}, now or dt.datetime.now())
    clean.pop("id", None)
    return update_audited(session, "consultation", consultation_id, clean)


def list_consultations(
    session: Session, offset: int = 0, limit: int = 200, **filters: str | None
) -> list[dict[str, Any]]:
    """Sessions newest first, filtered by ``month`` (YYYY-MM), ``channel``, ``topic``,
    ``target_group``, ``case_id`` or ``person_id``."""
    return registers.list_consultations(session.store, offset, limit, **filters)


def count_consultations(session: Session, **filters: str | None) -> int:
    """How many sessions match the filters."""
    return registers.count_consultations(session.store, **filters)
