"""Cases through the services: opening, acting, deadlines, sensitive narratives, counselling, children."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import access, cases, children, counselling, people, providers, stats

NOW = dt.datetime(2026, 11, 2, 9, 0)


def _child(demo):
    return people.register_person(
        demo,
        {"full_name": "Lò Thị Dung", "birth_date": "2015-04-02", "ethnicity": "thai"},
        today=NOW.date(),
    )


def test_open_case_gets_code_event_and_12_hour_deadline(demo):
    person = _child(demo)
    case = cases.open_case(
        demo,
        {
            "kind": "child_protection",
            "received_at": "2026-11-02T08:00",
            "source": "hotline_111",
            "problem_types": ["violence"],
            "person_id": person["id"],
            "emergency": True,
        },
        at="2026-11-02T08:05",
    )
    assert case["step"] == "intake" and case["code"].startswith("2026-")
    assert [e["kind"] for e in case["events"]] == ["received"]
    rules = {d["rule"]: d for d in case["deadlines"]}
    assert rules["emergency_12h"]["due"].startswith("2026-11-02T20:00")
    assert "assess" in case["actions"]
    listed = cases.list_cases(demo, step="intake", now=NOW)
    assert case["id"] in [c["id"] for c in listed]


def test_action_without_required_data_is_refused_and_nothing_changes(demo):
    person = _child(demo)
    case = cases.open_case(
        demo,
        {
            "kind": "child_protection",
            "received_at": "2026-11-02T08:00",
            "source": "school",
            "problem_types": ["neglect"],
            "person_id": person["id"],
        },
        at="2026-11-02T08:05",
    )
    with pytest.raises(ValidationError) as err:
        cases.apply_action(demo, case["id"], "assess", {}, at="2026-11-02T10:00")
    assert "risk_level" in err.value.errors
    again = cases.get_case(demo, case["id"])
    assert again["step"] == "intake" and len(again["events"]) == 1
    done = cases.apply_action(
        demo,
        case["id"],
        "assess",
        {"risk_level": "high", "summary": "Trẻ bị đánh, cần can thiệp", "when": "2026-11-02T10:00"},
        at="2026-11-02T10:00",
    )
    assert done["step"] == "assessment"


def test_sensitive_narratives_hidden_unless_asked_and_audited(demo):
    row = demo.store.rows("SELECT case_id FROM case_event LIMIT 1")[0]
    demo.store.db.execute(
        "UPDATE case_event SET sensitive = 1, narrative = 'chi tiết bảo mật' WHERE case_id = ?",
        [row["case_id"]],
    )
    shown = cases.get_case(demo, row["case_id"])
    assert all(e["narrative"] is None for e in shown["events"])
    full = cases.get_case(demo, row["case_id"], include_sensitive=True)
    assert any(e["narrative"] == "chi tiết bảo mật" for e in full["events"])
    assert access.audit_entries(demo, action="view_sensitive")
    demo.role = "viewer"
    with pytest.raises(UserError):
        cases.get_case(demo, row["case_id"], include_sensitive=True)


def test_referral_from_a_case_reaches_the_register(demo):
    provider = providers.save_provider(
        demo, {"name": "Trung tâm Công tác xã hội tỉnh", "kind": "social_protection_facility"}
    )
    case = cases.list_cases(demo, status="open", now=NOW)[0]
    assert "refer" in cases.get_case(demo, case["id"])["actions"]
    before = demo.store.scalar("SELECT count(*) FROM referral")
    cases.apply_action(
        demo,
        case["id"],
        "refer",
        {"provider_id": provider["id"], "summary": "Cần hỗ trợ tâm lý", "when": "2026-11-01T09:00"},
        at="2026-11-01T09:00",
    )
    assert demo.store.scalar("SELECT count(*) FROM referral") == before + 1


def test_counselling_quick_entry_and_filters(demo):
    row = counselling.log_consultation(
        demo,
        {
            "at": "2026-11-01T08:30",
            "anonymous": True,
            "channel": "hotline_111",
            "topics": ["violence_abuse"],
            "target_group": "children",
            "duration_min": 20,
        },
        now=NOW,
    )
    assert row["anonymous"] is True
    listed = counselling.list_consultations(
        demo, month="2026-11", channel="hotline_111", topic="violence_abuse"
    )
    assert row["id"] in [r["id"] for r in listed]
    assert counselling.count_consultations(demo, month="2026-11", channel="hotline_111") >= 1
    with pytest.raises(ValidationError) as err:
        counselling.log_consultation(
            demo, {"at": "2027-01-01T08:00", "channel": "phone", "anonymous": True}, now=NOW
        )
    assert "at" in err.value.errors


def test_a_session_lists_its_counsellor_by_full_name(demo):
    from ctxh_desktop.storage import accounts

    entry = {"at": "2026-11-01T09:00", "anonymous": True, "channel": "phone", "duration_min": 15}
    row = counselling.log_consultation(demo, entry, now=NOW)
    listed = next(r for r in counselling.list_consultations(demo) if r["id"] == row["id"])
    assert row["counsellor"] == demo.user
    assert listed["counsellor_name"] == accounts.get_user(demo.store, demo.user)["full_name"]


def test_child_register_support_and_coverage(demo):
    person = _child(demo)
    before = children.coverage(demo, "2026-10")["total"]
    child = children.register_child(
        demo,
        person["id"],
        {"groups": ["d_severe"], "registered_on": "2026-10-01"},
        today=NOW.date(),
    )
    assert "d" in child["groups"]  # the sub-group's group is added
    with pytest.raises(UserError):
        children.register_child(demo, person["id"], {"groups": ["a"]}, today=NOW.date())
    children.add_support(
        demo,
        child["id"],
        {
            "month": "2026-10",
            "kind": "monthly_allowance",
            "amount": "1.000.000",
            "source": "state_budget",
        },
        today=NOW.date(),
    )
    after = children.coverage(demo, "2026-10")["total"]
    assert after["registered"] == before["registered"] + 1
    assert after["supported_month"] == before["supported_month"] + 1
    month = stats.compute_stats(demo, month="2026-10")["counts"]
    assert month["child_support_amount_vnd"] >= 1_000_000


def test_adult_cannot_be_registered_as_child(demo):
    adult = people.register_person(
        demo, {"full_name": "Vi Văn Hùng", "birth_date": "1980-01-01"}, today=NOW.date()
    )
    with pytest.raises(ValidationError):
        children.register_child(demo, adult["id"], {"groups": ["a"]}, today=NOW.date())


def test_todo_is_ordered_overdue_first(demo):
    items = stats.todo(demo, NOW)
    assert items
    flags = [i["overdue"] for i in items]
    assert flags == sorted(flags, reverse=True)
    assert all(i["label"] for i in items)


def test_calendar_warning_when_the_year_is_not_covered(demo):
    assert stats.calendar_warning(demo, dt.date(2026, 6, 1)) is None
    warning = stats.calendar_warning(demo, dt.date(2031, 6, 1))
    assert warning and "2031" in warning


def test_plan_activity_providers_are_kept_and_named_on_the_case_sheet(demo):
    import io

    from pypdf import PdfReader

    from ctxh_desktop.services import reporting

    provider = providers.save_provider(demo, {"name": "Trạm Y tế xã", "kind": "health"})
    case = cases.open_case(
        demo,
        {
            "kind": "general",
            "received_at": "2026-11-02T08:00",
            "source": "school",
            "problem_types": ["neglect"],
            "person_id": _child(demo)["id"],
        },
        at="2026-11-02T08:05",
    )
    activity = {"what": "Khám sức khỏe", "who": "Cộng tác viên", "provider_id": provider["id"]}
    plan = {"objectives": "Khỏe mạnh", "timeframe": "3 tháng"}
    plan["activities"] = [activity | {"start": "2026-11-03", "end": "2026-11-30"}]
    data = {"plan": plan, "needs_domains": ["health"], "drafted_at": "2026-11-02T09:00"}
    case = cases.apply_action(demo, case["id"], "draft_plan", data, at="2026-11-02T09:00")
    assert case["plan"]["providers"] == [provider["id"]]
    pdf = PdfReader(io.BytesIO(reporting.case_sheet(demo, case["id"])))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Trạm Y tế xã" in text and provider["id"] not in text


def test_the_register_lists_each_childs_latest_support_month(demo):
    rows = children.list_children(demo, limit=50)
    assert any(r["last_support_month"] for r in rows)
    for row in rows:
        supports = children.get_child(demo, row["id"]).get("supports") or []
        latest = max((s["month"] for s in supports), default=None)
        assert row["last_support_month"] == latest
