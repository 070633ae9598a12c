"""The synced columns' schema: a received value is kept only when a commune's form could have
saved it, and a refusal names table, row id and field on one line."""

from __future__ import annotations

import json

import pytest

from ctxh_desktop.core import column_schema
from ctxh_desktop.core.errors import UserError

PLAN = {
    "objectives": ["Đi học lại"],
    "activities": [{"what": "Thăm nhà", "who": "Cán bộ", "start": "2026-01-05", "end": None}],
    "timeframe": "3 tháng",
    "providers": [],
    "needs_domains": ["health"],
    "history": [{"objectives": "Cũ", "activities": [{"what": "x", "who": "y", "when": "sớm"}]}],
    "stage_at": "2026-01-05T08:00",
}

GOOD = [
    ("person", "full_name", "Nguyễn Văn An"),
    ("person", "birth_date", "2015-03"),
    ("person", "phone", "0912345678"),
    ("person", "id_number", "001203004005"),
    ("person", "target_groups", '["children", "poor"]'),
    ("case_file", "problem_types", '["violence"]'),
    ("case_file", "plan", json.dumps(PLAN)),
    ("case_file", "plan", None),
    (
        "case_file",
        "plan",
        json.dumps(
            {
                **PLAN,
                "decision": {"number": "12/QĐ-UBND", "date": "2026-10-09", "on_paper": False},
                "returns": [{"at": "2026-10-08T09:00", "by": None, "reason": "Thiếu nguồn lực"}],
                "adjustments": [{"at": "2026-11-02T10:00", "summary": "Thêm buổi thăm"}],
            }
        ),
    ),
    ("case_file", "separation_decision", '{"number": "3/QĐ", "date": "2026-10-09"}'),
    (
        "case_event",
        "correction",
        '{"at": ["2026-10-01T08:00", "2026-10-01T07:00"], "reason": "Sai giờ"}',
    ),
    ("case_file", "received_at", "2026-01-05T08:30"),
    ("child_support", "month", "2026-01"),
    ("child_support", "amount", 1_500_000),
    ("consultation", "duration_min", None),
    ("service_provider", "phone", "111"),
    ("person", "modified_at", "2026-01-05T08:30:12"),
]

BAD = [
    ("child_support", "amount", "abc"),
    ("child_support", "amount", float("inf")),
    ("child_support", "amount", -1),
    ("child_support", "amount", 10_000_000_001),
    ("child_support", "kind", "gold_bars"),
    ("child_support", "month", "2026-13"),
    ("child_support", "given_on", "31/02/2026"),
    ("child_support", "given_on", "2026-02-31"),
    ("consultation", "group_size", "many"),
    ("consultation", "group_size", 0),
    ("consultation", "duration_min", 601),
    ("consultation", "channel", "telepathy"),
    ("consultation", "at", "yesterday"),
    ("case_file", "problem_types", "["),
    ("case_file", "problem_types", '["a"]'),
    ("case_file", "problem_types", '{"violence": 1}'),
    ("case_file", "plan", "{{{"),
    ("case_file", "plan", '{"decision": "abc"}'),
    ("case_file", "plan", '{"returns": [{"reason": {"x": 1}}]}'),
    ("case_file", "separation_decision", '["3/QĐ"]'),
    ("case_file", "plan", "[1, 2]"),
    ("case_file", "plan", '{"activities": "many"}'),
    ("case_file", "plan", '{"activities": [{"what": "x", "start": "soon"}]}'),
    ("case_file", "plan", '{"objectives": ["a\\u0001"]}'),
    ("case_file", "step", "limbo"),
    ("case_file", "received_at", None),
    ("case_file", "code", "2026\x01"),
    ("case_file", "code", "x" * 41),
    ("case_file", "related_person_ids", "[1, 2]"),
    ("person", "full_name", "x" * 200_000),
    ("person", "full_name", "Nguyễn\x01Văn"),
    ("person", "full_name", ""),
    ("person", "full_name", 42),
    ("person", "gender", "robot"),
    ("person", "birth_date", "2026-02-30"),
    ("person", "phone", "12345"),
    ("person", "id_number", "999999999999"),
    ("person", "address_commune", "99999"),
    ("person", "consent_share", 2),
    ("person", "notes", "n" * 4001),
    ("person", "rev", 2**63),
    ("person", "deleted", True),
    ("person", "created_at", "Monday"),
    ("child_profile", "groups", '["zz"]'),
    ("referral", "status", "lost"),
]


@pytest.mark.parametrize(("table", "field", "value"), GOOD)
def test_a_value_a_form_could_save_is_kept(table, field, value):
    column_schema.check_stored_row(table, {"id": "r1", "commune": "00004", field: value})


@pytest.mark.parametrize(("table", "field", "value"), BAD)
def test_a_value_no_form_could_save_is_refused_naming_table_row_and_field(table, field, value):
    with pytest.raises(UserError) as info:
        column_schema.check_stored_row(table, {"id": "r1", "commune": "00004", field: value})
    message = str(info.value)
    assert f"bảng {table}, dòng r1, trường {field}:" in message
    assert "\n" not in message and len(message) < 300


def test_a_row_id_with_control_characters_is_shown_on_one_line():
    with pytest.raises(UserError) as info:
        column_schema.check_stored_row("person", {"id": "a\nb\x01", "full_name": 1})
    assert "\n" not in str(info.value) and "a?b?" in str(info.value)


def test_every_synced_column_has_a_rule(tmp_path):
    """Every column of a synced table, as the migrations leave it, has its rule."""
    from ctxh_desktop.storage.driver import connect
    from ctxh_desktop.storage.migrations import migrate
    from ctxh_desktop.storage.schema import COMMON_COLUMNS, SYNCED_TABLES

    common = {line.split()[0] for line in COMMON_COLUMNS.strip().splitlines()}
    assert set(column_schema.COMMON) == common
    db = connect(tmp_path / "schema.db", b"k" * 32)
    migrate(db)
    for table in SYNCED_TABLES:
        own = {column.name for column in db[table].columns} - common
        assert set(column_schema.COLUMNS[table]) == own, table
