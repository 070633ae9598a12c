"""The months in which each commune did work, by the dates of the work itself (a case received, a
step of a case, a counselling session, a support, a referral) — not by when the rows were typed
or sent. The office's submission table reads them (:func:`ctxh_desktop.services.office.completeness`)."""

from __future__ import annotations

from ctxh_desktop.storage.store import Store

#: (table, month expression) of every dated kind of work
_WORK = (
    ("case_file", "substr(received_at, 1, 7)"),
    ("case_event", "substr(at, 1, 7)"),
    ("consultation", "substr(at, 1, 7)"),
    ("child_support", "month"),
    ("referral", "substr(at, 1, 7)"),
)
#: forwarded figures (one row per commune, month and key) that count work done in their month
FORWARDED_WORK_KEYS = ("cases_new", "interventions", "consultations", "child_supports", "referrals")


def months_with_work(store: Store, first: str, last: str) -> dict[str, set[str]]:
    """Per commune, the months ``first``–``last`` (``YYYY-MM``) holding work dated in them: its
    own rows, or figures of work forwarded by a lower office."""
    parts = [
        f"SELECT DISTINCT commune, {month} FROM {table}"
        f" WHERE deleted = 0 AND {month} BETWEEN ? AND ?"
        for table, month in _WORK
    ]
    params: list[str] = [first, last] * len(_WORK)
    if store.scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'forwarded_aggregate'"
    ):
        keys = ", ".join("?" * len(FORWARDED_WORK_KEYS))
        parts.append(
            "SELECT DISTINCT commune, month FROM forwarded_aggregate"
            f" WHERE value > 0 AND key IN ({keys}) AND month BETWEEN ? AND ?"
        )
        params += [*FORWARDED_WORK_KEYS, first, last]
    out: dict[str, set[str]] = {}
    for commune, month in store.db.execute(" UNION ".join(parts), params).fetchall():
        out.setdefault(commune, set()).add(month)
    return out
