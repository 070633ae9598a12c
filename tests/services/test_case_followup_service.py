"""A case's follow-up through the services: referrals answered and done, services, conferences,
the safety plan, consents and what of them leaves for the office."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import case_followup, cases, exchange, people, providers
from ctxh_desktop.storage import audit

TODAY = dt.date(2026, 11, 10)


def _case(demo, birth_date="2015-04-02", kind="child_protection"):
    person = people.register_person(
        demo, {"full_name": "Lò Thị Dung", "birth_date": birth_date}, today=TODAY
    )
    return cases.open_case(
        demo,
        {
            "kind": kind,
            "received_at": "2026-11-02T08:00",
            "source": "school",
            "problem_types": ["neglect"],
            "person_id": person["id"],
        },
        at="2026-11-02T08:05",
    )


def _referral(demo, case):
    provider = providers.save_provider(demo, {"name": "Trung tâm Công tác xã hội tỉnh"})
    with demo.store.atomic():
        row = demo.store.insert(
            "referral",
            {"case_id": case["id"], "provider_id": provider["id"], "at": "2026-11-03T09:00"},
        )
    return row


def test_referral_accepted_then_done_keeps_dates_answer_and_audit(demo):
    case = _case(demo)
    ref = _referral(demo, case)
    answer = {"on": "05/11/2026", "answer": "Nhận trẻ vào tư vấn tâm lý"}
    row = case_followup.move_referral(demo, ref["id"], "accepted", answer, today=TODAY)
    assert (row["status"], row["answered_on"], row["answer"]) == (
        "accepted",
        "2026-11-05",
        "Nhận trẻ vào tư vấn tâm lý",
    )
    row = case_followup.move_referral(
        demo, ref["id"], "completed", {"on": "2026-11-09", "answer": "Đã xong 4 buổi"}, TODAY
    )
    assert (row["status"], row["done_on"], row["outcome"]) == (
        "completed",
        "2026-11-09",
        "Đã xong 4 buổi",
    )
    listed = case_followup.case_followup(demo, case["id"])["referrals"]
    assert listed[0]["provider_name"] == "Trung tâm Công tác xã hội tỉnh"
    entries = [e for e in audit.entries(demo.store) if e["entity_id"] == ref["id"]]
    assert len(entries) == 2


def test_referral_illegal_move_is_refused_in_vietnamese_and_changes_nothing(demo):
    case = _case(demo)
    ref = _referral(demo, case)
    with pytest.raises(
        UserError, match="Không thể chuyển trạng thái chuyển gửi từ «Đã chuyển gửi»"
    ):
        case_followup.move_referral(demo, ref["id"], "completed", {"on": "2026-11-05"}, TODAY)
    case_followup.move_referral(
        demo, ref["id"], "declined", {"on": "2026-11-05", "answer": "Hết chỗ"}, TODAY
    )
    with pytest.raises(UserError, match="«Bị từ chối»"):
        case_followup.move_referral(demo, ref["id"], "accepted", {"on": "2026-11-06"}, TODAY)
    assert demo.store.get("referral", ref["id"])["status"] == "declined"


def test_referral_answer_needs_the_providers_answer_and_a_date_not_before_sending(demo):
    ref = _referral(demo, _case(demo))
    with pytest.raises(ValidationError) as err:
        case_followup.move_referral(demo, ref["id"], "accepted", {"on": "2026-11-01"}, TODAY)
    assert set(err.value.errors) == {"answered_on", "answer"}
    assert demo.store.get("referral", ref["id"])["status"] == "sent"


def test_service_and_conference_are_recorded_on_the_case(demo):
    case = _case(demo)
    case_followup.add_service(
        demo, case["id"], {"given_on": "2026-11-04", "what": "Khám sức khỏe"}, TODAY
    )
    case_followup.add_conference(
        demo,
        case["id"],
        {
            "held_on": "2026-11-06",
            "kind": "interagency",
            "participants": "Công an xã, trạm y tế",
            "minutes": "Thống nhất kế hoạch",
        },
        TODAY,
    )
    got = case_followup.case_followup(demo, case["id"])
    assert got["services"][0]["what"] == "Khám sức khỏe"
    assert got["conferences"][0]["kind"] == "interagency"
    with pytest.raises(ValidationError) as err:
        case_followup.add_conference(demo, case["id"], {"held_on": "2026-12-01"}, TODAY)
    assert set(err.value.errors) == {"held_on", "kind", "participants"}


def test_safety_plan_only_for_child_protection_and_reviewed_in_the_future(demo):
    case = _case(demo)
    plan = {
        "keeper": "Bà ngoại",
        "actions": "Ở nhà bà",
        "contacts": "111",
        "review_on": "2026-12-01",
    }
    row = case_followup.save_safety_plan(demo, case["id"], plan, TODAY)
    assert row["keeper"] == "Bà ngoại"
    with pytest.raises(ValidationError):
        case_followup.save_safety_plan(demo, case["id"], {**plan, "review_on": "2026-11-01"}, TODAY)
    adult = _case(demo, birth_date="1970", kind="general")
    with pytest.raises(UserError, match="chỉ dành cho ca bảo vệ trẻ em"):
        case_followup.save_safety_plan(demo, adult["id"], plan, TODAY)


def test_consent_for_a_child_of_seven_or_more_needs_the_childs_view_law_on_children_art_6_11(demo):
    case = _case(demo, birth_date="2015-04-02")  # 11 years old
    data = {"given_by": "parent", "given_on": "2026-11-05", "purposes": ["share_office"]}
    with pytest.raises(ValidationError) as err:
        case_followup.add_consent(demo, case["id"], data, TODAY)
    assert "Điều 6 khoản 11" in err.value.errors["child_view"]
    row = case_followup.add_consent(demo, case["id"], {**data, "child_view": "agrees"}, TODAY)
    assert (row["purposes"], row["child_view"]) == (["share_office"], "agrees")


def test_consent_for_a_young_child_keeps_no_child_view_and_needs_a_purpose(demo):
    case = _case(demo, birth_date="2022-01-01")  # 4 years old
    data = {"given_by": "parent", "given_on": "2026-11-05", "child_view": "agrees"}
    with pytest.raises(ValidationError, match="ít nhất một"):
        case_followup.add_consent(demo, case["id"], data, TODAY)
    row = case_followup.add_consent(demo, case["id"], {**data, "purposes": ["photos"]}, TODAY)
    assert row["child_view"] is None


def test_minutes_and_safety_plan_texts_do_not_leave_for_the_office(demo):
    case = _case(demo)
    keep = exchange.privacy_filter(demo)
    row = case_followup.add_conference(
        demo,
        case["id"],
        {"held_on": "2026-11-06", "kind": "case_meeting", "participants": "CTV", "minutes": "x"},
        TODAY,
    )
    assert keep("case_conference", row)["minutes"] is None
    assert keep("case_conference", row)["participants"] == "CTV"
    assert exchange.privacy_columns(demo)["safety_plan"][1]["contacts"] == "NULL"
