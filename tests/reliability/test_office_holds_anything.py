"""The office never fails on what it holds: values that reached office databases before every
received value was checked against its column (or that a damaged copy holds) are written straight
into an office database, and every report and command still runs (exit 0): long text wrapped or
cut, unknown codes shown as codes, bad numbers and JSON shown as "—" or as the raw text."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_commands import EVERY_MONTH, REPORTS

from ctxh_desktop.cli import main
from ctxh_desktop.services import exchange, office, reporting, session

HUGE = "Nguyễn Văn " * 300_000  # 3.3 MB
CONTROL = "Nguyễn\x01Văn\x00An\x1b[31m"

#: ``(table, column, value)``: everything the importer let through before it checked columns.
POISON = [
    ("child_support", "amount", "abc"),
    ("child_support", "amount", float("inf")),
    ("child_support", "amount", -5),
    ("child_support", "amount", 2**63 - 1),
    ("child_support", "month", "2026-13"),
    ("child_support", "month", "tháng trước"),
    ("child_support", "kind", "gold_bars"),
    ("child_support", "source", CONTROL),
    ("consultation", "group_size", "many"),
    ("consultation", "group_size", -3),
    ("consultation", "duration_min", "x"),
    ("consultation", "at", "yesterday"),
    ("consultation", "channel", "telepathy"),
    ("consultation", "topics", "["),
    ("consultation", "topics", '[1, {"a": 2}]'),
    ("consultation", "summary", HUGE),
    ("case_file", "problem_types", "["),
    ("case_file", "problem_types", '{"violence": 1}'),
    ("case_file", "plan", "{{{"),
    ("case_file", "plan", "[1, 2]"),
    ("case_file", "plan", '{"activities": "many", "objectives": 5}'),
    ("case_file", "plan", '{"activities": [1, null, {"what": 7, "start": "soon"}]}'),
    ("case_file", "code", "2026\x01\x0b"),
    ("case_file", "code", HUGE),
    ("case_file", "step", "limbo"),
    ("case_file", "kind", "weird"),
    ("case_file", "status", "lost"),
    ("case_file", "received_at", "yesterday"),
    ("case_file", "risk_level", CONTROL),
    ("case_file", "related_person_ids", "{"),
    ("case_file", "summary", HUGE),
    ("case_file", "emergency", "yes"),
    ("case_event", "at", "never"),
    ("case_event", "kind", "explosion"),
    ("case_event", "summary", HUGE),
    ("person", "full_name", HUGE),
    ("person", "full_name", CONTROL),
    ("person", "full_name", ""),
    ("person", "birth_date", "abc"),
    ("person", "birth_date", "2026-02-31"),
    ("person", "gender", "robot"),
    ("person", "target_groups", "["),
    ("person", "target_groups", '{"a": 1}'),
    ("person", "address_commune", "99999\x01"),
    ("person", "consent_share", "maybe"),
    ("child_profile", "groups", "["),
    ("child_profile", "groups", '["zz", 3]'),
    ("child_profile", "status", "elsewhere"),
    ("child_profile", "registered_on", "x"),
    ("service_provider", "name", HUGE),
    ("referral", "status", "lost"),
]


@pytest.fixture(scope="module")
def poisoned(setup, tmp_path_factory) -> Path:
    """A copy of the office, the good snapshot imported, then every poison written through
    storage (as old data would sit there), each on rows of its own."""
    folder = tmp_path_factory.mktemp("poisoned")
    good = folder / "good.ctxh"
    good.write_bytes(setup["good"])
    db = folder / "office.db"
    setup["copy_to"](db)
    s = session.open_session(db, setup["pass"])
    try:
        [result] = exchange.import_files(s, [good], setup["keypass"])
        assert result.status == "accepted", result.message
        offsets: dict[str, int] = {}
        with s.store.atomic():
            for table, column, value in POISON:
                k = offsets[table] = offsets.get(table, -1) + 1
                unique = " || rowid" if column == "code" else ""  # one code per case
                s.store.db.execute(
                    f"UPDATE {table} SET {column} = ?{unique}, rev = rev + 1 WHERE rowid IN"
                    f" (SELECT rowid FROM {table} ORDER BY rowid DESC LIMIT 2 OFFSET ?)",
                    [value, 2 * k],
                )
    finally:
        s.close()
    return db


@pytest.fixture
def cli_env(setup, monkeypatch):
    monkeypatch.setenv("CTXH_PASSPHRASE", setup["pass"])
    monkeypatch.setenv("CTXH_KEY_PASSPHRASE", setup["keypass"])
    monkeypatch.delenv("CTXH_DEBUG", raising=False)


COMMANDS = [
    *REPORTS,
    ["stats", "{db}", *EVERY_MONTH, "--json"],
    [
        "report",
        "monthly",
        "{db}",
        "--from",
        "2020-01",
        "--to",
        "2030-12",
        "--commune",
        "00004",
        "--out",
        "{out}.pdf",
    ],
    ["report", "registers", "{db}", "--out", "{out}.xlsx"],
    ["office", "duplicates", "{db}", "--json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_every_command_runs_on_an_office_holding_every_bad_value(
    poisoned, command, cli_env, tmp_path, capsys
):
    args = [a.format(db=poisoned, out=tmp_path / "out") for a in command]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 0, err


def test_the_case_sheet_and_the_office_views_render_every_bad_value(setup, poisoned):
    s = session.open_session(poisoned, setup["pass"])
    try:
        poisoned_cases = "SELECT id FROM case_file ORDER BY rowid DESC LIMIT 60"
        for case_id in s.store.db.execute(poisoned_cases).fetchall():
            assert reporting.case_sheet(s, case_id[0]).startswith(b"%PDF")
        office.home_figures(s)
        office.office_overview(s, "2020-01", "2030-12")
        office.completeness(s, "2020-01", "2030-12")
        assert office.commune_records(s, "00004")
        office.cross_commune_duplicates(s)
    finally:
        s.close()
