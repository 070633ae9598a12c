"""``ctxh init --centre``: a social-work centre's database, set up from its province and name."""

from __future__ import annotations

import json
import subprocess
import sys


def ctxh(*args: str) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "CTXH_PASSPHRASE": "mật khẩu của trung tâm"}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=env
    )


def test_init_centre_records_under_its_centre_code(tmp_path):
    db = tmp_path / "centre.db"
    name = "Trung tâm Công tác xã hội tỉnh Cao Bằng"
    out = ctxh("init", str(db), "--centre", "04", "--name", name)
    assert out.returncode == 0, out.stderr.decode()
    assert name in out.stdout.decode()
    scope = json.loads(ctxh("stats", str(db), "--json").stdout)["scope"]
    assert (scope["commune"], scope["commune_name"]) == ("ttxh-04-01", name)


def test_init_centre_refuses_a_bad_province_or_no_name_in_one_line(tmp_path):
    for args in (
        ("--centre", "99", "--name", "Trung tâm"),
        ("--centre", "04"),
        ("--centre", "04", "--name", "Trung tâm", "--number", "100"),
        ("--commune", "00004", "--name", "Trung tâm"),
    ):
        out = ctxh("init", str(tmp_path / "x.db"), *args)
        assert out.returncode == 2, args
        assert len(out.stderr.decode().strip().splitlines()) == 1, args
        assert not (tmp_path / "x.db").exists()


def test_an_office_lists_a_centre_and_counts_it_alone(tmp_path):
    from ctxh_desktop.services import exchange
    from ctxh_desktop.storage import keyfile

    db = tmp_path / "office.db"
    created = exchange.create_office(
        db, "mật khẩu của trung tâm", "khóa của đơn vị", unit_code="01",
        unit_name="Sở Y tế Hà Nội", kdf=keyfile.FAST_KDF,
    )  # fmt: skip
    with created.session.store.atomic():
        created.session.store.insert("person", {"commune": "ttxh-01-01", "full_name": "N.T.H."})
    created.session.close()
    out = ctxh("office", "communes", str(db), "--add", "ttxh-01-01", "--json")
    assert out.returncode == 0, out.stderr.decode()
    listed = {r["commune"]: r["name"] for r in json.loads(out.stdout)}
    assert listed["ttxh-01-01"] == "Trung tâm Công tác xã hội thành phố Hà Nội"
    refused = ctxh("office", "communes", str(db), "--add", "ttxh-99-01")
    assert refused.returncode == 2 and len(refused.stderr.decode().strip().splitlines()) == 1
    stats = json.loads(ctxh("stats", str(db), "--commune", "ttxh-01-01", "--json").stdout)
    assert stats["scope"]["commune"] == "ttxh-01-01" and stats["counts"]["people"] == 1
