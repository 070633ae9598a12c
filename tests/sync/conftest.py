"""Shared by the exchange tests: a new receiving office, made quickly (fast key derivation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctxh_desktop.services import exchange
from ctxh_desktop.storage import keyfile

OFFICE_PASSPHRASE = "mật khẩu văn phòng"
OFFICE_KEY_PASSPHRASE = "khóa văn phòng"


@pytest.fixture(scope="session")
def new_office():
    """``new_office(path, unit="01", name="Sở Y tế Hà Nội", passphrase=…, key_passphrase=…)``:
    create an office database at ``path``; returns :class:`exchange.OfficeCreated` (its session
    open, to be closed by the test)."""

    def make(
        path: Path,
        unit: str = "01",
        name: str = "Sở Y tế Hà Nội",
        passphrase: str = OFFICE_PASSPHRASE,
        key_passphrase: str = OFFICE_KEY_PASSPHRASE,
    ) -> exchange.OfficeCreated:
        return exchange.create_office(
            path,
            passphrase,
            key_passphrase,
            unit_code=unit,
            unit_name=name,
            kdf=keyfile.FAST_KDF,
        )

    return make
