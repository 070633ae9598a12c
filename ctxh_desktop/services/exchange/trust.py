"""Commune side: the device keys, trusting the office's config and the enrolment file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, overload

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access
from ctxh_desktop.services.exchange.common import (
    check_fingerprint,
    current_time,
    read_bounded,
    require_commune,
    signed_limit,
)
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.sync import bundle_writer, config, keys

DEVICE_KEY = "device_key"


@overload
def device_keys(session: Session, *, create: Literal[True] = True) -> keys.KeyPair:
    """The device keys, made on first use."""


@overload
def device_keys(session: Session, *, create: bool) -> keys.KeyPair | None:
    """The device keys, or ``None`` when none were made yet and ``create`` is false."""


def device_keys(session: Session, *, create: bool = True) -> keys.KeyPair | None:
    """This installation's device keys (made on first use, kept inside the encrypted database)."""
    stored = db_exchange.secret(session.store, DEVICE_KEY)
    if stored is not None:
        return keys.KeyPair.from_bytes(stored)
    if not create:
        return None
    pair = keys.generate_device_keys()
    with session.store.atomic():
        db_exchange.set_secret(session.store, DEVICE_KEY, pair.to_bytes())
    return pair


def trust_office(session: Session, config_path: Path | str, typed: str | None) -> dict[str, Any]:
    """Install the office's config after checking the typed fingerprint prefix.

    ``typed=None`` accepts a key rotation instead: the new config must be signed by the key of the
    config trusted now (no new fingerprint to check).
    """
    require_commune(session)
    access.require(session, "export")
    data = read_bounded(config_path, signed_limit())
    if typed is None:
        cfg = config.verify_rotation(trusted_config(session), data)
    else:
        cfg = config.read_config(data)
        check_fingerprint(cfg["fingerprint"], typed)
    return install_trusted_config(session, cfg, data)


def install_trusted_config(session: Session, cfg: dict[str, Any], data: bytes) -> dict[str, Any]:
    """Keep a verified office config as the one this installation reports to (audited)."""
    with session.store.atomic():
        db_exchange.install_office(
            session.store,
            cfg["fingerprint"],
            cfg["unit_code"],
            cfg["unit_name"],
            data,
            current_time().isoformat(),
        )
        access.record(
            session, "trust_office", "office", cfg["unit_code"], {"fingerprint": cfg["fingerprint"]}
        )
    return cfg


def trusted_config(session: Session) -> dict[str, Any]:
    """The installed office config (re-verified), or a clear refusal."""
    row = db_exchange.trusted_office(session.store)
    if row is None:
        raise UserError(
            _("Chưa cài cấu hình của đơn vị tiếp nhận. Hãy dùng lệnh trust với tệp cấu hình.")
        )
    return config.read_config(bytes(row["config"]))


def write_enrolment(
    session: Session, out: Path | str, name: str | None = None, *, rotate: bool = False
) -> str:
    """Write this device's enrolment file; returns its fingerprint.

    ``rotate``: the device gets a new key, and the file is signed by the old key too, so the office
    replaces the enrolled key without ``--replace`` (audited on both sides). The new key is kept
    once the file is written; from then on bundles are signed with it."""
    require_commune(session)
    access.require(session, "export")
    old = device_keys(session)
    pair = keys.generate_device_keys() if rotate else old
    data = config.make_enrolment(
        pair,
        commune_code=session.commune_code,
        device_id=session.store.device_id,
        name=name or session.commune_name,
        previous=old if rotate else None,
    )
    bundle_writer.atomic_write(out, data)
    if rotate:
        with session.store.atomic():
            db_exchange.set_secret(session.store, DEVICE_KEY, pair.to_bytes())
            access.record(
                session,
                "rotate_device_key",
                "device",
                session.store.device_id,
                {"fingerprint": pair.fingerprint, "replaced_fingerprint": old.fingerprint},
            )
    return pair.fingerprint


def describe_config(path: Path | str) -> dict[str, Any]:
    """The unit named in an office config file (its signature checked); nothing is installed."""
    file = Path(path)
    try:
        if file.stat().st_size > signed_limit():
            raise UserError(_("Tệp quá lớn, không phải tệp cấu hình hợp lệ."))
        data = file.read_bytes()
    except OSError:
        raise UserError(_("Không đọc được tệp {name}.").format(name=file.name)) from None
    cfg = config.read_config(data)
    return {"unit_code": cfg["unit_code"], "unit_name": cfg["unit_name"]}
