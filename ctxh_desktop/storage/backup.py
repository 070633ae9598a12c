"""Encrypted backups with SQLite's online backup API, rotation, and restore into a new epoch.

A backup is a consistent copy of the live database, encrypted with the same data key, written next to
a copy of the key file, so the same passphrase (or recovery code) opens it. Backups live in the user's
backup folder (platformdirs, or ``CTXH_HOME``), one sub-folder per database; the newest
``KEEP`` automatic backups are kept. Restoring starts a new ``epoch`` (see SYNC.md): versions made after
the restore outrank any older copy the office holds, even with lower ``rev`` numbers.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from pathlib import Path

from ctxh_desktop import paths
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.storage import keyfile
from ctxh_desktop.storage.driver import connect

KEEP = 14
SUFFIX = ".ctxhbak"


def backup_folder(db_path: Path) -> Path:
    """The folder holding a database's backups."""
    folder = paths.backup_dir() / Path(db_path).stem
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _disk_full(target: Path) -> UserError:
    return UserError(
        _("Ổ đĩa đã đầy: không ghi được {name}. Hãy giải phóng dung lượng rồi thử lại.").format(
            name=target.name
        )
    )


def make_backup(store, reason: str = "manual", folder: Path | None = None) -> Path:
    """Write a backup of ``store`` (never a partial file under the final name); returns its path."""
    folder = Path(folder) if folder else backup_folder(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{store.path.stem}-{stamp}-{reason}{SUFFIX}"
    partial = target.with_name(target.name + ".part")
    try:
        dest = connect(partial, store._key)
        try:
            store.db.conn.backup(dest.conn)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.conn.close()
        shutil.copyfile(keyfile.key_file_for(store.path), keyfile.key_file_for(target))
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except OSError as exc:
        for leftover in (
            partial,
            keyfile.key_file_for(target),
            Path(str(partial) + "-wal"),
            Path(str(partial) + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(target) from None
        raise
    for leftover in (Path(str(partial) + "-wal"), Path(str(partial) + "-shm")):
        leftover.unlink(missing_ok=True)
    if folder == backup_folder(store.path):
        rotate(folder)
    return target


def list_backups(db_path: Path, folder: Path | None = None) -> list[Path]:
    """Backups of a database, newest first."""
    folder = Path(folder) if folder else backup_folder(db_path)
    return sorted(folder.glob(f"*{SUFFIX}"), reverse=True)


def rotate(folder: Path, keep: int = KEEP) -> None:
    """Keep the newest ``keep`` backups (manual ones and pre-migration ones count too)."""
    for old in sorted(folder.glob(f"*{SUFFIX}"), reverse=True)[keep:]:
        old.unlink(missing_ok=True)
        keyfile.key_file_for(old).unlink(missing_ok=True)


def latest_backup_day(db_path: Path) -> str | None:
    """The day (``YYYYMMDD``) of the newest backup, or ``None``."""
    found = list_backups(db_path)
    if not found:
        return None
    return found[0].name[len(Path(db_path).stem) + 1 :][:8]


def restore(backup: Path, db_path: Path, passphrase: str, live_epoch: int | None = None) -> int:
    """Replace ``db_path`` by ``backup`` (opened with ``passphrase``); returns the new epoch.

    The current database, if any, is first kept aside as ``<name>.before-restore``. The restored
    database gets epoch = max(its own, the live one's) + 1.
    """
    from ctxh_desktop.storage.store import Store

    backup, db_path = Path(backup), Path(db_path)
    check = Store.open(backup, passphrase)  # wrong passphrase or damaged backup: refused here
    epoch = max(check.epoch, live_epoch or 0) + 1
    check.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    if db_path.exists():
        aside = db_path.with_name(db_path.name + ".before-restore")
        os.replace(db_path, aside)
        if keyfile.key_file_for(db_path).exists():
            shutil.copyfile(keyfile.key_file_for(db_path), keyfile.key_file_for(aside))
    partial = db_path.with_name(db_path.name + ".part")
    shutil.copyfile(backup, partial)
    os.replace(partial, db_path)
    shutil.copyfile(keyfile.key_file_for(backup), keyfile.key_file_for(db_path))
    store = Store.open(db_path, passphrase)
    with store.atomic():
        store.set_meta("epoch", str(epoch))
        store.set_meta("restored_at", dt.datetime.now().replace(microsecond=0).isoformat())
    store.close()
    return epoch
