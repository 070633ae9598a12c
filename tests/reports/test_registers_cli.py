"""``ctxh report registers``: the commune's registers as one workbook, written only where asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from openpyxl import load_workbook


def ctxh(*args):
    env = {**os.environ, "CTXH_PASSPHRASE": "demo"}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=env
    )


def test_registers_workbook_matches_the_figures(tmp_path):
    db = tmp_path / "x.db"
    assert ctxh("demo", str(db), "--as-of", "2026-11-01").returncode == 0
    out = tmp_path / "so-theo-doi.xlsx"
    assert ctxh("report", "registers", str(db), "--out", str(out)).returncode == 0
    counts = json.loads(ctxh("stats", str(db), "--json").stdout)["counts"]
    wb = load_workbook(out)
    assert wb.sheetnames == ["Người dân", "Hồ sơ ca", "Tư vấn", "Trẻ em HCĐB", "Hỗ trợ trẻ em"]
    assert wb["Người dân"].max_row - 1 == counts["people"]
    assert wb["Tư vấn"].max_row - 1 == counts["consultations"]
    assert wb["Hỗ trợ trẻ em"].max_row - 1 == counts["child_supports"]
    assert all(ws.freeze_panes == "A2" for ws in wb)
    assert wb["Hỗ trợ trẻ em"]["D2"].number_format == "#,##0"
    assert ctxh("report", "registers", str(db), "--out", str(tmp_path / "x.pdf")).returncode == 2
    log = json.loads(ctxh("audit", "list", str(db), "--action", "export_report", "--json").stdout)
    assert log and "so-theo-doi.xlsx" in log[0]["detail"]
