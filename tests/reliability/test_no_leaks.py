"""No personal data outside the encrypted database: not in its WAL, key file, backups, logs or
temporary files, whatever the commands and the window did (a crash included)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ctxh_desktop.core.text import fold

PASS = "một mật khẩu đủ dài"


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, env=env, timeout=300)


def test_no_demo_name_in_any_file_the_app_wrote(tmp_path):
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {
        **os.environ,
        "CTXH_HOME": str(home),
        "TMPDIR": str(tmp),
        "CTXH_PASSPHRASE": PASS,
        "QT_QPA_PLATFORM": "offscreen",
    }
    db = home / "data" / "xa.db"
    db.parent.mkdir(parents=True)
    ctxh = [sys.executable, "-m", "ctxh_desktop.cli"]
    assert run([*ctxh, "demo", str(db), "--seed", "7"], env).returncode == 0
    found = json.loads(
        run([*ctxh, "search", str(db), "thi", "--limit", "30", "--json"], env).stdout
    )
    names = {r["name"] for r in found["results"] if r["kind"] == "person"}
    assert len(names) >= 10
    for args in (
        ["stats", str(db), "--json"],
        ["todo", str(db), "--json"],
        ["backup", str(db)],
        ["audit", "verify", str(db)],
        ["search", str(db), sorted(names)[0], "--json"],
    ):
        assert run([*ctxh, *args], env).returncode == 0, args
    # an unexpected error is logged without its message
    crash = run(
        [
            sys.executable,
            "-c",
            "from ctxh_desktop.cli import main; import ctxh_desktop.services.search as s;"
            f"s.search = lambda *a: (_ for _ in ()).throw(RuntimeError({sorted(names)[1]!r}));"
            f"raise SystemExit(main(['search', {str(db)!r}, 'x', '--json']))",
        ],
        env,
    )
    assert crash.returncode == 1 and b"Traceback" not in crash.stderr
    shot = tmp_path / "shot.png"
    gui = run(
        [sys.executable, "-m", "ctxh_desktop", "--db", str(db), "--screenshot", str(shot)], env
    )
    assert gui.returncode == 0, gui.stderr.decode()[-500:]

    written = [p for p in [*home.rglob("*"), *tmp.rglob("*")] if p.is_file()]
    assert any(p.suffix == ".log" for p in written)
    assert any(p.name.endswith(".ctxhbak") for p in written)
    assert any(
        "RuntimeError" in p.read_text("utf-8", "ignore") for p in written if p.suffix == ".log"
    )
    needles = {n.encode() for n in names} | {fold(n).encode() for n in names}
    leaks = [(p.name, n.decode()) for p in written for n in needles if n in p.read_bytes()]
    assert leaks == []
