"""``ctxh office targets``: add, list, remove, load the example plan, progress; exit 0 / 2."""

from __future__ import annotations

import json

from test_office_tools import KEYPASS, PASS, ctxh, ok, refused


def test_office_targets_command(tmp_path, new_office):
    db = tmp_path / "office.db"
    new_office(db, passphrase=PASS, key_passphrase=KEYPASS).session.close()
    target = ok(
        ctxh(
            "office",
            "targets",
            db,
            "--add",
            "consultation_persons",
            "--year",
            "2026",
            "--increase",
            "20",
            "--base-year",
            "2025",
            "--source",
            "Kế hoạch 12/KH",
        )
    )
    listed = json.loads(ok(ctxh("office", "targets", db, "--year", "2026", "--json")))
    assert [(t["id"], t["kind"], t["value"]) for t in listed] == [(target.strip(), "increase", 20)]
    err = refused(
        ctxh("office", "targets", db, "--add", "nonsense", "--year", "2026", "--value", "5")
    )
    assert "chỉ tiêu" in err
    refused(
        ctxh(
            "office", "targets", db, "--add", "interventions", "--year", "2026", "--increase", "20"
        )
    )  # a rise needs its base year
    assert ok(ctxh("office", "targets", db, "--load-example")).strip() == "4"  # one was there
    progress = json.loads(ok(ctxh("office", "targets", db, "--progress", "2026-06", "--json")))
    assert {p["to_month"] for p in progress} == {"2026-06"} and len(progress) == 4
    ok(ctxh("office", "targets", db, "--remove", target.strip()))
    refused(ctxh("office", "targets", db, "--remove", target.strip()))
    assert len(json.loads(ok(ctxh("office", "targets", db, "--json")))) == 4
