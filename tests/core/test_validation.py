"""Checking what people type: single values and whole records."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop import i18n
from ctxh_desktop.core import records, values
from ctxh_desktop.core.errors import UserError, ValidationError

TODAY = dt.date(2026, 3, 15)
NOW = dt.datetime(2026, 3, 15, 10, 30)


def _errors(func, *args) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        func(*args)
    return info.value.errors


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("05/01/2026", "2026-01-05"),
        ("5/1/2026", "2026-01-05"),
        ("5.1.2026", "2026-01-05"),
        ("2026-01-05", "2026-01-05"),
        ("01/2026", "2026-01"),
        ("2026-1", "2026-01"),
        ("1998", "1998"),
        (" 29/02/2024 ", "2024-02-29"),
        (dt.date(2026, 1, 5), "2026-01-05"),
    ],
)
def test_parse_date_accepts_usual_forms(text, iso):
    assert values.parse_date(text) == iso


@pytest.mark.parametrize("text", ["31/02/2025", "29/02/2025", "13/2025", "5/13/2026", "abc", "12"])
def test_parse_date_refuses_impossible_or_unreadable_dates(text):
    with pytest.raises(ValidationError) as info:
        values.parse_date(text, field="birth_date")
    assert info.value.field == "birth_date"
    assert text in info.value.message


def test_parse_date_of_nothing_is_required():
    assert _errors(values.parse_date, "  ") == {"date": "Thông tin này là bắt buộc."}


def test_birth_date_in_the_future_is_refused():
    assert "tương lai" in _errors(values.check_birth_date, "16/03/2026", TODAY)["birth_date"]
    assert "tương lai" in _errors(values.check_birth_date, "2027", TODAY)["birth_date"]
    assert values.check_birth_date("03/2026", TODAY) == "2026-03"


def test_birth_date_more_than_120_years_ago_is_refused():
    assert "120" in _errors(values.check_birth_date, "1900", TODAY)["birth_date"]
    assert values.check_birth_date("16/03/1906", TODAY) == "1906-03-16"


def test_age_on_gives_the_youngest_age_of_a_partial_date():
    assert values.age_on("2010-03-16", TODAY) == 15
    assert values.age_on("2010-03-15", TODAY) == 16
    assert values.age_on("2010", TODAY) == 15


def test_moments():
    assert values.parse_moment("2026-03-15T08:05") == "2026-03-15T08:05"
    assert values.parse_moment("15/03/2026 8:05") == "2026-03-15T08:05"
    assert values.parse_moment("2026-03-15 08:05:59") == "2026-03-15T08:05"
    assert values.parse_moment(NOW) == "2026-03-15T10:30"
    assert "Giờ" in _errors(values.parse_moment, "2026-03-15T25:00")["at"]
    assert "Thời điểm" in _errors(values.parse_moment, "2026-03-15")["at"]


def test_id_numbers():
    assert values.check_id_number("001 099 012 345") == "001099012345"
    assert values.check_id_number("123456789") == "123456789"
    assert values.check_id_number("") is None
    assert "mã tỉnh" in _errors(values.check_id_number, "003099012345")["id_number"]
    assert "12 chữ số" in _errors(values.check_id_number, "12345")["id_number"]
    assert "chữ số" in _errors(values.check_id_number, "00109901234A")["id_number"]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0386-123-456", "0386123456"),
        ("(024) 3825 1234", "02438251234"),
        ("", None),
    ],
)
def test_phone_numbers_are_normalised(text, phone):
    assert values.normalise_phone(text) == phone


@pytest.mark.parametrize("text", ["0112345678", "091234567", "+1 202 555 0100", "09123x5678"])
def test_bad_phone_numbers_are_refused(text):
    assert "phone" in _errors(values.normalise_phone, text)


def test_service_numbers_only_where_allowed():
    assert values.normalise_phone("111", allow_service=True) == "111"
    assert values.normalise_phone("1900 1567", allow_service=True) == "19001567"
    assert "phone" in _errors(values.normalise_phone, "111")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("1 500 000 đ", 1_500_000),
        ("1,500,000 VNĐ", 1_500_000),
        ("1,5 triệu", 1_500_000),
        ("2tr", 2_000_000),
        ("500 nghìn", 500_000),
        ("200k", 200_000),
        ("0", 0),
        (750000, 750_000),
    ],
)
def test_amounts_are_read(text, amount):
    assert values.parse_amount(text) == amount


def test_bad_amounts_are_refused():
    assert "âm" in _errors(values.parse_amount, "-5.000")["amount"]
    assert "âm" in _errors(values.parse_amount, -1)["amount"]
    assert "quá lớn" in _errors(values.parse_amount, "20.000.000.000")["amount"]
    assert "không hợp lệ" in _errors(values.parse_amount, "1.5.00")["amount"]
    assert "không hợp lệ" in _errors(values.parse_amount, "5 đô")["amount"]
    assert "nguyên" in _errors(values.parse_amount, "1,2345 nghìn")["amount"]


def test_text_and_required():
    assert values.check_text("  Nguye\u0302\u0303n  Văn  ", 20) == "Nguyễn Văn"
    assert values.check_text("   ", 20) is None
    assert "tối đa 5" in _errors(values.check_text, "abcdef", 5)["text"]
    assert "bắt buộc" in _errors(values.required, [], "groups")["groups"]
    assert values.required("x") == "x"


def test_messages_are_translated_at_call_time():
    i18n.set_language("en")
    try:
        message = _errors(values.check_birth_date, "2027", TODAY)["birth_date"]
    finally:
        i18n.set_language("vi")
    assert message == "The birth date cannot be in the future."


# -- records --------------------------------------------------------------------------------------
def test_a_good_person_is_cleaned():
    clean = records.validate_person(
        {
            "full_name": " Nguyễn  Thị Hoa ",
            "gender": "female",
            "birth_date": "5/1/1980",
            "ethnicity": "kinh",
            "id_number": "001 180 012 345",
            "phone": "+84 912 345 678",
            "address_commune": "4",
            "household_status": "poor",
            "target_groups": ["poor", "elderly", "poor"],
            "assistance_category": "nd20_4",
            "consent_share": True,
        },
        TODAY,
    )
    assert clean == {
        "full_name": "Nguyễn Thị Hoa",
        "gender": "female",
        "birth_date": "1980-01-05",
        "ethnicity": "kinh",
        "id_number": "001180012345",
        "phone": "0912345678",
        "address_commune": "00004",
        "household_status": "poor",
        "target_groups": ["poor", "elderly"],
        "assistance_category": "nd20_4",
        "consent_share": 1,
    }


def test_a_person_update_returns_only_the_given_fields():
    assert records.validate_person({"full_name": "Lê Văn An", "phone": ""}, TODAY) == {
        "full_name": "Lê Văn An",
        "phone": None,
    }


def test_every_bad_person_field_is_reported_at_once():
    errors = _errors(
        records.validate_person,
        {
            "full_name": "",
            "gender": "x",
            "birth_date": "31/02/2000",
            "ethnicity": "martian",
            "id_number": "12",
            "phone": "123",
            "guardian_phone": "456",
            "address_commune": "99999",
            "household_status": "rich",
            "disability_level": "some",
            "target_groups": ["poor", "nobody"],
            "assistance_category": "nd20_9",
        },
        TODAY,
    )
    assert set(errors) == {
        "full_name",
        "gender",
        "birth_date",
        "ethnicity",
        "id_number",
        "phone",
        "guardian_phone",
        "address_commune",
        "household_status",
        "disability_level",
        "target_groups",
        "assistance_category",
    }
    assert errors["full_name"] == "Thông tin này là bắt buộc."
    assert "nobody" in errors["target_groups"]
    assert "99999" in errors["address_commune"]


def test_a_too_long_name_is_refused():
    assert (
        "tối đa 100"
        in _errors(records.validate_person, {"full_name": "A" * 101}, TODAY)["full_name"]
    )


def test_child_profile_adds_the_group_of_a_sub_group():
    clean = records.validate_child_profile(
        {
            "person_id": "p1",
            "groups": ["l_rape", "d_severe", "d"],
            "extra_groups": ["chemical_agent"],
        },
        "2015-06-01",
        TODAY,
    )
    assert clean["groups"] == ["l_rape", "d_severe", "d", "l"]
    assert clean["extra_groups"] == ["chemical_agent"]
    assert clean["registered_on"] == "2026-03-15"
    assert clean["status"] == "active"
    assert clean["person_id"] == "p1"


def test_child_profile_needs_a_group_and_a_child_under_16():
    errors = _errors(records.validate_child_profile, {"groups": []}, "2010-03-15", TODAY)
    assert set(errors) == {"groups", "birth_date"}
    assert "16" in errors["birth_date"]
    errors = _errors(
        records.validate_child_profile, {"groups": ["z"], "extra_groups": ["x"]}, None, TODAY
    )
    assert set(errors) == {"groups", "extra_groups", "birth_date"}


def test_child_age_is_taken_on_the_registration_day():
    data = {"groups": ["a"], "registered_on": "01/01/2026"}
    assert (
        records.validate_child_profile(data, "2010-03-15", TODAY)["registered_on"] == "2026-01-01"
    )


def test_child_support():
    clean = records.validate_child_support(
        {
            "child_id": "c1",
            "month": "03/2026",
            "kind": "monthly_allowance",
            "source": "state_budget",
            "amount": "1.250.000",
        },
        TODAY,
    )
    assert clean == {
        "child_id": "c1",
        "month": "2026-03",
        "kind": "monthly_allowance",
        "source": "state_budget",
        "amount": 1_250_000,
    }
    errors = _errors(
        records.validate_child_support,
        {"month": "04/2026", "kind": "cash", "source": "", "amount": "-1"},
        TODAY,
    )
    assert set(errors) == {"month", "kind", "source", "amount"}
    assert "tương lai" in errors["month"]
    assert "tháng/năm" in _errors(records.validate_child_support, {"month": "2026"}, TODAY)["month"]


def test_consultation():
    clean = records.validate_consultation(
        {
            "at": "15/03/2026 09:00",
            "channel": "phone",
            "topics": ["health"],
            "anonymous": True,
            "duration_min": "30",
            "target_group": "elderly",
        },
        NOW,
    )
    assert clean["at"] == "2026-03-15T09:00"
    assert clean["group_size"] == 1 and clean["duration_min"] == 30 and clean["anonymous"] == 1


def test_a_group_consultation_needs_no_person():
    clean = records.validate_consultation(
        {"at": "2026-03-15T09:00", "channel": "group", "group_size": 25}, NOW
    )
    assert clean["group_size"] == 25


def test_bad_consultation_fields_are_reported_together():
    errors = _errors(
        records.validate_consultation,
        {
            "at": "2026-03-15T11:00",
            "channel": "pigeon",
            "topics": ["x"],
            "target_group": "y",
            "group_size": 501,
            "anonymous": 1,
            "duration_min": 0,
            "outcome": "z",
        },
        NOW,
    )
    assert set(errors) == {
        "at",
        "channel",
        "topics",
        "target_group",
        "group_size",
        "duration_min",
        "outcome",
    }
    assert "tương lai" in errors["at"]
    assert "1 đến 500" in errors["group_size"]
    assert "1 đến 600" in errors["duration_min"]


def test_a_consultation_needs_someone():
    errors = _errors(
        records.validate_consultation, {"at": "2026-03-15T09:00", "channel": "phone"}, NOW
    )
    assert set(errors) == {"person_id"}
    assert (
        "bắt buộc"
        in _errors(records.validate_consultation, {"channel": "phone", "anonymous": 1}, NOW)["at"]
    )


def test_provider():
    clean = records.validate_provider({"name": "Trạm Y tế xã", "kind": "health", "phone": "115"})
    assert clean == {"name": "Trạm Y tế xã", "kind": "health", "phone": "115"}
    errors = _errors(records.validate_provider, {"name": "", "kind": "bank", "phone": "12"})
    assert set(errors) == {"name", "kind", "phone"}


def test_validation_errors_are_user_errors_naming_the_first_field():
    with pytest.raises(UserError) as info:
        records.validate_provider({"name": ""})
    assert info.value.field == "name"


def test_form_text_refuses_control_characters():
    with pytest.raises(ValidationError):
        values.check_text("Nguyễn\x01Văn", 100, "full_name")
