"""Corrections: a session edited and checked again; records removed with a reason, audited, and
refused when still in use, to a viewer and at an office."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import access, children, corrections, counselling, people

NOW = dt.datetime(2026, 11, 2, 9, 0)


def _audit(demo, action: str) -> list[dict]:
    return access.audit_entries(demo, action=action, limit=20)


def test_a_session_is_corrected_and_checked_as_at_entry(demo):
    row = counselling.list_consultations(demo, limit=1)[0]
    fixed = counselling.update_consultation(demo, row["id"], {"summary": "Đã sửa nội dung"}, NOW)
    assert fixed["summary"] == "Đã sửa nội dung" and fixed["rev"] > row["rev"]
    assert _audit(demo, "update")[0]["entity_id"] == row["id"]
    with pytest.raises(ValidationError) as refused:
        counselling.update_consultation(demo, row["id"], {"at": "2099-01-01T08:00"}, NOW)
    assert "at" in refused.value.errors
    assert demo.store.get("consultation", row["id"])["summary"] == "Đã sửa nội dung"


def test_a_session_entered_by_mistake_is_removed_with_its_reason(demo):
    total = counselling.count_consultations(demo)
    row = counselling.list_consultations(demo, limit=1)[0]
    corrections.remove(demo, "consultation", row["id"], "entered_by_mistake")
    assert counselling.count_consultations(demo) == total - 1
    stored = demo.store.get("consultation", row["id"])
    assert stored["deleted"] == 1 and stored["rev"] > row["rev"]
    entry = _audit(demo, "remove")[0]
    assert entry["entity"] == "consultation" and "entered_by_mistake" in str(entry["detail"])
    with pytest.raises(UserError, match="đã được xóa"):
        corrections.remove(demo, "consultation", row["id"], "entered_by_mistake")


def test_a_reason_is_one_of_the_list_never_free_text(demo):
    row = counselling.list_consultations(demo, limit=1)[0]
    with pytest.raises(UserError) as refused:
        corrections.remove(demo, "consultation", row["id"], "Nguyễn Văn A gọi nhầm")
    assert refused.value.field == "reason"


def test_a_person_still_in_a_case_is_not_removed_but_a_new_one_is(demo):
    busy = demo.store.rows(
        "SELECT person_id FROM case_file WHERE status = 'open' AND deleted = 0 LIMIT 1"
    )[0]["person_id"]
    with pytest.raises(UserError, match="ca đang xử lý"):
        corrections.remove(demo, "person", busy, "entered_by_mistake")
    typo = people.register_person(demo, {"full_name": "Nguyễn Văn Nhầm"}, today=NOW.date())
    corrections.remove(demo, "person", typo["id"], "duplicate")
    assert all(p["id"] != typo["id"] for p in people.list_people(demo, "Nhầm"))


def test_a_child_entry_removed_takes_its_supports_along(demo):
    child = children.list_children(demo, limit=50)
    entry = next(c for c in child if children.get_child(demo, c["id"])["supports"])
    supports = children.get_child(demo, entry["id"])["supports"]
    corrections.remove(demo, "child_profile", entry["id"], "entered_by_mistake")
    assert all(demo.store.get("child_support", s["id"])["deleted"] == 1 for s in supports)


def test_the_chairman_and_the_office_cannot_remove(demo, office_unit):
    row = counselling.list_consultations(demo, limit=1)[0]
    demo.role = "viewer"
    with pytest.raises(UserError):
        corrections.remove(demo, "consultation", row["id"], "entered_by_mistake")
    with pytest.raises(UserError, match="chỉ xem"):
        corrections.remove(office_unit, "consultation", row["id"], "entered_by_mistake")
