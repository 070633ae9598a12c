"""A case's deadlines say when they are counted through a year whose holiday swaps are not decreed."""

from __future__ import annotations

import datetime as dt

from ctxh_desktop.services import cases, people


def _open(demo, received: str) -> dict:
    child = people.register_person(
        demo, {"full_name": "Giàng Thị Mỷ", "sex": "female", "birth_date": "2016-05-01"}
    )
    return cases.open_case(
        demo,
        {
            "kind": "child_protection",
            "received_at": received,
            "source": "hotline_111",
            "problem_types": ["violence"],
            "person_id": child["id"],
            "emergency": False,
        },
        at=received,
    )


def test_a_deadline_counted_into_2027_warns_that_its_swaps_are_not_decreed(demo):
    case = _open(demo, "2026-12-29T09:00")
    shown = cases.get_case(demo, case["id"], now=dt.datetime(2026, 12, 29, 10, 0))
    rules = {d["rule"]: d for d in shown["deadlines"]}
    assert rules["assessment_5wd"]["due"].startswith("2027-01")
    assert rules["assessment_5wd"]["citation"].startswith("Nghị định 56/2017/NĐ-CP")
    assert "2027" in shown["calendar_warning"]


def test_a_deadline_inside_a_decreed_year_gives_no_warning(demo):
    case = _open(demo, "2026-06-01T09:00")
    shown = cases.get_case(demo, case["id"], now=dt.datetime(2026, 6, 1, 10, 0))
    assert shown["calendar_warning"] is None
