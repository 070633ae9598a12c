"""The command-line contract for init, demo, stats, search and todo (exit codes, JSON shapes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ctxh_desktop.cli import main
from ctxh_desktop.core.text import fold

AS_OF = "2026-11-01"


def ctxh(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    full_env = {**os.environ, "CTXH_PASSPHRASE": "demo", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=full_env
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "x.db"
    out = ctxh("demo", str(path), "--scale", "small", "--seed", "1", "--as-of", AS_OF)
    assert out.returncode == 0, out.stderr.decode()
    return path


def test_stats_json_shape_and_non_zero_figures(demo_db):
    out = ctxh("stats", str(demo_db), "--json")
    assert out.returncode == 0, out.stderr.decode()
    assert b"\\u" not in out.stdout  # real characters, not escapes
    data = json.loads(out.stdout)
    assert set(data) == {"scope", "counts"}
    assert data["scope"]["commune"] == "00004"
    assert all(isinstance(v, str) for v in data["scope"]["period"].values())
    counts = data["counts"]
    assert all(isinstance(v, int) and v >= 0 for v in counts.values())
    for key in ("people", "consultations", "children", "child_supports", "cases_open"):
        assert counts[key] > 0, key
    assert len([k for k in counts if k.startswith("cases_by_step.")]) >= 3
    # the demo's collaborator and civil servant, trained, and its provincial social-work centre
    assert counts["staff"] == 2 and counts["collaborators"] == 1
    assert counts["staff_trained_ever"] == 2 and counts["staff_certified"] == 1
    assert counts["providers_sw"] == 1 and counts["providers_sw_by_kind.public"] == 1


def test_demo_is_deterministic(demo_db, tmp_path):
    other = tmp_path / "y.db"
    assert (
        ctxh("demo", str(other), "--scale", "small", "--seed", "1", "--as-of", AS_OF).returncode
        == 0
    )
    first = json.loads(ctxh("stats", str(demo_db), "--json").stdout)
    second = json.loads(ctxh("stats", str(other), "--json").stdout)
    assert first == second
    people_a = json.loads(ctxh("search", str(demo_db), "thi", "--limit", "50", "--json").stdout)
    people_b = json.loads(ctxh("search", str(other), "thi", "--limit", "50", "--json").stdout)
    assert [r["name"] for r in people_a["results"]] == [r["name"] for r in people_b["results"]]


def test_month_stats_are_a_subset_of_all_time(demo_db):
    month = json.loads(ctxh("stats", str(demo_db), "--month", "2026-10", "--json").stdout)
    total = json.loads(ctxh("stats", str(demo_db), "--json").stdout)
    assert month["scope"]["period"]["from"] == "2026-10-01"
    assert 0 < month["counts"]["consultations"] <= total["counts"]["consultations"]


def test_stats_carry_every_figure_of_the_indicator_table(demo_db):
    from ctxh_desktop.core.indicator_table import INDICATORS

    counts = json.loads(ctxh("stats", str(demo_db), "--month", "2026-10", "--json").stdout)[
        "counts"
    ]
    assert {i.key for i in INDICATORS} <= set(counts)  # keys are only ever added
    assert counts["interventions"] >= counts["cases_new"]
    assert counts["consultation_persons"] <= counts["consultation_people"]
    assert any(k.startswith("consultation_persons_by_channel.") for k in counts)


def test_search_without_diacritics_finds_the_person_first(demo_db):
    listing = json.loads(ctxh("search", str(demo_db), "đ", "--limit", "200", "--json").stdout)
    names = [r["name"] for r in listing["results"] if r["kind"] == "person" and "Đ" in r["name"]]
    assert names, "the demo has names with Đ"
    target = names[0]
    out = ctxh("search", str(demo_db), fold(target), "--json")
    results = json.loads(out.stdout)["results"]
    assert results[0]["name"] == target
    assert set(results[0]) == {"kind", "id", "name", "birth", "commune", "score"}


def test_wrong_passphrase_exits_2_with_one_vietnamese_line(demo_db):
    before = demo_db.read_bytes()
    out = ctxh("stats", str(demo_db), "--json", env={"CTXH_PASSPHRASE": "sai"})
    assert out.returncode == 2
    assert out.stderr.decode().strip() == "Mật khẩu không đúng."
    assert demo_db.read_bytes() == before


def test_bad_values_exit_2(demo_db, tmp_path):
    assert ctxh("stats", str(demo_db), "--month", "2026-13", "--json").returncode == 2
    assert ctxh("todo", str(demo_db), "--at", "hôm qua", "--json").returncode == 2
    assert ctxh("init", str(tmp_path / "n.db"), "--commune", "99999").returncode == 2
    assert ctxh("stats", str(tmp_path / "missing.db"), "--json").returncode == 2
    assert ctxh("demo", str(demo_db)).returncode == 2  # never overwrites


def test_init_creates_an_encrypted_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CTXH_PASSPHRASE", "một mật khẩu dài")
    assert main(["init", str(tmp_path / "new.db"), "--commune", "00004"]) == 0
    out = capsys.readouterr().out
    assert "Mã khôi phục" in out
    assert main(["stats", str(tmp_path / "new.db"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["people"] == 0


def test_todo_lists_due_items_most_urgent_first(demo_db):
    out = ctxh("todo", str(demo_db), "--at", "2026-11-01T17:00", "--json")
    assert out.returncode == 0, out.stderr.decode()
    items = json.loads(out.stdout)
    assert items and set(items[0]) == {"case_id", "case_code", "rule", "due", "overdue"}
    overdue = [i["overdue"] for i in items]
    assert overdue == sorted(overdue, reverse=True)
