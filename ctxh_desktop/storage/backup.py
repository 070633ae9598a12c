"""Encrypted backups with SQLite's online backup API, rotation, and restore into a new epoch.

A backup is a consistent copy of the live database, encrypted with the same data key, written next to
a copy of the key file, so the same passphrase (or recovery code) opens it. Backups belong to one
database, named by the identity in its key file (:func:`keyfile.database_identity`), not by its file
name: each database has its own folder in the user's backup folder (platformdirs, or ``CTXH_HOME``),
its own rotation, and a restore refuses a backup of another database. Restoring starts a new
``epoch``: versions made after the restore outrank any older copy the office holds, even with lower
``rev`` numbers.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ctxh_desktop import paths
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.files import commit_file, private_dir, private_file
from ctxh_desktop.i18n import _
from ctxh_desktop.storage import keyfile
from ctxh_desktop.storage.driver import DatabaseError, connect

if TYPE_CHECKING:  # imported at run time by the driver, after it points sqlite_utils at SQLCipher
    from sqlite_utils import Database


class Copyable(Protocol):
    """What a backup needs of an open database (a :class:`~ctxh_desktop.storage.store.Store`,
    which opens backups for migrations and so is not imported here)."""

    @property
    def path(self) -> Path:
        """The database file."""

    def write_copy(self, target: Path) -> None:
        """A consistent, encrypted copy of the database at ``target``."""

    def open_copy(self, path: Path) -> Database:
        """Open a copy of the database with its data key."""


SUFFIX = ".ctxhbak"
#: Rotation: the newest ``KEEP_RECENT`` backups, then the newest of each day for ``KEEP_DAYS`` days,
#: then the newest of each month for ``KEEP_MONTHS`` months.
KEEP_RECENT = 10
KEEP_DAYS = 14
KEEP_MONTHS = 12
#: Automatic backups while the database is in use: one every ``PERIODIC_HOURS`` hours of work.
PERIODIC_HOURS = 2
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"-(\d{8}-\d{6}-\d{6})-([a-z_]+)" + re.escape(SUFFIX) + r"$")


@dataclass(frozen=True)
class BackupFile:
    """One backup: its file, when it was made and why (``daily``, ``manual``, ``import`` …)."""

    path: Path
    made_at: dt.datetime | None
    reason: str

    @property
    def size(self) -> int:
        """The file's size in bytes (0 when it cannot be read)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def describe_file(path: Path) -> BackupFile:
    """Date and reason of a backup, read from its name (``<db>-<stamp>-<reason>.ctxhbak``)."""
    found = _NAME.search(path.name)
    if not found:
        return BackupFile(path, None, "")
    try:
        made = dt.datetime.strptime(found.group(1), _STAMP)
    except ValueError:
        made = None
    return BackupFile(path, made, found.group(2))


def identity_of(db_or_backup: Path) -> str | None:
    """The identity of the database a file (database or backup) belongs to, from its key file."""
    try:
        return keyfile.database_identity(keyfile.read_key_file(keyfile.key_file_for(db_or_backup)))
    except (UserError, KeyError, TypeError, ValueError):
        return None


def backup_folder(db_path: Path) -> Path:
    """The folder holding one database's backups (``<name>-<identity>``), only its owner can read.

    Backups made before folders were named by identity (``<name>``) are moved in when they belong.
    """
    db_path = Path(db_path)
    identity = identity_of(db_path)
    if identity is None:
        return private_dir(paths.backup_dir() / db_path.stem)
    folder = private_dir(paths.backup_dir() / f"{db_path.stem}-{identity}")
    legacy = paths.backup_dir() / db_path.stem
    if legacy.is_dir():
        for old in legacy.glob(f"*{SUFFIX}"):
            if identity_of(old) == identity:
                os.replace(keyfile.key_file_for(old), keyfile.key_file_for(folder / old.name))
                os.replace(old, folder / old.name)
    return folder


def _disk_full(target: Path) -> UserError:
    return UserError(
        _("Ổ đĩa đã đầy: không ghi được {name}. Hãy giải phóng dung lượng rồi thử lại.").format(
            name=target.name
        )
    )


def make_backup(store: Copyable, reason: str = "manual", folder: Path | None = None) -> Path:
    """Write a backup of ``store`` (never a partial file under the final name); returns its path."""
    own_folder = backup_folder(store.path)
    folder = private_dir(folder) if folder else own_folder
    stamp = dt.datetime.now().strftime(_STAMP)
    target = folder / f"{store.path.stem}-{stamp}-{reason}{SUFFIX}"
    partial = target.with_name(target.name + ".part")
    try:
        store.write_copy(partial)
        shutil.copyfile(keyfile.key_file_for(store.path), keyfile.key_file_for(target))
        private_file(keyfile.key_file_for(target))
        commit_file(partial, target)
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
    if folder == own_folder:
        rotate(folder)
    return target


def list_backups(db_path: Path, folder: Path | None = None) -> list[Path]:
    """Backups of a database, newest first."""
    folder = Path(folder) if folder else backup_folder(db_path)
    files = [describe_file(p) for p in folder.glob(f"*{SUFFIX}")]
    files.sort(key=lambda f: (f.made_at or dt.datetime.min, f.path.name), reverse=True)
    return [f.path for f in files]


def to_keep(files: list[BackupFile], now: dt.datetime) -> set[Path]:
    """Which backups the rotation keeps: recent ones dense, older ones sparse (see ``KEEP_*``)."""
    dated = sorted(
        (f for f in files if f.made_at), key=lambda f: f.made_at or dt.datetime.min, reverse=True
    )
    keep = {f.path for f in dated[:KEEP_RECENT]}
    keep |= {f.path for f in files if f.made_at is None}  # never delete what we cannot date
    days: set[dt.date] = set()
    months: set[tuple[int, int]] = set()
    for f in dated:
        made = f.made_at
        assert made is not None
        if (now.date() - made.date()).days < KEEP_DAYS and made.date() not in days:
            days.add(made.date())
            keep.add(f.path)
        month = (made.year, made.month)
        age_months = (now.year - made.year) * 12 + now.month - made.month
        if age_months < KEEP_MONTHS and month not in months:
            months.add(month)
            keep.add(f.path)
    return keep


def rotate(folder: Path, now: dt.datetime | None = None) -> None:
    """Delete the backups the rotation does not keep (manual and pre-migration ones count too)."""
    files = [describe_file(p) for p in folder.glob(f"*{SUFFIX}")]
    keep = to_keep(files, now or dt.datetime.now())
    for f in files:
        if f.path not in keep:
            f.path.unlink(missing_ok=True)
            keyfile.key_file_for(f.path).unlink(missing_ok=True)


def latest_backup(db_path: Path) -> BackupFile | None:
    """The newest backup of a database, or ``None``."""
    for path in list_backups(db_path):
        found = describe_file(path)
        if found.made_at:
            return found
    return None


def latest_backup_day(db_path: Path) -> str | None:
    """The day (``YYYYMMDD``) of the newest backup, or ``None``."""
    newest = latest_backup(db_path)
    return newest.made_at.strftime("%Y%m%d") if newest and newest.made_at else None


def contents(
    backup: Path, key: bytes | None = None, store: Copyable | None = None
) -> dict[str, int] | None:
    """How many people, cases and counselling sessions a backup holds (``None``: unreadable), opened
    with a data key, or with the key of ``store`` (the database the backup belongs to)."""
    try:
        db = store.open_copy(backup) if store is not None else connect(backup, key or b"")
    except (DatabaseError, ValueError):
        return None
    try:
        count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "people": count(
                "SELECT count(*) FROM person WHERE deleted = 0 AND merged_into IS NULL"
            ),
            "cases": count("SELECT count(*) FROM case_file WHERE deleted = 0"),
            "sessions": count("SELECT count(*) FROM consultation WHERE deleted = 0"),
        }
    except DatabaseError:
        return None
    finally:
        db.conn.close()


def refuse_foreign(backup: Path, db_path: Path) -> None:
    """Refuse (``UserError``) a backup whose key file names another database than ``db_path``'s."""
    mine, theirs = identity_of(db_path), identity_of(backup)
    if mine and theirs != mine:
        raise UserError(
            _(
                "Bản sao lưu {name} là của một cơ sở dữ liệu khác, không phải của {db}: "
                "không khôi phục."
            ).format(name=backup.name, db=db_path.name)
        )


def restore(backup: Path, db_path: Path, passphrase: str, live_epoch: int | None = None) -> int:
    """Replace ``db_path`` by ``backup`` (opened with ``passphrase``); returns the new epoch.

    A backup of another database is refused. The current database, if any, is first kept aside as
    ``<name>.before-restore-<time>`` (never overwritten by a later restore). The restored database
    gets epoch = max(its own, the live one's) + 1.
    """
    backup, db_path = Path(backup), Path(db_path)
    refuse_foreign(backup, db_path)
    # A wrong passphrase or a damaged backup is refused here, before anything is touched.
    key = keyfile.unlock(keyfile.read_key_file(keyfile.key_file_for(backup)), passphrase)
    epoch = max(_epoch_of(backup, key), live_epoch or 0) + 1
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    if db_path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
        os.replace(db_path, aside)
        if keyfile.key_file_for(db_path).exists():
            shutil.copyfile(keyfile.key_file_for(db_path), keyfile.key_file_for(aside))
            private_file(keyfile.key_file_for(aside))
    partial = db_path.with_name(db_path.name + ".part")
    shutil.copyfile(backup, partial)
    private_file(partial)
    commit_file(partial, db_path)
    shutil.copyfile(keyfile.key_file_for(backup), keyfile.key_file_for(db_path))
    private_file(keyfile.key_file_for(db_path))
    db = connect(db_path, key)
    try:
        with db.atomic():
            db.execute(_SET_META, ["epoch", str(epoch)])
            db.execute(
                _SET_META, ["restored_at", dt.datetime.now().replace(microsecond=0).isoformat()]
            )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()
    return epoch


_SET_META = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"


def _epoch_of(backup: Path, key: bytes) -> int:
    """The data epoch a backup was made in; a damaged backup is refused (``UserError``)."""
    try:
        db = connect(backup, key)
    except DatabaseError:
        raise UserError(_("Bản sao lưu {name} bị hỏng.").format(name=backup.name)) from None
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
    except DatabaseError:
        raise UserError(_("Bản sao lưu {name} bị hỏng.").format(name=backup.name)) from None
    finally:
        db.conn.close()
    return int(row[0]) if row else 0
