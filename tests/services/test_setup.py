"""Setting up a machine through the one service the wizard and the command line share."""

from __future__ import annotations

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import profile, setup
from ctxh_desktop.storage.keyfile import FAST_KDF

PASSPHRASE = "Lung-Cu-2026-an-toan"
ADMIN = setup.Admin("nguyenthithuha", "Nguyễn Thị Thu Hà")


def test_a_commune_is_ready_with_its_administrator_signed_in(tmp_path):
    done = setup.set_up_commune(
        tmp_path / "xa.db",
        PASSPHRASE,
        "00715",
        ADMIN,
        {"chairman_name": "Sùng Mí Páo"},
        kdf=FAST_KDF,
    )
    try:
        assert done.session.user == "nguyenthithuha" and done.session.role == "admin"
        assert profile.get_profile(done.session)["chairman_name"] == "Sùng Mí Páo"
        assert len(done.recovery_code) >= 20
    finally:
        done.session.close()


def test_a_failed_setup_leaves_nothing_on_disk(tmp_path):
    with pytest.raises(ValueError):
        setup.set_up_commune(
            tmp_path / "xa.db", PASSPHRASE, "00715", ADMIN, {"no_such_key": "x"}, kdf=FAST_KDF
        )
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_refused_and_kept(tmp_path):
    (tmp_path / "xa.db").write_bytes(b"someone's data")
    with pytest.raises(UserError, match="đã tồn tại"):
        setup.set_up_commune(tmp_path / "xa.db", PASSPHRASE, "00715", ADMIN, kdf=FAST_KDF)
    assert (tmp_path / "xa.db").read_bytes() == b"someone's data"


def test_an_office_is_ready_with_its_keys_and_administrator(tmp_path):
    created = setup.set_up_office(
        tmp_path / "so.db",
        PASSPHRASE,
        "Khoa-cua-So-2026",
        unit_code="08",
        unit_name="Sở Y tế tỉnh Tuyên Quang",
        admin=ADMIN,
        kdf=FAST_KDF,
    )
    try:
        assert created.session.kind == "office" and created.session.role == "admin"
        assert created.fingerprint and created.config
    finally:
        created.session.close()
