"""Kill tests for the exchange: an import killed at any moment leaves the office database exactly
as before or exactly as after (never half); an export killed at any moment never leaves a partial
bundle under a final name (every ``.ctxh`` file there opens and verifies).

What this proves: each import is one transaction and bundles are written to a temporary name,
fsynced, then renamed. It does not simulate a power cut (see test_kill.py).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ctxh_desktop.services import exchange, session
from ctxh_desktop.storage import keyfile
from ctxh_desktop.sync import bundle, keys

HERE = Path(__file__).parent
PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"
TABLES = ("person", "case_file", "case_event", "consultation", "child_support", "bundle_received")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killx")
    created = exchange.create_office(
        folder / "office.db",
        PASS,
        KEYPASS,
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )
    office = created.session
    (folder / "config.json").write_bytes(created.config)
    commune = session.create_demo_database(folder / "xa.db", commune="00004", scale="commune")
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(folder / "config.json"))
    exchange.trust_office(commune, folder / "config.json", fp)
    efp = exchange.write_enrolment(commune, folder / "enrol.json")
    exchange.enrol_device(office, folder / "enrol.json", efp)
    snapshot = exchange.export(commune, folder, full=True).path
    commune.close()
    office.close()
    done = folder / "done"
    done.mkdir()
    for suffix in ("", ".keys"):
        shutil.copyfile(str(folder / "office.db") + suffix, str(done / "office.db") + suffix)
    complete = session.open_session(done / "office.db", PASS)
    assert exchange.import_files(complete, [snapshot], KEYPASS)[0].status == "accepted"
    complete.close()
    return folder, snapshot, _counts(done / "office.db")


def _counts(db: Path) -> tuple:
    s = session.open_session(db, PASS)
    try:
        assert s.store.integrity_ok()
        return tuple(s.store.scalar(f"SELECT count(*) FROM {t}") for t in TABLES)
    finally:
        s.close()


def _run(args: list[str], delay: float) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "kill_exchange_workload.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(HERE.parent.parent)},
    )
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    return out.decode().split()


def _import_rounds(world, tmp_path, rounds: int, seed: int) -> dict:
    folder, snapshot, after = world
    rng = random.Random(seed)
    outcomes = {"before": 0, "after": 0}
    for _ in range(rounds):
        db = tmp_path / "office.db"
        for suffix in ("", ".keys"):
            shutil.copyfile(str(folder / "office.db") + suffix, str(db) + suffix)
        before = _counts(db)
        said = _run(["import", str(db), str(snapshot)], rng.uniform(0.0, 2.5))
        now = _counts(db)
        if now == before:
            outcomes["before"] += 1
            assert "done" not in said
        else:
            assert now == after  # never a half-applied file
            outcomes["after"] += 1
    return outcomes


def test_killed_import_is_all_or_nothing(world, tmp_path):
    outcomes = _import_rounds(world, tmp_path, rounds=4, seed=1)
    assert sum(outcomes.values()) == 4


def test_killed_export_leaves_no_partial_bundle(world, tmp_path):
    folder, _snapshot, _after = world
    out = tmp_path / "out"
    out.mkdir()
    for suffix in ("", ".keys"):
        shutil.copyfile(str(folder / "xa.db") + suffix, str(tmp_path / "xa.db") + suffix)
    for delay in (0.3, 1.1, 1.9):
        _run(["export", str(tmp_path / "xa.db"), str(out)], delay)
    finals = list(out.glob("*.ctxh"))
    office = session.open_session(folder / "office.db", PASS)
    ids = exchange.unlock_office(office, KEYPASS)
    try:
        for path in finals:
            bundle.open_bundle(
                path.read_bytes(), ids, exchange.device_lookup(office), max_schema=99
            )
    finally:
        office.close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_killed_import_full(world, tmp_path):
    outcomes = _import_rounds(world, tmp_path, rounds=100, seed=2)
    print(
        f"import kills={sum(outcomes.values())} before={outcomes['before']} after={outcomes['after']}"
    )
