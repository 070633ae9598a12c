"""An office holds the communes' copies: every write to a person, case, counselling session or
child register entry is refused there, whoever asks (window, command line or script)."""

from __future__ import annotations

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import cases, children, counselling, list_import, people

WRITES = {
    "register_person": lambda s: people.register_person(s, {"full_name": "Lê Văn A"}),
    "update_person": lambda s: people.update_person(s, "p1", {"full_name": "Lê Văn B"}),
    "open_case": lambda s: cases.open_case(s, {"kind": "general", "person_id": "p1"}),
    "apply_action": lambda s: cases.apply_action(s, "c1", "add_note", {"summary": "Sở ghi"}),
    "log_consultation": lambda s: counselling.log_consultation(s, {"person_id": "p1"}),
    "register_child": lambda s: children.register_child(s, "p1", {}),
    "update_child": lambda s: children.update_child(s, "k1", {}),
    "add_support": lambda s: children.add_support(s, "k1", {}),
    "list_import_commit": lambda s: list_import.commit(s, []),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_office_refuses_every_write_to_commune_records(office_unit, write):
    before = office_unit.store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(UserError, match="đơn vị tổng hợp chỉ xem"):
        WRITES[write](office_unit)
    assert office_unit.store.scalar("SELECT count(*) FROM audit_log") == before


def test_office_case_view_has_no_actions_and_says_why(office_unit):
    assert office_unit.role == "admin"
    with office_unit.store.atomic():
        person = office_unit.store.insert("person", {"commune": "00004", "full_name": "N.V.Đ."})
        case = office_unit.store.insert(
            "case_file",
            {
                "commune": "00004",
                "kind": "general",
                "code": "2026-0001-A",
                "person_id": person["id"],
                "step": "intake",
                "status": "open",
                "received_at": "2026-11-02T08:00",
            },
        )
    shown = cases.get_case(office_unit, case["id"])
    assert shown["actions"] == []
    assert "chỉ xem" in shown["read_only"]


def test_commune_case_view_is_not_read_only(demo):
    case = cases.list_cases(demo, status="open", limit=1)[0]
    shown = cases.get_case(demo, case["id"])
    assert shown["actions"] and shown["read_only"] is None
