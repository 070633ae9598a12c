"""User accounts kept in the encrypted database: Argon2id password hashes, lockout counters."""

from __future__ import annotations

import base64
import hmac
import os
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ctxh_desktop.storage.store import Store

# Login hashes are checked often and the database is already encrypted: a lighter cost than the
# passphrase that wraps the data key.
ITERATIONS, LANES, MEMORY_KIB = 2, 1, 19456


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``argon2id$<salt>$<hash>`` (base64)."""
    salt = salt or os.urandom(16)
    kdf = Argon2id(salt=salt, length=32, iterations=ITERATIONS, lanes=LANES, memory_cost=MEMORY_KIB)
    digest = kdf.derive(password.encode("utf-8"))
    return "argon2id$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def password_matches(stored: str, password: str) -> bool:
    """Constant-time check of a password against its stored hash."""
    try:
        _scheme, salt, digest = stored.split("$")
        expected = hash_password(password, base64.b64decode(salt)).split("$")[2]
    except ValueError:
        return False
    return hmac.compare_digest(expected, digest)


def get_user(store: Store, username: str) -> dict[str, Any] | None:
    """A user row, or ``None``."""
    rows = store.rows("SELECT * FROM user WHERE username = ?", [username])
    return rows[0] if rows else None


def list_users(store: Store) -> list[dict[str, Any]]:
    """Every user, without password hashes."""
    return store.rows(
        "SELECT username, full_name, role, active, failed_logins, locked_until, last_login_at"
        " FROM user ORDER BY username"
    )


def save_user(
    store: Store,
    username: str,
    full_name: str,
    role: str,
    password_hash: str | None,
    active: bool = True,
    created_at: str | None = None,
) -> None:
    """Create or update a user (the password hash is kept when ``None``)."""
    if get_user(store, username) is None:
        store.db.execute(
            "INSERT INTO user (username, full_name, role, password, active, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [username, full_name, role, password_hash or "", int(active), created_at],
        )
    else:
        store.db.execute(
            "UPDATE user SET full_name = ?, role = ?, active = ? WHERE username = ?",
            [full_name, role, int(active), username],
        )
        if password_hash:
            store.db.execute(
                "UPDATE user SET password = ? WHERE username = ?", [password_hash, username]
            )


def record_login(
    store: Store, username: str, ok: bool, at: str, locked_until: str | None = None
) -> int:
    """Count a failed login (returns the running count) or reset the counter after success."""
    if ok:
        store.db.execute(
            "UPDATE user SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE username = ?",
            [at, username],
        )
        return 0
    store.db.execute(
        "UPDATE user SET failed_logins = failed_logins + 1, locked_until = ? WHERE username = ?",
        [locked_until, username],
    )
    return store.scalar("SELECT failed_logins FROM user WHERE username = ?", [username]) or 0


def any_account(store: Store) -> bool:
    """Whether any user account exists."""
    return bool(store.scalar("SELECT count(*) FROM user"))
