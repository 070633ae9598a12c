"""Protection settings kept by the administrator: the database passphrase and the screen lock."""

from __future__ import annotations

from pathlib import Path

from ctxh_desktop.core import passphrases
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import record, require
from ctxh_desktop.services.context import Session

DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240


def change_passphrase(session: Session, old: str, new: str, confirm: str) -> None:
    """Wrap the data key under a new passphrase (administrators only; the data is not rewritten)."""
    require(session, "settings")
    errors: dict[str, str] = {}
    if passphrases.problem(new):
        errors["new"] = passphrases.problem(new) or ""
    elif new != confirm:
        errors["confirm"] = _("Hai lần nhập mật khẩu mới không khớp.")
    elif new == old:
        errors["new"] = _("Mật khẩu mới phải khác mật khẩu cũ.")
    if errors:
        raise ValidationError(errors)
    try:
        session.store.change_passphrase(old or "", new)
    except UserError as exc:
        raise UserError(exc.message, field="old") from None
    with session.store.atomic():
        record(session, "passphrase_changed")


def lock_minutes(session: Session) -> int:
    """Minutes without use before the screen locks (0: never)."""
    try:
        value = int(session.store.setting("lock_minutes") or DEFAULT_LOCK_MINUTES)
    except ValueError:
        return DEFAULT_LOCK_MINUTES
    return max(0, min(MAX_LOCK_MINUTES, value))


def set_lock_minutes(session: Session, minutes: int) -> int:
    """Change the screen-lock delay (administrators only); returns the stored value."""
    require(session, "settings")
    value = int(minutes)
    if not 0 <= value <= MAX_LOCK_MINUTES:
        raise UserError(
            _("Thời gian tự khóa từ 0 đến {n} phút.").format(n=MAX_LOCK_MINUTES), field="minutes"
        )
    with session.store.atomic():
        session.store.set_setting("lock_minutes", str(value))
        record(session, "settings", detail={"keys": ["lock_minutes"]})
    return value


def check_passphrase(session: Session, secret: str) -> None:
    """Refuse (``UserError``) unless ``secret`` opens this database; nothing is changed."""
    from ctxh_desktop.storage.store import Store

    Store.open(session.path, secret).close()


def recover(db_path: Path | str, recovery_code: str, new: str) -> None:
    """Open a database with its printed recovery code and set a new passphrase (the passphrase
    was lost). Nothing else changes; the event is written to the audit log."""
    from ctxh_desktop.storage import audit
    from ctxh_desktop.storage.store import Store

    passphrases.check(new, field="new")
    store = Store.open_with_recovery(db_path, recovery_code)
    try:
        store.reset_passphrase(new)
        with store.atomic():
            audit.append(store, "system", "passphrase_recovered")
    finally:
        store.close()
