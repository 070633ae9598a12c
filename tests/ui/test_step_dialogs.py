"""Every step dialog of both workflows sends what the service accepts (Decree 56/2017/NĐ-CP
Arts. 25–32 for child protection; Circular 02/2020/TT-BLĐTBXH for other clients)."""

from __future__ import annotations

import datetime as dt

import pytest
from service_calls import call_service as _call
from step_filling import fill_activity, fill_step_dialog, save_step_dialog

from ctxh_desktop.core import workflow
from ctxh_desktop.services import cases

#: How a case is brought forward to the step an action needs (test set-up, not under test).
PATHS = {
    "child_protection": ("assess", "verify", "draft_plan", "approve_plan", "review", "close"),
    "general": ("draft_plan", "approve_plan", "monitor", "close"),
}
PLAN = {
    "objectives": "An toàn",
    "activities": [{"what": "Thăm nhà", "who": "CTV", "start": "2026-01-05"}],
    "timeframe": "3 tháng",
}
SETUP_DATA = {
    "assess": {"risk_level": "high"},
    "verify": {"summary": "Họp xác minh"},
    "draft_plan": {"plan": PLAN, "needs_domains": ["health"]},
    "approve_plan": {"approved_by": "Chủ tịch UBND xã", "decision_number": "1/QĐ-UBND"},
    "review": {"summary": "Rà soát"},
    "monitor": {"summary": "Theo dõi"},
    "close": {"closure_reason": "goal_reached"},
    "separate": {"summary": "Cách ly"},
}
#: The step each action leaves the case at (None: the step does not change).
EXPECTED_STEP = {
    "assess": "assessment",
    "verify": "verification",
    "draft_plan": "planning",
    "approve_plan": "intervention",
    "review": "review",
    "replan": "planning",
    "monitor": "monitoring",
    "adjust_plan": "planning",
    "evaluate": "evaluation",
    "close": "closed",
    "reopen": "open",  # status: back to the step it was closed at
    "archive": "archived",
}
ACTIONS = [
    (kind, action)
    for kind in ("child_protection", "general")
    for action, spec in workflow.ACTIONS.items()
    if kind in spec.kinds and action not in ("return_plan",)  # the chairman's: test_decisions
]


def _moment(days_ago: float) -> str:
    return (dt.datetime.now() - dt.timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M")


def case_at_step_for(worker, kind: str, action: str) -> dict:
    """A new case of ``kind`` brought forward until ``action`` is open to it."""
    person = _call(worker, cases.list_cases)[0]["person_id"]
    data = {
        "kind": kind,
        "person_id": person,
        "received_at": _moment(20),
        "source": workflow.known_codes("case_sources")[0],
        "problem_types": [workflow.known_codes("problem_types")[0]],
    }
    case = _call(worker, cases.open_case, data)
    path = list(PATHS[kind])
    if action == "end_separation":
        path.insert(0, "separate")
    days = 19.0
    while action not in case["actions"]:
        step = path.pop(0)
        if step not in case["actions"]:
            continue
        moment = {workflow.moment_field(step): _moment(days)}
        data = {"summary": "Chuẩn bị"} | SETUP_DATA[step] | moment
        if step == "approve_plan":  # a decision signed on paper, dated the day it is recorded
            data["decision_date"] = moment["approved_at"][:10]
        case = _call(worker, cases.apply_action, case["id"], step, data)
        days -= 1
    return case


@pytest.mark.parametrize(("kind", "action"), ACTIONS, ids=[f"{k}-{a}" for k, a in ACTIONS])
def test_every_step_dialog_is_accepted_when_filled(demo_worker, qtbot, kind, action):
    from ctxh_desktop.ui.dialogs.step_dialog import StepDialog

    case = case_at_step_for(demo_worker, kind, action)
    dialog = StepDialog(demo_worker, case, action)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_step_dialog(qtbot, dialog)
    after = save_step_dialog(qtbot, dialog)
    assert len(after["events"]) > len(case["events"])
    assert after["events"][0]["kind"] == workflow.ACTIONS[action].event
    expected = EXPECTED_STEP.get(action, case["step"])
    assert after["status" if action == "reopen" else "step"] == expected


def test_replanning_starts_from_the_current_plan(demo_worker, qtbot):
    from ctxh_desktop.ui.dialogs.step_dialog import StepDialog

    case = case_at_step_for(demo_worker, "child_protection", "replan")
    case = _call(demo_worker, cases.apply_action, case["id"], "replan", {"summary": "Lập lại"})
    dialog = StepDialog(demo_worker, case, "draft_plan")
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.plan_editor
    assert editor.objectives.toPlainText() == "An toàn"
    assert editor.table.cellWidget(0, 0).text() == "Thăm nhà"
    fill_activity(qtbot, editor, "Tu van tam ly", "Can bo LDTBXH")
    after = save_step_dialog(qtbot, dialog)
    assert [a["what"] for a in after["plan"]["activities"]] == ["Thăm nhà", "Tu van tam ly"]
    assert after["plan"]["history"][-1]["objectives"] == "An toàn"
