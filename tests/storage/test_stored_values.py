"""What the office reads back from a stored plan: the shapes the window and reports expect."""

import json

from ctxh_desktop.storage import stored_values


def test_a_plan_keeps_its_decision_returns_and_adjustments_as_objects():
    plan = stored_values.plan(
        json.dumps(
            {
                "objectives": ["An toàn"],
                "decision": {"number": "12/QĐ-UBND", "date": "2026-10-09", "on_paper": True},
                "returns": [{"at": "2026-10-08T09:00", "reason": "Thiếu nguồn lực"}, "lạ"],
                "adjustments": "không phải danh sách",
            }
        )
    )
    assert plan["decision"] == {"number": "12/QĐ-UBND", "date": "2026-10-09", "on_paper": True}
    assert plan["returns"] == [{"at": "2026-10-08T09:00", "reason": "Thiếu nguồn lực"}]
    assert plan["adjustments"] == []


def test_a_decision_that_is_not_an_object_reads_as_none():
    assert stored_values.plan('{"decision": "abc"}')["decision"] is None
