"""The one rule for passphrases a person chooses: the database's, and the office key's.

A passphrase opens everything the database holds about vulnerable children, and the derived key
cost (Argon2id, see ``docs/RELIABILITY.md``) is only as good as what is typed: at least
:data:`MIN_LENGTH` characters. The office key passphrase is asked separately and must differ from
the database passphrase, so that a copy of the database and its passphrase cannot also read every
commune's bundle. The wizard, every command and the services check with these functions.
"""

from __future__ import annotations

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.i18n import _

MIN_LENGTH = 10


def problem(text: str | None) -> str | None:
    """Why ``text`` cannot be a passphrase, in one Vietnamese sentence; ``None`` when it can."""
    if len(nfc(text or "") or "") < MIN_LENGTH:
        return _("Mật khẩu cần ít nhất {n} ký tự.").format(n=MIN_LENGTH)
    return None


def check(text: str | None, field: str = "passphrase") -> str:
    """Refuse (``UserError`` at ``field``) a passphrase that breaks the rule; returns it."""
    message = problem(text)
    if message:
        raise UserError(message, field=field)
    return text or ""


def check_key_passphrase(key_passphrase: str | None, passphrase: str | None) -> str:
    """The office key passphrase: the same rule, and different from the database passphrase."""
    check(key_passphrase, field="key_passphrase")
    if nfc(key_passphrase or "") == nfc(passphrase or ""):
        raise UserError(_("Mật khẩu khóa phải khác mật khẩu dữ liệu."), field="key_passphrase")
    return key_passphrase or ""


def strength(text: str) -> tuple[int, str]:
    """A rough strength score 0–3 and a short hint for the person typing a passphrase."""
    message = problem(text)
    if message:
        return 0, message
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )
    score = 1 + (len(text) >= 12) + (kinds >= 3)
    hints = {
        1: _("Tạm được. Dài hơn (12 ký tự trở lên) hoặc thêm chữ số, ký hiệu sẽ an toàn hơn."),
        2: _("Khá tốt."),
        3: _("Mạnh."),
    }
    return score, hints[score]
