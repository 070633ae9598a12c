"""A plan returned by the chairman: the approval's 2 working days (Decree 56/2017/NĐ-CP,
Art. 28(4)) keep counting from the first draft; a new draft never starts them again."""

from __future__ import annotations

import pytest

from ctxh_desktop.core import deadlines, workflow
from ctxh_desktop.core.calendar import WorkingCalendar
from ctxh_desktop.core.errors import ValidationError

CAL = WorkingCalendar.load()
PLAN = {
    "objectives": "An toàn cho trẻ",
    "activities": [{"what": "Thăm nhà", "who": "Cộng tác viên", "when": "Hằng tuần"}],
    "timeframe": "3 tháng",
}


def _drafted():
    """A child-protection case received Monday 3/3/2025, plan drafted Tuesday 4/3 at 09:00."""
    data = {"received_at": "2025-03-03T08:30", "source": "school", "problem_types": ["neglect"]}
    t = workflow.new_case("child_protection", {**data, "person_id": "p1"}, data["received_at"])
    case, events = {**t.changes, "id": "c1"}, list(t.events)
    case, events = act(case, events, "assess", "2025-03-03T10:00", risk_level="medium")
    case, events = act(case, events, "verify", "2025-03-03T15:00", meeting_at="2025-03-03T15:00")
    return act(case, events, "draft_plan", "2025-03-04T09:00", plan=PLAN)


def act(case, events, action, moment, **data):
    data.setdefault("summary", "Nội dung")
    data.setdefault(workflow.moment_field(action), moment)
    t = workflow.apply_action(case, action, data, moment)
    return {**case, **t.changes}, events + t.events


def _approval(case, events, now):
    found = {d.rule: d for d in deadlines.case_deadlines(case, events, CAL, now)}
    return found["plan_approval_2wd"]


def test_a_returned_plan_keeps_its_approval_deadline_decree56_art28_4():
    case, events = _drafted()  # approval due 2 working days after Tuesday 4/3: Thursday 6/3
    assert _approval(case, events, "2025-03-04T10:00").due == "2025-03-06T23:59"
    case, events = act(case, events, "return_plan", "2025-03-05T09:00", summary="Thiếu nguồn lực")
    assert not workflow.awaits_decision(case) and "approve_plan" not in workflow.available_actions(
        case
    )
    case, events = act(case, events, "draft_plan", "2025-03-06T09:00", plan=PLAN)
    assert workflow.awaits_decision(case)
    assert _approval(case, events, "2025-03-06T10:00").due == "2025-03-06T23:59"
    case, events = act(
        case,
        events,
        "approve_plan",
        "2025-03-07T09:00",
        approved_by="Chủ tịch",
        decision_number="3/QĐ-UBND",
        decision_date="2025-03-07",
    )
    late = _approval(case, events, "2025-03-07T10:00")
    assert late.met_at == "2025-03-07T09:00" and late.overdue


def test_a_decision_dated_before_the_draft_is_refused_decree56_art28_4():
    case, events = _drafted()
    with pytest.raises(ValidationError) as err:
        act(
            case,
            events,
            "approve_plan",
            "2025-03-05T09:00",
            approved_by="X",
            decision_number="1",
            decision_date="2025-03-01",
        )
    assert set(err.value.errors) == {"decision_date"}
