"""The command-line contract of the exchange: office init, trust, enrolment, export, import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENV = {
    "CTXH_PASSPHRASE": "mật khẩu của xã",
    "CTXH_KEY_PASSPHRASE": "khóa của đơn vị",
    "CTXH_LANG": "vi",
}


def ctxh(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **ENV, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *map(str, args)],
        capture_output=True,
        env=full_env,
    )


def ok(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode("utf-8")


def refused(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 2, (out.returncode, out.stderr.decode())
    err = out.stderr.decode("utf-8").strip()
    assert err and "\n" not in err and "Traceback" not in err
    return err


def snapshot(folder: Path, stem: str) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(stem) and p.is_file()
    }


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    d = tmp_path_factory.mktemp("exchange")
    office, commune, cfg = d / "office.db", d / "xa.db", d / "office-config.json"
    out = ok(
        ctxh(
            "office",
            "init",
            office,
            "--unit",
            "01",
            "--name",
            "Sở Y tế Hà Nội",
            "--config-out",
            cfg,
            "--recovery-out",
            d / "recovery.txt",
        )
    )
    assert "Dấu vân tay" in out and cfg.exists() and (d / "recovery.txt").exists()
    ok(ctxh("demo", commune, "--commune", "00004", "--as-of", "2026-11-01"))
    fp = ok(ctxh("fingerprint", cfg)).strip()
    assert len(fp.replace("-", "")) == 20 and fp in out
    ok(ctxh("trust", commune, cfg, "--fingerprint", fp.replace("-", " ").lower()))
    ok(ctxh("enrolment", commune, "--out", d / "enrol.json"))
    dev_fp = ok(ctxh("fingerprint", d / "enrol.json")).strip()
    ok(ctxh("district", "enrol", office, d / "enrol.json", "--fingerprint", dev_fp))
    return d, office, commune


def test_export_to_folder_and_import(setup):
    d, office, commune = setup
    outbox = d / "outbox"
    outbox.mkdir()
    path = Path(ok(ctxh("export", commune, "--out", outbox)).strip())
    assert path.parent == outbox and path.name.startswith("ctxh_00004_") and path.suffix == ".ctxh"
    lines = ok(ctxh("import", office, path)).strip().splitlines()
    assert len(lines) == 1 and "\taccepted\t" in lines[0]
    again = ok(ctxh("import", office, path)).strip()
    assert "\tduplicate\t" in again
    stats = ok(ctxh("stats", office, "--json"))
    assert '"people"' in stats


def test_refused_file_exits_2_and_leaves_the_office_database_byte_identical(setup):
    d, office, commune = setup
    good = Path(ok(ctxh("export", commune, "--out", d / "delta.ctxh")).strip())
    bad = d / "tampered.ctxh"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x40
    bad.write_bytes(bytes(data))
    junk = d / "junk.ctxh"
    junk.write_bytes(b"hello")
    before = snapshot(d, "office.db")
    for target in (bad, junk, d / "absent.ctxh"):
        err = refused(ctxh("import", office, target))
        assert "không được nhập" in err
    assert snapshot(d, "office.db") == before


def test_mixed_batch_reports_each_file_and_exits_2(setup):
    d, office, commune = setup
    good = Path(ok(ctxh("export", commune, "--out", d / "mixed.ctxh", "--full")).strip())
    junk = d / "junk2.ctxh"
    junk.write_bytes(b"")
    out = ctxh("import", office, good, junk)
    refused(out)
    lines = out.stdout.decode().strip().splitlines()
    assert [line.split("\t")[1] for line in lines] == ["accepted", "refused"]


def test_wrong_fingerprint_and_wrong_key_passphrase_are_refused(setup):
    d, office, commune = setup
    refused(ctxh("trust", commune, d / "office-config.json", "--fingerprint", "AAAAAAAA"))
    refused(ctxh("office", "enrol", office, d / "enrol.json", "--fingerprint", "short"))
    path = Path(ok(ctxh("export", commune, "--out", d / "k.ctxh")).strip())
    err = refused(ctxh("import", office, path, env={"CTXH_KEY_PASSPHRASE": "sai"}))
    assert "Mật khẩu khóa" in err


def test_english_messages(setup):
    d, office, _commune = setup
    junk = d / "junk3.ctxh"
    junk.write_bytes(b"zzz")
    out = ctxh("--lang", "en", "import", office, junk)
    err = refused(out)
    assert "not" in err.lower() and "tệp" not in err


def test_office_init_refuses_bad_unit(tmp_path):
    refused(
        ctxh(
            "office",
            "init",
            tmp_path / "o.db",
            "--unit",
            "999",
            "--name",
            "X",
            "--config-out",
            tmp_path / "c.json",
        )
    )
    assert not (tmp_path / "o.db").exists()


def test_unknown_device_is_quarantined_exit_2_and_database_unchanged(setup):
    d, office, _commune = setup
    other = d / "xa2.db"
    ok(ctxh("demo", other, "--commune", "00004", "--seed", "2"))
    fp = ok(ctxh("fingerprint", d / "office-config.json")).strip()
    ok(ctxh("trust", other, d / "office-config.json", "--fingerprint", fp))
    path = Path(ok(ctxh("export", other, "--out", d / "other.ctxh")).strip())
    before = snapshot(d, "office.db")
    out = ctxh("import", office, path)
    refused(out)
    assert "\tquarantined\t" in out.stdout.decode()
    assert snapshot(d, "office.db") == before
    assert list((d / "office_received" / "quarantine").glob("*other.ctxh"))


def test_restore_round_trip_on_the_command_line(setup):
    d, office, commune = setup
    ok(ctxh("import", office, Path(ok(ctxh("export", commune, "--out", d / "r0.ctxh")).strip())))
    device = json.loads((d / "enrol.json").read_text(encoding="utf-8"))["device_id"]
    restore = Path(ok(ctxh("office", "restore", office, "--device", device, "--out", d)).strip())
    assert "restore" in restore.name
    assert "0 cập nhật" in ok(ctxh("apply-restore", commune, restore))
    refused(ctxh("apply-restore", commune, d / "enrol.json"))
