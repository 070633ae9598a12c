"""The months in which each commune did work, by the dates of the work itself (a case received, a
counselling session, a support, a referral, an awareness activity, a step of a case not closed before it) — not by when
the rows were typed or sent. The office's submission table reads them
(:func:`ctxh_desktop.services.office.completeness`)."""

from __future__ import annotations

from ctxh_desktop.storage.figures import communes_of
from ctxh_desktop.storage.store import Store

#: forwarded figures (one row per commune, month and key) that count work done in their month
FORWARDED_WORK_KEYS = (
    "cases_new",
    "interventions",
    "consultations",
    "child_supports",
    "referrals",
    "activities",
)

#: Whether commune ``x`` did work in month ``m`` (``YYYY-MM``): each kind looked up through its
#: ``(commune, date)`` index, a case's steps through its timeline's ``(case, moment)`` index;
#: the first kind found ends the search.
_WORK_IN_MONTH = (
    "EXISTS(SELECT 1 FROM case_file WHERE commune = x AND deleted = 0"
    " AND received_at BETWEEN m || '-01' AND m || '-32')"
    " OR EXISTS(SELECT 1 FROM consultation WHERE commune = x AND deleted = 0"
    " AND at BETWEEN m || '-01' AND m || '-32')"
    " OR EXISTS(SELECT 1 FROM child_support WHERE commune = x AND month = m AND deleted = 0)"
    " OR EXISTS(SELECT 1 FROM referral WHERE commune = x AND deleted = 0"
    " AND at BETWEEN m || '-01' AND m || '-32')"
    " OR EXISTS(SELECT 1 FROM activity WHERE commune = x AND deleted = 0"
    " AND held_on BETWEEN m || '-01' AND m || '-32')"
    " OR EXISTS(SELECT 1 FROM case_file c JOIN case_event e ON e.case_id = c.id"
    " AND e.deleted = 0 AND e.at BETWEEN m || '-01' AND m || '-32'"
    " WHERE c.commune = x AND c.deleted = 0 AND c.received_at <= m || '-32'"
    " AND NOT (coalesce(c.closed_at, '') != '' AND c.closed_at < m || '-01'))"
)


def months_with_work(store: Store, first: str, last: str) -> dict[str, set[str]]:
    """Per commune, the months ``first``–``last`` (``YYYY-MM``) holding work dated in them: its
    own rows, or figures of work forwarded by a lower office."""
    sql = (
        "WITH RECURSIVE months(m) AS (SELECT ? UNION ALL"
        " SELECT strftime('%Y-%m', m || '-01', '+1 month') FROM months WHERE m < ?),"
        " communes(x) AS ("
        + " UNION ".join(
            f"SELECT x FROM ({communes_of(t)})"
            for t in ("case_file", "consultation", "child_support", "activity")
        )
        + ")"
        f" SELECT x, m FROM communes, months WHERE {_WORK_IN_MONTH}"
    )
    params: list[str] = [first, last]
    if store.scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'forwarded_aggregate'"
    ):
        keys = ", ".join("?" * len(FORWARDED_WORK_KEYS))
        sql += (
            " UNION SELECT DISTINCT commune, month FROM forwarded_aggregate"
            f" WHERE value > 0 AND key IN ({keys}) AND month BETWEEN ? AND ?"
        )
        params += [*FORWARDED_WORK_KEYS, first, last]
    out: dict[str, set[str]] = {}
    for commune, month in store.db.execute(sql, params).fetchall():
        out.setdefault(commune, set()).add(month)
    return out
