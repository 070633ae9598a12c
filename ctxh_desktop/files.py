"""Files the application writes and reads for the user: only their owner can read them, they are
written all or nothing (reading a file within a size limit: :mod:`ctxh_desktop.file_reads`).

On POSIX systems a file the application writes for the user gets mode 0600 and a folder it makes
0700, whatever the process umask; on Windows the user's profile folders already keep others out and
these functions change nothing. A file is written under a temporary name in the same folder,
flushed to disk, then renamed over the final name, and the folder flushed too, so a crash or a
full disk never leaves a partial file under the final name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_POSIX = os.name == "posix"


def private_dir(path: Path | str) -> Path:
    """Make ``path`` (and missing parents) a folder only its owner can open; returns it."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if _POSIX:
        with contextlib.suppress(OSError):  # a folder we do not own (e.g. a USB stick's root)
            os.chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path | str) -> Path:
    """Restrict an existing file to its owner (read and write); returns it."""
    path = Path(path)
    if _POSIX and path.exists():
        with contextlib.suppress(OSError):
            os.chmod(path, PRIVATE_FILE)
    return path


def create_private(path: Path | str) -> Path:
    """Create ``path`` empty with owner-only mode if it does not exist, else restrict it."""
    path = Path(path)
    if _POSIX:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    return private_file(path)


def set_private_umask() -> None:
    """From now on, files and folders this process creates are readable by their owner only."""
    if _POSIX:
        os.umask(0o077)


def sync_folder(folder: Path | str) -> None:
    """Make the renames inside ``folder`` durable (POSIX); does nothing where folders cannot be
    opened (Windows) or flushed."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares, FAT on some kernels) refuse: the rename stands
    finally:
        os.close(fd)


def commit_file(partial: Path | str, target: Path | str) -> None:
    """Flush a fully written ``partial`` file to disk and rename it to ``target`` durably."""
    with open(partial, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    sync_folder(Path(target).parent)


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` under ``path`` all or nothing, readable by its owner only (a temporary file
    in the same folder, flushed, renamed, the folder flushed).

    The temporary file is removed on any error, which is raised as it came (``OSError``)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)
