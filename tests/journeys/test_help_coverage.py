"""Every help page (Vietnamese and English, the same topics) is walked by a journey.

``WALKED_BY`` names, for each topic of ``resources/help/<lang>/``, the journey test that does what
the page explains. Journeys not written yet are listed in ``PENDING`` with the name they will have:
their topics are reported as expected failures (pending), never as passing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ctxh_desktop.paths import resource_path

HERE = Path(__file__).parent

CHILDREN = "test_commune_children.py::test_child_support_coverage"
REPORT_EXPORT = "test_commune_report_export.py::test_monthly_report_then_export"
OFFICE = "test_office.py::test_office_consolidates_two_communes"
# The journeys of the case, counselling and backup topics.
CHILD_PROTECTION = "test_child_protection.py::test_report_at_23h_to_closure_and_case_sheet"
GENERAL_CASE = "test_general_case.py::test_general_case_replanned_to_closure"
COUNSELLING = "test_counselling.py::test_counselling_by_keyboard_edit_and_remove"
BACKUP = "test_backup.py::test_restore_the_newest_backup"
APPROVAL = (
    "test_chairman_approval.py::"
    "test_the_chairman_approves_one_plan_prints_the_decision_and_returns_another"
)
FOLLOWUP = "test_case_followup.py::test_referral_services_conference_safety_plan_and_consent"
ATTACHMENTS = "test_attachments.py::test_attach_a_decision_scan_refuse_bad_files_and_remove"
WORKFORCE = "test_workforce.py::test_staff_training_and_a_facility_reach_the_report"
TRANSFER = "test_case_transfer.py::test_a_case_moves_to_another_commune_through_the_office"
# The transfer is walked through the window by tests/ui/test_case_transfer_ui.py (commune A and
# the Sync page); the whole way through the office in one journey is still to be written.
PENDING: set[str] = {TRANSFER}

WALKED_BY = {
    "home": CHILDREN,
    "people": CHILDREN,
    "children": CHILDREN,
    "audit": CHILDREN,
    "settings": REPORT_EXPORT,
    "reports": REPORT_EXPORT,
    "monthly-report": REPORT_EXPORT,
    "sync": REPORT_EXPORT,
    "export": REPORT_EXPORT,
    "import": OFFICE,
    "cases": GENERAL_CASE,
    "correct-case": GENERAL_CASE,  # edit_details and correct_received
    "record-case": CHILD_PROTECTION,
    "counselling": COUNSELLING,
    "restore-backup": BACKUP,
    "approve-plan": APPROVAL,
    "office-targets": "test_office_targets.py::test_office_sets_targets_and_reads_progress",
    "case-followup": FOLLOWUP,
    "attachments": ATTACHMENTS,
    "workforce": WORKFORCE,
    "activities": "test_activities.py::test_an_awareness_class_is_recorded_corrected_and_removed",
    "transfer-case": TRANSFER,
}


def topics(lang: str) -> set[str]:
    return {path.stem for path in resource_path("help", lang).glob("*.html")}


def journey_exists(node: str) -> bool:
    """The journey file exists and defines the test function."""
    file, name = node.split("::")
    path = HERE / file
    if not path.exists():
        return False
    tree = ast.parse(path.read_text("utf-8"))
    return any(isinstance(n, ast.FunctionDef) and n.name == name for n in tree.body)


def test_both_languages_have_the_same_topics():
    assert topics("vi") == topics("en")


def test_every_topic_has_a_journey():
    assert set(WALKED_BY) == topics("vi") | topics("en")


@pytest.mark.parametrize("topic", sorted(WALKED_BY))
def test_the_journey_of_a_topic_exists(topic):
    node = WALKED_BY[topic]
    if node in PENDING and not journey_exists(node):
        pytest.xfail(f"pending: {node} is not written yet")
    assert journey_exists(node), f"{topic}: {node} does not exist"


def test_pending_journeys_are_not_forgotten_once_written():
    written = sorted(node for node in PENDING if journey_exists(node))
    assert not written, f"written now, take them out of PENDING: {written}"
