"""Synthetic commune data: deterministic, complete rows, and cases the workflow accepts."""

from __future__ import annotations

import collections
import datetime as dt
import re

import pytest

from ctxh_desktop import demo
from ctxh_desktop.core import deadlines, workflow
from ctxh_desktop.core.calendar import WorkingCalendar
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.storage.schema import SYNCED_TABLES

AS_OF = dt.date(2026, 3, 16)
END = "2026-03-16T17:00"


@pytest.fixture(scope="module")
def small():
    return demo.generate("00004", "small", 7, AS_OF)


@pytest.fixture(scope="module")
def commune():
    return demo.generate("00004", "commune", 3, AS_OF)


#: Columns later migrations added to a table the demo fills.
ADDED = {"service_provider": {"ownership", "capacity", "sw_staff", "offers_sw"}}


def _columns(table: str) -> set[str]:
    own = {line.split()[0] for line in SYNCED_TABLES[table].strip().splitlines()}
    own |= ADDED.get(table, set())
    return own | {
        "id",
        "commune",
        "rev",
        "epoch",
        "deleted",
        "created_at",
        "modified_at",
        "created_by",
    }


def test_same_inputs_give_identical_data(small):
    assert demo.generate("00004", "small", 7, AS_OF) == small
    other = demo.generate("00004", "small", 8, AS_OF)
    assert other["person"][0]["full_name"] != small["person"][0]["full_name"] or (
        other["person"][0]["id"] != small["person"][0]["id"]
    )


def test_rows_have_every_column_of_their_table(small):
    for table, rows in small.items():
        assert rows, table
        for row in rows[:50]:
            assert set(row) == _columns(table), table
            assert row["commune"] == "00004" and row["rev"] == 1 and row["created_by"] == "demo"
    ids = [r["id"] for rows in small.values() for r in rows]
    assert len(ids) == len(set(ids))


def test_nothing_happens_after_as_of(commune):
    assert max(e["at"] for e in commune["case_event"]) <= END
    assert max(c["at"] for c in commune["consultation"]) <= END
    assert max(c["received_at"] for c in commune["case_file"]) <= END
    assert max(s["month"] for s in commune["child_support"]) <= "2026-03"
    assert max(p["registered_on"] for p in commune["person"]) <= AS_OF.isoformat()


def test_people_look_vietnamese_with_valid_numbers(commune):
    people = commune["person"]
    family = collections.Counter(p["full_name"].split()[0] for p in people)
    assert 0.30 < family["Nguyễn"] / len(people) < 0.46
    assert any("Đ" in p["full_name"] for p in people)
    for p in people:
        if p["phone"]:
            assert re.fullmatch(r"0[35789]\d{8}", p["phone"])
        if p["id_number"]:
            assert re.fullmatch(r"001[0-3]\d{8}", p["id_number"])  # Hà Nội: 001
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", p["birth_date"])
    assert any(len(p["birth_date"]) == 4 for p in people)
    assert any(p["address_detail"].startswith(("Tổ dân phố", "Số")) for p in people)


def test_cases_cover_every_step_and_both_deadline_outcomes(commune):
    cases = commune["case_file"]
    steps = {(c["kind"], c["step"]) for c in cases}
    for kind in workflow.KINDS:
        for step in ("intake", "planning", "intervention", "closed"):
            assert (kind, step) in steps or step == "planning", (kind, step)
    assert ("child_protection", "archived") in steps
    events = collections.defaultdict(list)
    for e in commune["case_event"]:
        events[e["case_id"]].append(e)
    met = {deadlines.emergency_met_12h(c, events[c["id"]]) for c in cases}
    assert {True, False} <= met
    cal = WorkingCalendar.load()
    on_time = {deadlines.plan_on_time(c, events[c["id"]], cal) for c in cases}
    assert {True, False} <= on_time
    codes = [c["code"] for c in cases]
    assert len(codes) == len(set(codes))


_ACTION_OF = {
    ("assessment", "assessment"): "assess",
    ("emergency_action", None): "emergency_action",
    ("meeting", None): "verify",
    ("plan_drafted", None): "draft_plan",
    ("plan_approved", None): "approve_plan",
    ("service", None): "record_service",
    ("referral", None): "refer",
    ("note", None): "add_note",
    ("review", "review"): "review",
    ("review", "monitoring"): "monitor",
    ("review", "evaluation"): "evaluate",
    ("closed", None): "close",
    ("reopened", None): "reopen",
    ("archived", None): "archive",
}


def _replay(case: dict, events: list[dict]) -> None:
    """Re-run a generated timeline through the workflow, checking each recorded step."""
    ordered = sorted(events, key=lambda e: e["at"])
    first = ordered[0]
    assert first["kind"] == "received"
    opened = workflow.new_case(
        case["kind"],
        {**case, "summary": first["summary"]},
        first["at"],
    )
    state = dict(opened.changes)
    queue = ordered[1:]
    while queue:
        event = queue.pop(0)
        kind = event["kind"]
        if kind == "assessment" and event["step"] == "intake":
            continue  # part of a general case's draft_plan
        if kind == "separation":
            action = "end_separation" if workflow.separation_ongoing(state) else "separate"
        elif kind == "follow_up":
            action = (
                "record_return" if event["summary"] == "Trở về sống cùng gia đình" else "follow_up"
            )
        elif kind == "replan":
            action = "replan" if case["kind"] == "child_protection" else "adjust_plan"
        else:
            action = _ACTION_OF.get((kind, event["step"])) or _ACTION_OF[(kind, None)]
        assert action in workflow.available_actions(state), (case["code"], action, state["step"])
        data = {workflow.moment_field(action): event["at"], "summary": event["summary"]}
        data.update(
            risk_level="medium",
            approved_by="Chủ tịch",
            closure_reason="other",
            needs_domains=["health"],
            plan={
                "objectives": "x",
                "activities": [{"what": "a", "who": "b", "when": "c"}],
                "timeframe": "3 tháng",
            },
        )
        if action == "adjust_plan" and event["step"] == "monitoring":
            data["plan"] = None
        t = workflow.apply_action(state, action, data, event["at"])
        state.update(t.changes)
        assert t.events[-1]["step"] == event["step"], (case["code"], action)
    assert state["step"] == case["step"] and state["status"] == case["status"]


def test_every_generated_case_replays_through_the_workflow(commune):
    events = collections.defaultdict(list)
    for e in commune["case_event"]:
        events[e["case_id"]].append(e)
    for case in commune["case_file"]:
        _replay(case, events[case["id"]])


def test_counselling_has_hotline_groups_anonymous_and_linked_sessions(commune):
    sessions = commune["consultation"]
    assert any(s["channel"] == "hotline_111" for s in sessions)
    assert any(s["group_size"] > 1 and s["person_id"] is None for s in sessions)
    assert any(s["anonymous"] for s in sessions)
    assert any(s["case_id"] for s in sessions)


def test_children_get_monthly_allowance_at_the_new_standard_level(commune):
    allowances = [s for s in commune["child_support"] if s["kind"] == "monthly_allowance"]
    assert {s["amount"] for s in allowances if s["month"] >= "2024-07"} <= {750_000, 1_250_000}
    assert {s["amount"] for s in allowances if s["month"] < "2024-07"} <= {540_000, 900_000}
    assert len(commune["child_profile"]) == 400


def test_unknown_scale_or_commune_is_refused():
    with pytest.raises(UserError):
        demo.generate("00004", "huge", 1, AS_OF)
    with pytest.raises(UserError):
        demo.generate("99999", "small", 1, AS_OF)


@pytest.mark.slow
def test_large_scale_generates_every_row():
    data = demo.generate("00004", "large", 1, AS_OF)
    assert len(data["person"]) == 100_000 and len(data["case_file"]) == 30_000


def test_the_generator_names_only_codes_of_the_shared_lists():
    from ctxh_desktop.core import codes
    from ctxh_desktop.demo import cases, children, counselling

    assert set(codes.codes("problem_types")) >= cases.CHILD_PROTECTION_PROBLEMS
    assert set(codes.codes("problem_types")) >= cases.GENERAL_PROBLEMS
    # the 14 groups of the Law on Children, Art. 10 (children at risk are not drawn in the demo)
    assert set(children.CHILD_GROUP_WEIGHTS) == set(codes.codes("child_groups")) - {"at_risk"}
    assert len(counselling.CHANNEL_WEIGHTS) == len(codes.codes("consultation_channels"))
