"""``ctxh case open``: exit 0 prints the new case's code and id, 2 refuses with one line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import test_cli_register as register_cli

ctxh = register_cli.ctxh
demo_db = register_cli.demo_db  # the same small demo database, made once for this module


def _person(db: Path, child: bool) -> str:
    found = json.loads(ctxh("search", str(db), "nguyen", "--limit", "50", "--json").stdout)
    for row in found["results"]:
        born = int((row["birth"] or "0")[:4])
        if row["kind"] == "person" and born and (born >= 2012 if child else born <= 1990):
            return row["id"]
    raise AssertionError("no such person in the demo")


def test_case_open_prints_code_and_id_and_counts_the_12_hours_from_receipt(demo_db):
    out = ctxh(
        "case", "open", str(demo_db), "--person", _person(demo_db, child=True),
        "--kind", "child_protection", "--received-at", "2026-10-20T23:00", "--source",
        "hotline_111", "--problem", "violence", "--emergency", "--level", "support", "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr.decode()
    case = json.loads(out.stdout)
    assert case["step"] == "intake" and case["code"].startswith("2026-")
    assert case["next_deadline"] == {"rule": "emergency_12h", "due": "2026-10-21T11:00"}
    plain = ctxh(
        "case", "open", str(demo_db), "--person", _person(demo_db, child=False),
        "--kind", "general", "--received-at", "2026-10-21T08:00",
    )  # fmt: skip
    assert plain.returncode == 0, plain.stderr.decode()
    code, case_id = plain.stdout.decode().strip().split("\t")
    assert code.startswith("2026-") and len(case_id) > 20


def test_case_open_for_an_adult_as_child_protection_is_refused_in_one_line(demo_db):
    out = ctxh(
        "case", "open", str(demo_db), "--person", _person(demo_db, child=False),
        "--kind", "child_protection", "--received-at", "2026-10-20T23:00",
    )  # fmt: skip
    assert out.returncode == 2
    assert out.stdout == b""
    lines = out.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "Luật Trẻ em 2016, Điều 1" in lines[0]
    assert "Traceback" not in out.stderr.decode()


def test_case_open_with_an_unknown_person_or_bad_moment_is_refused(demo_db):
    unknown = ctxh(
        "case", "open", str(demo_db), "--person", "nobody", "--kind", "general",
        "--received-at", "2026-10-20T23:00",
    )  # fmt: skip
    assert unknown.returncode == 2 and len(unknown.stderr.decode().strip().splitlines()) == 1
    bad = ctxh(
        "case", "open", str(demo_db), "--person", "nobody", "--kind", "general",
        "--received-at", "hôm qua",
    )  # fmt: skip
    assert bad.returncode == 2 and len(bad.stderr.decode().strip().splitlines()) == 1
