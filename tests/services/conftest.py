"""A small demo commune shared by the service tests (each test gets its own copy)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from ctxh_desktop.services import session as sessions
from ctxh_desktop.storage.store import DEMO_PASSPHRASE

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    s = sessions.create_demo_database(folder / "demo.db", scale="small", seed=3, as_of=AS_OF)
    s.close()
    return folder / "demo.db"


@pytest.fixture
def demo(demo_file, tmp_path):
    for suffix in ("", ".keys"):
        shutil.copyfile(str(demo_file) + suffix, str(tmp_path / "demo.db") + suffix)
    s = sessions.open_session(tmp_path / "demo.db", DEMO_PASSPHRASE, user="ctv")
    yield s
    s.close()


OFFICE_PASSPHRASE = "mật khẩu đơn vị"


@pytest.fixture
def office_unit(tmp_path):
    """A fresh receiving office (unit 01, Hà Nội) opened by its administrator."""
    from ctxh_desktop.services import exchange
    from ctxh_desktop.storage import keyfile

    created = exchange.create_office(
        tmp_path / "office.db",
        OFFICE_PASSPHRASE,
        "khóa của đơn vị",
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )
    yield created.session
    created.session.close()
