"""The statutory case workflow: steps, validation, timelines."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctxh_desktop import i18n
from ctxh_desktop.core import workflow
from ctxh_desktop.core.errors import UserError, ValidationError

PLAN = {
    "objectives": "Trẻ được an toàn, đi học trở lại",
    "activities": [{"what": "Thăm gia đình", "who": "Cộng tác viên", "when": "Hằng tuần"}],
    "timeframe": "3 tháng",
    "providers": [],
}


def open_case(kind="child_protection", received="2025-03-03T08:30", emergency=False):
    data = {
        "received_at": received,
        "source": "hotline_111",
        "problem_types": ["violence"],
        "person_id": "p1",
        "emergency": emergency,
    }
    t = workflow.new_case(kind, data, received)
    return {**t.changes, "id": "c1"}, t.events


def valid_data(case: dict, action: str, moment: str) -> dict:
    """Data an action accepts, dated ``moment``."""
    data = {"summary": "Nội dung", workflow.moment_field(action): moment}
    if action == "assess":
        data["risk_level"] = "high"
    elif action in ("draft_plan", "adjust_plan"):
        data["plan"] = PLAN
        data["needs_domains"] = ["health", "livelihood"]
    elif action == "approve_plan":
        data["approved_by"] = "Chủ tịch UBND xã"
    elif action == "close":
        data["closure_reason"] = "goal_reached"
    return data


def act(case, events, action, moment, **extra):
    data = {**valid_data(case, action, moment), **extra}
    t = workflow.apply_action(case, action, data, moment)
    return {**case, **t.changes}, events + t.events


def test_new_case_starts_at_intake_with_a_received_event():
    case, events = open_case()
    assert (case["step"], case["status"]) == ("intake", "open")
    assert events[0]["kind"] == "received" and events[0]["step"] == "intake"
    assert events[0]["at"] == case["received_at"] == "2025-03-03T08:30"


def test_new_case_reports_every_missing_field_in_vietnamese():
    with pytest.raises(ValidationError) as err:
        workflow.new_case("child_protection", {"received_at": "2025-03-03"}, "2025-03-04T10:00")
    assert set(err.value.errors) == {"received_at", "source", "problem_types", "person_id"}
    assert "Hãy chọn" in err.value.errors["person_id"]


def test_received_in_the_future_is_refused():
    with pytest.raises(ValidationError) as err:
        workflow.new_case(
            "general",
            {
                "received_at": "2025-03-05T08:00",
                "source": "self",
                "problem_types": ["poverty"],
                "person_id": "p",
            },
            "2025-03-04T10:00",
        )
    assert "received_at" in err.value.errors


def test_child_protection_goes_through_every_statutory_step():
    case, events = open_case(emergency=True)
    assert workflow.available_actions(case)[0] == "assess"
    case, events = act(case, events, "emergency_action", "2025-03-03T11:00")
    case, events = act(case, events, "assess", "2025-03-03T15:00")
    case, events = act(case, events, "verify", "2025-03-05T09:00")
    case, events = act(case, events, "draft_plan", "2025-03-10T09:00")
    case, events = act(case, events, "approve_plan", "2025-03-11T09:00")
    case, events = act(case, events, "record_service", "2025-03-20T09:00")
    case, events = act(case, events, "review", "2025-05-20T09:00")
    case, events = act(case, events, "close", "2025-05-21T09:00")
    case, events = act(case, events, "archive", "2025-05-22T09:00")
    assert (case["step"], case["status"]) == ("archived", "archived")
    assert [e["kind"] for e in events] == [
        "received",
        "emergency_action",
        "assessment",
        "meeting",
        "plan_drafted",
        "plan_approved",
        "service",
        "review",
        "closed",
        "archived",
    ]
    assert case["plan_drafted_at"] == "2025-03-10T09:00"
    assert case["plan"]["approved_by"] == "Chủ tịch UBND xã"
    assert case["last_contact_at"] == "2025-05-20T09:00"
    assert workflow.available_actions(case) == []


def test_general_case_monitors_adjusts_and_evaluates():
    case, events = open_case("general")
    assert "assess" not in workflow.available_actions(case)
    case, events = act(case, events, "draft_plan", "2025-03-05T09:00")
    assert case["assessed_at"] and case["plan"]["needs_domains"] == ["health", "livelihood"]
    case, events = act(case, events, "approve_plan", "2025-03-06T09:00")
    case, events = act(case, events, "monitor", "2025-04-06T09:00")
    case, events = act(case, events, "adjust_plan", "2025-04-07T09:00", plan=None)
    assert case["step"] == "monitoring"
    case, events = act(case, events, "adjust_plan", "2025-04-08T09:00")
    assert case["step"] == "planning" and case["plan_approved_at"] is None
    assert len(case["plan"]["history"]) == 1
    case, events = act(case, events, "approve_plan", "2025-04-09T09:00")
    case, events = act(case, events, "monitor", "2025-05-09T09:00")
    case, events = act(case, events, "evaluate", "2025-06-09T09:00")
    case, events = act(case, events, "close", "2025-06-10T09:00")
    assert "archive" not in workflow.available_actions(case)
    case, events = act(case, events, "reopen", "2025-07-10T09:00")
    assert (case["step"], case["status"], case["closed_at"]) == ("intake", "open", None)


def test_general_plan_needs_the_assessed_domains():
    case, _events = open_case("general")
    data = valid_data(case, "draft_plan", "2025-03-05T09:00")
    del data["needs_domains"]
    with pytest.raises(ValidationError) as err:
        workflow.apply_action(case, "draft_plan", data, "2025-03-05T09:00")
    assert list(err.value.errors) == ["needs_domains"]


def test_plan_fields_are_checked_one_by_one():
    case, events = open_case()
    case, events = act(case, events, "assess", "2025-03-03T15:00")
    case, events = act(case, events, "verify", "2025-03-05T09:00")
    bad = {"plan": {"objectives": "", "activities": [{"what": "x"}], "timeframe": ""}}
    with pytest.raises(ValidationError) as err:
        workflow.apply_action(case, "draft_plan", bad, "2025-03-06T09:00")
    assert set(err.value.errors) == {
        "plan.objectives",
        "plan.activities",
        "plan.activities.1",
        "plan.timeframe",
    }


def test_review_can_replan_and_keeps_the_old_plan():
    case, events = open_case()
    for action, moment in [
        ("assess", "2025-03-03T15:00"),
        ("verify", "2025-03-05T09:00"),
        ("draft_plan", "2025-03-06T09:00"),
        ("approve_plan", "2025-03-07T09:00"),
        ("review", "2025-04-07T09:00"),
        ("replan", "2025-04-08T09:00"),
    ]:
        case, events = act(case, events, action, moment)
    assert case["step"] == "planning" and case["plan"]["replanned_at"] == "2025-04-08T09:00"
    case, events = act(case, events, "draft_plan", "2025-04-09T09:00")
    assert case["plan"]["history"][0]["approved_by"] == "Chủ tịch UBND xã"
    assert case["plan_approved_at"] is None


def test_moments_before_receipt_or_after_now_are_refused():
    case, _events = open_case()
    for moment, expected in [
        ("2025-03-01T08:00", "trước lúc tiếp nhận"),
        ("2025-03-09T08:00", "sau"),
    ]:
        data = valid_data(case, "assess", moment)
        with pytest.raises(ValidationError, match=expected) as err:
            workflow.apply_action(case, "assess", data, "2025-03-04T08:00")
        assert "assessed_at" in err.value.errors


def test_step_change_cannot_be_dated_before_the_last_milestone():
    case, events = open_case()
    case, events = act(case, events, "assess", "2025-03-04T15:00")
    data = valid_data(case, "verify", "2025-03-04T10:00")
    with pytest.raises(ValidationError, match="bước trước"):
        workflow.apply_action(case, "verify", data, "2025-03-05T10:00")


def test_approval_needs_date_and_approver():
    case, events = open_case("general")
    case, events = act(case, events, "draft_plan", "2025-03-05T09:00")
    with pytest.raises(ValidationError) as err:
        workflow.apply_action(case, "approve_plan", {}, "2025-03-06T09:00")
    assert set(err.value.errors) == {"approved_at", "approved_by"}


def test_close_needs_a_reason_from_the_list():
    case, _events = open_case()
    for data, message in [({}, "Hãy chọn lý do"), ({"closure_reason": "bored"}, "không hợp lệ")]:
        with pytest.raises(ValidationError, match=message):
            workflow.apply_action(case, "close", data, "2025-03-04T08:00")


def test_action_not_open_to_the_step_is_refused():
    case, _events = open_case()
    with pytest.raises(UserError, match="bước hiện tại"):
        workflow.apply_action(case, "approve_plan", {}, "2025-03-04T08:00")
    with pytest.raises(UserError):
        workflow.apply_action(case, "fly", {}, "2025-03-04T08:00")


def test_separation_starts_ends_and_may_record_the_return():
    case, events = open_case()
    case, events = act(case, events, "separate", "2025-03-03T12:00")
    assert "end_separation" in workflow.available_actions(case)
    assert "separate" not in workflow.available_actions(case)
    case, events = act(case, events, "end_separation", "2025-03-10T12:00", returned=True)
    assert case["separation_end"] == case["returned_at"] == "2025-03-10T12:00"
    assert [e["kind"] for e in events][-2:] == ["separation", "separation"]


def test_closing_ends_an_ongoing_separation():
    case, events = open_case()
    case, events = act(case, events, "separate", "2025-03-03T12:00")
    case, events = act(case, events, "close", "2025-03-05T12:00", closure_reason="transferred")
    assert case["separation_end"] == "2025-03-05T12:00"


def test_labels_are_translated():
    assert workflow.action_label("approve_plan") == "Phê duyệt kế hoạch"
    i18n.set_language("en")
    assert workflow.action_label("approve_plan") == "Approve the plan"
    assert workflow.required_fields("draft_plan", "general")[-1] == "needs_domains"


# -- property: random walks through the workflow ------------------------------------------------
def check_invariants(case: dict) -> None:
    kind = case["kind"]
    assert case["step"] in workflow.STEPS[kind]
    expected_status = case["step"] if case["step"] in ("closed", "archived") else "open"
    assert case["status"] == expected_status
    assert (case["closure_reason"] in workflow.CLOSURE_REASONS) == (case["status"] != "open")
    assert case["risk_level"] in (None, *workflow.RISK_LEVELS)
    if case["plan_approved_at"]:
        assert case["plan_drafted_at"] and case["plan_approved_at"] >= case["plan_drafted_at"]
    if case["separation_end"]:
        assert case["separation_start"] <= case["separation_end"]
    for key in ("assessed_at", "plan_drafted_at", "plan_approved_at", "closed_at", "returned_at"):
        assert case[key] is None or case[key] >= case["received_at"]
    if case["step"] in ("planning", "intervention", "review", "monitoring", "evaluation"):
        assert case["plan"]["objectives"]


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(workflow.KINDS),
    picks=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=30),
    gaps=st.lists(st.integers(min_value=0, max_value=60 * 24 * 20), min_size=30, max_size=30),
)
def test_random_walk_never_reaches_an_invalid_state(kind, picks, gaps):
    case, events = open_case(kind, emergency=kind == "child_protection")
    moment = dt.datetime.fromisoformat(case["received_at"])
    for pick, gap in zip(picks, gaps, strict=False):
        actions = workflow.available_actions(case)
        if not actions:
            break
        action = actions[pick % len(actions)]
        moment += dt.timedelta(minutes=gap + 1)
        at = moment.strftime("%Y-%m-%dT%H:%M")
        t = workflow.apply_action(case, action, valid_data(case, action, at), at)
        new = {**case, **t.changes}
        if new["step"] != case["step"]:
            assert any(e["step"] == new["step"] for e in t.events), action
        assert t.events and t.events[-1]["step"] == new["step"]
        assert all(e["kind"] in workflow.EVENT_KINDS for e in t.events)
        assert all(e["at"] <= at for e in t.events)
        case, events = new, events + t.events
        check_invariants(case)
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)


def test_plan_activity_rows_carry_dates_and_providers():
    case, events = open_case()
    case, events = act(case, events, "assess", "2025-03-03T15:00")
    case, events = act(case, events, "verify", "2025-03-05T09:00")
    rows = [
        {"what": "Thăm nhà", "who": "CTV", "provider_id": "p1", "start": "2025-03-07"},
        {"what": "Tư vấn", "who": "CTV", "start": "2025-03-09", "end": "2025-03-08"},
    ]
    data = {"plan": {"objectives": "An toàn", "activities": rows, "timeframe": "3 tháng"}}
    with pytest.raises(ValidationError) as err:
        workflow.apply_action(case, "draft_plan", data, "2025-03-06T09:00")
    assert "plan.activities.2" in err.value.errors and "plan.activities.1" not in err.value.errors
    rows[1]["end"] = "2025-04-09"
    done = workflow.apply_action(case, "draft_plan", data, "2025-03-06T09:00")
    plan = done.changes["plan"]
    assert plan["activities"][1] == {
        "what": "Tư vấn",
        "who": "CTV",
        "start": "2025-03-09",
        "end": "2025-04-09",
    }
    assert plan["providers"] == ["p1"]
