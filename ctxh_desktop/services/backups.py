"""Backups: automatic (daily, before migrations and imports) and manual, and restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ctxh_desktop.services.access import record, require
from ctxh_desktop.storage import backup


def backup_now(session, reason: str = "manual", folder: Path | str | None = None) -> Path:
    """Write an encrypted backup now (optionally into ``folder``, e.g. a USB stick)."""
    if reason == "manual":
        require(session, "backup")
    path = backup.make_backup(session.store, reason=reason, folder=Path(folder) if folder else None)
    record(session, "backup", detail={"reason": reason, "file": path.name})
    return path


def daily_backup(session, today: dt.date | None = None) -> Path | None:
    """Back up once a day (called at start-up); ``None`` when today's backup exists."""
    day = (today or dt.date.today()).strftime("%Y%m%d")
    if backup.latest_backup_day(session.store.path) == day:
        return None
    return backup_now(session, reason="daily")


def list_backups(session) -> list[Path]:
    """This database's backups, newest first."""
    return backup.list_backups(session.store.path)


def restore(db_path: Path | str, backup_file: Path | str, passphrase: str) -> int:
    """Restore a backup in place of ``db_path`` (the database must be closed); returns the new epoch."""
    from ctxh_desktop.storage.store import Store

    live_epoch = None
    try:
        live = Store.open(db_path, passphrase)
        live_epoch = live.epoch
        live.close()
    except Exception:
        live_epoch = None
    epoch = backup.restore(Path(backup_file), Path(db_path), passphrase, live_epoch)
    store = Store.open(db_path, passphrase)
    from ctxh_desktop.storage import audit

    with store.atomic():
        audit.append(
            store, "system", "restore", detail={"file": Path(backup_file).name, "epoch": epoch}
        )
    store.close()
    return epoch


def backups_of(db_path: Path | str) -> list[Path]:
    """A database's backups, newest first, without opening it (e.g. when it is damaged)."""
    return backup.list_backups(Path(db_path))
