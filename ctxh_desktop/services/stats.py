"""Figures for the Home page, ``ctxh stats``, reports and the consolidated view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctxh_desktop.core import centres, deadlines, indicators
from ctxh_desktop.core.calendar import WorkingCalendar
from ctxh_desktop.core.periods import Period, make_period
from ctxh_desktop.services import forwarded_figures
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import figures, queries

_CALENDAR: dict[str, WorkingCalendar] = {}


def working_calendar(session: Session) -> WorkingCalendar:
    """The shipped holiday table (read once), merged with an office's update when one was
    installed with its config (setting ``holidays_override``, JSON)."""
    import json

    override = session.store.setting("holidays_override") or ""
    if override not in _CALENDAR:
        base = WorkingCalendar.load()
        _CALENDAR[override] = base.merged(json.loads(override)) if override else base
    return _CALENDAR[override]


def scope(session: Session, period: Period, commune: str | None = None) -> dict[str, Any]:
    """The ``scope`` object: who and which period the figures are about (strings only)."""
    if commune:
        info = centres.unit(commune) or {}
        name = info.get("name", commune)
    elif session.kind == "commune":
        commune, name = session.commune_code, session.commune_name
    else:
        commune, name = "", session.store.setting("unit_name") or session.commune_name
    return {
        "database": session.kind,
        "commune": commune or "",
        "commune_name": name or "",
        "period": period.as_dict(),
    }


def compute_stats(
    session: Session,
    month: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    commune: str | None = None,
    period: Period | None = None,
) -> dict[str, Any]:
    """``{"scope": …, "counts": …}`` for a month (``YYYY-MM``), a range of months, or all time.

    For an office database the counts cover every commune it holds (or one, with ``commune``).
    """
    period = period or make_period(month, date_from, date_to)
    rows = _indicator_rows(session, period, commune or None)
    return _figures(session, rows, period, commune, working_calendar(session))


def _indicator_rows(
    session: Session, period: Period, commune: str | None, communes: list[str] | None = None
) -> dict[str, Any]:
    return figures.indicator_rows(
        session.store,
        period.end,
        commune,
        start=None if period.kind == "all" else period.start,
        today=dt.date.today().isoformat(),
        communes=communes,
    )


def _figures(
    session: Session,
    rows: Mapping[str, Any],
    period: Period,
    commune: str | None,
    calendar: WorkingCalendar,
) -> dict[str, Any]:
    counts = indicators.compute_counts(indicators.IndicatorData(**rows), period, calendar)
    if session.kind == "office":  # figures forwarded by lower offices
        counts = forwarded_figures.add_forwarded(session, counts, period, commune)
    return {"scope": scope(session, period, commune), "counts": counts}


def compute_stats_per_commune(
    session: Session, period: Period, communes: list[str]
) -> dict[str, dict[str, Any]]:
    """:func:`compute_stats` for each of ``communes`` (same figures), reading the rows once."""
    rows = _indicator_rows(session, period, None, communes)
    calendar = working_calendar(session)
    return {
        commune: _figures(session, part, period, commune, calendar)
        for commune, part in figures.split_by_commune(rows, communes).items()
    }


def consolidated_rows(session: Session, period: Period) -> list[dict[str, Any]]:
    """Each commune's figures for the period (an office database holds several); ``kind`` says
    whether the unit is a commune or a social-work centre."""
    communes = figures.communes_in(session.store) or [session.commune_code]
    rows = []
    for code, found in compute_stats_per_commune(session, period, communes).items():
        rows.append(
            {
                "commune": code,
                "commune_name": found["scope"]["commune_name"] or code,
                "kind": centres.unit_kind(code),
                "counts": found["counts"],
            }
        )
    return rows


def todo(session: Session, at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """What is due or overdue at ``at`` (default now), most urgent first."""
    now = at or dt.datetime.now().replace(second=0, microsecond=0)
    cases = queries.open_cases_with_events(session.store)
    items = deadlines.todo(cases, working_calendar(session), now)
    for item in items:
        item.setdefault("label", deadlines.rule_label(item["rule"]))
    return items


def calendar_warning(session: Session, today: dt.date | None = None) -> str | None:
    """A Vietnamese warning when the holiday table does not cover the current year (deadlines
    would then ignore that year's holidays and make-up working days)."""
    return working_calendar(session).coverage_warning(today or dt.date.today())
