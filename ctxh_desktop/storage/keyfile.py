"""The database's data key and how it is kept: wrapped by the passphrase and by a recovery code.

A random 32-byte data key opens the SQLCipher file directly (fast). It is stored only wrapped, with
AES-256-GCM under a key derived by Argon2id from the passphrase, and again under a key derived from
a one-time recovery code printed when the database is made. Changing the passphrase rewraps 32 bytes.
The key file sits beside the database (``<name>.keys``) and travels with its backups.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.files import atomic_write
from ctxh_desktop.i18n import _

_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default costs about 0.2 s and 64 MiB on a 2-core machine."""

    iterations: int = 3
    lanes: int = 4
    memory_kib: int = 65536


DEFAULT_KDF = KdfParams()
FAST_KDF = KdfParams(iterations=1, lanes=1, memory_kib=8192)


def key_file_for(db_path: Path | str) -> Path:
    """The key file that belongs to a database file."""
    return Path(f"{db_path}.keys")


def database_identity(content: dict) -> str:
    """A short, stable name for the database a key file belongs to, readable without any secret.

    It is taken from the recovery wrap's random salt, made once with the database and never
    rewrapped (a passphrase change or recovery rewraps only the passphrase entry), and copied with
    every backup: two databases with the same file name still have different identities.
    """
    salt = _unb64(content["recovery"]["salt"])
    return hashlib.sha256(b"ctxh-database-identity-v1" + salt).hexdigest()[:16]


def new_recovery_code() -> str:
    """A one-time recovery code: 6 groups of 5 unambiguous characters."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(30))
    return "-".join(chars[i : i + 5] for i in range(0, 30, 5))


def normalise_recovery_code(code: str) -> str:
    """Recovery codes are compared without dashes, spaces or case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _wrap(data_key: bytes, secret: str, params: KdfParams) -> dict:
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapped = AESGCM(_derive(secret, salt, params)).encrypt(nonce, data_key, b"ctxh-data-key-v1")
    return {
        "kdf": "argon2id",
        "iterations": params.iterations,
        "lanes": params.lanes,
        "memory_kib": params.memory_kib,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }


def _unwrap(entry: dict, secret: str) -> bytes | None:
    params = KdfParams(entry["iterations"], entry["lanes"], entry["memory_kib"])
    key = _derive(secret, _unb64(entry["salt"]), params)
    try:
        return AESGCM(key).decrypt(
            _unb64(entry["nonce"]), _unb64(entry["wrapped"]), b"ctxh-data-key-v1"
        )
    except InvalidTag:
        return None


def _passphrase(value: str) -> str:
    return nfc(value) or ""


def write_key_file(path: Path, data: dict) -> None:
    """Write the key file all or nothing, readable by its owner only
    (:func:`ctxh_desktop.files.atomic_write`)."""
    atomic_write(path, json.dumps(data, indent=1).encode("utf-8"))


def read_key_file(path: Path) -> dict:
    """Read a key file, refusing a missing or damaged one with a clear message."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["passphrase"]["wrapped"]
    except FileNotFoundError:
        raise UserError(
            _("Không tìm thấy tệp khóa {name} đi kèm cơ sở dữ liệu.").format(name=path.name)
        ) from None
    except (ValueError, KeyError, TypeError):
        raise UserError(_("Tệp khóa {name} bị hỏng.").format(name=path.name)) from None
    return data


def create_keys(passphrase: str, params: KdfParams = KdfParams()) -> tuple[bytes, dict, str]:
    """Make a new data key; return it, the key-file content and the recovery code to print."""
    if not passphrase:
        raise UserError(_("Mật khẩu không được để trống."), field="passphrase")
    data_key = os.urandom(32)
    recovery = new_recovery_code()
    content = {
        "version": 1,
        "passphrase": _wrap(data_key, _passphrase(passphrase), params),
        "recovery": _wrap(data_key, normalise_recovery_code(recovery), params),
    }
    return data_key, content, recovery


def unlock(content: dict, passphrase: str) -> bytes:
    """The data key, from the passphrase; a wrong one raises ``UserError`` (nothing is changed)."""
    key = _unwrap(content["passphrase"], _passphrase(passphrase))
    if key is None:
        raise UserError(_("Mật khẩu không đúng."), field="passphrase")
    return key


def unlock_with_recovery(content: dict, code: str) -> bytes:
    """The data key, from the printed recovery code."""
    key = _unwrap(content["recovery"], normalise_recovery_code(code))
    if key is None:
        raise UserError(_("Mã khôi phục không đúng."), field="recovery_code")
    return key


def rewrap(
    content: dict, data_key: bytes, new_passphrase: str, params: KdfParams | None = None
) -> dict:
    """A copy of the key-file content with the data key wrapped under a new passphrase."""
    if not new_passphrase:
        raise UserError(_("Mật khẩu không được để trống."), field="passphrase")
    old = content["passphrase"]
    params = params or KdfParams(old["iterations"], old["lanes"], old["memory_kib"])
    return {**content, "passphrase": _wrap(data_key, _passphrase(new_passphrase), params)}
