"""Files only their owner can read: databases, key files, backups, received bundles and logs.

On POSIX systems a file the application writes for the user gets mode 0600 and a folder it makes
0700, whatever the process umask; on Windows the user's profile folders already keep others out and
these functions change nothing.
"""

from __future__ import annotations

import contextlib
import os
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
