"""Office side: the unit, the office database with its keys and config, key rotation and recovery."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctxh_desktop.core import codes, passphrases
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import fold
from ctxh_desktop.files import private_file
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access
from ctxh_desktop.services.exchange.common import (
    current_time,
    file_fingerprint,
    require_office,
    save_file,
)
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import keyfile
from ctxh_desktop.storage.store import Store
from ctxh_desktop.sync import bundle, bundle_writer, config, keys

CONFIG_EXTENSION = ".ctxhcfg"


def check_unit(code: str) -> tuple[str, str, list[tuple[str, str]]]:
    """A unit code (2-digit province or 5-digit commune): its code, official name and the
    communes it expects by default."""
    text = (code or "").strip()
    if re.fullmatch(r"\d{1,2}", text) and codes.province_name(text.zfill(2)):
        province = text.zfill(2)
        communes = [(c["code"], c["name"]) for c in codes.communes(province)]
        return province, codes.province_name(province) or "", communes
    info = codes.commune(text) if re.fullmatch(r"\d{5}", text) else None
    if info:
        return info["code"], info["name"], [(info["code"], info["name"])]
    raise UserError(
        _("Mã đơn vị không hợp lệ: {code} (cần mã tỉnh 2 chữ số hoặc mã xã 5 chữ số).").format(
            code=code
        ),
        field="unit",
    )


@dataclass
class OfficeCreated:
    """A new office: its open session, the database recovery code and the key material to print."""

    session: Session
    recovery_code: str
    fingerprint: str
    config: bytes
    recovery_sheet: str = field(repr=False)


def create_office(
    path: Path | str,
    passphrase: str,
    key_passphrase: str,
    *,
    unit_code: str,
    unit_name: str,
    due_day: int = 5,
    escrow_recipients: list[str] | tuple[str, ...] = (),
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> OfficeCreated:
    """Create a receiving office: database, keys (test-decrypted at once) and signed config."""
    code, _official, communes = check_unit(unit_code)
    name = (unit_name or "").strip()
    if not name:
        raise UserError(_("Hãy nhập tên đơn vị."), field="name")
    if not 1 <= int(due_day) <= 28:
        raise UserError(_("Ngày hạn nộp phải từ 1 đến 28."), field="due_day")
    passphrases.check(passphrase)
    passphrases.check_key_passphrase(key_passphrase, passphrase)
    pair = keys.generate_office_keys()
    protected = pair.protect(key_passphrase, comment=f"{code} {fold(name)}")
    # The key ceremony's check: the protected key opens with the passphrase and decrypts a sample.
    check = keys.KeyPair.unprotect(protected, key_passphrase)
    sample = bundle_writer.seal(
        {
            "commune": code,
            "device_id": "check",
            "kind": "receipt",
            "schema": 0,
            "epoch": 0,
            "seq_lo": 0,
            "seq_hi": 0,
        },
        [],
        [pair.recipient],
        pair,
    )[0]
    bundle.open_bundle(sample, [check], lambda c, d: pair.signing_public, max_schema=0)
    cfg = config.make_config(
        pair,
        unit_code=code,
        unit_name=name,
        due_day=int(due_day),
        expected_communes=[c for c, _n in communes],
        escrow_recipients=list(escrow_recipients),
    )
    store, recovery = Store.create(path, passphrase, commune=code, kind="office", kdf=kdf)
    session = Session(store=store)
    created = current_time().isoformat()
    with store.atomic():
        store.set_setting("commune_name", name)
        store.set_setting("unit_name", name)
        db_exchange.add_office(
            store,
            fingerprint=pair.fingerprint,
            unit_code=code,
            unit_name=name,
            due_day=int(due_day),
            protected_key=protected,
            config=cfg,
            at=created,
        )
        db_exchange.set_expected_communes(store, communes)
        access.record(session, "office_init", "office", code, {"fingerprint": pair.fingerprint})
    sheet = keys.recovery_text(pair, code, name, created[:10])
    return OfficeCreated(session, recovery, pair.fingerprint, cfg, sheet)


def rotate_office_keys(
    session: Session, key_passphrase: str, new_key_passphrase: str | None = None
) -> tuple[bytes, str, str]:
    """New office keys; the new config is signed by the old key too, so communes accept it without
    a new fingerprint check. Old keys stay to decrypt files sent before. Returns the new config,
    its fingerprint and the new recovery sheet."""
    info = require_office(session)
    access.require(session, "office")
    old = unlock_office(session, key_passphrase)[0]
    current = config.read_config(bytes(info["config"]))
    new_pass = new_key_passphrase or key_passphrase
    pair = keys.generate_office_keys()
    protected = pair.protect(new_pass, comment=f"{info['unit_code']} {fold(info['unit_name'])}")
    if keys.KeyPair.unprotect(protected, new_pass).fingerprint != pair.fingerprint:
        raise UserError(_("Mật khẩu khóa không đúng hoặc tệp khóa bị hỏng."))
    cfg = config.make_config(
        pair,
        unit_code=info["unit_code"],
        unit_name=info["unit_name"],
        due_day=info["due_day"],
        expected_communes=current["expected_communes"],
        escrow_recipients=current["escrow_recipients"],
        holidays=current.get("holidays"),
        previous=old,
    )
    created = current_time().isoformat()
    with session.store.atomic():
        # Every stored key must open with one passphrase: re-protect the old ones if it changes.
        if new_key_passphrase and new_key_passphrase != key_passphrase:
            for blob in db_exchange.office_keys(session.store):
                k = keys.KeyPair.unprotect(blob, key_passphrase)
                db_exchange.reprotect_office_key(session.store, k.fingerprint, k.protect(new_pass))
        db_exchange.add_office(
            session.store,
            fingerprint=pair.fingerprint,
            unit_code=info["unit_code"],
            unit_name=info["unit_name"],
            due_day=info["due_day"],
            protected_key=protected,
            config=cfg,
            at=created,
        )
        access.record(
            session, "rotate_keys", "office", info["unit_code"], {"fingerprint": pair.fingerprint}
        )
    sheet = keys.recovery_text(pair, info["unit_code"], info["unit_name"], created[:10])
    return cfg, pair.fingerprint, sheet


def require_office_clerk(session: Session) -> dict[str, Any]:
    """The office's own row, refused unless this is an office and the account may act for it."""
    info = require_office(session)
    access.require(session, "office")
    return info


def office_config(session: Session) -> bytes:
    """The office's current signed config file."""
    return bytes(require_office(session)["config"])


def config_file_name(unit_code: str, unit_name: str) -> str:
    """The suggested name of the office's config file for the communes, e.g.
    ``cau-hinh_08_so-y-te-tinh-tuyen-quang.ctxhcfg``."""
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold(unit_name)).split()
    parts = ["cau-hinh", unit_code, "-".join(words) or "don-vi"]
    return "_".join(part for part in parts if part) + CONFIG_EXTENSION


def save_office_config(session: Session, path: Path | str) -> str:
    """Write the office's current config file for the communes; returns the fingerprint read back
    from the written file (so what is shown is what the communes will check)."""
    save_file(path, office_config(session))
    return file_fingerprint(path)


def recover_office_key(session: Session, sheet_text: str, new_key_passphrase: str) -> str:
    """The key passphrase was lost: the printed recovery sheet's keys, checked against the office's
    current key, are protected again under a new key passphrase (the passphrase rule applies).
    Returns the key's fingerprint; the event is audited."""
    info = require_office(session)
    access.require(session, "office")
    passphrases.check(new_key_passphrase, field="key_passphrase")
    pair = keys.keys_from_recovery_text(sheet_text or "")
    if pair.fingerprint != info["fingerprint"]:
        raise UserError(_("Phiếu khôi phục này không phải của khóa hiện tại của đơn vị."))
    protected = pair.protect(new_key_passphrase, comment=f"{info['unit_code']}")
    with session.store.atomic():
        db_exchange.reprotect_office_key(session.store, pair.fingerprint, protected)
        access.record(session, "office_key_recovered", "office", info["unit_code"])
    return pair.fingerprint


def unlock_office(session: Session, key_passphrase: str) -> list[keys.KeyPair]:
    """The office's key pairs (current first), unlocked with the key passphrase."""
    require_office(session)
    return [
        keys.KeyPair.unprotect(blob, key_passphrase)
        for blob in db_exchange.office_keys(session.store)
    ]


def write_age_identity(session: Session, key_passphrase: str, out: Path | str) -> Path:
    """Write the office's age identities (every key, current first) to ``out``, readable by its
    owner only, so an auditor opens a bundle with the standard tool:
    ``age -d -i FILE bundle.ctxh | tar x``. Audited; returns the file."""
    info = require_office_clerk(session)
    pairs = unlock_office(session, key_passphrase)
    target = Path(out)
    if target.is_dir():
        target = target / f"age-identity-{info['unit_code']}.txt"
    save_file(target, keys.age_identity_text(pairs, info["unit_code"]).encode("ascii"))
    private_file(target)
    with session.store.atomic():
        access.record(session, "age_identity", "office", info["unit_code"], {"keys": len(pairs)})
    return target
