"""The register of awareness and communication activities a commune runs (classes and topic
sessions, community meetings, broadcasts, materials handed out), counted apart from counselling
(Decision 112/QĐ-TTg, the 2021–2030 social-work programme, reports communication and awareness
work as its own result)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core import records
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import corrections
from ctxh_desktop.services.access import insert_audited, require_records_edit, update_audited
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import activities as activity_rows


def add_activity(
    session: Session, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Check and save one activity, audited, in one transaction; ``UserError`` (nothing saved)
    on bad input."""
    require_records_edit(session)
    clean = records.validate_activity(data, today or dt.date.today())
    return insert_audited(session, "activity", clean)


def update_activity(
    session: Session, activity_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Correct an activity: the whole record checked again as at entry, one audited write that
    syncs."""
    require_records_edit(session)
    current = _live(session, activity_id)
    clean = records.validate_activity({**current, **data}, today or dt.date.today())
    return update_audited(session, "activity", activity_id, clean)


def remove_activity(session: Session, activity_id: str, reason: str | None) -> None:
    """Remove an activity entered by mistake: a tombstone that syncs, the reason audited."""
    corrections.remove(session, "activity", activity_id, reason)


def list_activities(
    session: Session,
    offset: int = 0,
    limit: int = 200,
    month: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """Activities newest first, filtered by ``month`` (YYYY-MM) and ``kind``."""
    return activity_rows.list_activities(session.store, offset, limit, month, kind)


def count_activities(session: Session, month: str | None = None, kind: str | None = None) -> int:
    """How many activities match the filters."""
    return activity_rows.count_activities(session.store, month, kind)


def _live(session: Session, activity_id: str) -> dict[str, Any]:
    try:
        row = session.store.get("activity", activity_id)
    except KeyError:
        row = None
    if not row or row.get("deleted"):
        raise UserError(_("Không tìm thấy hoạt động này."))
    return {k: row[k] for k in records.ACTIVITY_FIELDS if k in row}
