"""Kill tests: a writer killed with SIGKILL at random moments never loses a record it reported
saved, and never leaves a damaged database.

What this proves: the commit protocol (SQLite WAL, one transaction per saved record) survives the
process dying at any instant. It does not simulate a power cut, which would also lose what the
operating system had not yet written; that case rests on ``synchronous=FULL``, checked here too.
Reduced count by default; ``pytest -m slow tests/reliability`` runs the full 100 kills.
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

from ctxh_desktop.services import session as sessions
from ctxh_desktop.storage.store import DEMO_PASSPHRASE, Store

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("kill") / "base.db"
    s = sessions.create_demo_database(path, scale="small", seed=5)
    s.close()
    return path


def _kill_rounds(base_db: Path, folder: Path, rounds: int, seed: int) -> dict:
    rng = random.Random(seed)
    db = folder / "k.db"
    for suffix in ("", ".keys"):
        shutil.copyfile(str(base_db) + suffix, str(db) + suffix)
    saved: list[tuple[str, str]] = []
    for round_ in range(rounds):
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "kill_workload.py"), str(db), str(round_)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(HERE.parent.parent)},
        )
        time.sleep(rng.uniform(0.6, 1.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in out.decode().splitlines():
            parts = line.split()
            if len(parts) == 2:
                saved.append((parts[0], parts[1]))
    store = Store.open(db, DEMO_PASSPHRASE)
    try:
        assert store.integrity_ok()
        assert store.scalar("PRAGMA synchronous") == 2
        missing = [
            (t, i)
            for t, i in saved
            if not store.scalar(f"SELECT count(*) FROM {t} WHERE id = ?", [i])
        ]
    finally:
        store.close()
    return {"kills": rounds, "saved": len(saved), "missing": missing}


def test_killed_writer_loses_nothing_reported_saved(base_db, tmp_path):
    result = _kill_rounds(base_db, tmp_path, rounds=6, seed=1)
    assert result["saved"] > 0
    assert result["missing"] == []


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_killed_writer_loses_nothing_full(base_db, tmp_path):
    result = _kill_rounds(base_db, tmp_path, rounds=100, seed=2)
    print(f"kills={result['kills']} saved={result['saved']} missing={len(result['missing'])}")
    assert result["missing"] == []
