"""Helpers shared by the command modules: secrets, opening databases, printing JSON and errors."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _, set_language
from ctxh_desktop.services import session as sessions

#: What each command module's ``register`` receives: the ``ctxh`` parser's sub-commands.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def apply_language(argv: list[str]) -> None:
    """Pick the message language before parsing (``--lang`` anywhere, else ``CTXH_LANG``)."""
    lang = os.environ.get("CTXH_LANG", "vi")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang in ("vi", "en"):
        set_language(lang)


def debug_enabled() -> bool:
    """``CTXH_DEBUG=1`` re-raises unexpected errors (developers only)."""
    return os.environ.get("CTXH_DEBUG") == "1"


def error(message: str) -> None:
    """One line on stderr."""
    print(message.replace("\n", " "), file=sys.stderr)


def print_json(value: Any) -> None:
    """UTF-8 JSON with real characters (no ``\\u`` escapes)."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def print_line(text: str) -> None:
    """One UTF-8 line on stdout."""
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def passphrase(
    *, confirm: bool = False, env: str = "CTXH_PASSPHRASE", prompt: str | None = None
) -> str:
    """The passphrase from the environment, else asked at the terminal."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(_("Chưa có mật khẩu: đặt biến môi trường {env}.").format(env=env))
    value = getpass.getpass(prompt or _("Mật khẩu: "))
    if confirm and getpass.getpass(_("Nhập lại mật khẩu: ")) != value:
        raise UserError(_("Hai lần nhập mật khẩu không khớp."))
    return value


def key_passphrase() -> str:
    """The passphrase of an office's private key (defaults to the database passphrase)."""
    if os.environ.get("CTXH_KEY_PASSPHRASE"):
        return os.environ["CTXH_KEY_PASSPHRASE"]
    return passphrase()


def open_session(path: str | Path) -> sessions.Session:
    """Open a database for a command, acting as ``CTXH_USER``."""
    path = Path(path)
    if not path.exists():
        raise UserError(_("Không tìm thấy cơ sở dữ liệu {name}.").format(name=path.name))
    return sessions.open_session(path, passphrase(), user=os.environ.get("CTXH_USER"))


@contextmanager
def session(path: str | Path) -> Iterator[sessions.Session]:
    """:func:`open_session` for the length of a ``with`` block (closed however it ends)."""
    s = open_session(path)
    try:
        yield s
    finally:
        s.close()
