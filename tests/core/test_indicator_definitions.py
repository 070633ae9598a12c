"""The definitions of the plan's figures (core/indicators.py) and the one table that names them."""

from __future__ import annotations

from ctxh_desktop.core import indicator_table, indicators
from ctxh_desktop.core.periods import make_period

MARCH = make_period("2026-03")


def _case(cid: str, received: str, closed: str | None = None, problems=("violence",)) -> dict:
    return {
        "id": cid,
        "kind": "child_protection",
        "received_at": received,
        "problem_types": list(problems),
        "step": "intervention",
        "closed_at": closed,
    }


def _counts(**rows) -> dict[str, int]:
    return indicators.compute_counts(indicators.IndicatorData(**rows), MARCH)


def test_interventions_are_cases_received_or_with_a_step_in_the_period():
    got = _counts(
        cases=[
            _case("new", "2026-03-02T08:00", problems=("sexual_abuse",)),
            _case("stepped", "2025-11-02T08:00", problems=("street_children",)),
            _case("quiet", "2025-11-02T08:00"),
            _case("closed", "2025-10-02T08:00", closed="2026-02-20T10:00"),
        ],
        events={
            "stepped": [{"at": "2026-03-10T09:00", "step": "intervention"}],
            "closed": [{"at": "2026-03-11T09:00", "step": None}],  # after closing: not active
        },
    )
    assert got["cases_new"] == 1 and got["interventions"] == 2
    assert got["interventions_by_problem.sexual_abuse"] == 1
    assert got["interventions_by_problem.street_children"] == 1
    assert "cases_new_by_problem.street_children" not in got


def test_a_step_flagged_by_storage_counts_without_the_timeline():
    case = {**_case("old", "2025-01-05T08:00"), "stepped_in_period": 1}
    assert _counts(cases=[case])["interventions"] == 1


def test_people_counselled_are_counted_once_in_total_and_once_per_channel():
    sessions = [
        {"at": "2026-03-02T09:00", "channel": "phone", "person_id": "p1"},
        {"at": "2026-03-09T09:00", "channel": "phone", "person_id": "p1"},
        {"at": "2026-03-16T09:00", "channel": "at_home", "person_id": "p1"},
        {"at": "2026-03-20T09:00", "channel": "hotline_111", "person_id": None},
        {"at": "2026-03-25T09:00", "channel": "group", "person_id": None, "group_size": 12},
    ]
    got = _counts(consultations=sessions)
    assert got["consultations"] == 5 and got["consultation_people"] == 16
    assert got["consultation_persons"] == 1 + 1 + 12
    assert got["consultation_persons_by_channel.phone"] == 1
    assert got["consultation_persons_by_channel.at_home"] == 1
    assert got["consultation_persons_by_channel.group"] == 12


def test_children_at_risk_are_counted_apart_from_the_fourteen_groups():
    children = [
        {"id": "a", "groups": ["at_risk_violence", "at_risk"], "registered_on": "2026-01-02"},
        {"id": "b", "groups": ["l_molestation", "l", "at_risk"], "registered_on": "2026-01-02"},
        {"id": "c", "groups": ["d_severe", "d"], "registered_on": "2026-03-02"},
    ]
    got = _counts(children=children)
    assert got["children"] == 2 and got["children_at_risk"] == 2 and got["children_new"] == 1
    assert got["children_by_group.at_risk"] == 2
    assert got["children_by_subgroup.at_risk_violence"] == 1
    assert got["children_by_subgroup.d_severe"] == 1


def test_children_supported_by_source_count_each_child_once_per_source():
    children = [{"id": "c", "groups": ["a"], "registered_on": "2026-01-02"}]
    supports = [
        {"child_id": "c", "month": "2026-03", "kind": "monthly_allowance", "source": s}
        for s in ("state_budget", "state_budget", "socialised")
    ]
    got = _counts(children=children, supports=supports)
    assert got["child_supports_by_source.state_budget"] == 2
    assert got["children_supported_by_source.state_budget"] == 1
    assert got["children_supported_by_source.socialised"] == 1
    assert got["children_target_by_group.a"] == 1
    assert got["children_target_supported_by_group.a"] == 1


def test_the_table_names_every_main_figure_and_every_figure_names_a_source():
    computed = set(indicators.compute_counts(indicators.IndicatorData(), MARCH))
    assert computed == {i.key for i in indicator_table.INDICATORS}
    for item in (*indicator_table.INDICATORS, *indicator_table.BREAKDOWNS):
        assert item.source and item.group in indicator_table.GROUPS
    for item in indicator_table.BREAKDOWNS:
        assert len(item.sheet) <= 31 and item.of in computed


def test_a_code_no_form_could_save_is_counted_as_unknown_keeping_keys_snake_case():
    got = _counts(
        cases=[
            _case("odd", "2026-03-02T08:00", problems=("Bạo lực\x01", "violence")),
            _case("also", "2026-03-03T08:00", problems=("VIOLENCE",)),
        ]
    )
    assert got["cases_new_by_problem.unknown"] == 2
    assert got["cases_new_by_problem.violence"] == 1
    assert all(k.replace(".", "_").replace("_", "a").isalnum() and k.islower() for k in got)
