"""Statutory deadlines: 12 hours, assessment and plan within 5 working days of receipt, approval in 2
more, 15 days, one month, six months; each test names the article it checks."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ctxh_desktop import i18n
from ctxh_desktop.core import deadlines, workflow
from ctxh_desktop.core.calendar import WorkingCalendar

CAL = WorkingCalendar.load()
PLAN = {
    "objectives": "An toàn cho trẻ",
    "activities": [{"what": "Thăm nhà", "who": "Cộng tác viên", "when": "Hằng tuần"}],
    "timeframe": "3 tháng",
}


def start(kind="child_protection", received="2025-03-03T08:30", emergency=True):
    data = {
        "received_at": received,
        "source": "hotline_111",
        "problem_types": ["violence"],
        "person_id": "p1",
        "emergency": emergency,
    }
    t = workflow.new_case(kind, data, received)
    return {**t.changes, "id": "c1", "code": "2025-0001-A"}, list(t.events)


def act(case, events, action, moment, **data):
    data.setdefault("summary", "Nội dung")
    data.setdefault(workflow.moment_field(action), moment)
    t = workflow.apply_action(case, action, data, moment)
    return {**case, **t.changes}, events + t.events


def rules(case, events, now):
    return {d.rule: d for d in deadlines.case_deadlines(case, events, CAL, now)}


def test_emergency_rule_is_met_by_an_action_within_12_hours():
    case, events = start()
    found = rules(case, events, "2025-03-03T10:00")["emergency_12h"]
    assert (found.due, found.met_at, found.overdue) == ("2025-03-03T20:30", None, False)
    assert rules(case, events, "2025-03-03T21:00")["emergency_12h"].overdue
    case, events = act(case, events, "emergency_action", "2025-03-03T19:00")
    assert rules(case, events, "2025-03-05T10:00")["emergency_12h"].met_at == "2025-03-03T19:00"
    assert deadlines.emergency_met_12h(case, events) is True


def test_emergency_acted_on_late_is_not_met_in_12_hours():
    case, events = start()
    case, events = act(case, events, "assess", "2025-03-04T09:00", risk_level="urgent")
    assert deadlines.emergency_met_12h(case, events) is False
    assert rules(case, events, "2025-03-05T09:00")["emergency_12h"].overdue
    plain, plain_events = start(emergency=False)
    assert deadlines.emergency_met_12h(plain, plain_events) is None
    assert "emergency_12h" not in rules(plain, plain_events, "2025-03-05T09:00")


def test_assessment_then_plan_due_5_working_days_from_receipt_then_approval_art28_1_art28_4():
    # Received Thursday 24/04/2025; 30/4, 1/5 and 2/5 are days off, Saturday 26/4 is worked.
    case, events = start(received="2025-04-24T09:00", emergency=False)
    before = rules(case, events, "2025-04-25T08:00")
    assert "plan_draft_5wd" not in before  # the assessments come first (Arts. 26-27)
    assert before["assessment_5wd"].due == "2025-05-05T23:59"  # Fri, Sat (worked), Mon, Tue, Mon
    case, events = act(case, events, "assess", "2025-04-24T15:00", risk_level="high")
    case, events = act(case, events, "verify", "2025-04-28T09:00", meeting_at="2025-04-28T09:00")
    after = rules(case, events, "2025-04-29T08:00")
    assert after["assessment_5wd"].met_at == "2025-04-28T09:00"
    assert after["plan_draft_5wd"].due == "2025-05-05T23:59"  # still counted from receipt
    case, events = act(case, events, "draft_plan", "2025-05-05T16:00", plan=PLAN)
    approval = rules(case, events, "2025-05-06T08:00")["plan_approval_2wd"]
    assert approval.due == "2025-05-07T23:59" and approval.met_at is None
    case, events = act(
        case, events, "approve_plan", "2025-05-07T10:00", approved_by="Chủ tịch UBND xã"
    )
    assert deadlines.plan_on_time(case, events, CAL) is True


def test_a_late_needs_meeting_does_not_make_a_late_plan_on_time_art28_1():
    case, events = start(received="2026-10-01T09:00", emergency=False)
    case, events = act(case, events, "assess", "2026-10-01T15:00", risk_level="high")
    case, events = act(case, events, "verify", "2026-11-19T09:00", meeting_at="2026-11-19T09:00")
    case, events = act(case, events, "draft_plan", "2026-11-20T09:00", plan=PLAN)
    found = rules(case, events, "2026-11-20T10:00")
    assert found["assessment_5wd"].overdue and found["plan_draft_5wd"].overdue
    # The approval is counted from when the draft was due, not from the late draft.
    assert (
        found["plan_approval_2wd"].due == "2026-10-12T23:59" and found["plan_approval_2wd"].overdue
    )
    case, events = act(case, events, "approve_plan", "2026-11-21T09:00", approved_by="Chủ tịch")
    assert deadlines.plan_on_time(case, events, CAL) is False


def test_a_case_never_assessed_is_in_the_todo_list_with_its_assessment_deadline_art26_28():
    case, events = start(received="2026-12-01T09:00", emergency=False)
    items = deadlines.todo([(case, events)], CAL, dt.datetime(2026, 12, 4, 9, 0))
    assert [(i["rule"], i["due"], i["overdue"]) for i in items] == [
        ("assessment_5wd", "2026-12-08T23:59", False)
    ]
    late = deadlines.todo([(case, events)], CAL, dt.datetime(2026, 12, 9, 8, 0))
    assert [(i["rule"], i["overdue"]) for i in late] == [("assessment_5wd", True)]
    assert deadlines.next_deadline(case, events, CAL, "2026-12-02T08:00").rule == "assessment_5wd"


def test_received_at_23h_the_emergency_is_due_at_11h_met_only_by_a_measure_or_separation_art26_3():
    case, events = start(received="2026-12-03T23:00")
    assert rules(case, events, "2026-12-04T10:00")["emergency_12h"].due == "2026-12-04T11:00"
    assessed, assessed_events = act(case, events, "assess", "2026-12-04T09:00", risk_level="urgent")
    assert rules(assessed, assessed_events, "2026-12-04T11:01")["emergency_12h"].overdue
    assert deadlines.emergency_met_12h(assessed, assessed_events) is False
    for action in ("emergency_action", "separate"):
        acted, acted_events = act(case, events, action, "2026-12-04T10:30")
        assert deadlines.emergency_met_12h(acted, acted_events) is True, action


def test_a_month_ending_on_saturday_runs_to_monday_2359_civil_code_art148_5():
    case, events = _in_intervention()
    case, events = act(case, events, "follow_up", "2026-09-17T09:00")
    monday_morning = rules(case, events, "2026-10-19T08:00")["no_contact_1m"]
    assert monday_morning.due == "2026-10-19T23:59" and not monday_morning.overdue
    assert monday_morning.suggest_closure is None
    assert rules(case, events, "2026-10-20T00:00")["no_contact_1m"].overdue


def test_hour_deadlines_do_not_move_off_a_day_off_civil_code_art147_1():
    case, events = start(received="2026-10-16T22:00")  # due Saturday 10:00, not Monday
    assert rules(case, events, "2026-10-17T09:00")["emergency_12h"].due == "2026-10-17T10:00"


def test_late_plan_is_not_on_time():
    case, events = start("general", emergency=False)
    assert rules(case, events, "2025-03-04T08:00")["plan_draft_5wd"].due == "2025-03-10T23:59"
    case, events = act(
        case, events, "draft_plan", "2025-03-12T09:00", plan=PLAN, needs_domains=["health"]
    )
    drafted = rules(case, events, "2025-03-12T10:00")["plan_draft_5wd"]
    assert drafted.met_at == "2025-03-12T09:00" and drafted.overdue
    assert deadlines.plan_on_time(case, events, CAL) is None
    case, events = act(case, events, "approve_plan", "2025-03-13T09:00", approved_by="Chủ tịch")
    assert deadlines.plan_on_time(case, events, CAL) is False


def test_separation_lasts_at_most_15_days():
    case, events = start()
    case, events = act(case, events, "separate", "2025-03-03T12:00")
    found = rules(case, events, "2025-03-10T12:00")["separation_15d"]
    assert found.due == "2025-03-18T23:59" and not found.overdue
    assert rules(case, events, "2025-03-19T08:00")["separation_15d"].overdue
    case, events = act(case, events, "end_separation", "2025-03-17T12:00")
    assert rules(case, events, "2025-03-20T08:00")["separation_15d"].met_at == "2025-03-17T12:00"


def _in_intervention(kind="general"):
    case, events = start(kind, emergency=False)
    case, events = act(
        case, events, "draft_plan", "2025-03-04T09:00", plan=PLAN, needs_domains=["health"]
    )
    case, events = act(case, events, "approve_plan", "2025-03-05T09:00", approved_by="Chủ tịch")
    return case, events


def test_a_month_without_contact_suggests_closing():
    case, events = _in_intervention()
    case, events = act(case, events, "follow_up", "2025-03-31T09:00")
    found = rules(case, events, "2025-04-15T08:00")["no_contact_1m"]
    # 30/4 falls on days off (30/4, 1/5, 2/5, weekend): the month runs to Monday 5/5.
    assert found.due == "2025-05-05T23:59" and found.suggest_closure is None
    late = rules(case, events, "2025-05-06T08:00")["no_contact_1m"]
    assert late.overdue and late.suggest_closure == "no_contact_one_month"


def test_six_month_follow_up_after_return():
    case, events = _in_intervention()
    case, events = act(case, events, "record_return", "2025-03-10T09:00")
    found = rules(case, events, "2025-06-01T09:00")["follow_up_6m"]
    assert found.due == "2025-09-10T23:59" and found.met_at is None
    case, events = act(case, events, "follow_up", "2025-05-01T09:00")  # too early to count
    assert rules(case, events, "2025-09-11T09:00")["follow_up_6m"].overdue
    case, events = act(case, events, "follow_up", "2025-09-01T09:00")
    assert rules(case, events, "2025-09-11T09:00")["follow_up_6m"].met_at == "2025-09-01T09:00"


def test_todo_lists_overdue_first_then_upcoming_within_three_working_days():
    a, a_events = start()  # emergency, due 03/03 20:30
    b, b_events = start("general", received="2025-03-04T08:00", emergency=False)
    b["id"], b["code"] = "c2", "2025-0002-A"
    far, far_events = start("general", received="2025-03-05T08:00", emergency=False)
    far["id"], far["code"] = "c3", "2025-0003-A"
    closed, closed_events = start(received="2025-03-01T08:00")
    closed, closed_events = act(
        closed, closed_events, "close", "2025-03-01T09:00", closure_reason="transferred"
    )
    pairs = [{**a, "events": a_events}, (b, b_events), (far, far_events), (closed, closed_events)]
    items = deadlines.todo(pairs, CAL, dt.datetime(2025, 3, 5, 9, 0))
    assert [(i["case_code"], i["rule"], i["overdue"]) for i in items] == [
        ("2025-0001-A", "emergency_12h", True),
        ("2025-0001-A", "assessment_5wd", False),
    ]
    assert items[0]["due"] == "2025-03-03T20:30"
    assert set(items[0]) == {"case_id", "case_code", "rule", "due", "overdue"}
    # Plans due Tue 11/03 (b) and Wed 12/03 (c): both within three working days on 11/03.
    later = deadlines.todo(pairs, CAL, dt.datetime(2025, 3, 11, 9, 0))
    assert [(i["case_code"], i["overdue"]) for i in later] == [
        ("2025-0001-A", True),
        ("2025-0001-A", True),
        ("2025-0002-A", False),
        ("2025-0003-A", False),
    ]
    latest = deadlines.todo(pairs, CAL, dt.datetime(2025, 3, 12, 8, 0))
    assert [i["overdue"] for i in latest] == [True, True, True, False]


def test_next_deadline_prefers_overdue():
    case, events = start()
    found = deadlines.next_deadline(case, events, CAL, "2025-03-04T09:00")
    assert found.rule == "emergency_12h" and found.overdue


def test_rule_labels_are_translated():
    assert deadlines.rule_label("separation_15d") == "Cách ly tạm thời không quá 15 ngày"
    i18n.set_language("en")
    assert deadlines.rule_label("separation_15d") == "Temporary separation of at most 15 days"


@settings(max_examples=100, deadline=None)
@given(
    received=st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 1)),
    delay=st.integers(min_value=0, max_value=60 * 24 * 20),
)
def test_plan_deadline_is_always_five_working_days_after_receipt(received, delay):
    case, events = start("general", received=received.strftime("%Y-%m-%dT%H:%M"), emergency=False)
    found = rules(case, events, received + dt.timedelta(minutes=delay))["plan_draft_5wd"]
    due = dt.datetime.fromisoformat(found.due)
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(received, due) == 5
    assert found.overdue == (received + dt.timedelta(minutes=delay) > due)
