"""At an office: every office command run as a read-only account (viewer) is refused with exit 2
and one line, leaving the database as it was; and after a real import every file the commands wrote
(database, keys, config, received copy, backups, log) is its owner's alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_cli_exchange import ctxh, ok, setup  # noqa: F401  (the office, its commune, enrolled)

VIEWER = {"CTXH_USER": "xem", "CTXH_USER_PASSWORD": "mật khẩu người xem"}

REFUSED = (
    ("import", "{office}", "{d}/b.ctxh"),
    ("office", "enrol", "{office}", "{d}/enrol.json", "--fingerprint", "ABCDEFGHIJ"),
    ("office", "receipt", "{office}", "--device", "x", "--out", "{d}/r.bin"),
    ("office", "rotate", "{office}", "--config-out", "{d}/new.json"),
    ("office", "revoke", "{office}", "--device", "x"),
    ("office", "restore", "{office}", "--device", "x", "--out", "{d}/back.ctxh"),
    ("office", "enrolment", "{office}", "--out", "{d}/up.json"),
    ("office", "forward", "{office}", "--out", "{d}/fw.ctxh"),
    ("office", "communes", "{office}", "--add", "00007"),
    ("office", "lower-offices", "{office}", "--allow"),
    ("office", "purge", "{office}", "--device", "x"),
    ("office", "age-identity", "{office}", "--out", "{d}/age.txt"),
    ("office", "recover-key", "{office}", "--sheet", "{d}/recovery.txt"),
    ("backup", "{office}"),
    ("user", "{office}", "khac", "--name", "Khác", "--role", "admin"),
)


@pytest.fixture(scope="module")
def imported(setup):  # noqa: F811
    d, office, commune = setup
    ok(ctxh("export", commune, "--out", d / "b.ctxh", "--full"))
    ok(ctxh("import", office, d / "b.ctxh"))
    ok(ctxh("user", office, "quantri", "--name", "Quản trị", "--role", "admin",
            env={"CTXH_USER_PASSWORD": "mật khẩu quản trị"}))  # fmt: skip
    ok(ctxh("user", office, "xem", "--name", "Người xem", "--role", "viewer",
            env={"CTXH_USER_PASSWORD": VIEWER["CTXH_USER_PASSWORD"]}))  # fmt: skip
    return d, office


@pytest.mark.parametrize("command", REFUSED, ids=lambda c: " ".join(c[:2]))
def test_a_viewer_at_the_office_is_refused_every_office_command(imported, command):
    d, office = imported
    before = office.read_bytes()
    args = [a.format(office=office, d=d) for a in command]
    out = ctxh(*args, env={**VIEWER, "CTXH_NEW_KEY_PASSPHRASE": "khóa mới rất dài"})
    err = out.stderr.decode().strip()
    assert out.returncode == 2, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert any(w in err for w in ("quyền", "không được", "quản trị", "Chỉ")), err
    assert office.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_every_file_the_office_commands_wrote_is_its_owners_alone(imported):
    d, _office = imported
    home = Path(os.environ["CTXH_HOME"])
    files = [p for p in [*d.rglob("*"), *home.rglob("*")] if p.is_file()]
    assert any(p.suffix == ".ctxh" for p in files)
    loose = [p for p in files if stat.S_IMODE(p.stat().st_mode) != 0o600]
    assert loose == [], loose
