"""A child-protection case taken to a drafted plan through the services, on fixed dates (Decree
56/2017/NĐ-CP: assessment, verification meeting, plan — Arts. 26–28), for tests that need a plan
waiting for the chairman whatever the day they run."""

from __future__ import annotations

from ctxh_desktop.services import cases, people

PLAN = {
    "objectives": ["An toàn tại gia đình"],
    "activities": [
        {
            "what": "Thăm gia đình hằng tuần",
            "who": "Cộng tác viên",
            "start": "2026-11-06",
            "end": "2027-01-31",
        }
    ],
    "timeframe": "3 tháng",
}


def drafted(demo, name: str = "Lò Thị Dung") -> dict:
    person = people.register_person(
        demo, {"full_name": name, "birth_date": "2015-04-02", "ethnicity": "thai"}
    )
    case = cases.open_case(
        demo,
        {
            "kind": "child_protection",
            "received_at": "2026-11-02T08:00",
            "source": "school",
            "problem_types": ["neglect"],
            "person_id": person["id"],
        },
        at="2026-11-02T08:05",
    )
    steps = (
        ("assess", {"risk_level": "medium", "summary": "Đánh giá"}, "2026-11-02T10:00"),
        ("verify", {"meeting_at": "2026-11-03T09:00", "summary": "Họp"}, "2026-11-03T10:00"),
        ("draft_plan", {"plan": PLAN}, "2026-11-04T10:00"),
    )
    for action, data, at in steps:
        case = cases.apply_action(demo, case["id"], action, data, at=at)
    return case
