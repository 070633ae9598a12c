"""Attachments of a person or a case: kept by content, capped, linked to a decision, removed as
a tombstone, every change audited; a bad file changes nothing."""

from __future__ import annotations

import pytest
from attachment_files import EXE, pdf_bytes, png_bytes, write

from ctxh_desktop.core import attachments as rules
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import attachments


def _count(demo, table="attachment"):
    return demo.store.scalar(f"SELECT count(*) FROM {table}")


def _case(demo):
    return demo.store.rows("SELECT id, person_id FROM case_file WHERE person_id IS NOT NULL")[0]


def test_a_png_on_a_person_is_kept_encrypted_in_the_database_and_listed(demo, tmp_path):
    person = demo.store.rows("SELECT id FROM person LIMIT 1")[0]["id"]
    path = write(tmp_path, "giay-khai-sinh.png", png_bytes())
    row = attachments.add_attachment(demo, path, person_id=person, title="Giấy khai sinh")
    assert row["mime"] == rules.PNG and row["size"] == path.stat().st_size
    listed = attachments.list_attachments(demo, person_id=person)
    assert [a["title"] for a in listed] == ["Giấy khai sinh"]
    assert "content" not in listed[0]
    assert attachments.attachment_content(demo, row["id"]) == png_bytes()
    audit = demo.store.rows("SELECT action, entity FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert audit == [{"action": "create", "entity": "attachment"}]


def test_a_case_scan_belongs_to_its_person_too(demo, tmp_path):
    case = _case(demo)
    path = write(tmp_path, "bien-ban.pdf", pdf_bytes())
    row = attachments.add_attachment(demo, path, case_id=case["id"])
    assert row["person_id"] == case["person_id"] and row["mime"] == rules.PDF
    assert row["title"] == "bien-ban"
    on_person = attachments.list_attachments(demo, person_id=case["person_id"])
    assert row["id"] in [a["id"] for a in on_person]


def test_an_exe_renamed_jpg_is_refused_by_its_content_and_nothing_changes(demo, tmp_path):
    before = (_count(demo), _count(demo, "audit_log"))
    with pytest.raises(UserError, match="không phải ảnh JPEG, PNG hay tài liệu PDF") as err:
        attachments.add_attachment(demo, write(tmp_path, "anh.jpg", EXE), case_id=_case(demo)["id"])
    assert err.value.field == "file"
    assert (_count(demo), _count(demo, "audit_log")) == before


def test_a_file_over_3_mb_is_refused_with_the_cap_in_the_message(demo, tmp_path):
    big = write(tmp_path, "scan.png", png_bytes() + b"\0" * rules.MAX_BYTES)
    before = _count(demo)
    with pytest.raises(UserError, match="3 MB"):
        attachments.add_attachment(demo, big, case_id=_case(demo)["id"])
    assert _count(demo) == before


def test_a_scan_is_linked_only_to_a_decision_the_case_records(demo, tmp_path):
    case = _case(demo)
    path = write(tmp_path, "qd.png", png_bytes())
    demo.store.update("case_file", case["id"], {"plan": {"objectives": "x"}})
    with pytest.raises(UserError, match="chưa ghi quyết định"):
        attachments.add_attachment(demo, path, case_id=case["id"], decision="plan_approval")
    decision = {"number": "05/QĐ-UBND", "date": "2026-10-02", "on_paper": True}
    demo.store.update("case_file", case["id"], {"plan": {"objectives": "x", "decision": decision}})
    choices = attachments.decision_choices(demo, case["id"])
    assert list(choices) == ["plan_approval"] and "05/QĐ-UBND" in choices["plan_approval"]
    row = attachments.add_attachment(demo, path, case_id=case["id"], decision="plan_approval")
    assert row["decision"] == "plan_approval"


def test_removal_leaves_a_tombstone_without_the_file_and_is_audited(demo, tmp_path):
    case = _case(demo)
    row = attachments.add_attachment(
        demo, write(tmp_path, "a.png", png_bytes()), case_id=case["id"]
    )
    attachments.remove_attachment(demo, row["id"])
    stored = demo.store.get("attachment", row["id"])
    assert stored["deleted"] == 1 and stored["content"] is None
    assert attachments.list_attachments(demo, case_id=case["id"]) == []
    last = demo.store.rows("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert last == [{"action": "remove"}]


def test_a_saved_copy_is_the_same_file_with_its_kind_extension(demo, tmp_path):
    row = attachments.add_attachment(
        demo, write(tmp_path, "a.png", png_bytes()), case_id=_case(demo)["id"]
    )
    out = attachments.save_copy(demo, row["id"], tmp_path / "copy")
    assert out.name == "copy.png" and out.read_bytes() == png_bytes()


def test_a_viewer_cannot_attach(demo, tmp_path):
    demo.role = "viewer"
    with pytest.raises(UserError):
        attachments.add_attachment(
            demo, write(tmp_path, "a.png", png_bytes()), case_id=_case(demo)["id"]
        )


def test_control_characters_of_a_file_name_are_not_kept(demo, tmp_path):
    from ctxh_desktop.core.column_schema import check_stored_row

    row = attachments.add_attachment(
        demo, write(tmp_path, "scan\x07\x1b.png", png_bytes()), case_id=_case(demo)["id"]
    )
    assert row["file_name"] == "scan.png" and row["title"] == "scan"
    check_stored_row("attachment", demo.store.get("attachment", row["id"]))
