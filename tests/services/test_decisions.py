"""The chairman's decisions on plans (Decree 56/2017/NĐ-CP, Art. 28(4)): the approver role decides,
never edits; a collaborator records only a decision signed on paper."""

from __future__ import annotations

import pytest
from drafted_plans import PLAN, drafted

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import access, cases, decisions, people, reporting


def _as(demo, user: str) -> None:
    access.act_as(demo, user)


def test_the_approver_role_may_view_print_and_decide_but_not_edit(demo):
    assert access.PERMISSIONS["approver"] == {"view", "print", "decide"}
    _as(demo, "chutich")
    assert demo.role == "approver"
    with pytest.raises(UserError):
        people.register_person(demo, {"full_name": "Ai Đó", "birth_date": "2000-01-01"})


def test_the_chairman_sees_the_plan_waiting_and_approves_it_as_himself(demo):
    case = drafted(demo)
    _as(demo, "chutich")
    assert case["id"] in [c["id"] for c in decisions.waiting(demo)]
    shown = cases.get_case(demo, case["id"])
    assert shown["decisions"] == ["approve_plan", "return_plan", "separate"]
    assert shown["actions"] == []
    done = decisions.approve_plan(
        demo, case["id"], "12/QĐ-UBND", "2026-11-05", at="2026-11-05T09:00"
    )
    decision = done["plan"]["decision"]
    assert done["step"] == "intervention" and done["plan_approved_at"] == "2026-11-05T09:00"
    assert decision["number"] == "12/QĐ-UBND" and decision["date"] == "2026-11-05"
    assert decision["signed_by"] == "Trần Quốc Dũng" and decision["signed_by_user"] == "chutich"
    assert not decision["on_paper"]
    assert case["id"] not in [c["id"] for c in decisions.waiting(demo)]
    entry = access.audit_entries(demo, user="chutich", action="update")[0]
    assert entry["entity_id"] == case["id"] and "approve_plan" in str(entry["detail"])


def test_an_approval_without_number_or_date_is_refused_and_changes_nothing(demo):
    case = drafted(demo)
    _as(demo, "chutich")
    with pytest.raises(ValidationError) as err:
        decisions.approve_plan(demo, case["id"], "", "", at="2026-11-05T09:00")
    assert set(err.value.errors) == {"decision_number", "decision_date"}
    assert cases.get_case(demo, case["id"])["step"] == "planning"


def test_a_returned_plan_goes_back_to_drafting_with_its_reason(demo):
    case = drafted(demo)
    _as(demo, "chutich")
    back = decisions.return_plan(demo, case["id"], "Thiếu người thực hiện", at="2026-11-05T09:00")
    assert back["step"] == "planning" and back["decisions"] == ["separate"]
    assert back["plan"]["returns"][0]["reason"] == "Thiếu người thực hiện"
    assert back["plan"]["returns"][0]["by"] == "chutich"
    assert "Thiếu người thực hiện" in back["events"][0]["summary"]
    _as(demo, "ctv")
    again = cases.apply_action(
        demo, case["id"], "draft_plan", {"plan": PLAN}, at="2026-11-06T09:00"
    )
    assert "approve_plan" in again["actions"] and again["plan"]["returns"]


def test_a_collaborator_records_a_paper_decision_with_number_and_date_never_a_return(demo):
    case = drafted(demo)
    with pytest.raises(ValidationError) as err:
        cases.apply_action(
            demo,
            case["id"],
            "approve_plan",
            {"approved_at": "2026-11-05T09:00", "approved_by": "X"},
        )
    assert set(err.value.errors) == {"decision_number", "decision_date"}
    with pytest.raises(UserError):
        cases.apply_action(demo, case["id"], "return_plan", {"summary": "Không"})
    with pytest.raises(UserError):
        decisions.approve_plan(demo, case["id"], "1/QĐ", "2026-11-05")
    done = cases.apply_action(
        demo,
        case["id"],
        "approve_plan",
        {
            "approved_at": "2026-11-05T09:00",
            "approved_by": "Trần Quốc Dũng",
            "decision_number": "7/QĐ-UBND",
            "decision_date": "2026-11-05",
            "signed_by_user": "chutich",
            "on_paper": False,
        },
        at="2026-11-05T10:00",
    )
    decision = done["plan"]["decision"]
    assert decision["on_paper"] and decision["recorded_by"] == "ctv"
    assert decision["signed_by_user"] is None  # a form cannot claim the chairman's account


def test_a_viewer_can_neither_approve_nor_return(demo):
    case = drafted(demo)
    demo.role = "viewer"
    with pytest.raises(UserError):
        decisions.return_plan(demo, case["id"], "Không")
    assert cases.get_case(demo, case["id"])["decisions"] == []


def test_the_decision_form_prints_number_signer_and_the_plan_decree56_art28(demo, tmp_path):
    case = drafted(demo)
    _as(demo, "chutich")
    draft = decisions.decision_form(demo, case["id"])["pdf"]
    decisions.approve_plan(demo, case["id"], "12/QĐ-UBND", "2026-11-05", at="2026-11-05T09:00")
    form = decisions.decision_form(demo, case["id"])
    (tmp_path / "d.pdf").write_bytes(form["pdf"])
    text = _pdf_text(tmp_path / "d.pdf")
    for words in (
        "12/QĐ-UBND",
        "Nghị định số 56/2017/NĐ-CP",
        "Thăm gia đình hằng tuần",
        "Trần Quốc Dũng",
        "Lò Thị Dung",
        "CHỦ TỊCH",
    ):
        assert words in text
    assert draft != form["pdf"]
    (tmp_path / "sheet.pdf").write_bytes(reporting.case_sheet(demo, case["id"]))
    assert "Số 12/QĐ-UBND, ngày 05/11/2026 — Trần Quốc Dũng" in _pdf_text(tmp_path / "sheet.pdf")


def _pdf_text(path) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return " ".join(out.stdout.split())


def test_the_chairman_decides_a_temporary_separation_decree56_art32_2(demo):
    case = drafted(demo)
    _as(demo, "chutich")
    done = decisions.separate(
        demo, case["id"], "3/QĐ-UBND", "2026-11-04", "Ở nhà bà ngoại", at="2026-11-04T12:00"
    )
    assert done["separation_start"] == "2026-11-04T12:00" and done["emergency"]
    decision = done["separation_decision"]
    assert decision["number"] == "3/QĐ-UBND" and decision["signed_by_user"] == "chutich"
    assert "3/QĐ-UBND" in done["events"][0]["summary"] and "separate" not in done["decisions"]
    deadline = next(d for d in done["deadlines"] if d["rule"] == "separation_15d")
    assert deadline["due"].startswith("2026-11-19")


def test_a_collaborator_records_a_paper_separation_decision_or_none(demo):
    case = drafted(demo)
    with pytest.raises(ValidationError) as err:
        cases.apply_action(
            demo, case["id"], "separate", {"summary": "Cách ly", "decision_number": "4/QĐ"}
        )
    assert set(err.value.errors) == {"decision_date"}
    done = cases.apply_action(
        demo,
        case["id"],
        "separate",
        {"summary": "Cách ly", "decision_number": "4/QĐ", "decision_date": "2026-11-04"},
        at="2026-11-04T12:00",
    )
    assert done["separation_decision"]["on_paper"]
    assert done["separation_decision"]["recorded_by"] == "ctv"
    other = drafted(demo, "Lò Văn Nam")
    plain = cases.apply_action(
        demo, other["id"], "separate", {"summary": "Cách ly", "decision_date": "2026-11-04"}
    )
    assert plain["separation_decision"] is None
