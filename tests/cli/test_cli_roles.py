"""Every command of a commune database run as the chairman's read-only account (``viewer``): what
he may do (read, count, print) works; everything that changes, exports or restores data, or
manages accounts, is refused with exit 2 and one line saying why, and changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ctxh_desktop.cli import build_parser

ALLOWED = (
    "stats {db} --json",
    "search {db} duc --json",
    "todo {db} --json",
    "report monthly {db} --month 2026-11 --out {tmp}/m.pdf",
    "audit verify {db}",
    "audit list {db}",
)
REFUSED = {
    "report registers {db} --out {tmp}/r.xlsx": "sổ theo dõi",
    "export {db} --out {tmp}/e.ctxh --full": "không được xuất",
    "enrolment {db} --out {tmp}/en.bin": "không được xuất",
    "trust {db} {tmp}/any.bin --fingerprint ABCDEFGH": "không được xuất",
    "apply-restore {db} {tmp}/any.bin": "chỉ được xem",
    "case open {db} --person any --kind general --received-at 2026-11-02T08:00": "chỉ được xem",
    "backup {db}": "quản trị",
    "backups {db}": "quản trị",
    "restore {db}": "quản trị",
    "user {db} lan --name Lan --role admin": "quản trị",
    "passphrase {db}": "quản trị",
    "transfer {db} 2026-0001-A --to 00008": "chỉ được xem",
    "receive-transfers {db} {tmp}/any.bin": "chỉ được xem",
}
#: Commands that make a new database (init, demo), read a file without an account (fingerprint,
#: recover), only read an office's receipt (receipt: needs the office's config), or are for an
#: office's database only (import, office).
NOT_FOR_A_COMMUNE_ACCOUNT = {
    "init",
    "demo",
    "fingerprint",
    "recover",
    "receipt",  # reads only
    "import",
    "office",
    "district",  # the older name of "office"
    "transfer-file",  # written by an office
}


def test_every_command_is_in_the_matrix():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    listed = {line.split()[0] for line in (*ALLOWED, *REFUSED)}
    assert set(commands) <= listed | NOT_FOR_A_COMMUNE_ACCOUNT, set(commands) - listed


@pytest.fixture(scope="module")
def viewer_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("viewer")
    env = {**os.environ, "CTXH_PASSPHRASE": "demo"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ctxh_desktop.cli",
            "demo",
            str(tmp / "x.db"),
            "--as-of",
            "2026-12-01",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    (tmp / "any.bin").write_bytes(b"not a file of ours")
    return tmp


def _run(line: str, tmp) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTXH_PASSPHRASE": "demo", "CTXH_USER": "chutich"}
    env.pop("CTXH_USER_PASSWORD", None)
    env.pop("CTXH_NEW_PASSPHRASE", None)
    args = line.format(db=tmp / "x.db", tmp=tmp).split()
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=env
    )


@pytest.mark.parametrize("line", ALLOWED)
def test_the_viewer_may_read_count_and_print(viewer_db, line):
    out = _run(line, viewer_db)
    assert out.returncode == 0, out.stderr.decode()


@pytest.mark.parametrize("line", sorted(REFUSED))
def test_the_viewer_is_refused_what_changes_exports_or_restores(viewer_db, line):
    before = (viewer_db / "x.db").read_bytes()
    out = _run(line, viewer_db)
    err = out.stderr.decode().strip()
    assert out.returncode == 2, err
    assert REFUSED[line] in err.lower() and len(err.splitlines()) == 1 and "Traceback" not in err
    assert (viewer_db / "x.db").read_bytes() == before
