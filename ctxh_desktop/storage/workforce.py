"""Queries behind the register of the people who do the work (staff, their trainings and
practising certificates) and the rows their indicators are computed from."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage import queries
from ctxh_desktop.storage.store import Store


def staff_list(store: Store) -> list[dict[str, Any]]:
    """Every member of staff, by name, with how many courses and certificates each has."""
    return store.rows(
        "SELECT s.*, (SELECT count(*) FROM staff_training t WHERE t.staff_id = s.id"
        " AND t.deleted = 0) AS trainings, (SELECT count(*) FROM staff_certificate c"
        " WHERE c.staff_id = s.id AND c.deleted = 0) AS certificates"
        " FROM staff s WHERE s.deleted = 0 ORDER BY ctxh_sortkey(s.full_name), s.id"
    )


def trainings_of(store: Store, staff_id: str) -> list[dict[str, Any]]:
    """The courses one member of staff attended, latest first."""
    return [
        store.get("staff_training", r["id"])
        for r in store.rows(
            "SELECT id FROM staff_training WHERE deleted = 0 AND staff_id = ?"
            " ORDER BY start_on DESC, id",
            [staff_id],
        )
    ]


def certificates_of(store: Store, staff_id: str) -> list[dict[str, Any]]:
    """The practising certificates of one member of staff, latest first."""
    return store.rows(
        "SELECT * FROM staff_certificate WHERE deleted = 0 AND staff_id = ?"
        " ORDER BY issued_on DESC, id",
        [staff_id],
    )


def live_children(store: Store, staff_id: str) -> dict[str, list[str]]:
    """Ids of the trainings and certificates (not removed) of one member of staff."""
    return {
        table: [
            r["id"]
            for r in store.rows(
                f"SELECT id FROM {table} WHERE deleted = 0 AND staff_id = ?", [staff_id]
            )
        ]
        for table in ("staff_training", "staff_certificate")
    }


def workforce_rows(store: Store, end: str, commune: str | list[str] | None) -> dict[str, Any]:
    """The rows the workforce indicators need for a period ending ``end``: staff who started by
    then, their courses and certificates up to it, and the providers offering social-work
    services as the directory stands (it keeps no dates). Every row carries its ``commune``."""
    where, params = queries.commune_filter(commune)
    since = "substr(coalesce(nullif(since, ''), created_at), 1, 10)"
    staff = store.rows(
        f"SELECT id, commune, role, {since} AS since, substr(until, 1, 10) AS until FROM staff"
        f" WHERE deleted = 0 AND {since} <= ?{where}",
        [end, *params],
    )
    trainings = store.rows(
        "SELECT commune, staff_id, substr(coalesce(nullif(end_on, ''), start_on), 1, 10) AS ended,"
        " CASE WHEN typeof(hours) = 'integer' AND hours BETWEEN 1 AND 2000 THEN hours"
        " ELSE 0 END AS hours FROM staff_training"
        f" WHERE deleted = 0 AND coalesce(nullif(end_on, ''), start_on) <= ?{where}",
        [end, *params],
    )
    certificates = store.rows(
        "SELECT commune, staff_id, substr(issued_on, 1, 10) AS issued_on FROM staff_certificate"
        f" WHERE deleted = 0 AND issued_on <= ?{where}",
        [end, *params],
    )
    number = "CASE WHEN typeof({0}) = 'integer' AND {0} BETWEEN 0 AND 100000 THEN {0} ELSE 0 END"
    providers = store.rows(
        f"SELECT commune, ownership, {number.format('capacity')} AS capacity,"
        f" {number.format('sw_staff')} AS sw_staff FROM service_provider"
        f" WHERE deleted = 0 AND offers_sw = 1{where}",
        params,
    )
    return {
        "staff": staff,
        "trainings": trainings,
        "certificates": certificates,
        "providers": providers,
    }
