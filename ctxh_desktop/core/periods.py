"""Reporting periods (a month, a range of months, or all time, as inclusive ISO date bounds) and
the month arithmetic every module shares: months between two months, a month's last day, the same
day some months later."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: str) -> str:
    """``"2026-7"`` or ``"2026-07"`` → ``"2026-07"``; anything else is refused with a clear message."""
    match = _MONTH.match((value or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise UserError(
            _("Tháng không hợp lệ: {value} (cần dạng YYYY-MM, ví dụ 2026-10).").format(value=value),
            field="month",
        )
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"


def month_bounds(month: str) -> tuple[str, str]:
    """First and last day of a ``YYYY-MM`` month."""
    year, mon = (int(x) for x in month.split("-"))
    last = calendar.monthrange(year, mon)[1]
    return f"{year:04d}-{mon:02d}-01", f"{year:04d}-{mon:02d}-{last:02d}"


def previous_month(today: dt.date) -> str:
    """The month before ``today``'s, as ``YYYY-MM``."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` month from ``first`` to ``last`` inclusive, oldest first (none when
    ``last`` is before ``first``). Dates (``YYYY-MM-DD…``) are read by their month."""
    return [_month_of(i) for i in range(_index(first), _index(last) + 1)]


def months_ending(last: str, count: int) -> list[str]:
    """``count`` months ending with ``last`` (``YYYY-MM``), oldest first."""
    end = _index(last)
    return [_month_of(i) for i in range(end - count + 1, end + 1)]


def month_end(month: str) -> dt.date:
    """The last day of a ``YYYY-MM`` month."""
    return dt.date.fromisoformat(month_bounds(month[:7])[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier); the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    """An inclusive range of days. ``kind`` is ``month``, ``range`` or ``all``."""

    kind: str
    start: str
    end: str

    @property
    def months(self) -> tuple[str, str]:
        """First and last month (``YYYY-MM``) of the period."""
        return self.start[:7], self.end[:7]

    def contains(self, moment: str | None) -> bool:
        """Whether a date or moment (``YYYY-MM-DD…``) falls in the period."""
        return moment is not None and bool(moment) and self.start <= moment[:10] <= self.end

    def contains_month(self, month: str | None) -> bool:
        """Whether a ``YYYY-MM`` month falls in the period."""
        return month is not None and bool(month) and self.start[:7] <= month[:7] <= self.end[:7]

    def label(self) -> str:
        """Human label in the current language: "tháng 10/2026", "01/2026 – 06/2026", "toàn bộ"."""
        if self.kind == "all":
            return _("toàn bộ thời gian")
        first, last = self.months
        if first == last:
            return _("tháng {month}/{year}").format(month=first[5:7], year=first[:4])
        if first[5:7] == "01" and last[5:7] == "12" and first[:4] == last[:4]:
            return _("năm {year}").format(year=first[:4])
        if first[5:7] == "01" and last[5:7] == "06" and first[:4] == last[:4]:
            return _("6 tháng đầu năm {year}").format(year=first[:4])
        return _("từ tháng {first} đến tháng {last}").format(
            first=f"{first[5:7]}/{first[:4]}", last=f"{last[5:7]}/{last[:4]}"
        )

    def as_dict(self) -> dict[str, str]:
        """The ``period`` object of ``ctxh stats --json``: strings only."""
        return {"kind": self.kind, "from": self.start, "to": self.end, "label": self.label()}


def make_period(
    month: str | None = None, month_from: str | None = None, month_to: str | None = None
) -> Period:
    """A period from ``--month`` or ``--from``/``--to`` (``YYYY-MM``); neither means all time."""
    if month and (month_from or month_to):
        raise UserError(_("Dùng --month hoặc --from/--to, không dùng cả hai."))
    if month:
        start, end = month_bounds(parse_month(month))
        return Period("month", start, end)
    if month_from or month_to:
        first = parse_month(month_from or month_to or "")
        last = parse_month(month_to or month_from or "")
        if first > last:
            raise UserError(_("Tháng bắt đầu phải trước tháng kết thúc."), field="from")
        start, end = month_bounds(first)[0], month_bounds(last)[1]
        return Period("month" if first == last else "range", start, end)
    return Period("all", "0001-01-01", "9999-12-31")
