"""Working days of the state administration: weekends, public holidays and swapped working days.

The table lives in ``resources/data/holidays.json`` (one entry per year: the days off, the Saturdays
or Sundays worked in exchange, and where the entry comes from). Offices may send an updated table;
:meth:`WorkingCalendar.load` merges it by year (a year in the update replaces the shipped year).

Counting convention (Bộ luật Dân sự 2015, Arts. 147–148, which Decree 56/2017 relies on for its
"… ngày làm việc" periods): the day on which the event happens is not counted; counting starts on the
next working day, and a period of *n* working days ends at the end (23:59) of the *n*-th working
day. A report received on Friday 10:00 with a 5-working-day period is due on the following Friday
23:59 (Monday … Friday counted), later when holidays intervene.

For a year missing from the table, the days off of Labour Code 2019 Art. 112 are computed: the
solar-calendar holidays, and Tết and Giỗ Tổ Hùng Vương from the Vietnamese lunisolar calendar as the
kept ``holidays`` package computes them (with the Labour Code's compensatory days), so a deadline
counted into Tết of any year lands after it. What no computation knows are the swaps and make-up
Saturdays decreed each year: :meth:`WorkingCalendar.range_warning` says so whenever a deadline's
range reaches a year without an official entry in the table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctxh_desktop.i18n import _
from ctxh_desktop.paths import resource_path

COMPUTED_SOURCE = (
    "Bộ luật Lao động 2019, Điều 112; Tết và Giỗ Tổ Hùng Vương tính theo âm lịch Việt Nam; "
    "chưa có ngày hoán đổi, làm bù do cơ quan có thẩm quyền thông báo"
)
_COMPUTED: dict[int, YearTable] = {}

END_OF_DAY = dt.time(23, 59)


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_datetime(value: dt.date | dt.datetime | str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = str(value)
    if len(text) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    return dt.datetime.fromisoformat(text[:16])


@dataclass
class YearTable:
    """One year of the table: days off, weekend days worked, and the source note."""

    holidays: dict[dt.date, str] = field(default_factory=dict)
    working_days: dict[dt.date, str] = field(default_factory=dict)
    source: str = ""
    status: str = "official"

    @classmethod
    def from_json(cls, year: int, data: Mapping[str, Any]) -> YearTable:
        """Read one year's entry; dates outside that year are refused (``ValueError``)."""

        def dates(items: Iterable[str | Mapping[str, str]] | None) -> dict[dt.date, str]:
            out: dict[dt.date, str] = {}
            for item in items or []:
                if isinstance(item, str):
                    day, name = dt.date.fromisoformat(item), ""
                else:
                    day, name = dt.date.fromisoformat(item["date"]), item.get("name", "")
                if day.year != year:
                    raise ValueError(f"{day} is not in {year}")
                out[day] = name
            return out

        return cls(
            holidays=dates(data.get("holidays")),
            working_days=dates(data.get("working_days")),
            source=str(data.get("source", "")),
            status=str(data.get("status", "official")),
        )

    def to_json(self) -> dict[str, Any]:
        """The entry as stored in the JSON table."""
        return {
            "status": self.status,
            "source": self.source,
            "holidays": [
                {"date": d.isoformat(), "name": n} for d, n in sorted(self.holidays.items())
            ],
            "working_days": [
                {"date": d.isoformat(), "name": n} for d, n in sorted(self.working_days.items())
            ],
        }


def computed_year(year: int) -> YearTable:
    """The days off of ``year`` under Labour Code 2019 Art. 112, without the yearly swaps."""
    if year not in _COMPUTED:
        from holidays.countries.vietnam import Vietnam

        days = Vietnam(years=year, language="vi")
        _COMPUTED[year] = YearTable(
            holidays={day: str(name) for day, name in days.items() if day.year == year},
            source=COMPUTED_SOURCE,
            status="computed",
        )
    return _COMPUTED[year]


class WorkingCalendar:
    """Which days are working days, and deadline arithmetic in working days."""

    def __init__(self, years: Mapping[int, YearTable] | None = None) -> None:
        self.years: dict[int, YearTable] = dict(years or {})

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(
        cls, path: Path | str | None = None, override: Mapping[str, Any] | None = None
    ) -> WorkingCalendar:
        """The shipped table (or the one at ``path``), with ``override`` merged in by year.

        ``override`` has the file's shape (``{"years": {"2027": {...}}}``) or is the ``years``
        mapping itself; each year it holds replaces the same year of the base table.
        """
        source = Path(path) if path else resource_path("data", "holidays.json")
        with source.open(encoding="utf-8") as fh:
            base = json.load(fh)
        calendar = cls.from_json(base)
        if override:
            calendar = calendar.merged(override)
        return calendar

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WorkingCalendar:
        """A calendar from a table in the JSON file's shape."""
        years = data.get("years", data)
        return cls({int(y): YearTable.from_json(int(y), entry) for y, entry in years.items()})

    def merged(self, override: Mapping[str, Any]) -> WorkingCalendar:
        """A new calendar where the years of ``override`` replace this calendar's."""
        years = dict(self.years)
        years.update(WorkingCalendar.from_json(override).years)
        return WorkingCalendar(years)

    def to_json(self) -> dict[str, Any]:
        """The table in the JSON file's shape (an office sends this to its communes)."""
        return {"years": {str(y): t.to_json() for y, t in sorted(self.years.items())}}

    # -- questions -------------------------------------------------------------------------
    def covers(self, year: int) -> bool:
        """Whether the table has an entry for ``year``."""
        return int(year) in self.years

    def source(self, year: int) -> str | None:
        """Where the year's entry comes from (``None`` when not covered)."""
        table = self.years.get(int(year))
        return table.source if table else None

    def decreed(self, year: int) -> bool:
        """Whether the year's swaps are known: an official entry in the table."""
        table = self.years.get(int(year))
        return table is not None and table.status == "official"

    def year_table(self, year: int) -> YearTable:
        """The table's entry for ``year``, or the days off computed for it."""
        return self.years.get(int(year)) or computed_year(int(year))

    def holiday_name(self, day: dt.date | dt.datetime | str) -> str | None:
        """The holiday's name when ``day`` is a day off of the year's table, else ``None``."""
        day = _as_date(day)
        return self.year_table(day.year).holidays.get(day)

    def is_working_day(self, day: dt.date | dt.datetime | str) -> bool:
        """Monday–Friday unless a day off; a listed weekend working day counts as working."""
        day = _as_date(day)
        table = self.year_table(day.year)
        if day in table.working_days:
            return True
        if day in table.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date | dt.datetime | str) -> dt.date:
        """The first working day strictly after ``day``."""
        current = _as_date(day) + dt.timedelta(days=1)
        while not self.is_working_day(current):
            current += dt.timedelta(days=1)
        return current

    def add_working_days(self, start: dt.datetime | dt.date | str, n: int) -> dt.datetime:
        """End (23:59) of the ``n``-th working day after the day of ``start``.

        The start day itself is never counted, whatever the hour; ``n = 0`` gives the end of the
        start day. ``n`` must not be negative.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        day = _as_date(start)
        for _i in range(n):
            day = self.next_working_day(day)
        return dt.datetime.combine(day, END_OF_DAY)

    def working_days_between(
        self, start: dt.datetime | dt.date | str, end: dt.datetime | dt.date | str
    ) -> int:
        """Working days after the day of ``start`` up to and including the day of ``end``.

        ``working_days_between(s, add_working_days(s, n)) == n``; negative when ``end`` is before.
        """
        first, last = _as_date(start), _as_date(end)
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count = 0
        day = first + dt.timedelta(days=1)
        while day <= last:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return sign * count

    def end_of_period(self, day: dt.date | dt.datetime | str) -> dt.datetime:
        """The end of a period of days or months whose last day is ``day``: 23:59 of that day, or of
        the next working day when it is a day off (Civil Code 2015, Art. 148(5))."""
        day = _as_date(day)
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        return dt.datetime.combine(day, END_OF_DAY)

    def coverage_warning(self, today: dt.date | dt.datetime | str) -> str | None:
        """A Vietnamese sentence when the current year's swaps are not decreed yet, else ``None``."""
        return self.range_warning(today, today)

    def range_warning(
        self, start: dt.date | dt.datetime | str, end: dt.date | dt.datetime | str
    ) -> str | None:
        """A Vietnamese sentence when a period from ``start`` to ``end`` reaches a year whose swaps
        are not decreed yet (no official entry in the table), else ``None``."""
        for year in range(_as_date(start).year, _as_date(end).year + 1):
            if not self.decreed(year):
                return _(
                    "Lịch nghỉ năm {year} chưa có thông báo chính thức: Tết và Giỗ Tổ được tính "
                    "theo âm lịch, chưa tính ngày hoán đổi, làm bù. Hãy cập nhật bảng ngày nghỉ "
                    "khi có thông báo."
                ).format(year=year)
        return None


__all__ = ["COMPUTED_SOURCE", "END_OF_DAY", "WorkingCalendar", "YearTable", "computed_year"]
