"""Cases moving between communes through the office: ``transfer``, ``transfer-file`` and
``receive-transfers`` (``services.case_transfer``, ``services.exchange.transfers``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ctxh_desktop.cli import common
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import case_transfer
from ctxh_desktop.services.exchange import transfers


def register(sub: common.Commands) -> None:
    """Add the transfer commands."""
    p = sub.add_parser("transfer", help=_("chuyển hồ sơ ca sang xã nơi đối tượng chuyển đến"))
    p.add_argument("db")
    p.add_argument("case", help=_("mã số hoặc id của ca"))
    p.add_argument("--to", dest="to_commune", required=True, metavar="CODE")
    p.add_argument("--note")
    p.set_defaults(handler=cmd_transfer)
    p = sub.add_parser("transfer-file", help=_("tệp hồ sơ chuyển đến một xã, do văn phòng gửi"))
    p.add_argument("db")
    p.add_argument("--device", required=True)
    p.add_argument("--out", required=True, help=_("tệp hoặc thư mục đích"))
    p.set_defaults(handler=cmd_transfer_file)
    p = sub.add_parser("receive-transfers", help=_("nhận các ca chuyển đến từ tệp của văn phòng"))
    p.add_argument("db")
    p.add_argument("file")
    p.set_defaults(handler=cmd_receive_transfers)


def cmd_transfer(args: argparse.Namespace) -> int:
    """``ctxh transfer``: send an open case to another commune; it closes here as transferred."""
    with common.session(args.db) as s:
        case = case_transfer.transfer_case(
            s, case_transfer.case_id(s, args.case), args.to_commune, args.note
        )
    common.print_line(f"{case['code']}\t{case_transfer.transfer_note(case)}")
    return 0


def cmd_transfer_file(args: argparse.Namespace) -> int:
    """``ctxh transfer-file``: the office's file of the cases transferred to a device's commune."""
    with common.session(args.db) as s:
        result = transfers.make_transfer_bundle(
            s, args.device, Path(args.out), common.key_passphrase()
        )
    common.print_line(str(result.path))
    return 0


def cmd_receive_transfers(args: argparse.Namespace) -> int:
    """``ctxh receive-transfers``: take the cases of the office's transfer file."""
    with common.session(args.db) as s:
        counts = transfers.receive_transfers(s, Path(args.file))
    common.print_line(
        ngettext(
            "Đã nhận {received} ca chuyển đến; {unchanged} ca đã nhận từ trước.",
            "Đã nhận {received} ca chuyển đến; {unchanged} ca đã nhận từ trước.",
            counts["received"],
        ).format(**counts)
    )
    return 0
