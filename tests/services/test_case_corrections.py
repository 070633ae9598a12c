"""Correcting a case: its details edited by the intake's rules; a step's moment or text corrected
by a new event naming it (Decree 56/2017: the statutory timeline is never rewritten), the
milestone and deadlines following, the workflow's order kept."""

from __future__ import annotations

import pytest

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import access, case_corrections, cases, people

NOW = "2026-10-21T08:00"


def _open(demo) -> dict:
    person = people.register_person(
        demo, {"full_name": "Lò Thị Sửa", "gender": "female", "birth_date": "2015-03-01"}
    )
    return cases.open_case(
        demo,
        {
            "kind": "child_protection",
            "person_id": person["id"],
            "received_at": "2026-10-20T23:00",
            "source": "hotline_111",
            "problem_types": ["violence"],
        },
        at="2026-10-20T23:30",
    )


def _event(case: dict, kind: str) -> dict:
    return next(e for e in case["events"] if e["kind"] == kind)


def _deadline(case: dict, rule: str) -> dict:
    return next(d for d in case["deadlines"] if d["rule"] == rule)


def test_details_are_edited_and_audited(demo):
    case = _open(demo)
    edited = case_corrections.update_case_details(
        demo,
        case["id"],
        {"source": "school", "problem_types": ["neglect"], "protection_level": "support"},
        at=NOW,
    )
    assert edited["source"] == "school" and edited["problem_types"] == ["neglect"]
    assert edited["protection_level"] == "support" and edited["rev"] > case["rev"]
    entry = access.audit_entries(demo, action="update", limit=1)[0]
    assert entry["entity_id"] == case["id"] and "source" in str(entry["detail"])


def test_bad_details_are_refused_with_the_intake_message_and_nothing_changes(demo):
    case = _open(demo)
    with pytest.raises(ValidationError) as refused:
        case_corrections.update_case_details(demo, case["id"], {"problem_types": []}, at=NOW)
    assert refused.value.errors["problem_types"] == "Hãy chọn ít nhất một vấn đề của ca."
    stored = demo.store.get("case_file", case["id"])
    assert stored["problem_types"] == ["violence"] and stored["rev"] == case["rev"]


def test_a_general_case_has_no_protection_level(demo):
    case = _open(demo)
    demo.store.update("case_file", case["id"], {"kind": "general"})
    with pytest.raises(ValidationError) as refused:
        case_corrections.update_case_details(
            demo, case["id"], {"protection_level": "support"}, at=NOW
        )
    assert "protection_level" in refused.value.errors


def test_emergency_stays_once_a_separation_was_recorded(demo):
    case = _open(demo)
    cases.apply_action(demo, case["id"], "separate", {"summary": "Cách ly"}, at=NOW)
    with pytest.raises(ValidationError) as refused:
        case_corrections.update_case_details(demo, case["id"], {"emergency": False}, at=NOW)
    assert "cách ly" in refused.value.errors["emergency"]


def test_a_corrected_assessment_moment_moves_the_milestone_and_keeps_the_original(demo):
    case = _open(demo)
    case = cases.apply_action(
        demo,
        case["id"],
        "assess",
        {"risk_level": "high", "summary": "Đánh giá", "assessed_at": "2026-10-21T07:30"},
        at=NOW,
    )
    original = _event(case, "assessment")
    fixed = case_corrections.correct_event(
        demo,
        case["id"],
        original["id"],
        {"at": "2026-10-21T06:00", "reason": "Ghi nhầm giờ"},
        at="2026-10-21T09:00",
    )
    assert fixed["assessed_at"] == "2026-10-21T06:00"
    kept = next(e for e in fixed["events"] if e["id"] == original["id"])
    assert kept["at"] == "2026-10-21T07:30" and kept["corrected"]
    assert "đính chính" in kept["correction_note"]
    correction = _event(fixed, "correction")
    assert correction["corrects"] == original["id"] and correction["summary"] == "Ghi nhầm giờ"
    assert correction["correction"]["at"] == ["2026-10-21T07:30", "2026-10-21T06:00"]
    assert "21/10/2026 06:00" in correction["correction_note"]
    assert access.audit_entries(demo, action="correct", limit=1)[0]["entity_id"] == original["id"]


def test_a_corrected_receipt_moves_the_statutory_deadline(demo):
    case = _open(demo)
    before = _deadline(case, "assessment_5wd")["due"]
    received = _event(case, "received")
    fixed = case_corrections.correct_event(
        demo, case["id"], received["id"], {"at": "2026-10-13T10:00", "reason": "Sai ngày"}, NOW
    )
    assert fixed["received_at"] == "2026-10-13T10:00"
    assert _deadline(fixed, "assessment_5wd")["due"] < before


def test_a_correction_out_of_the_workflow_order_is_refused(demo):
    case = _open(demo)
    case = cases.apply_action(
        demo, case["id"], "assess", {"risk_level": "high", "summary": "Đánh giá"}, at=NOW
    )
    with pytest.raises(ValidationError) as refused:
        case_corrections.correct_event(
            demo,
            case["id"],
            _event(case, "received")["id"],
            {"at": "2026-10-21T08:30", "reason": "Sai"},
            at="2026-10-21T09:00",
        )
    assert "thứ tự" in refused.value.errors["at"]
    assert demo.store.get("case_file", case["id"])["received_at"] == "2026-10-20T23:00"


def test_a_correction_needs_a_reason_and_a_change(demo):
    case = _open(demo)
    received = _event(case, "received")
    with pytest.raises(ValidationError) as refused:
        case_corrections.correct_event(demo, case["id"], received["id"], {"summary": "Mới"}, NOW)
    assert "reason" in refused.value.errors
    with pytest.raises(ValidationError):
        case_corrections.correct_event(
            demo, case["id"], received["id"], {"at": received["at"], "reason": "Không đổi"}, NOW
        )


def test_a_text_correction_shows_the_corrected_text(demo):
    case = _open(demo)
    received = _event(case, "received")
    fixed = case_corrections.correct_event(
        demo,
        case["id"],
        received["id"],
        {"summary": "Bé bị bạo lực", "reason": "Sai chính tả"},
        NOW,
    )
    assert "«Bé bị bạo lực»" in _event(fixed, "correction")["correction_note"]
    with pytest.raises(UserError, match="mục gốc"):
        case_corrections.correct_event(
            demo,
            case["id"],
            _event(fixed, "correction")["id"],
            {"summary": "x", "reason": "y"},
            NOW,
        )


def test_corrections_are_refused_at_an_office(office_unit):
    with pytest.raises(UserError, match="chỉ xem"):
        case_corrections.update_case_details(office_unit, "x", {"source": "school"})
    with pytest.raises(UserError, match="chỉ xem"):
        case_corrections.correct_event(office_unit, "x", "y", {"reason": "z"})


def test_a_new_reporter_is_a_confidential_correction_of_the_report_received(demo):
    case = _open(demo)
    received = _event(case, "received")
    fixed = case_corrections.update_case_details(
        demo, case["id"], {"reporter_name": "Bà Lò Thị Mai", "reporter_relation": "hàng xóm"}, NOW
    )
    correction = _event(fixed, "correction")
    assert correction["corrects"] == received["id"] and correction["hidden"]  # kept confidential
    stored = demo.store.get("case_event", correction["id"])
    assert stored["sensitive"] and "Bà Lò Thị Mai" in stored["narrative"]
    assert demo.store.get("case_event", received["id"])["narrative"] == received["narrative"]
    assert "người báo tin" in correction["correction_note"]
