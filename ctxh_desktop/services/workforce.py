"""The register of the people who do the work: the commune's collaborators and social-work staff,
the training courses each attended and their practising certificates.

Each change is one transaction with its audit entry; a removal leaves a tombstone (and removing a
member of staff removes their courses and certificates with them). An office holds the communes'
copies and changes none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ctxh_desktop.core import workforce
from ctxh_desktop.core.column_schema import COLUMNS
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services.access import (
    insert_audited,
    record,
    require_records_edit,
    update_audited,
)
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import workforce as db_workforce

_GONE = {
    "staff": N_("Không tìm thấy người này trong danh sách (có thể đã bị xóa)."),
    "staff_training": N_("Không tìm thấy khóa tập huấn này (có thể đã bị xóa)."),
    "staff_certificate": N_("Không tìm thấy chứng chỉ này (có thể đã bị xóa)."),
}


def _live(session: Session, table: str, row_id: str) -> dict[str, Any]:
    try:
        row = session.store.get(table, row_id)
    except KeyError:
        row = {"deleted": 1}
    if row.get("deleted"):
        raise UserError(_(_GONE[table]))
    return row


def list_staff(session: Session) -> list[dict[str, Any]]:
    """Every member of staff, by name, with how many courses and certificates each has."""
    return db_workforce.staff_list(session.store)


def staff_detail(session: Session, staff_id: str) -> dict[str, Any]:
    """One member of staff with their ``trainings`` and ``certificates``."""
    row = _live(session, "staff", staff_id)
    return {
        **row,
        "trainings": db_workforce.trainings_of(session.store, staff_id),
        "certificates": db_workforce.certificates_of(session.store, staff_id),
    }


def save_staff(
    session: Session,
    data: dict[str, Any],
    staff_id: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Add a member of staff, or change one (name, role, since, until, monthly allowance,
    qualification, phone, notes)."""
    require_records_edit(session)
    today = today or dt.date.today()
    if staff_id:
        current = _live(session, "staff", staff_id)
        merged = {k: current.get(k) for k in ("full_name", "role", "since", "until")} | data
        return update_audited(session, "staff", staff_id, workforce.validate_staff(merged, today))
    return insert_audited(session, "staff", workforce.validate_staff(data, today))


def remove_staff(session: Session, staff_id: str) -> None:
    """Remove a member of staff with their courses and certificates (tombstones)."""
    require_records_edit(session)
    _live(session, "staff", staff_id)
    with session.store.atomic():
        for table, ids in db_workforce.live_children(session.store, staff_id).items():
            for row_id in ids:
                session.store.soft_delete(table, row_id)
        session.store.soft_delete("staff", staff_id)
        record(session, "remove", "staff", staff_id)


def save_training(
    session: Session,
    staff_id: str,
    data: dict[str, Any],
    training_id: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Record a course a member of staff attended (name, first and last day, hours, organiser,
    certificate given), or change one."""
    return _save_child(
        session,
        "staff_training",
        workforce.validate_training,
        (staff_id, training_id),
        data,
        today or dt.date.today(),
    )


def save_certificate(
    session: Session,
    staff_id: str,
    data: dict[str, Any],
    certificate_id: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Record a practising certificate (number, issued on, by), or change one."""
    return _save_child(
        session,
        "staff_certificate",
        workforce.validate_certificate,
        (staff_id, certificate_id),
        data,
        today or dt.date.today(),
    )


def _save_child(
    session: Session,
    table: str,
    validate: Callable[[dict[str, Any], dt.date], dict[str, Any]],
    ids: tuple[str, str | None],
    data: dict[str, Any],
    today: dt.date,
) -> dict[str, Any]:
    """Add a course or certificate under a member of staff (``ids``: theirs, and the row's when
    it is changed); a change keeps the stored values of the fields not sent."""
    require_records_edit(session)
    staff_id, row_id = ids
    _live(session, "staff", staff_id)
    if not row_id:
        return insert_audited(session, table, {**validate(data, today), "staff_id": staff_id})
    current = _live(session, table, row_id)
    if current["staff_id"] != staff_id:
        raise UserError(_(_GONE[table]))
    own = (c for c in COLUMNS[table] if c != "staff_id")
    merged = {k: current.get(k) for k in own} | data
    return update_audited(session, table, row_id, validate(merged, today))


def remove_training(session: Session, training_id: str) -> None:
    """Remove a course from a member of staff's record (a tombstone)."""
    _remove(session, "staff_training", training_id)


def remove_certificate(session: Session, certificate_id: str) -> None:
    """Remove a practising certificate (a tombstone)."""
    _remove(session, "staff_certificate", certificate_id)


def _remove(session: Session, table: str, row_id: str) -> None:
    require_records_edit(session)
    _live(session, table, row_id)
    with session.store.atomic():
        session.store.soft_delete(table, row_id)
        record(session, "remove", table, row_id)
