"""Figures forwarded by lower offices, read at the higher office over a period.

Figures over a period at the higher office (:func:`forwarded_counts`): counts of events (new
cases, consultations, supports…) are summed over the months; counts of a state at the end of a
month (people, open cases, children on the register…) take the latest month of the period;
counts of distinct cases, people or children (interventions, people counselled, children
supported) take the largest monthly value (a lower bound: one counted in several months cannot be
told apart in monthly totals) — the indicator table's ``fold_rule``. They are added to
``ctxh stats`` for communes the higher office holds no rows of its own for (so a commune that
sends to both offices is never counted twice).
"""

from __future__ import annotations

from typing import Any

from ctxh_desktop.core import codes, indicators
from ctxh_desktop.core.indicator_table import fold_rule
from ctxh_desktop.core.periods import Period
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import figures


def _fold_months(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    """Per (sender, commune): the period's figure of each key (see the module docstring)."""
    latest: dict[tuple[str, str], str] = {}
    for row in rows:
        k = (row["sender"], row["commune"])
        latest[k] = max(latest.get(k, ""), row["month"])
    out: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        k = (row["sender"], row["commune"])
        counts = out.setdefault(k, {})
        key, value = row["key"], int(row["value"])
        rule = fold_rule(key)  # the indicator table says how months add up
        if rule == "latest":
            if row["month"] == latest[k]:
                counts[key] = value
        elif rule == "largest":
            counts[key] = max(counts.get(key, 0), value)
        else:
            counts[key] = counts.get(key, 0) + value
    return out


def _months_of(period: Period) -> tuple[str, str]:
    return ("0000-00", "9999-99") if period.kind == "all" else period.months


def forwarded_by_commune(session: Session, period: Period) -> list[dict[str, Any]]:
    """Forwarded figures for a period, summed per commune (over senders):
    ``[{"commune", "commune_name", "senders", "counts"}]``, by commune code."""
    rows = db_exchange.forwarded_rows(session.store, *_months_of(period))
    per: dict[str, dict[str, Any]] = {}
    for (sender, commune), counts in sorted(_fold_months(rows).items()):
        entry = per.setdefault(
            commune,
            {
                "commune": commune,
                "commune_name": (codes.commune(commune) or {}).get("name", commune),
                "senders": [],
                "counts": {},
            },
        )
        entry["senders"].append(sender)
        entry["counts"] = indicators.sum_counts([entry["counts"], counts])
    return [per[c] for c in sorted(per)]


def forwarded_counts(
    session: Session, period: Period, commune: str | None = None
) -> dict[str, int]:
    """Forwarded figures for a period over the communes this office holds no rows of its own for
    (or for one commune), summed key by key."""
    if session.kind != "office":
        return {}
    rows = db_exchange.forwarded_rows(session.store, *_months_of(period), commune or None)
    if not rows:  # most offices receive no forwarded figures: skip finding their own communes
        return {}
    own = set(figures.communes_in(session.store))
    folded = _fold_months([r for r in rows if r["commune"] not in own])
    return indicators.sum_counts(folded.values())


def add_forwarded(
    session: Session, counts: dict[str, int], period: Period, commune: str | None = None
) -> dict[str, int]:
    """``counts`` plus the forwarded figures (:func:`forwarded_counts`), key by key, sorted."""
    extra = forwarded_counts(session, period, commune)
    if not extra:
        return counts
    return indicators.sum_counts([counts, extra])
