"""Read queries behind the indicators: the rows a period's figures are computed from (trimmed
to what can change them), per commune, and the communes an office holds."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage import queries, stored_values, workforce
from ctxh_desktop.storage.store import Store

BEFORE_PERIOD = "0001-01-01"


def every_commune(table: str, start: str | None) -> str:
    """For a period (``start`` given): `` AND commune IN (every commune of ``table``)``, found by
    stepping through its ``(commune, …)`` index one commune at a time — a condition that keeps
    every row but lets the period's dates be looked up in that index instead of reading the whole
    table. Without ``start`` nothing: reading every row in table order is then faster."""
    if start is None:
        return ""
    return f" AND commune IN ({communes_of(table)})"


def communes_of(table: str) -> str:
    """A query of the communes holding rows in ``table``, stepping through its ``(commune, …)``
    index one commune at a time (a few lookups, not a read of the table)."""
    return (
        "WITH RECURSIVE c(x) AS ("
        f"SELECT min(commune) FROM {table} UNION ALL"
        f" SELECT (SELECT min(commune) FROM {table} WHERE commune > x) FROM c WHERE x IS NOT NULL)"
        " SELECT x FROM c WHERE x IS NOT NULL"
    )


#: Counts and amounts read as the forms' bounds allow (anything else: one person, no money).
_GROUP_SIZE = stored_values.int_sql("group_size", 1, 500, 1)
_AMOUNT = stored_values.int_sql("amount", 0, 10_000_000_000, 0)
_PARTICIPANTS = ", ".join(
    stored_values.int_sql(c, 0, 100_000, 0)
    for c in ("participants_male", "participants_female", "participants_children")
)


def indicator_rows(
    store: Store,
    end: str,
    commune: str | None = None,
    start: str | None = None,
    today: str | None = None,
    communes: list[str] | None = None,
) -> dict[str, Any]:
    """The rows the indicators need for a period ending ``end`` (``YYYY-MM-DD``), for one
    ``commune``, several ``communes`` or everything held.

    With ``start``, only what that period needs is read: counselling, supports and referrals of
    the period, and awareness activities held in it; people counted by registration day and target groups, those registered before the period as one row
    per commune (``n`` people registered on :data:`BEFORE_PERIOD`); cases received by its end
    except those closed before it started with no plan approved in it (they count in no figure of
    the period); and the timelines of the cases whose figures depend on them (new emergencies,
    plans approved in the period, and — for a period already over at ``today`` — the cases open
    at its end, whose step is replayed). Without ``start`` everything up to ``end`` is read (for
    month-by-month series). Every row carries its ``commune`` (:func:`split_by_commune`).
    """
    where, params = queries.commune_filter(commune or communes)
    end_moment = end + "T23:59:59"
    day = "substr(coalesce(nullif(registered_on, ''), created_at), 1, 10)"
    people = store.rows(
        f"SELECT commune, CASE WHEN {day} < ? THEN ? ELSE {day} END AS registered_on,"
        " target_groups, count(*) AS n FROM person"
        f" WHERE deleted = 0 AND merged_into IS NULL AND {day} <= ?{where} GROUP BY 1, 2, 3",
        [start or "", BEFORE_PERIOD, end, *params],
    )
    for row in people:
        row["target_groups"] = stored_values.text_list(row["target_groups"])
    # Problem types are only counted for cases received in the period or with a step in it
    # (``stepped_in_period``): older ones skip decoding.
    skip_closed = (
        ""
        if start is None
        else " AND NOT (received_at < ? AND coalesce(closed_at, '') != '' AND closed_at < ?"
        " AND NOT coalesce(substr(plan_approved_at, 1, 10) BETWEEN ? AND ?, 0))"
    )
    # Without ``start`` every timeline is read and steps are found in it (0 here).
    stepped = (
        "0"
        if start is None
        else "EXISTS(SELECT 1 FROM case_event e WHERE e.case_id = case_file.id"
        " AND e.deleted = 0 AND e.at >= ? AND e.at <= ?)"
    )
    cases = queries.decoded_rows(
        "case_file",
        store.rows(
            "SELECT id, commune, kind, source, CASE WHEN received_at >= ? OR stepped_in_period"
            " THEN problem_types END AS problem_types, received_at, emergency, step, status,"
            " plan_drafted_at, plan_approved_at, closed_at, closure_reason, assessed_at,"
            " transferred_from, transferred_at,"
            f" stepped_in_period FROM (SELECT *, {stepped} AS stepped_in_period"
            f" FROM case_file WHERE deleted = 0 AND received_at <= ?{skip_closed}{where})",
            [
                start or "",
                *([start, end_moment] if start is not None else []),
                end_moment,
                *([start, start, start, end] if skip_closed else []),
                *params,
            ],
        ),
    )
    if start is None:
        events = queries.events_of(store, [c["id"] for c in cases], end_moment)
        since_moment, since_month = "", ""
    else:
        period_over = today is not None and end < today
        needed = [
            c["id"]
            for c in cases
            if (c["emergency"] and c["received_at"][:10] >= start)
            or (c["plan_approved_at"] and start <= c["plan_approved_at"][:10] <= end)
            or (period_over and not (c["closed_at"] and c["closed_at"][:10] <= end))
        ]
        events = queries.events_of(store, needed, end_moment)
        since_moment, since_month = start, start[:7]
    consultations = store.rows(
        f"SELECT commune, at, person_id, {_GROUP_SIZE}, channel, topics, target_group FROM consultation"
        f" WHERE deleted = 0 AND at >= ? AND at <= ?{where or every_commune('consultation', start)}",
        [since_moment, end_moment, *params],
    )
    for row in consultations:
        row["topics"] = stored_values.text_list(row["topics"])
    children = queries.decoded_rows(
        "child_profile",
        store.rows(
            "SELECT id, commune, groups, extra_groups, status, registered_on FROM child_profile"
            f" WHERE deleted = 0{where}",
            params,
        ),
    )
    supports = store.rows(
        f"SELECT commune, child_id, month, kind, source, {_AMOUNT} FROM child_support"
        f" WHERE deleted = 0 AND month >= ? AND month <= ?{where or every_commune('child_support', start)}",
        [since_month, end[:7], *params],
    )
    referrals = store.rows(
        f"SELECT commune, at FROM referral WHERE deleted = 0 AND at >= ? AND at <= ?{where}",
        [since_moment, end_moment, *params],
    )
    activities = store.rows(
        f"SELECT commune, held_on, kind, {_PARTICIPANTS} FROM activity WHERE deleted = 0"
        f" AND held_on >= ? AND held_on <= ?{where or every_commune('activity', start)}",
        [since_moment[:10], end, *params],
    )
    return {
        "people": people,
        "cases": cases,
        "events": events,
        "consultations": consultations,
        "children": children,
        "supports": supports,
        "referrals": referrals,
        **workforce.workforce_rows(store, end, commune or communes),
        "activities": activities,
    }


def split_by_commune(rows: dict[str, Any], communes: list[str]) -> dict[str, dict[str, Any]]:
    """:func:`indicator_rows` of several communes, one set per commune (timelines are keyed by
    case, so every set shares them): one read for an office's consolidated figures instead of
    one per commune."""
    out = {c: {k: [] for k in rows if k != "events"} | {"events": rows["events"]} for c in communes}
    for key, items in rows.items():
        if key == "events":
            continue
        for row in items:
            part = out.get(row["commune"])
            if part is not None:
                part[key].append(row)
    return out


def communes_in(store: Store) -> list[str]:
    """Commune codes that own people or cases (an office's communes with data)."""
    return [
        r["commune"]
        for r in store.rows(
            "SELECT DISTINCT commune FROM person UNION SELECT DISTINCT commune FROM case_file"
            " ORDER BY 1"
        )
    ]
