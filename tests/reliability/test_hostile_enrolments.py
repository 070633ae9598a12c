"""Semantic attacks by an enrolled commune and a lower office, signed with their real keys: a fake
lower office, a key swap, a replacement without proof, forwarded rows of a commune outside the
sender's unit, a purge of a device still trusted. Each is refused by the command line (exit 2, one
line, no traceback) and leaves the office byte-identical (database file and office folder); the
office's stats, consolidated report (PDF and xlsx), monthly report and to-do list still work."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ctxh_desktop.services import exchange, session
from ctxh_desktop.storage import keyfile
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.sync import bundle_writer, config, keys

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"
COMMUNE = "00004"
LOWER = "00008"  # a commune-level office inside province 01, enrolled as a lower office


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """Province 01 holding commune 00004's snapshot, with lower offices allowed and office-00007
    enrolled."""
    folder = tmp_path_factory.mktemp("semantic")
    created = exchange.create_office(
        folder / "office.db", PASS, KEYPASS, unit_code="01", unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )  # fmt: skip
    s = created.session
    (folder / "config.json").write_bytes(created.config)
    commune = session.create_demo_database(folder / "xa.db", commune=COMMUNE)
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(folder / "config.json"))
    exchange.trust_office(commune, folder / "config.json", fp)
    efp = exchange.write_enrolment(commune, folder / "enrol.json")
    exchange.enrol_device(s, folder / "enrol.json", efp)
    snapshot = exchange.export(commune, folder, full=True).path
    assert exchange.import_files(s, [snapshot], KEYPASS)[0].status == "accepted"
    device = exchange.device_keys(commune)
    device_id = commune.store.device_id
    commune.close()
    lower = keys.generate_device_keys()
    data = config.make_enrolment(
        lower, commune_code=LOWER, device_id=exchange.office_device_id(LOWER), name="VP xã"
    )
    (folder / "lower.enrol").write_bytes(data)
    exchange.set_lower_offices(s, True)
    exchange.enrol_device(s, folder / "lower.enrol", lower.fingerprint)
    s.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return {
        "folder": folder,
        "device": device,
        "device_id": device_id,
        "lower": lower,
        "recipient": config.read_config(created.config)["recipients"][0],
        "snapshot": snapshot,
    }


@pytest.fixture
def copy(office, tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    for suffix in ("", ".keys"):
        shutil.copyfile(
            str(office["folder"] / "office.db") + suffix, str(folder / "office.db") + suffix
        )
    return folder / "office.db"


def state(db: Path) -> tuple:
    listing = sorted(
        (str(p.relative_to(db.parent)), p.stat().st_size)
        for p in db.parent.rglob("*")
        if p.is_file()
    )
    return hashlib.sha256(db.read_bytes()).hexdigest(), listing


def cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTXH_PASSPHRASE": PASS, "CTXH_KEY_PASSPHRASE": KEYPASS}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *map(str, args)], capture_output=True, env=env
    )


def refused(db: Path, *args) -> str:
    """Run a command that must be refused: exit 2, one line, no traceback, office unchanged."""
    before = state(db)
    out = cli(*args)
    err = out.stderr.decode().strip()
    assert out.returncode == 2, (args, out.returncode, err)
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert state(db) == before, args
    return err


def office_still_works(db: Path, tmp: Path) -> None:
    for args in (
        ("stats", db, "--json"),
        ("todo", db, "--json"),
        ("report", "consolidated", db, "--from", "2025-01", "--to", "2026-12", "--out", tmp / "c.pdf"),
        ("report", "consolidated", db, "--from", "2025-01", "--to", "2026-12", "--out", tmp / "c.xlsx"),
        ("report", "monthly", db, "--month", "2026-01", "--commune", COMMUNE, "--out", tmp / "m.pdf"),
    ):  # fmt: skip
        out = cli(*args)
        assert out.returncode == 0, (args, out.stderr.decode())


def enrolment(
    tmp: Path, pair: keys.KeyPair, commune: str, device_id: str, previous=None
) -> tuple[Path, str]:
    """An enrolment file for ``pair`` (a rotation signed by ``previous`` too, when given)."""
    path = tmp / f"{device_id}-{pair.fingerprint[:4]}.enrol"
    data = config.make_enrolment(
        pair, commune_code=commune, device_id=device_id, name="Máy", previous=previous
    )
    path.write_bytes(data)
    return path, pair.fingerprint


def forward_file(office, tmp: Path, mode: str, rows: list) -> Path:
    header = {
        "commune": LOWER, "device_id": exchange.office_device_id(LOWER), "kind": "forward",
        "mode": mode, "schema": SCHEMA_VERSION, "epoch": 0, "seq_lo": 0, "seq_hi": 0,
        "created_at": "2026-02-01T10:00:00", "period_from": "2026-01-01", "period_to": "2026-01-31",
    }  # fmt: skip
    data, _h = bundle_writer.seal(header, rows, [office["recipient"]], office["lower"])
    path = tmp / f"forward-{mode}.ctxh"
    path.write_bytes(data)
    return path


def test_a_commune_cannot_pass_itself_off_as_a_lower_office(office, copy, tmp_path):
    # With its own enrolled key (the key is already the commune's device)
    path, fp = enrolment(tmp_path, office["device"], COMMUNE, exchange.office_device_id(COMMUNE))
    assert "đã đăng ký cho thiết bị" in refused(
        copy, "office", "enrol", copy, path, "--fingerprint", fp
    )
    # With a fresh key: the province's own unit and another province are not below it
    for unit in ("01", "79"):
        path, fp = enrolment(tmp_path, keys.generate_device_keys(), unit, f"office-{unit}")
        err = refused(copy, "office", "enrol", copy, path, "--fingerprint", fp)
        assert "không phải đơn vị cấp dưới" in err
    # And once lower offices are refused (the default), none at all
    assert cli("office", "lower-offices", copy, "--refuse").returncode == 0
    path, fp = enrolment(tmp_path, keys.generate_device_keys(), "00025", "office-00025")
    assert "không nhận dữ liệu từ đơn vị cấp dưới" in refused(
        copy, "office", "enrol", copy, path, "--fingerprint", fp
    )
    office_still_works(copy, tmp_path)


def test_a_key_cannot_be_swapped_nor_replaced_without_proof(office, copy, tmp_path):
    # The commune's key naming another device, or another commune's device id
    path, fp = enrolment(tmp_path, office["device"], "00025", "another-device")
    assert "đã đăng ký cho thiết bị" in refused(
        copy, "office", "enrol", copy, path, "--fingerprint", fp
    )
    # A new key for the enrolled device: without --replace, with a wrong old fingerprint, with
    # another commune: refused
    path, fp = enrolment(tmp_path, keys.generate_device_keys(), COMMUNE, office["device_id"])
    assert "khóa khác" in refused(copy, "office", "enrol", copy, path, "--fingerprint", fp)
    old = office["device"].fingerprint
    wrong = ("A" if old[0] != "A" else "B") + old[1:]
    for commune, old_fp in ((COMMUNE, wrong), ("00025", old), (COMMUNE, old[:9])):
        err = refused(
            copy, "office", "enrol", copy, path, "--fingerprint", fp, "--replace", commune, old_fp
        )
        assert "không khớp" in err, err
    # A "rotation" signed by some other key than the one enrolled: refused like any new key
    stranger = keys.generate_device_keys()
    forged, forged_fp = enrolment(
        tmp_path, keys.generate_device_keys(), COMMUNE, office["device_id"], stranger
    )
    err = refused(copy, "office", "enrol", copy, forged, "--fingerprint", forged_fp)
    assert "khóa khác" in err
    office_still_works(copy, tmp_path)
    # With the commune and the whole old fingerprint: replaced and audited
    out = cli("office", "enrol", copy, path, "--fingerprint", fp, "--replace", COMMUNE, old)
    assert out.returncode == 0, out.stderr.decode()
    log = cli("audit", "list", copy, "--action", "replace_device_key", "--json")
    assert office["device_id"] in log.stdout.decode() and old in log.stdout.decode()


def test_forwarded_figures_and_rows_of_a_commune_outside_the_sender_are_refused(
    office, copy, tmp_path
):
    foreign = [
        (
            "forwarded_aggregate",
            {"commune": COMMUNE, "month": "2026-01", "key": "people", "value": 999_999},
        )
    ]
    path = forward_file(office, tmp_path, "aggregates", foreign)
    assert "không thuộc đơn vị gửi" in refused(copy, "import", copy, path)
    row = {"id": "p-foreign", "commune": COMMUNE, "rev": 1, "epoch": 0, "full_name": "X."}
    path = forward_file(office, tmp_path, "records", [("person", row)])
    assert "không thuộc đơn vị gửi" in refused(copy, "import", copy, path)
    office_still_works(copy, tmp_path)


def test_a_purge_is_refused_until_the_device_is_revoked_then_takes_its_data_back(
    office, copy, tmp_path
):
    device = office["device_id"]
    assert "thu hồi" in refused(copy, "office", "purge", copy, "--device", device)
    assert "Không có thiết bị" in refused(copy, "office", "purge", copy, "--device", "nope")
    assert cli("office", "revoke", copy, "--device", device).returncode == 0
    assert "Ngày không hợp lệ" in refused(
        copy, "office", "purge", copy, "--device", device, "--since", "2026-13-01"
    )
    assert "không gửi tệp nào" in refused(
        copy, "office", "purge", copy, "--device", device, "--since", "2999-01-01"
    )
    people = lambda: cli("stats", copy, "--json").stdout.decode()  # noqa: E731
    assert '"people": 0' not in people()
    out = cli("office", "purge", copy, "--device", device)
    assert out.returncode == 0, out.stderr.decode()
    assert "Đã xóa 1 tệp" in out.stdout.decode()
    assert '"people": 0' in people()
    log = cli("audit", "list", copy, "--action", "purge_device", "--json").stdout.decode()
    assert device in log
    # The file sent again is refused (the device is revoked); the office keeps working
    refused(copy, "import", copy, office["snapshot"])
    office_still_works(copy, tmp_path)


def test_a_rotation_signed_by_the_enrolled_key_replaces_it(office, copy, tmp_path):
    fresh = keys.generate_device_keys()
    rotation, fp = enrolment(tmp_path, fresh, COMMUNE, office["device_id"], office["device"])
    out = cli("office", "enrol", copy, rotation, "--fingerprint", fp)
    assert out.returncode == 0, out.stderr.decode()
    log = cli("audit", "list", copy, "--action", "rotate_device_key", "--json").stdout.decode()
    assert fresh.fingerprint in log and office["device"].fingerprint in log
