"""A real office with one enrolled commune (00004), shared by the hostile-file tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctxh_desktop.services import exchange, session
from ctxh_desktop.storage import keyfile
from ctxh_desktop.sync import keys

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    created = exchange.create_office(
        folder / "office.db",
        PASS,
        KEYPASS,
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )
    office = created.session
    identities = exchange.unlock_office(office, KEYPASS)
    (folder / "config.json").write_bytes(created.config)
    commune = session.create_demo_database(folder / "xa.db", commune="00004")
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(folder / "config.json"))
    exchange.trust_office(commune, folder / "config.json", fp)
    enrol_file = folder / "enrol.json"
    efp = exchange.write_enrolment(commune, enrol_file)
    exchange.enrol_device(office, enrol_file, efp)
    good = exchange.export(commune, folder, full=True).path
    device = exchange.device_keys(commune)
    commune.close()

    def copy_to(target: Path) -> Path:
        """A copy of the office's database and key file as ``target``."""
        office.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("", ".keys"):
            shutil.copyfile(str(office.store.path) + suffix, str(target) + suffix)
        return target

    yield {
        "copy_to": copy_to,
        "office": office,
        "identities": identities,
        "good": good.read_bytes(),
        "folder": folder,
        "device": device,
        "recipient": identities[0].recipient,
        "pass": PASS,
        "keypass": KEYPASS,
    }
    office.close()
