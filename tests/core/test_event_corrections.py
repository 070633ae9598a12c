"""Correcting a step: the rule alone. The corrected moment is what the deadlines read; a
milestone follows only when the case holds the original moment; the workflow's order holds."""

from __future__ import annotations

import pytest

from ctxh_desktop.core import deadlines, event_corrections
from ctxh_desktop.core.calendar import WorkingCalendar
from ctxh_desktop.core.errors import ValidationError

CAL = WorkingCalendar.load()
CASE = {
    "kind": "child_protection",
    "step": "assessment",
    "status": "open",
    "emergency": True,
    "received_at": "2026-10-05T08:00",
    "assessed_at": "2026-10-05T09:00",
}
EVENTS = [
    {"id": "r", "at": "2026-10-05T08:00", "kind": "received", "step": "intake"},
    {"id": "a", "at": "2026-10-05T09:00", "kind": "assessment", "step": "assessment"},
    {"id": "x", "at": "2026-10-05T21:00", "kind": "emergency_action", "step": "assessment"},
]


def _emergency(events) -> deadlines.Deadline:
    found = deadlines.case_deadlines(CASE, events, CAL, "2026-10-06T12:00")
    return next(d for d in found if d.rule == "emergency_12h")


def test_an_emergency_measure_corrected_into_the_12_hours_meets_the_deadline():
    assert _emergency(EVENTS).overdue  # recorded at 21:00, 13 hours after receipt
    changes, event = event_corrections.correct(
        CASE, EVENTS, "x", {"at": "2026-10-05T19:30", "reason": "Ghi nhầm giờ"}, "2026-10-06T08:00"
    )
    assert changes == {}  # not a milestone of the case
    met = _emergency([*EVENTS, {**event, "id": "c"}])
    assert met.met_at == "2026-10-05T19:30" and not met.overdue


def test_a_milestone_follows_its_corrected_step():
    changes, event = event_corrections.correct(
        CASE, EVENTS, "a", {"at": "2026-10-05T08:30", "reason": "Sai giờ"}, "2026-10-06T08:00"
    )
    assert changes == {"assessed_at": "2026-10-05T08:30"}
    assert event["corrects"] == "a" and event["kind"] == "correction"


def test_a_step_cannot_be_corrected_before_the_one_it_follows():
    with pytest.raises(ValidationError) as refused:
        event_corrections.correct(
            CASE, EVENTS, "a", {"at": "2026-10-05T07:00", "reason": "Sai"}, "2026-10-06T08:00"
        )
    assert "đánh giá" in refused.value.errors["at"] and "tiếp nhận" in refused.value.errors["at"]


def test_a_correction_cannot_be_dated_after_it_is_recorded():
    with pytest.raises(ValidationError):
        event_corrections.correct(
            CASE, EVENTS, "x", {"at": "2026-10-07T08:00", "reason": "Sai"}, "2026-10-06T08:00"
        )


def test_a_received_correction_must_be_an_object_naming_a_short_id():
    from ctxh_desktop.core.column_schema import check_stored_row
    from ctxh_desktop.core.errors import UserError

    check_stored_row("case_event", {"id": "c", "corrects": "a", "correction": '{"at": ["x", "y"]}'})
    for bad in ({"correction": "[1, 2]"}, {"correction": "{"}, {"corrects": "x" * 101}):
        with pytest.raises(UserError):
            check_stored_row("case_event", {"id": "c", **bad})
