"""The register of the people who do the work: staff, trainings, certificates, providers' new
fields, and the plans' figures read from them."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import providers, stats, workforce
from ctxh_desktop.storage import audit

TODAY = dt.date(2026, 11, 1)


def _staff(s, name="Hà Thị Mai", role="collaborator", since="01/02/2024", **more):
    return workforce.save_staff(
        s, {"full_name": name, "role": role, "since": since, **more}, today=TODAY
    )


def test_a_collaborator_is_added_with_a_course_and_a_certificate(demo):
    mai = _staff(demo, allowance="1.500.000", qualification="social_work_diploma")
    assert mai["allowance"] == 1_500_000 and mai["since"] == "2024-02-01"
    workforce.save_training(
        demo,
        mai["id"],
        {
            "course": "Kỹ năng CTXH cơ bản",
            "start_on": "2026-03-02",
            "end_on": "2026-03-06",
            "hours": "40",
            "organiser": "Sở Y tế",
            "certificate": True,
        },
        today=TODAY,
    )
    workforce.save_certificate(
        demo, mai["id"], {"number": "CC-01/2025", "issued_on": "2025-06-01"}, today=TODAY
    )
    detail = workforce.staff_detail(demo, mai["id"])
    assert [t["hours"] for t in detail["trainings"]] == [40]
    assert detail["trainings"][0]["certificate"] is True
    assert [c["number"] for c in detail["certificates"]] == ["CC-01/2025"]
    listed = next(r for r in workforce.list_staff(demo) if r["id"] == mai["id"])
    assert (listed["trainings"], listed["certificates"]) == (1, 1)


def test_bad_input_is_refused_at_its_field_and_changes_nothing(demo):
    before = len(workforce.list_staff(demo))
    with pytest.raises(UserError) as refused:
        _staff(demo, role="chief")
    assert "role" in refused.value.errors
    with pytest.raises(UserError) as refused:
        _staff(demo, since="2024-05-01", until="2024-01-01")
    assert "until" in refused.value.errors
    mai = _staff(demo)
    with pytest.raises(UserError) as refused:
        workforce.save_training(
            demo, mai["id"], {"course": "", "start_on": "2030-01-01"}, today=TODAY
        )
    assert {"course", "start_on"} <= refused.value.errors.keys()
    assert len(workforce.list_staff(demo)) == before + 1


def test_removing_a_member_of_staff_leaves_tombstones_and_an_audit_entry(demo):
    mai = _staff(demo)
    course = workforce.save_training(
        demo, mai["id"], {"course": "Tập huấn", "start_on": "2026-01-05"}, today=TODAY
    )
    workforce.remove_staff(demo, mai["id"])
    assert demo.store.get("staff", mai["id"])["deleted"] == 1
    assert demo.store.get("staff_training", course["id"])["deleted"] == 1
    assert mai["id"] not in {r["id"] for r in workforce.list_staff(demo)}
    with pytest.raises(UserError):
        workforce.remove_staff(demo, mai["id"])
    actions = {(e["action"], e["entity"]) for e in audit.entries(demo.store)}
    assert ("remove", "staff") in actions and ("create", "staff_training") in actions


def test_the_plans_figures_count_active_staff_training_and_facilities(demo):
    before = stats.compute_stats(demo, month="2026-10")["counts"]
    mai = _staff(demo)
    _staff(demo, name="Lò Văn Tú", role="civil_servant", since="2020-01-01")
    _staff(demo, name="Đã nghỉ", since="2020-01-01", until="2026-09-30")
    workforce.save_training(
        demo, mai["id"], {"course": "A", "start_on": "2026-10-05", "hours": 16}, today=TODAY
    )
    workforce.save_certificate(
        demo, mai["id"], {"number": "1", "issued_on": "2026-01-01"}, today=TODAY
    )
    providers.save_provider(
        demo,
        {
            "name": "Trung tâm CTXH tỉnh",
            "ownership": "public",
            "capacity": "80",
            "sw_staff": "12",
            "offers_sw": True,
        },
    )
    got = stats.compute_stats(demo, month="2026-10")["counts"]
    gained = {k: got.get(k, 0) - before.get(k, 0) for k in got}
    assert gained["staff"] == 2 and gained["collaborators"] == 1
    assert gained["staff_by_role.civil_servant"] == 1
    assert gained["staff_trained"] == 1 and gained["staff_trained_ever"] == 1
    assert gained["staff_certified"] == 1
    assert gained["trainings"] == 1 and gained["training_hours"] == 16
    assert gained["providers_sw"] == 1 and gained["providers_sw_by_kind.public"] == 1
    assert gained["providers_sw_staff"] == 12 and gained["providers_sw_capacity"] == 80
    later = stats.compute_stats(demo, month="2026-11")["counts"]
    assert later["staff_trained"] == before.get("staff_trained", 0)  # not trained in November
    assert later["staff_trained_ever"] == got["staff_trained_ever"]


def test_a_provider_refuses_a_bad_capacity(demo):
    with pytest.raises(UserError) as refused:
        providers.save_provider(demo, {"name": "Cơ sở X", "capacity": "nhiều"})
    assert "capacity" in refused.value.errors


def test_the_communes_report_prints_the_people_who_do_the_work(demo):
    import io

    from pypdf import PdfReader

    from ctxh_desktop.services import reporting

    _staff(demo)
    _staff(demo, name="Lò Văn Tú", role="civil_servant")
    data = reporting.monthly_report(demo, month_from="2026-01", month_to="2026-10")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )
    counts = stats.compute_stats(demo, date_from="2026-01", date_to="2026-10")["counts"]
    assert "Người làm công tác xã hội và cơ sở" in text
    assert f"Người làm công tác xã hội (cuối kỳ) {counts['staff']}" in text
    assert f"Công chức văn hóa – xã hội {counts['staff_by_role.civil_servant']}" in text


def test_a_course_is_changed_only_under_its_own_member_of_staff(demo):
    mai, tu = _staff(demo), _staff(demo, name="Lò Văn Tú")
    course = workforce.save_training(
        demo, mai["id"], {"course": "A", "start_on": "2026-01-05"}, today=TODAY
    )
    with pytest.raises(UserError):
        workforce.save_training(demo, tu["id"], {"hours": 8}, course["id"], today=TODAY)
    changed = workforce.save_training(demo, mai["id"], {"hours": 8}, course["id"], today=TODAY)
    assert (changed["course"], changed["start_on"], changed["hours"]) == ("A", "2026-01-05", 8)


def test_all_time_counts_the_staff_working_today(demo):
    counts = stats.compute_stats(demo)["counts"]  # no period: all time
    assert counts["staff"] == 2 and counts["collaborators"] == 1  # the demo's two
    assert counts["staff_trained_ever"] == 2 and counts["staff_certified"] == 1
