"""Shared helpers of the reports: numbers, percentages, breakdowns, labels and period wording."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from babel.dates import format_date as babel_format_date

from ctxh_desktop.core.indicator_table import INDICATORS
from ctxh_desktop.i18n import _, current_language
from ctxh_desktop.i18n.formats import format_date, format_datetime, format_number

LabelFn = Callable[[str, str], str]

DASH = "—"


def num(value: Any) -> str:
    """A count in the current language's grouping ("1.234" in Vietnamese)."""
    return format_number(int(value or 0))


def percent(part: Any, whole: Any) -> str:
    """ "85,7%" (one decimal at most), or "—" when the whole is zero."""
    whole = int(whole or 0)
    if not whole:
        return DASH
    return f"{format_number(round(100.0 * int(part or 0) / whole, 1))}%"


def money(value: Any) -> str:
    """An amount in đồng: "1.250.000 đồng" ("1,250,000 VND" in English)."""
    return _("{amount} đồng").format(amount=num(value))


class Labels:
    """A forgiving wrapper of the caller's ``labels(list_name, code)``: an unknown code or list
    (``KeyError``, as :func:`ctxh_desktop.core.codes.label` raises it) prints the code itself
    rather than breaking the report."""

    def __init__(self, labels: LabelFn | None) -> None:
        self._labels = labels

    def __call__(self, list_name: str, code: Any) -> str:
        if code in (None, ""):
            return ""
        text = None
        if self._labels is not None:
            try:
                text = self._labels(list_name, str(code))
            except KeyError:  # an unknown list must not stop a report
                text = None
        return str(text) if text else str(code)


def period_phrase(period: Mapping[str, Any]) -> str:
    """The period as it reads in a title: "tháng 10 năm 2026", "6 tháng đầu năm 2026",
    "năm 2026", "từ tháng 01/2026 đến tháng 09/2026"."""
    kind = period.get("kind")
    start, end = str(period.get("from") or ""), str(period.get("to") or "")
    if kind == "all" or len(start) < 7 or len(end) < 7:
        return _("toàn bộ thời gian")
    first, last = start[:7], end[:7]
    if first == last:
        if current_language() != "vi":
            day = dt.date(int(first[:4]), int(first[5:7]), 1)
            return babel_format_date(day, "MMMM y", locale="en_GB")
        return _("tháng {month} năm {year}").format(month=int(first[5:7]), year=first[:4])
    same_year = first[:4] == last[:4]
    if same_year and first[5:7] == "01" and last[5:7] == "12":
        return _("năm {year}").format(year=first[:4])
    if same_year and first[5:7] == "01" and last[5:7] == "06":
        return _("6 tháng đầu năm {year}").format(year=first[:4])
    return _("từ tháng {first} đến tháng {last}").format(
        first=f"{first[5:7]}/{first[:4]}", last=f"{last[5:7]}/{last[:4]}"
    )


def period_span(period: Mapping[str, Any]) -> str:
    """ "từ ngày 01/10/2026 đến ngày 31/10/2026" (empty for all time)."""
    if period.get("kind") == "all" or not period.get("from"):
        return ""
    return _("từ ngày {start} đến ngày {end}").format(
        start=format_date(period["from"]), end=format_date(period["to"])
    )


def deadline_moment(moment: str | None) -> str:
    """A deadline as printed: the date alone when it ends the day (23:59), else date and time."""
    if not moment:
        return ""
    if moment[11:16] in ("", "23:59"):
        return format_date(moment[:10])
    return format_datetime(moment)


#: The main indicators of the consolidated view, in print order: (count key, Vietnamese label),
#: from the one indicator table.
MAIN_INDICATORS: tuple[tuple[str, str], ...] = tuple((i.key, i.label) for i in INDICATORS)
MONEY_KEYS = frozenset(i.key for i in INDICATORS if i.money)


def totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Key-by-key sum of the communes' ``counts`` (every count is additive)."""
    out: dict[str, int] = {}
    for row in rows:
        for key, value in (row.get("counts") or {}).items():
            out[key] = out.get(key, 0) + int(value or 0)
    return out


def coverage(counts: Mapping[str, Any]) -> float | None:
    """Coverage of the target groups in percent, ``None`` when there are no target children."""
    target = int(counts.get("children_target") or 0)
    if not target:
        return None
    return 100.0 * int(counts.get("children_target_supported") or 0) / target


def month_label(month: str) -> str:
    """ "2026-03" → "03/2026"."""
    return f"{month[5:7]}/{month[:4]}" if len(month) >= 7 else month
