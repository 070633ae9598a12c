"""Backups: automatic (first open of the day, every two hours of work, at close, before migrations,
imports and restores) and manual; the list with what each holds; restore, told plainly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ctxh_desktop import logs
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import record, require
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import audit, backup, keyfile
from ctxh_desktop.storage.store import Store


def backup_now(session: Session, reason: str = "manual", folder: Path | str | None = None) -> Path:
    """Write an encrypted backup now (optionally into ``folder``, e.g. a USB stick)."""
    if reason == "manual":
        require(session, "backup")
    with logs.timed("backup", reason=reason):
        path = backup.make_backup(
            session.store, reason=reason, folder=Path(folder) if folder else None
        )
    record(session, "backup", detail={"reason": reason, "file": path.name})
    return path


def automatic_backup(session: Session, now: dt.datetime | None = None) -> Path | None:
    """The automatic backup due now, if any: the first of the day (``daily``), then one after every
    :data:`backup.PERIODIC_HOURS` hours of work (``periodic``). ``None`` when none is due."""
    now = now or dt.datetime.now()
    newest = backup.latest_backup(session.store.path)
    if newest is None or newest.made_at is None or newest.made_at.date() != now.date():
        return backup_now(session, reason="daily")
    if now - newest.made_at >= dt.timedelta(hours=backup.PERIODIC_HOURS):
        return backup_now(session, reason="periodic")
    return None


def backup_at_close(session: Session) -> Path:
    """The backup made when the database is closed at the end of work."""
    return backup_now(session, reason="close")


def _describe(path: Path, key: bytes | None = None, store: Store | None = None) -> dict[str, Any]:
    found = backup.describe_file(path)
    held = backup.contents(path, key, store) if key or store else None
    return {
        "path": path,
        "at": found.made_at,
        "reason": found.reason,
        "size": found.size,
        "contents": held,
    }


def list_backups(session: Session) -> list[dict[str, Any]]:
    """This database's backups, newest first: file, time, reason, size and what each holds
    (``contents``: people, cases, counselling sessions)."""
    store = session.store
    return [_describe(p, store=store) for p in backup.list_backups(store.path)]


def backups_of(db_path: Path | str) -> list[Path]:
    """A database's backups, newest first, without opening it (e.g. when it is damaged)."""
    return backup.list_backups(Path(db_path))


def describe_backups_of(db_path: Path | str, passphrase: str) -> list[dict[str, Any]]:
    """A closed (perhaps damaged) database's backups described as :func:`list_backups` does; the
    passphrase unlocks the newest backup's key file once (a wrong one: ``UserError``)."""
    found = backups_of(db_path)
    if not found:
        return []
    key = keyfile.unlock(keyfile.read_key_file(keyfile.key_file_for(found[0])), passphrase)
    return [_describe(p, key) for p in found]


def loss_warning(made_at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """What a restore of a backup made at ``made_at`` loses, in one plain sentence."""
    if made_at is None:
        return _("Những gì nhập sau khi bản sao lưu này được tạo sẽ mất.")
    now = now or dt.datetime.now()
    time = made_at.strftime("%H:%M")
    if made_at.date() == now.date():
        return _("Những gì nhập sau {time} hôm nay sẽ mất.").format(time=time)
    if made_at.date() == now.date() - dt.timedelta(days=1):
        return _("Những gì nhập sau {time} hôm qua sẽ mất.").format(time=time)
    return _("Những gì nhập sau {time} ngày {day} sẽ mất.").format(
        time=time, day=made_at.strftime("%d/%m/%Y")
    )


def restorer(db_path: Path | str, passphrase: str, user: str | None) -> str:
    """Who restores: the account ``user`` (or the passphrase holder) when the database still opens,
    refused (``UserError``) unless it may restore; ``"system"`` for a damaged database, which
    cannot say who its accounts are (only the passphrase holder gets this far)."""
    from ctxh_desktop.core.errors import DamagedDatabase
    from ctxh_desktop.services.session import open_session

    try:
        session = open_session(Path(db_path), passphrase, user=user)
    except DamagedDatabase:
        return "system"
    try:
        require(session, "backup")
        return session.user
    finally:
        session.close()


def restore(
    db_path: Path | str, backup_file: Path | str, passphrase: str, actor: str = "system"
) -> int:
    """Restore a backup in place of ``db_path`` (the database must be closed); returns the new epoch.

    A backup of another database is refused (``UserError``). When the current database still opens,
    a ``before_restore`` backup of it is made first, so the restore can be undone from the list; the
    file itself is kept aside too. The audit entry names ``actor``.
    """
    from ctxh_desktop.storage.store import Store

    db_path, backup_file = Path(db_path), Path(backup_file)
    if not backup_file.exists():
        raise UserError(_("Không tìm thấy tệp {name}.").format(name=backup_file.name))
    backup.refuse_foreign(backup_file, db_path)
    live_epoch = None
    try:
        live: Store | None = Store.open(db_path, passphrase)
    except UserError:  # damaged, missing or another passphrase: only the file set aside is kept
        live = None
    if live is not None:
        try:
            live_epoch = live.epoch
            backup.make_backup(live, reason="before_restore")
        finally:
            live.close()
    epoch = backup.restore(backup_file, db_path, passphrase, live_epoch)
    store = Store.open(db_path, passphrase)
    try:
        with store.atomic():
            audit.append(store, actor, "restore", detail={"file": backup_file.name, "epoch": epoch})
    finally:
        store.close()
    return epoch
