"""The awareness activities register: added, corrected and removed (audited, a tombstone), bad
input refused in Vietnamese with nothing saved, and counted apart from counselling in
``ctxh stats`` and the periodic report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import access, activities, reporting, stats

TODAY = dt.date(2026, 11, 2)
CLASS = {
    "held_on": "2026-10-20",
    "kind": "class",
    "topic": "Kỹ năng phòng, chống xâm hại trẻ em",
    "target_group": "children",
    "participants_male": "14",
    "participants_female": 16,
    "participants_children": 22,
    "place": "Nhà văn hóa thôn 3",
    "organiser": "Hội Liên hiệp Phụ nữ xã",
}


def test_an_activity_is_added_corrected_and_removed_each_time_audited(demo):
    before = activities.count_activities(demo)
    row = activities.add_activity(demo, CLASS, TODAY)
    assert row["participants_male"] == 14 and activities.count_activities(demo) == before + 1
    fixed = activities.update_activity(demo, row["id"], {"participants_female": 18}, TODAY)
    assert fixed["participants_female"] == 18 and fixed["rev"] > row["rev"]
    assert fixed["topic"] == CLASS["topic"]  # fields not sent are kept
    activities.remove_activity(demo, row["id"], "entered_by_mistake")
    assert demo.store.get("activity", row["id"])["deleted"] == 1
    assert activities.count_activities(demo) == before
    done = [(e["action"], e["entity"]) for e in access.audit_entries(demo, limit=3)]
    assert done == [("remove", "activity"), ("update", "activity"), ("create", "activity")]
    with pytest.raises(UserError, match="Không tìm thấy"):
        activities.update_activity(demo, row["id"], {"topic": "Khác"}, TODAY)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"held_on": "2026-12-01"}, "held_on"),
        ({"kind": "party"}, "kind"),
        ({"topic": " "}, "topic"),
        ({"participants_male": -1}, "participants_male"),
        ({"participants_children": 31}, "participants_children"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(demo, change, field):
    before = activities.count_activities(demo)
    with pytest.raises(ValidationError) as refused:
        activities.add_activity(demo, {**CLASS, **change}, TODAY)
    assert field in refused.value.errors
    assert activities.count_activities(demo) == before


def test_activities_are_counted_apart_from_counselling_by_the_day_they_were_held(demo):
    month = stats.compute_stats(demo, month="2026-10")["counts"]
    activities.add_activity(demo, CLASS, TODAY)
    activities.add_activity(
        demo, {"held_on": "2026-10-25", "kind": "broadcast", "topic": "Tổng đài 111"}, TODAY
    )
    activities.add_activity(demo, {**CLASS, "held_on": "2026-09-30"}, TODAY)  # another month
    after = stats.compute_stats(demo, month="2026-10")["counts"]
    added = {k: after.get(k, 0) - month.get(k, 0) for k in after if k.startswith("activit")}
    assert added == {
        "activities": 2,
        "activities_by_kind.class": 1,
        "activities_by_kind.broadcast": 1,
        "activity_participants": 30,
        "activity_participants_by_kind.class": 30,
        "activity_participants_male": 14,
        "activity_participants_female": 16,
        "activity_participants_children": 22,
        "activity_participants_adults": 8,
    }
    assert after["consultations"] == month["consultations"]
    pdf = reporting.monthly_report(demo, "2026-10")
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "HOẠT ĐỘNG TRUYỀN THÔNG" in text and "Phát thanh" in text


def test_an_office_cannot_record_activities(office_unit):
    with pytest.raises(UserError):
        activities.add_activity(office_unit, CLASS, TODAY)


def test_a_month_with_only_an_activity_in_it_is_a_month_of_work(tmp_path):
    from ctxh_desktop.services import session
    from ctxh_desktop.storage import keyfile, work_months

    s, _recovery = session.create_commune(
        tmp_path / "xa.db", "mật khẩu của xã thử", "00004", kdf=keyfile.FAST_KDF
    )
    s.user, s.role = "ctv", "admin"
    activities.add_activity(s, {**CLASS, "held_on": "2026-03-04"}, TODAY)  # typed in November
    assert work_months.months_with_work(s.store, "2026-01", "2026-10") == {"00004": {"2026-03"}}
    s.close()
