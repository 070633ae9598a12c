"""Data-protection commands: recovery code, passphrase change, audit verify, backup and restore."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from ctxh_desktop.services import session as sessions

PASS = "mật khẩu ban đầu"


def ctxh(*args: str, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "CTXH_PASSPHRASE": PASS, **env}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=full
    )


def test_recovery_code_opens_after_the_passphrase_is_lost(tmp_path):
    db = tmp_path / "xa.db"
    out = ctxh("init", str(db), "--commune", "00004")
    assert out.returncode == 0
    code = re.search(r"([A-Z2-9]{5}(?:-[A-Z2-9]{5}){5})", out.stdout.decode()).group(1)
    assert (
        ctxh(
            "recover", str(db), CTXH_RECOVERY_CODE="WRONG-CODE", CTXH_NEW_PASSPHRASE="x" * 10
        ).returncode
        == 2
    )
    assert (
        ctxh(
            "recover", str(db), CTXH_RECOVERY_CODE=code, CTXH_NEW_PASSPHRASE="mật khẩu mới dài"
        ).returncode
        == 0
    )
    assert ctxh("stats", str(db), "--json").returncode == 2  # the old passphrase no longer opens it
    assert ctxh("stats", str(db), "--json", CTXH_PASSPHRASE="mật khẩu mới dài").returncode == 0


def test_passphrase_change(tmp_path):
    db = tmp_path / "xa.db"
    assert ctxh("init", str(db), "--commune", "00004").returncode == 0
    assert ctxh("passphrase", str(db), CTXH_NEW_PASSPHRASE="ngắn").returncode == 2
    assert ctxh("passphrase", str(db), CTXH_NEW_PASSPHRASE="một mật khẩu khác").returncode == 0
    assert ctxh("stats", str(db), "--json", CTXH_PASSPHRASE="một mật khẩu khác").returncode == 0


def test_audit_verify_detects_an_edited_row(tmp_path):
    db = tmp_path / "demo.db"
    assert ctxh("demo", str(db)).returncode == 0
    out = ctxh("audit", "verify", str(db))
    assert out.returncode == 0, out.stderr.decode()
    s = sessions.open_session(db, PASS)
    s.store.db.execute("UPDATE audit_log SET user = 'khác' WHERE seq = 2")
    s.close()
    out = ctxh("audit", "verify", str(db))
    assert out.returncode == 2
    assert "mục số 2" in out.stderr.decode()


def test_viewer_account_cannot_change_data_from_the_command_line(tmp_path):
    db = tmp_path / "demo.db"
    assert ctxh("demo", str(db)).returncode == 0
    out = ctxh(
        "user",
        str(db),
        "lan",
        "--name",
        "Lê Thị Lan",
        "--role",
        "collaborator",
        CTXH_USER="chutich",
        CTXH_USER_PASSWORD="mật khẩu lan",
    )
    assert out.returncode == 2 and "quản trị" in out.stderr.decode()
    assert ctxh("backup", str(db), CTXH_USER="chutich").returncode == 2
    assert ctxh("stats", str(db), "--json", CTXH_USER="chutich").returncode == 0


def test_backup_then_restore_starts_a_new_epoch(tmp_path):
    db = tmp_path / "demo.db"
    assert ctxh("demo", str(db)).returncode == 0
    out = ctxh("backup", str(db), "--to", str(tmp_path / "usb"))
    assert out.returncode == 0
    saved = out.stdout.decode().strip()
    out = ctxh("restore", str(db), saved)
    assert out.returncode == 0, out.stderr.decode()
    assert "1" in out.stdout.decode()
    s = sessions.open_session(db, PASS)
    assert s.store.epoch == 1
    s.close()
