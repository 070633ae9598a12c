"""The office key passphrase forgotten: the printed recovery sheet sets a new one (service, command
line and the office's Sync page); another office's sheet or a short passphrase changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import exchange, session

PASS, KEYPASS, NEW = "mật khẩu văn phòng", "khóa văn phòng cũ", "khóa văn phòng mới 2026"


@pytest.fixture
def make(new_office, tmp_path):
    def office(unit="08", name="Sở Y tế Tuyên Quang"):
        return new_office(tmp_path / f"so-{unit}.db", unit, name, PASS, KEYPASS)

    return office


def test_the_sheet_sets_a_new_key_passphrase(make):
    created = make()
    office = created.session
    with pytest.raises(UserError):
        exchange.recover_office_key(office, created.recovery_sheet, "ngắn")
    other = make("01", "Sở Y tế Hà Nội")
    with pytest.raises(UserError, match="không phải của khóa hiện tại"):
        exchange.recover_office_key(office, other.recovery_sheet, NEW)
    exchange.unlock_office(office, KEYPASS)  # nothing changed yet
    assert exchange.recover_office_key(office, created.recovery_sheet, NEW) == created.fingerprint
    assert exchange.unlock_office(office, NEW)[0].fingerprint == created.fingerprint
    with pytest.raises(UserError):
        exchange.unlock_office(office, KEYPASS)
    office.close()
    other.session.close()


def test_the_command_line_recovers_the_key_from_the_sheet_file(make, tmp_path):
    created = make()
    created.session.close()
    sheet = tmp_path / "phieu.txt"
    sheet.write_text(created.recovery_sheet, encoding="utf-8")
    env = {**os.environ, "CTXH_PASSPHRASE": PASS, "CTXH_NEW_KEY_PASSPHRASE": NEW}
    out = subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", "office", "recover-key",
         str(tmp_path / "so-08.db"), "--sheet", str(sheet)],
        capture_output=True, env=env,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr.decode()
    office = session.open_session(tmp_path / "so-08.db", PASS)
    assert exchange.unlock_office(office, NEW)[0].fingerprint == created.fingerprint
    office.close()
