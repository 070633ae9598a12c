"""Setting up a new machine: one call per kind of unit (commune, social-work centre, office),
shared by the first-run wizard and the command line (``ctxh init``, ``ctxh office init``).

Each call creates the database (and, for an office, its keys and signed config), then, when an
administrator is named, adds that account, signs it in and saves the profile. A file already there
is refused; on any failure the session is closed and nothing is left on disk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Required, TypedDict, Unpack

from ctxh_desktop.core import centres
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access, exchange, profile
from ctxh_desktop.services.session import Session, create_centre, create_commune
from ctxh_desktop.storage import keyfile


@dataclass(frozen=True)
class Admin:
    """The first administrator: the person who sets the machine up (password = the passphrase)."""

    username: str
    full_name: str


def remove_leftovers(path: Path | str) -> None:
    """Delete what a failed creation left: the database, its key file and SQLite's side files
    (best effort: the original error is what the person must see)."""
    path = Path(path)
    for leftover in (
        path,
        keyfile.key_file_for(path),
        *(path.with_name(path.name + end) for end in ("-wal", "-shm")),
    ):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _refuse_existing(path: Path) -> None:
    if path.exists() or keyfile.key_file_for(path).exists():
        raise UserError(_("Tệp {name} đã tồn tại.").format(name=path.name), field="db")


def _finish(
    session: Session,
    path: Path,
    passphrase: str,
    admin: Admin | None,
    profile_data: dict[str, Any] | None,
) -> None:
    """Add the administrator (signed in) and save the profile; undo everything on failure."""
    try:
        if admin is not None:
            access.save_user(session, admin.username, admin.full_name, "admin", passphrase)
            access.login(session, admin.username, passphrase)
        if profile_data:
            profile.save_profile(session, profile_data)
    except BaseException:
        session.close()
        remove_leftovers(path)
        raise


def _created(path: Path, create: Callable[[], Any]) -> Any:
    _refuse_existing(path)
    try:
        return create()
    except BaseException:
        remove_leftovers(path)
        raise


@dataclass
class CommuneSetUp:
    """A new commune database: its open session and the recovery code to print once."""

    session: Session
    recovery_code: str


def set_up_commune(
    path: Path | str,
    passphrase: str,
    commune_code: str,
    admin: Admin | None = None,
    profile_data: dict[str, Any] | None = None,
    *,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> CommuneSetUp:
    """Create a commune's database, its first administrator (signed in) and its profile."""
    path = Path(path)
    session, recovery = _created(
        path, lambda: create_commune(path, passphrase, commune_code, kdf=kdf)
    )
    _finish(session, path, passphrase, admin, profile_data)
    return CommuneSetUp(session, recovery)


def set_up_centre(
    path: Path | str,
    passphrase: str,
    province: str,
    name: str,
    number: int | str = 1,
    admin: Admin | None = None,
    profile_data: dict[str, Any] | None = None,
    *,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> CommuneSetUp:
    """Create a social-work centre's database (it records like a commune, under the unit code
    ``ttxh-<province>-<number>``), its first administrator (signed in) and its profile."""
    path = Path(path)
    info = centres.new_centre(province, name, number)
    session, recovery = _created(path, lambda: create_centre(path, passphrase, info, kdf=kdf))
    _finish(session, path, passphrase, admin, profile_data)
    return CommuneSetUp(session, recovery)


class OfficeUnit(TypedDict, total=False):
    """The receiving unit as :func:`ctxh_desktop.services.exchange.create_office` takes it."""

    unit_code: Required[str]
    unit_name: Required[str]
    due_day: int
    escrow_recipients: list[str] | tuple[str, ...]
    kdf: keyfile.KdfParams


def set_up_office(
    path: Path | str,
    passphrase: str,
    key_passphrase: str,
    *,
    admin: Admin | None = None,
    profile_data: dict[str, Any] | None = None,
    **unit: Unpack[OfficeUnit],
) -> exchange.OfficeCreated:
    """Create a receiving office (database, keys, signed config), its first administrator (signed
    in) and its profile."""
    path = Path(path)
    created = _created(
        path, lambda: exchange.create_office(path, passphrase, key_passphrase, **unit)
    )
    _finish(created.session, path, passphrase, admin, profile_data)
    return created
