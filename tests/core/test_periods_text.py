"""Periods and Vietnamese text folding."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import (
    add_months,
    make_period,
    month_end,
    months_between,
    months_ending,
    parse_month,
)
from ctxh_desktop.core.text import fold, nfc, search_words, sort_key


def test_month_period_bounds_and_label():
    p = make_period(month="2026-02")
    assert (p.start, p.end) == ("2026-02-01", "2026-02-28")
    assert p.as_dict()["label"] == "tháng 02/2026"
    assert make_period(month_from="2026-01", month_to="2026-06").label() == "6 tháng đầu năm 2026"
    assert make_period(month_from="2026-01", month_to="2026-12").label() == "năm 2026"
    assert make_period().kind == "all"


@pytest.mark.parametrize("bad", ["2026-13", "2026/10", "", "10-2026"])
def test_bad_month_is_refused_in_vietnamese(bad):
    with pytest.raises(UserError, match="Tháng không hợp lệ"):
        parse_month(bad)


def test_months_between_cross_the_year_and_include_both_ends():
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between("2026-09-15", "2026-09-30") == ["2026-09"]
    assert months_between("2026-03", "2026-02") == []


def test_months_ending_count_back_from_the_last_month():
    assert months_ending("2026-02", 3) == ["2025-12", "2026-01", "2026-02"]


def test_month_end_knows_leap_years():
    assert month_end("2028-02") == dt.date(2028, 2, 29)
    assert month_end("2026-12") == dt.date(2026, 12, 31)


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 6) == dt.date(2027, 5, 15)
    assert add_months(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 15)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)), st.integers(0, 40))
def test_months_between_counts_every_month_once(day, count):
    first = day.strftime("%Y-%m")
    last = add_months(day.replace(day=1), count).strftime("%Y-%m")
    months = months_between(first, last)
    assert len(months) == count + 1 and months == sorted(set(months))
    assert months == months_ending(last, count + 1)


def test_fold_removes_tones_and_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert search_words("Đặng-Thị  Ánh!") == ["dang", "thi", "anh"]
    assert sort_key("Trần Thị Bình") == "binh tran thi binh"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once


@given(st.text(alphabet="aăâeêioôơuưyđAĂÂĐ \u0300\u0301\u0303\u0309\u0323", max_size=30))
def test_fold_of_vietnamese_letters_is_plain_ascii(text):
    assert fold(nfc(text) or "").isascii()
