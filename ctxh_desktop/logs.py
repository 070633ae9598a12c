"""The application's log: technical events only, never personal data.

Log lines carry event names, ids, counts and durations. An unexpected error is logged with its type
and where it happened (file, line, function) but **not** its message or local values, which could
hold a name typed by a user. The log rotates (3 × 1 MB) in the platform's log folder (platformdirs,
or ``CTXH_HOME``).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
import time
import traceback
from collections.abc import Iterator
from types import TracebackType

from ctxh_desktop.files import create_private
from ctxh_desktop.paths import log_dir

LOG_NAME = "ctxh-desktop.log"
_installed: list[logging.Handler] = []


def setup(program: str) -> logging.Logger:
    """Start logging to the rotating file (once per process); returns the program's logger."""
    logger = logging.getLogger("ctxh")
    if not _installed:
        handler = logging.handlers.RotatingFileHandler(
            create_private(log_dir() / LOG_NAME),
            maxBytes=1_000_000,
            backupCount=3,
            encoding="utf-8",
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        _installed.append(handler)
    logger.info("start %s", program)
    return logger


def crash_summary(kind: type[BaseException], tb: TracebackType | None) -> str:
    """``ValueError at storage/store.py:120 in insert ← …``: type and places, no message, no values."""
    frames = traceback.extract_tb(tb)[-6:]
    places = " ← ".join(
        f"{frame.filename.rsplit('ctxh_desktop/', 1)[-1]}:{frame.lineno} in {frame.name}"
        for frame in reversed(frames)
    )
    return f"{kind.__name__} at {places}" if places else kind.__name__


def log_crash(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Write an unexpected error to the log without its message (see the module docstring)."""
    del value
    logging.getLogger("ctxh").error("unexpected %s", crash_summary(kind, tb))


def install_excepthook() -> None:
    """Route uncaught exceptions to the log; the user sees the program's own message instead."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log_crash(kind, value, tb)
        if previous is not sys.__excepthook__:
            previous(kind, value, tb)
        else:
            sys.stderr.write(f"{kind.__name__}\n")

    sys.excepthook = hook


@contextlib.contextmanager
def timed(event: str, **counts: int | str) -> Iterator[dict[str, int | str]]:
    """Log ``event`` (``import``, ``export``, ``backup``, ``report`` …) under the ``ctxh`` logger
    when the block ends, with its counts and duration: ``export ok rows=120 ms=35``.

    The block may add counts to the dict it is given. Counts must be numbers or codes, never
    personal data; a failure is logged with the error's type only (``export failed UserError``)
    and raised again."""
    logger = logging.getLogger(f"ctxh.{event}")
    fields: dict[str, int | str] = dict(counts)
    start = time.perf_counter()
    try:
        yield fields
    except BaseException as exc:
        logger.warning(
            "%s failed %s%s", event, type(exc).__name__, _fields(fields, start), stacklevel=3
        )
        raise
    logger.info("%s ok%s", event, _fields(fields, start), stacklevel=3)


def _fields(fields: dict[str, int | str], start: float) -> str:
    ms = int((time.perf_counter() - start) * 1000)
    return "".join(f" {key}={value}" for key, value in {**fields, "ms": ms}.items())
