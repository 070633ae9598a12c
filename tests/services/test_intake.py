"""Opening a case (intake): who may have a child-protection case, and the clock from receipt."""

from __future__ import annotations

import pytest

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import cases, people


def _person(demo, birth_date: str) -> dict:
    return people.register_person(
        demo, {"full_name": "Lò Văn Thử", "gender": "male", "birth_date": birth_date}
    )


def _report(person_id, kind="child_protection", **extra) -> dict:
    return {
        "kind": kind,
        "person_id": person_id,
        "received_at": "2026-10-20T23:00",
        "source": "hotline_111",
        "problem_types": ["violence"],
        **extra,
    }


def _count(demo) -> int:
    return cases.count_cases(demo)


def test_child_protection_refused_for_a_sixteen_year_old_citing_law_on_children_art_1(demo):
    person = _person(demo, "2010-10-20")  # 16 on the day received
    before = _count(demo)
    with pytest.raises(ValidationError) as err:
        cases.open_case(demo, _report(person["id"]), at="2026-10-21T08:00")
    message = err.value.errors["person_id"]
    assert "dưới 16 tuổi" in message and "Luật Trẻ em 2016, Điều 1" in message
    assert _count(demo) == before


def test_child_protection_refused_for_an_adult_but_a_general_case_opens(demo):
    person = _person(demo, "1950")
    with pytest.raises(ValidationError) as err:
        cases.open_case(demo, _report(person["id"]), at="2026-10-21T08:00")
    assert "75 tuổi" in err.value.errors["person_id"]
    case = cases.open_case(demo, _report(person["id"], "general"), at="2026-10-21T08:00")
    assert case["kind"] == "general" and case["step"] == "intake"


def test_child_protection_opens_for_a_fifteen_year_old_with_its_protection_level(demo):
    person = _person(demo, "2010-10-21")  # 16 only the day after
    case = cases.open_case(
        demo, _report(person["id"], protection_level="support"), at="2026-10-21T08:00"
    )
    assert case["protection_level"] == "support"


def test_child_protection_refused_without_a_birth_date(demo):
    person = people.register_person(demo, {"full_name": "Không Rõ Tuổi", "gender": "female"})
    with pytest.raises(ValidationError) as err:
        cases.open_case(demo, _report(person["id"]), at="2026-10-21T08:00")
    assert "ngày sinh" in err.value.errors["person_id"]


def test_open_case_refused_without_a_person_or_with_an_unknown_one(demo):
    before = _count(demo)
    with pytest.raises(ValidationError) as err:
        cases.open_case(demo, _report(None), at="2026-10-21T08:00")
    assert "person_id" in err.value.errors
    with pytest.raises(UserError) as unknown:
        cases.open_case(demo, _report("no-such-id"), at="2026-10-21T08:00")
    assert unknown.value.field == "person_id"
    assert _count(demo) == before


def test_protection_level_refused_on_a_general_case(demo):
    person = _person(demo, "1980")
    with pytest.raises(ValidationError) as err:
        cases.open_case(
            demo,
            _report(person["id"], "general", protection_level="support"),
            at="2026-10-21T08:00",
        )
    assert "protection_level" in err.value.errors


def test_received_at_23_00_gives_the_12_hour_deadline_at_11_00_next_day(demo):
    person = _person(demo, "2015-05-05")
    case = cases.open_case(demo, _report(person["id"], emergency=True), at="2026-10-21T08:00")
    assert case["received_at"] == "2026-10-20T23:00"
    due = {d["rule"]: d["due"] for d in case["deadlines"]}
    assert due["emergency_12h"] == "2026-10-21T11:00"


def test_reporter_is_kept_as_a_sensitive_note_of_the_received_event(demo):
    person = _person(demo, "2015-05-05")
    case = cases.open_case(
        demo,
        _report(person["id"], reporter_name="Bà Tư", reporter_contact="0912345678"),
        at="2026-10-21T08:00",
    )
    received = case["events"][-1]
    assert received["kind"] == "received" and received["hidden"]
    full = cases.get_case(demo, case["id"], include_sensitive=True)
    assert "Người báo tin: Bà Tư" in full["events"][-1]["narrative"]
