"""Periods and Vietnamese text folding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import make_period, parse_month
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
