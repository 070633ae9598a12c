"""Monthly series for the trend charts: the same figures as :func:`services.stats.compute_stats`,
one value per month.

The rows are read once, up to the end of the last month, and every month is counted from them with
:func:`ctxh_desktop.core.indicators.compute_counts`; each month only sees the timeline entries up to
its own last day, so a month's value is exactly what ``compute_stats(month=…)`` gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ctxh_desktop.core import indicators
from ctxh_desktop.core.periods import make_period, months_ending, parse_month, previous_month
from ctxh_desktop.services.context import Session
from ctxh_desktop.services.stats import working_calendar
from ctxh_desktop.storage import figures

#: The series the charts draw (keys of ``compute_counts``).
SERIES = (
    "cases_new",
    "consultations",
    "children_supported",
    "children_target",
    "children_target_supported",
)


def monthly_series(
    session: Session,
    last_month: str | None = None,
    months: int = 12,
    commune: str | None = None,
    keys: tuple[str, ...] = SERIES,
) -> dict[str, Any]:
    """``{"months": [...], "series": {key: [value per month]}}`` for ``months`` months ending with
    ``last_month`` (default: the previous month)."""
    months = max(1, int(months))
    last = parse_month(last_month) if last_month else previous_month(dt.date.today())
    labels = months_ending(last, months)
    final = make_period(last)
    rows = figures.indicator_rows(session.store, final.end, commune or None)
    data = indicators.IndicatorData(**rows)
    calendar = working_calendar(session)
    series: dict[str, list[int]] = {key: [] for key in keys}
    for month in labels:
        period = make_period(month)
        end = period.end + "T23:59:59"
        events = {
            case_id: [e for e in items if e["at"] <= end] for case_id, items in data.events.items()
        }
        counts = indicators.compute_counts(replace(data, events=events), period, calendar)
        for key in keys:
            series[key].append(int(counts.get(key, 0)))
    return {"months": labels, "series": series}
