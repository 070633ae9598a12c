"""Social-work centres' unit codes: never a commune's, checked wherever a commune code is."""

from __future__ import annotations

import pytest

from ctxh_desktop.core import centres, codes, column_schema, ids
from ctxh_desktop.core.errors import UserError


def test_a_centre_code_names_its_province_and_number_and_is_no_commune_code():
    assert centres.centre_code("4") == "ttxh-04-01"
    assert centres.centre_code(1, 2) == "ttxh-01-02"
    info = centres.unit("ttxh-08-01")
    assert info["name"] == "Trung tâm Công tác xã hội tỉnh Tuyên Quang"
    assert (info["province_code"], info["unit_type"]) == ("08", "centre")
    assert centres.centre("ttxh-01-02")["name"].endswith("thành phố Hà Nội số 2")
    assert codes.commune("ttxh-01-01") is None  # the commune list never answers for a centre
    assert centres.unit("00004")["name"] == "Phường Ba Đình"
    assert centres.unit_kind("00004") == "commune" and centres.unit_kind("ttxh-01-01") == "centre"
    for wrong in ("ttxh-99-01", "ttxh-01-00", "ttxh-1-1", "TTXH-01-01", "ttxh-01-01 ", None):
        assert centres.unit(wrong) is None, wrong


def test_setting_up_a_centre_refuses_a_bad_province_number_or_name():
    assert (
        centres.new_centre("04", "  Trung tâm   CTXH Cao Bằng ")["name"]
        == "Trung tâm CTXH Cao Bằng"
    )
    for province, name, number, field in (
        ("99", "Trung tâm", 1, "province"),
        ("x", "Trung tâm", 1, "province"),
        ("04", "Trung tâm", 100, "number"),
        ("04", "Trung tâm", "một", "number"),
        ("04", "   ", 1, "name"),
    ):
        with pytest.raises(UserError) as refused:
            centres.new_centre(province, name, number)
        assert refused.value.field == field


def test_a_received_row_must_belong_to_a_commune_or_a_centre():
    row = {"id": ids.record_id("ttxh-01-01", 1, 1), "full_name": "N.T.H."}
    column_schema.check_stored_row("person", {**row, "commune": "ttxh-01-01"})
    column_schema.check_stored_row("person", {**row, "commune": "00004"})
    for wrong in ("ttxh-01", "xã 4", "00004; DROP", ""):
        with pytest.raises(UserError):
            column_schema.check_stored_row("person", {**row, "commune": wrong})


def test_a_centres_record_ids_sit_together_and_apart_from_every_commune():
    first = ids.record_id("ttxh-40-01", 1_700_000_000_000, 5)
    assert first.startswith("f4001")
    assert ids.record_id("00004", 1, 1).startswith("00004")
