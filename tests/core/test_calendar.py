"""Working days: holidays, swapped Saturdays, deadline arithmetic, updates from the office."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ctxh_desktop import i18n
from ctxh_desktop.core.calendar import WorkingCalendar

CAL = WorkingCalendar.load()


def test_shipped_table_covers_2024_to_2027_with_sources():
    for year in (2024, 2025, 2026, 2027):
        assert CAL.covers(year)
        assert CAL.source(year)
    assert not CAL.covers(2030)


def test_tet_and_national_days_are_not_working_days():
    for day in ("2025-01-01", "2025-01-29", "2025-04-07", "2025-04-30", "2025-05-01", "2025-09-02"):
        assert not CAL.is_working_day(day), day
    assert CAL.is_working_day("2025-02-03")  # back to work after Tết Ất Tỵ
    assert not CAL.is_working_day(dt.date(2026, 2, 17))
    assert "Tết" in CAL.holiday_name("2026-02-17")


def test_swapped_saturday_is_a_working_day_and_its_friday_is_off():
    assert CAL.is_working_day("2025-04-26")
    assert not CAL.is_working_day("2025-05-02")
    assert not CAL.is_working_day("2025-04-27")  # an ordinary Sunday


def test_five_working_days_from_a_friday_end_on_the_next_friday_night():
    start = dt.datetime(2025, 3, 7, 10, 0)
    assert CAL.add_working_days(start, 5) == dt.datetime(2025, 3, 14, 23, 59)


def test_deadline_skips_tet():
    # Received Thursday 23/01/2025; Tết Ất Tỵ is 27–31/01.
    due = CAL.add_working_days(dt.datetime(2025, 1, 23, 15, 0), 5)
    assert due == dt.datetime(2025, 2, 6, 23, 59)
    assert CAL.working_days_between("2025-01-23", due) == 5


def test_zero_working_days_is_the_end_of_the_same_day():
    assert CAL.add_working_days("2025-03-08T09:00", 0) == dt.datetime(2025, 3, 8, 23, 59)


def test_uncovered_year_keeps_fixed_holidays_and_warns(tmp_path):
    assert not CAL.is_working_day("2031-09-02")
    assert CAL.is_working_day("2031-09-03")
    assert CAL.coverage_warning(dt.date(2026, 5, 1)) is None
    warning = CAL.coverage_warning(dt.date(2031, 5, 1))
    assert "2031" in warning and "ngày nghỉ" in warning
    i18n.set_language("en")
    assert "2031" in CAL.coverage_warning("2031-05-01")


def test_office_update_replaces_a_year_and_adds_new_ones(tmp_path):
    update = {
        "years": {
            "2027": {"source": "Thông báo 2026", "holidays": ["2027-02-12"], "working_days": []},
            "2028": {"source": "Thông báo 2027", "holidays": [{"date": "2028-01-26"}]},
        }
    }
    cal = WorkingCalendar.load(override=update)
    assert cal.covers(2028) and not cal.is_working_day("2028-01-26")
    assert cal.is_working_day("2027-02-08")  # the shipped provisional day is gone
    assert not cal.is_working_day("2027-02-12")
    assert cal.is_working_day("2025-04-26")  # other years untouched
    path = tmp_path / "table.json"
    path.write_text(json.dumps(cal.to_json()), encoding="utf-8")
    again = WorkingCalendar.load(path)
    assert again.to_json() == cal.to_json()


moments = st.datetimes(min_value=dt.datetime(2023, 6, 1), max_value=dt.datetime(2028, 6, 1))


@settings(max_examples=200, deadline=None)
@given(start=moments, n=st.integers(min_value=1, max_value=40))
def test_adding_n_working_days_lands_on_a_working_day_after_exactly_n(start, n):
    due = CAL.add_working_days(start, n)
    assert CAL.is_working_day(due)
    assert due.time() == dt.time(23, 59)
    assert due.date() > start.date()
    assert CAL.working_days_between(start, due) == n
    # The day before the deadline is one working day short.
    assert CAL.working_days_between(start, due - dt.timedelta(days=1)) == n - 1


def test_tet_of_a_year_not_in_the_table_is_computed_from_the_lunar_calendar():
    # Mùng 1 Tết Mậu Thân is Wednesday 26/01/2028 (Labour Code 2019, Art. 112: five days of Tết).
    assert not CAL.covers(2028)
    for day in ("2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28"):
        assert not CAL.is_working_day(day), day
    assert "Tết" in CAL.holiday_name("2028-01-26")
    assert not CAL.is_working_day("2031-09-02") and CAL.is_working_day("2031-09-03")


def test_a_deadline_counted_into_tet_2028_lands_after_it_decree56_art28_1():
    # Received Friday 21/01/2028: five working days would end on 28/01 without Tết.
    due = CAL.add_working_days(dt.datetime(2028, 1, 21, 10, 0), 5)
    assert due.date() > dt.date(2028, 1, 31) and CAL.is_working_day(due)
    assert CAL.working_days_between("2028-01-21", due) == 5


def test_a_range_reaching_a_year_without_decreed_swaps_warns():
    assert CAL.range_warning("2026-03-01", "2026-12-31") is None
    assert "2027" in CAL.range_warning("2026-12-28", "2027-01-05")  # 2027 is still provisional
    assert "2028" in CAL.range_warning("2028-01-21", "2028-02-03")
    assert CAL.decreed(2026) and not CAL.decreed(2027) and not CAL.decreed(2028)
