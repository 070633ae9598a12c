"""The office's plan targets: checked, one transaction each, audited; the example plan loads in
one call; progress against the target and the base year."""

from __future__ import annotations

import pytest

from ctxh_desktop.core import targets as plan
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import stats, targets

PEOPLE = {
    "indicator": "consultation_persons",
    "year": 2026,
    "kind": "increase",
    "value": 20,
    "base_year": 2025,
    "scope": "unit",
}


def _audit(session) -> list[str]:
    return [
        r["action"]
        for r in session.store.rows(
            "SELECT action FROM audit_log WHERE entity = 'plan_target' ORDER BY seq"
        )
    ]


def test_add_edit_remove_is_audited(office_unit):
    added = targets.add_target(office_unit, PEOPLE)
    assert added["label"] == "Số người được tư vấn (không trùng)"
    assert added["described"] == "+20% so với năm 2025"
    changed = targets.update_target(office_unit, added["id"], {**PEOPLE, "value": "25"})
    assert changed["value"] == 25
    targets.remove_target(office_unit, added["id"])
    assert targets.list_targets(office_unit) == []
    assert _audit(office_unit) == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"indicator": "not_a_figure"}, "indicator"),
        ({"indicator": "interventions_by_problem.nonsense"}, "indicator"),
        ({"year": "20x6"}, "year"),
        ({"base_year": None}, "base_year"),
        ({"base_year": 2026}, "base_year"),
        ({"value": "-5"}, "value"),
        ({"kind": "value", "value": 0}, "value"),
        ({"scope": "village"}, "scope"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(office_unit, change, field):
    with pytest.raises(UserError) as refused:
        targets.add_target(office_unit, {**PEOPLE, **change})
    assert refused.value.field == field
    assert targets.list_targets(office_unit) == []
    assert _audit(office_unit) == []


def test_one_target_per_indicator_year_and_scope(office_unit):
    targets.add_target(office_unit, PEOPLE)
    with pytest.raises(UserError, match="Đã có mục tiêu"):
        targets.add_target(office_unit, {**PEOPLE, "value": 30})
    assert len(targets.list_targets(office_unit)) == 1


def test_a_breakdown_code_may_be_a_target(office_unit):
    row = targets.add_target(
        office_unit, {**PEOPLE, "indicator": "consultations_by_channel.hotline_111"}
    )
    assert row["label"].startswith("Buổi tư vấn theo hình thức: ")


def test_the_example_plan_loads_once_and_cites_a_source(office_unit):
    shipped = targets.example_plan()["targets"]
    assert all(t["source"].startswith("Ví dụ") for t in shipped)
    assert targets.load_example(office_unit) == len(shipped)
    assert targets.load_example(office_unit) == 0
    assert len(targets.list_targets(office_unit)) == len(shipped)
    assert {t["indicator"] for t in shipped} <= set(plan.indicator_keys())


def _rows(values: dict[str, int]) -> list[dict]:
    return [
        {"commune": c, "commune_name": f"Xã {c}", "counts": {"consultation_persons": v}}
        for c, v in values.items()
    ]


def test_progress_against_base_year_and_target(office_unit, monkeypatch):
    asked = []

    def rows(session, period):
        asked.append((period.start, period.end))
        if period.start.startswith("2025"):
            return _rows({"00004": 10, "00025": 40})
        return _rows({"00004": 18, "00025": 30})

    monkeypatch.setattr(stats, "consolidated_rows", rows)
    targets.add_target(office_unit, PEOPLE)
    targets.add_target(office_unit, {**PEOPLE, "kind": "value", "value": 20, "scope": "commune"})
    got = targets.progress(office_unit, 2026, "2026-06")
    assert ("2026-01-01", "2026-06-30") in asked and ("2025-01-01", "2025-12-31") in asked
    rise, each = got
    assert rise["unit"] == {
        "commune": "",
        "commune_name": "",
        "base": 50,
        "achieved": 48,
        "goal": 60.0,
        "percent": 80.0,
    }
    assert [(r["goal"], r["percent"]) for r in rise["communes"]] == [(12.0, 150.0), (48.0, 62.5)]
    assert [(r["goal"], r["percent"]) for r in each["communes"]] == [(20.0, 90.0), (20.0, 150.0)]
    assert (each["unit"]["goal"], each["unit"]["percent"]) == (40.0, 120.0)


def test_no_base_figure_gives_no_percent():
    target = {**PEOPLE, "kind": "increase"}
    got = plan.progress(target, _rows({"00004": 5}), _rows({}))
    assert got["communes"][0]["goal"] == 0.0 and got["communes"][0]["percent"] is None
    assert got["unit"]["percent"] is None


def test_a_commune_account_cannot_set_targets(demo):
    with pytest.raises(UserError):
        targets.add_target(demo, PEOPLE)
