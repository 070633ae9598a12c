"""The ``ctxh`` command: a thin shell over the services, for office batch work, tests and benchmarks.

Each sub-module registers its sub-commands with :func:`register`; a handler receives the parsed
arguments and returns the exit code. Exit codes follow the contract in docs/CLI.md: 0 success,
2 input refused (a one-line Vietnamese message on stderr, no traceback), 1 anything else.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from ctxh_desktop import __version__, logs
from ctxh_desktop.cli import admin, casework, common, exchange, register, report, transfers
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.files import set_private_umask
from ctxh_desktop.i18n import _, set_language

#: Modules contributing sub-commands; each has ``register(subparsers)``.
COMMAND_MODULES = (register, casework, exchange, report, admin, transfers)


class _Parser(argparse.ArgumentParser):
    """Bad usage: one line on stderr and exit code 2, as the contract asks."""

    def error(self, message: str) -> NoReturn:
        common.error(_("Lệnh không hợp lệ: {detail}").format(detail=message))
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = _Parser(prog="ctxh", description=_("Phần mềm công tác xã hội cấp xã — dòng lệnh."))
    parser.add_argument("--version", action="version", version=f"ctxh {__version__}")
    parser.add_argument("--lang", choices=("vi", "en"), help=_("ngôn ngữ thông báo"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return (and, as a script, exit with) its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_private_umask()  # databases, keys, backups, bundles and logs: their owner's alone
    common.apply_language(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad usage exits 2
        return int(exc.code or 0)
    if args.lang:
        set_language(args.lang)
    if getattr(args, "command", None):
        logs.setup(f"ctxh {args.command}")  # the command's name only: arguments may hold names
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        common.error(str(exc))
        return 2
    except KeyboardInterrupt:
        common.error(_("Đã dừng theo yêu cầu."))
        return 1
    except Exception as exc:  # the contract: one line, exit 1, never a traceback
        logs.setup("ctxh")
        logs.log_crash(type(exc), exc, exc.__traceback__)
        common.error(_("Lỗi không mong đợi: {kind}.").format(kind=type(exc).__name__))
        if common.debug_enabled():
            raise
        return 1


if __name__ == "__main__":
    sys.exit(main())
