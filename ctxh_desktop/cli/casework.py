"""Case commands: ``case open`` (intake from a script, as the window's new-case dialog does)."""

from __future__ import annotations

import argparse

from ctxh_desktop.cli import common
from ctxh_desktop.core import workflow
from ctxh_desktop.core.moments import require_moment
from ctxh_desktop.i18n import _
from ctxh_desktop.services import cases


def register(sub: common.Commands) -> None:
    """Add the case commands to the ``ctxh`` parser."""
    p = sub.add_parser("case", help=_("hồ sơ ca"))
    case_sub = p.add_subparsers(dest="case_command", metavar="ACTION", parser_class=type(p))
    o = case_sub.add_parser("open", help=_("tiếp nhận thông tin, mở ca mới"))
    o.add_argument("db")
    o.add_argument("--person", required=True, help=_("mã người được hỗ trợ"))
    o.add_argument("--kind", required=True, choices=workflow.KINDS)
    o.add_argument("--received-at", dest="received_at", required=True, help="YYYY-MM-DDTHH:MM")
    o.add_argument("--source", default="other", help=_("nguồn tiếp nhận (mã)"))
    o.add_argument(
        "--problem", dest="problems", action="append", default=[], help=_("vấn đề (mã), lặp lại")
    )
    o.add_argument("--emergency", action="store_true")
    o.add_argument("--level", choices=workflow.PROTECTION_LEVELS, help=_("cấp độ bảo vệ trẻ em"))
    o.add_argument("--summary")
    o.add_argument("--json", action="store_true")
    o.set_defaults(handler=cmd_case_open)


def cmd_case_open(args: argparse.Namespace) -> int:
    """``ctxh case open``: record a report and open a new case."""
    received = require_moment(args.received_at)
    data = {
        "kind": args.kind,
        "person_id": args.person,
        "received_at": received.strftime("%Y-%m-%dT%H:%M") if received else None,
        "source": args.source,
        "problem_types": args.problems or ["other"],
        "emergency": args.emergency,
        "protection_level": args.level,
        "summary": args.summary,
    }
    with common.session(args.db) as s:
        case = cases.open_case(s, data)
    if args.json:
        nxt = next((d for d in case["deadlines"] if not d.get("met_at")), None)
        common.print_json(
            {
                "id": case["id"],
                "code": case["code"],
                "kind": case["kind"],
                "step": case["step"],
                "received_at": case["received_at"],
                "next_deadline": {"rule": nxt["rule"], "due": nxt["due"]} if nxt else None,
            }
        )
    else:
        common.print_line(f"{case['code']}\t{case['id']}")
    return 0
