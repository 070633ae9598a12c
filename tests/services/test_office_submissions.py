"""The office's submission table: one status per commune-month, every column derived from it; a
quarantined file stops counting once it has been imported."""

from __future__ import annotations

import datetime as dt
import json

from ctxh_desktop.services import exchange, office
from ctxh_desktop.storage import exchange as office_records

TODAY = dt.date(2026, 12, 20)


def _bundle(store, commune: str, created_at: str, sha: str) -> None:
    with store.atomic():
        office_records.record_bundle(
            store,
            {
                "file_sha256": sha,
                "commune": commune,
                "created_at": created_at,
                "imported_at": created_at,
                "status": "accepted",
            },
        )


def test_a_nil_report_on_time_is_not_missing():
    got = office.month_status(["2026-12-02"], "2026-11", 5, TODAY, has_data=False)
    assert got == {"month": "2026-11", "deadline": "on_time", "nil": True}


def test_a_missing_month_is_neither_on_time_nor_nil():
    got = office.month_status(["2026-11-20"], "2026-11", 5, TODAY, has_data=False)
    assert got == {"month": "2026-11", "deadline": "missing", "nil": False}


def test_columns_agree_for_every_commune(office_unit):
    store = office_unit.store
    office.update_expected_communes(office_unit, add=["00004", "00025", "00070"])
    _bundle(store, "00004", "2026-12-02T09:00", "a" * 64)  # nil report for November
    _bundle(store, "00025", "2026-11-20T09:00", "b" * 64)  # data before the month ended only
    with store.atomic():
        office_records.record_coverage(store, "00025", ["2026-11"], "2026-11-20T09:00")
    rows = {r["commune"]: r for r in office.completeness(office_unit, "2026-11", "2026-11", TODAY)}
    for row in rows.values():
        missing = "2026-11" in row["missing_months"]
        assert missing == (row["deadline"] == "missing")
        assert not (missing and row["nil_report"])
        assert not (missing and "2026-11" in row["months_covered"])
        assert row["on_time"] is (row["deadline"] == "on_time")
    assert rows["00004"]["status"] == "complete" and rows["00004"]["nil_report"]
    assert rows["00025"]["status"] == "overdue"
    assert rows["00070"]["status"] == "overdue" and rows["00070"]["deadline"] == "missing"


def test_quarantined_file_stops_counting_once_imported(office_unit):
    folder = exchange.received_folder(office_unit) / "quarantine"
    folder.mkdir(parents=True)
    note = {"sha256": "c" * 64, "commune": "00004", "reason": "unknown_device"}
    (folder / "x.ctxh.json").write_text(json.dumps(note), "utf-8")
    office.update_expected_communes(office_unit, add=["00004"])
    row = office.completeness(office_unit, "2026-11", "2026-11", TODAY)[0]
    assert row["quarantined"] == 1
    _bundle(office_unit.store, "00004", "2026-12-02T09:00", "c" * 64)
    row = office.completeness(office_unit, "2026-11", "2026-11", TODAY)[0]
    assert row["quarantined"] == 0


def test_a_report_not_yet_due_is_pending_not_complete(office_unit):
    office.update_expected_communes(office_unit, add=["00004"])
    row = office.completeness(office_unit, "2026-11", "2026-11", dt.date(2026, 12, 4))[0]
    assert (row["status"], row["deadline"], row["missing_months"]) == ("pending", "pending", [])
