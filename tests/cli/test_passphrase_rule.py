"""The one passphrase rule (at least 10 characters; the office key passphrase apart and different)
at every command that sets a passphrase: exit 2, one line, nothing created or changed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GOOD = "mật khẩu đủ dài"
SHORT = "ngắn-9-kt"  # nine characters


def ctxh(*args: str, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "CTXH_PASSPHRASE": GOOD, **env}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=full
    )


def refused(out: subprocess.CompletedProcess, words: str) -> None:
    err = out.stderr.decode().strip()
    assert out.returncode == 2, err
    assert words in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_init_and_demo_refuse_a_short_passphrase(tmp_path):
    refused(ctxh("init", str(tmp_path / "a.db"), "--commune", "00004", CTXH_PASSPHRASE=SHORT), "10")
    refused(ctxh("demo", str(tmp_path / "b.db"), CTXH_PASSPHRASE=SHORT), "10")
    assert not list(tmp_path.glob("*.db"))


def test_passphrase_and_recover_refuse_a_short_new_one(tmp_path):
    db = tmp_path / "x.db"
    out = ctxh("init", str(db), "--commune", "00004")
    assert out.returncode == 0, out.stderr.decode()
    before = (db.with_name("x.db.keys")).read_bytes()
    refused(ctxh("passphrase", str(db), CTXH_NEW_PASSPHRASE=SHORT), "10")
    refused(ctxh("recover", str(db), CTXH_RECOVERY_CODE="X", CTXH_NEW_PASSPHRASE=SHORT), "10")
    assert db.with_name("x.db.keys").read_bytes() == before


@pytest.mark.parametrize(
    ("key", "words"), [(SHORT, "10"), (GOOD, "khác mật khẩu dữ liệu")], ids=["short", "same"]
)
def test_office_init_wants_its_own_key_passphrase(tmp_path, key, words):
    out = ctxh(
        "office", "init", str(tmp_path / "so.db"), "--unit", "08", "--name", "Sở Y tế",
        "--config-out", str(tmp_path / "cfg.ctxhcfg"), CTXH_KEY_PASSPHRASE=key,
    )  # fmt: skip
    refused(out, words)
    assert not (tmp_path / "so.db").exists() and not (tmp_path / "cfg.ctxhcfg").exists()
