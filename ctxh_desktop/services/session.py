"""Opening and creating a working session: an existing database, a new commune, the demo.

The :class:`Session` itself (an open database and who is acting) lives in
:mod:`ctxh_desktop.services.context` and is named here too, where callers have always found it."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from ctxh_desktop.core import passphrases
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import keyfile
from ctxh_desktop.storage.store import DEMO_PASSPHRASE, Store

DEMO_COMMUNE = "00004"
DEMO_USER = "demo"
DEMO_ACCOUNT_PASSWORD = "demo1234"
DEMO_ACCOUNTS = (
    ("demo", "Nguyễn Thị Thu Hà", "admin"),
    ("ctv", "Lê Văn Đạt", "collaborator"),
    ("chutich", "Trần Quốc Dũng", "approver"),
)


def open_session(path: Path | str, passphrase: str, user: str | None = None) -> Session:
    """Open an existing database (``UserError`` with a Vietnamese message on a wrong passphrase).

    ``user`` names the acting account (the command line's ``CTXH_USER``); without it the holder of
    the passphrase acts as administrator. The GUI signs a user in with ``access.login`` instead.
    """
    from ctxh_desktop.services import access

    store = Store.open(path, passphrase)
    session = Session(store=store)
    try:
        access.act_as(session, user)
    except Exception:
        store.close()
        raise
    return session


def create_commune(
    path: Path | str,
    passphrase: str,
    commune: str,
    *,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> tuple[Session, str]:
    """Create a new commune database; return the session and the recovery code to print once.
    The passphrase must keep the one rule (:mod:`ctxh_desktop.core.passphrases`)."""
    passphrases.check(passphrase)
    return _create_commune(path, passphrase, commune, kdf=kdf)


def create_centre(
    path: Path | str,
    passphrase: str,
    centre: dict[str, Any],
    *,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> tuple[Session, str]:
    """Create a social-work centre's database (``centre`` from :func:`core.centres.new_centre`):
    it records like a commune, under its centre code; returns the session and the recovery code."""
    passphrases.check(passphrase)
    return _create_unit(path, passphrase, centre, kdf=kdf)


def _create_commune(
    path: Path | str, passphrase: str, commune: str, *, kdf: keyfile.KdfParams
) -> tuple[Session, str]:
    from ctxh_desktop.services import profile

    return _create_unit(path, passphrase, profile.check_commune(commune), kdf=kdf)


def _create_unit(
    path: Path | str, passphrase: str, info: dict[str, Any], *, kdf: keyfile.KdfParams
) -> tuple[Session, str]:
    from ctxh_desktop.services import profile

    store, recovery = Store.create(path, passphrase, commune=info["code"], kind="commune", kdf=kdf)
    session = Session(store=store)
    with store.atomic():
        profile.apply_commune_defaults(session, info)
    return session, recovery


def create_demo_database(
    path: Path | str,
    *,
    commune: str = DEMO_COMMUNE,
    scale: str = "small",
    seed: int = 1,
    as_of: dt.date | None = None,
    passphrase: str | None = None,
    kdf: keyfile.KdfParams | None = None,
) -> Session:
    """A database filled with realistic synthetic data (same seed and as-of → same data).

    Only the demo's public passphrase (``demo``) gets the cheap key-derivation cost; a passphrase a
    person chose keeps the passphrase rule and always gets the real cost (:data:`keyfile.DEFAULT_KDF`)."""
    from ctxh_desktop.services import access, demo

    if passphrase in (None, DEMO_PASSPHRASE):  # the demo's passphrase is public: no cost helps
        session, _recovery = _create_commune(
            path, DEMO_PASSPHRASE, commune, kdf=kdf or keyfile.FAST_KDF
        )
    else:
        session, _recovery = create_commune(
            path, passphrase, commune, kdf=kdf or keyfile.DEFAULT_KDF
        )
    demo.populate(session, scale=scale, seed=seed, as_of=as_of or dt.date.today())
    for username, name, role in DEMO_ACCOUNTS:
        access.save_user(session, username, name, role, DEMO_ACCOUNT_PASSWORD)
    access.act_as(session, DEMO_USER)
    return session


def create_demo_session(
    folder: Path | str | None = None,
    scale: str = "small",
    seed: int = 1,
    as_of: dt.date | None = None,
) -> Session:
    """A throw-away demo commune with the demo user signed in; removed again on close."""
    temp = Path(tempfile.mkdtemp(prefix="ctxh-demo-", dir=folder))
    session = create_demo_database(temp / "demo.db", scale=scale, seed=seed, as_of=as_of)
    session.temp_folder = temp
    return session
