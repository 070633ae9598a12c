"""Sample inputs of the reports (the shapes services produce) and PDF reading helpers."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

LABELS = {
    "case_sources": {"hotline_111": "Tổng đài 111", "police": "Công an", "school": "Nhà trường"},
    "problem_types": {"violence": "Bạo lực", "sexual_abuse": "Xâm hại tình dục"},
    "case_kinds": {"child_protection": "Bảo vệ trẻ em", "general": "Quản lý trường hợp chung"},
    "case_steps": {
        "intake": "Tiếp nhận",
        "assessment": "Đánh giá ban đầu",
        "planning": "Xây dựng kế hoạch",
        "intervention": "Thực hiện kế hoạch",
    },
    "closure_reasons": {"goal_reached": "Đạt mục tiêu", "moved_away": "Chuyển nơi ở"},
    "consultation_channels": {"home": "Tại nhà", "phone": "Điện thoại"},
    "consultation_topics": {"family": "Quan hệ gia đình", "policy": "Chính sách"},
    "target_groups": {"elderly": "Người cao tuổi", "children": "Trẻ em"},
    "child_groups": {"a": "Trẻ em mồ côi cả cha và mẹ", "dd": "Trẻ em nhiễm HIV/AIDS"},
    "support_kinds": {"monthly_allowance": "Trợ cấp hằng tháng", "health_insurance": "BHYT"},
    "support_sources": {"state": "Ngân sách", "socialised": "Xã hội hóa"},
    "genders": {"female": "Nữ", "male": "Nam"},
    "risk_levels": {"high": "Cao"},
    "case_statuses": {"open": "Đang quản lý", "closed": "Đã kết thúc"},
    "event_kinds": {
        "received": "Tiếp nhận thông tin",
        "assessment": "Đánh giá ban đầu",
        "meeting": "Họp trường hợp",
        "plan_approved": "Phê duyệt kế hoạch",
        "service": "Cung cấp dịch vụ",
        "closed": "Kết thúc",
    },
}


def fake_labels(list_name: str, code: str) -> str:
    """A stand-in for ``core.codes.label``."""
    return LABELS[list_name][code]


PROFILE = {
    "commune_code": "00004",
    "commune_name": "Phường Ba Đình",
    "unit_type": "phuong",
    "province_name": "Thành phố Hà Nội",
    "parent_agency": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
    "agency_name": "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH",
    "place_name": "Ba Đình",
    "doc_number": "15/BC-UBND",
    "signer_name": "Nguyễn Văn Hùng",
    "signer_title": "PHÓ CHỦ TỊCH",
    "sign_on_behalf": "TM. ỦY BAN NHÂN DÂN",
    "sign_deputy": True,
    "collaborator_name": "Trần Thị Lan",
    "recipients": ["Sở Y tế thành phố Hà Nội", "Thường trực Đảng ủy phường"],
    "report_date": "2026-11-05",
}

COUNTS = {
    "people": 1234,
    "people_new": 17,
    "people_by_target_group.elderly": 402,
    "cases_new": 9,
    "cases_new_by_source.hotline_111": 4,
    "cases_new_by_source.police": 3,
    "cases_new_by_source.school": 2,
    "cases_new_by_problem.violence": 6,
    "cases_new_by_problem.sexual_abuse": 5,
    "cases_new_by_kind.child_protection": 7,
    "cases_new_by_kind.general": 2,
    "interventions": 21,
    "interventions_by_problem.violence": 12,
    "interventions_by_problem.street_children": 4,
    "cases_emergency": 3,
    "cases_emergency_in_12h": 2,
    "plans_approved": 8,
    "plans_approved_on_time": 6,
    "cases_open": 41,
    "cases_open_by_kind.child_protection": 25,
    "cases_open_by_kind.general": 16,
    "cases_by_step.child_protection.intake": 11,
    "cases_by_step.child_protection.assessment": 14,
    "cases_by_step.general.planning": 12,
    "cases_by_step.general.intervention": 4,
    "cases_closed": 13,
    "cases_closed_by_reason.goal_reached": 10,
    "cases_closed_by_reason.moved_away": 3,
    "referrals": 19,
    "consultations": 57,
    "consultation_people": 88,
    "consultation_persons": 61,
    "consultation_persons_by_channel.home": 40,
    "consultation_persons_by_channel.phone": 21,
    "consultations_by_channel.home": 35,
    "consultations_by_channel.phone": 22,
    "consultations_by_topic.family": 31,
    "consultations_by_topic.policy": 29,
    "consultations_by_target_group.elderly": 33,
    "consultations_by_target_group.children": 24,
    "children": 143,
    "children_new": 15,
    "children_by_group.a": 46,
    "children_by_group.dd": 38,
    "children_by_subgroup.a_no_carer": 20,
    "children_by_subgroup.dd_other": 38,
    "children_at_risk": 7,
    "children_target": 84,
    "children_target_supported": 71,
    "children_supported": 92,
    "child_supports": 1105,
    "child_supports_by_kind.monthly_allowance": 1060,
    "child_supports_by_kind.health_insurance": 45,
    "child_supports_by_source.state": 1090,
    "child_supports_by_source.socialised": 15,
    "child_support_amount_vnd": 487500000,
    "children_supported_by_source.state": 90,
    "children_supported_by_source.socialised": 5,
    "staff": 3,
    "staff_by_role.collaborator": 2,
    "staff_by_role.civil_servant": 1,
    "collaborators": 2,
    "staff_trained": 1,
    "staff_trained_ever": 2,
    "staff_certified": 1,
    "trainings": 2,
    "training_hours": 64,
    "providers_sw": 2,
    "providers_sw_by_kind.public": 2,
    "providers_sw_staff": 23,
    "providers_sw_capacity": 180,
    "activities": 9,
    "activities_by_kind.class": 4,
    "activities_by_kind.broadcast": 5,
    "activity_participants": 310,
    "activity_participants_by_kind.class": 310,
    "activity_participants_male": 140,
    "activity_participants_female": 170,
    "activity_participants_children": 120,
    "activity_participants_adults": 190,
}


def stats_for(kind: str = "month", start: str = "2026-10-01", end: str = "2026-10-31") -> dict:
    """A ``compute_stats`` result for the sample commune."""
    return {
        "scope": {
            "commune": "00004",
            "commune_name": "Phường Ba Đình",
            "period": {"kind": kind, "from": start, "to": end, "label": "tháng 10/2026"},
        },
        "counts": dict(COUNTS),
    }


ANNEX = [
    {
        "code": f"2026-{i:04d}-A",
        "kind": "child_protection" if i % 2 else "general",
        "person_name": f"Nguyễn Thị Ánh {i}",
        "step": "assessment" if i % 2 else "planning",
        "received_at": "2026-10-02T08:30",
        "next_deadline": (
            {"rule": "plan_draft_5wd", "due": "2026-11-07T23:59", "overdue": i % 3 == 0}
            if i % 4
            else None
        ),
    }
    for i in range(1, 61)
]


CASE = {
    "code": "2026-0012-A",
    "kind": "child_protection",
    "person": {
        "full_name": "Lê Thị Hồng Nhung",
        "birth_date": "2014-03",
        "gender": "female",
        "address_detail": "Tổ 5",
        "address_commune": "00004",
    },
    "source": "hotline_111",
    "received_at": "2026-10-02T08:30",
    "emergency": True,
    "risk_level": "high",
    "step": "closed",
    "status": "closed",
    "problem_types": ["violence", "sexual_abuse"],
    "plan": {
        "objectives": ["Bảo đảm an toàn cho trẻ", "Hỗ trợ tâm lý"],
        "activities": [
            {"what": "Tư vấn tâm lý hằng tuần", "who": "Cộng tác viên", "when": "Tháng 10–11"},
            {"what": "Hỗ trợ học tập", "who": "Nhà trường", "when": "Học kỳ I"},
        ],
        "providers": ["Trung tâm Công tác xã hội thành phố"],
    },
    "plan_drafted_at": "2026-10-06T09:00",
    "plan_approved_at": "2026-10-07T15:00",
    "closed_at": "2026-10-30T10:00",
    "closure_reason": "goal_reached",
    "events": [
        {
            "at": "2026-10-02T08:30",
            "kind": "received",
            "step": "intake",
            "summary": "Tổng đài 111 chuyển thông tin về trẻ bị bạo lực.",
            "narrative": None,
            "sensitive": False,
        },
        {
            "at": "2026-10-02T14:00",
            "kind": "assessment",
            "step": "assessment",
            "summary": "Đánh giá nguy cơ cao.",
            "narrative": "Chi tiết nhạy cảm về hành vi xâm hại.",
            "sensitive": True,
        },
        {
            "at": "2026-10-07T15:00",
            "kind": "plan_approved",
            "step": "intervention",
            "summary": "Chủ tịch phê duyệt kế hoạch.",
            "narrative": "Gia đình đồng ý phối hợp.",
            "sensitive": False,
        },
        {
            "at": "2026-10-30T10:00",
            "kind": "closed",
            "step": "closed",
            "summary": "Kết thúc trường hợp.",
            "narrative": None,
            "sensitive": False,
        },
    ],
    "deadlines": [
        {
            "rule": "emergency_12h",
            "due": "2026-10-02T20:30",
            "met_at": "2026-10-02T14:00",
            "overdue": False,
        },
        {
            "rule": "plan_approval_2wd",
            "due": "2026-10-08T23:59",
            "met_at": "2026-10-07T15:00",
            "overdue": False,
        },
        {"rule": "follow_up_6m", "due": "2027-04-30T23:59", "met_at": None, "overdue": False},
    ],
}


@pytest.fixture
def case() -> dict:
    import copy

    return copy.deepcopy(CASE)


@pytest.fixture
def profile() -> dict:
    return {**PROFILE, "recipients": list(PROFILE["recipients"])}


@pytest.fixture
def stats() -> dict:
    return stats_for()


@pytest.fixture
def annex() -> list:
    return [dict(row) for row in ANNEX]


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, NFC-normalised, runs of white space folded to one space."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        text = unicodedata.normalize("NFC", page.extract_text() or "")
        pages.append(re.sub(r"\s+", " ", text))
    return pages


def pdf_text(data: bytes) -> str:
    """The whole document's text (see :func:`pdf_pages`)."""
    return " ".join(pdf_pages(data))


def font_report(data: bytes) -> dict[str, bool]:
    """Every font used on any page → whether its file is embedded (``/FontFile2`` or similar)."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, bool] = {}

    def visit(font) -> None:
        font = font.get_object()
        name = str(font.get("/BaseFont"))
        descriptor = font.get("/FontDescriptor")
        embedded = False
        if descriptor is not None:
            descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        for child in font.get("/DescendantFonts") or []:
            visit(child)
            return
        found[name] = found.get(name, True) and embedded

    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object() if fonts else {}).values():
            visit(ref)
    return found


OFFICE = {
    "commune_code": "01",
    "commune_name": "Sở Y tế thành phố Hà Nội",
    "unit_type": "office",
    "province_name": "Thành phố Hà Nội",
    "parent_agency": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
    "agency_name": "SỞ Y TẾ",
    "place_name": "Hà Nội",
    "doc_number": "203/BC-SYT",
    "signer_name": "Đỗ Minh Châu",
    "signer_title": "GIÁM ĐỐC",
    "sign_on_behalf": "",
    "sign_deputy": False,
    "collaborator_name": "",
    "recipients": ["Ủy ban nhân dân thành phố"],
    "report_date": "2026-07-10",
}


def commune_rows(n: int = 12) -> list[dict]:
    """``n`` communes with different figures."""
    rows = []
    for i in range(n):
        counts = {key: (value * (i + 1)) % 997 + i for key, value in COUNTS.items()}
        counts["child_support_amount_vnd"] = 1_250_000 * (i + 3)
        counts["children_target_supported"] = min(
            counts["children_target_supported"], counts["children_target"]
        )
        rows.append(
            {"commune": f"{i + 1:05d}", "commune_name": f"Phường Số {i + 1}", "counts": counts}
        )
    return rows


COMPLETENESS = [
    {
        "commune": f"{i + 1:05d}",
        "commune_name": f"Phường Số {i + 1}",
        "last_bundle_at": "2026-07-03T16:20" if i % 3 else None,
        "months_covered": ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"][: 5 - i % 3],
        "months_with_work": ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"][: 5 - i % 3],
        "missing_months": ["2026-06"] + (["2026-05"] if i % 3 == 2 else []),
        "on_time": None if i % 3 == 0 else bool(i % 2),
        "nil_report": i == 4,
    }
    for i in range(12)
]

HALF_YEAR = {
    "kind": "range",
    "from": "2026-01-01",
    "to": "2026-06-30",
    "label": "6 tháng đầu năm 2026",
}
