"""The register of children in special circumstances, their supports and the coverage view."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core import records
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.indicator_table import parts
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import (
    insert_audited,
    require_records_edit,
    update_audited,
)
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import registers


def register_child(
    session: Session, person_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Put a person on the register (under 16 when identified; groups and sub-groups checked)."""
    require_records_edit(session)
    today = today or dt.date.today()
    person = session.store.get("person", person_id)
    if registers.child_of_person(session.store, person_id):
        raise UserError(_("Trẻ này đã có trong sổ theo dõi."), field="person_id")
    clean = records.validate_child_profile(data, person.get("birth_date"), today)
    clean["person_id"] = person_id
    return insert_audited(session, "child_profile", clean)


def update_child(
    session: Session, child_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Change a child's groups, status or notes."""
    require_records_edit(session)
    current = session.store.get("child_profile", child_id)
    person = session.store.get("person", current["person_id"])
    merged = {
        **{k: current[k] for k in ("groups", "extra_groups", "status", "registered_on", "notes")},
        **data,
    }
    clean = records.validate_child_profile(
        merged, person.get("birth_date"), today or dt.date.today()
    )
    return update_audited(session, "child_profile", child_id, clean)


def add_support(
    session: Session, child_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Record one support given to a child in a month (kind, amount in VND, source, provider)."""
    require_records_edit(session)
    session.store.get("child_profile", child_id)
    clean = records.validate_child_support(data, today or dt.date.today())
    clean["child_id"] = child_id
    return insert_audited(session, "child_support", clean)


def update_support(
    session: Session, support_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Correct a support: checked again as at entry, one audited write that syncs."""
    require_records_edit(session)
    current = session.store.get("child_support", support_id)
    clean = records.validate_child_support({**current, **data}, today or dt.date.today())
    clean.pop("id", None)
    clean.pop("child_id", None)
    return update_audited(session, "child_support", support_id, clean)


def list_children(
    session: Session,
    group: str | None = None,
    status: str | None = "active",
    offset: int = 0,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Children on the register (optionally one group, with its sub-groups), register order, each
    with the month of its latest support (``last_support_month``)."""
    return registers.list_children(session.store, group, status, offset=offset, limit=limit)


def count_children(
    session: Session, group: str | None = None, status: str | None = "active"
) -> int:
    """How many children match."""
    return registers.count_children(session.store, group, status)


def get_child(session: Session, child_id: str) -> dict[str, Any]:
    """A child's profile, person and supports (newest first)."""
    child = session.store.get("child_profile", child_id)
    return {
        **child,
        "person": session.store.get("person", child["person_id"]),
        "supports": registers.supports_of(session.store, child_id),
    }


def coverage(session: Session, month: str) -> dict[str, Any]:
    """Children in the plan's target groups supported this month and this year, against those
    registered by the end of the month, overall and per group (the provincial target: 80–85 % by
    2025, 90–100 % by 2030) — the figures of the reports and ``ctxh stats``
    (``children_target*``), for the month and for the year up to it."""
    from ctxh_desktop.services import stats

    in_month = stats.compute_stats(session, month=month)["counts"]
    in_year = stats.compute_stats(session, date_from=month[:4] + "-01", date_to=month)["counts"]
    total = {
        "registered": in_month["children_target"],
        "supported_month": in_month["children_target_supported"],
        "supported_year": in_year["children_target_supported"],
    }
    rows: dict[str, dict[str, int]] = {}
    for code, registered in parts(in_month, "children_target_by_group"):
        rows[code] = {
            "registered": registered,
            "supported_month": in_month.get(f"children_target_supported_by_group.{code}", 0),
            "supported_year": in_year.get(f"children_target_supported_by_group.{code}", 0),
        }
    return {"month": month, "total": total, "groups": rows}
