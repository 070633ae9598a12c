"""Registering and finding people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core import records
from ctxh_desktop.core.text import digits, search_words
from ctxh_desktop.services import attachments
from ctxh_desktop.services.access import (
    insert_audited,
    require_records_edit,
    update_audited,
)
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import queries


def list_people(
    session: Session, query: str = "", offset: int = 0, limit: int = 200
) -> list[dict[str, Any]]:
    """A page of people: register order (given name first), or best match first when searching."""
    return queries.list_people(session.store, query, offset, limit)


def count_people(session: Session, query: str = "") -> int:
    """How many people match ``query`` (everyone when empty)."""
    return queries.count_people(session.store, query)


def get_person(session: Session, person_id: str) -> dict[str, Any]:
    """One person with every column (``KeyError`` if unknown)."""
    return session.store.get("person", person_id)


def register_person(
    session: Session, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Validate and save a new person; ``ValidationError`` lists every bad field, nothing is saved."""
    require_records_edit(session)
    today = today or dt.date.today()
    clean = records.validate_person(data, today)
    clean.setdefault("registered_on", today.isoformat())
    return insert_audited(session, "person", clean)


def update_person(
    session: Session, person_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Validate and save changes to a person (all fields of the form are given)."""
    require_records_edit(session)
    current = session.store.get("person", person_id)
    merged = {k: v for k, v in current.items() if k in data or k == "full_name"}
    merged.update(data)
    clean = records.validate_person(merged, today or dt.date.today())
    with session.store.atomic():
        stored = update_audited(session, "person", person_id, clean, {"fields": sorted(data)})
        if bool(stored.get("consent_share")) != bool(current.get("consent_share")):
            attachments.consent_changed(session, person_id)  # files marked for the office
    return stored


def find_duplicates(
    session: Session, data: dict[str, Any], exclude_id: str | None = None
) -> list[dict[str, Any]]:
    """People already recorded who may be the same person: same ID number or phone, or the same
    name (tones and đ ignored) with a compatible birth year. Strongest reason first."""
    name = " ".join(search_words(data.get("full_name")))
    birth = str(data.get("birth_date") or "")
    year = birth[-4:] if "/" in birth else birth[:4]
    id_number, phone = digits(data.get("id_number")), digits(data.get("phone"))
    found = []
    for row in queries.people_like(
        session.store, data.get("full_name") or "", year, id_number, phone
    ):
        if row["id"] == exclude_id:
            continue
        if id_number and digits(row["id_number"]) == id_number:
            reason, rank = "id_number", 0
        elif phone and digits(row["phone"]) == phone:
            reason, rank = "phone", 1
        elif " ".join(search_words(row["full_name"])) == name and (
            not year or not row["birth_date"] or row["birth_date"][:4] == year
        ):
            reason, rank = "name_birth", 2
        else:
            continue
        found.append({**row, "reason": reason, "_rank": rank})
    found.sort(key=lambda r: r.pop("_rank"))
    return found
