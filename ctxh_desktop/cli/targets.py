"""``ctxh office targets``: the office's plan targets (list, add, remove, load the example plan)
and progress against them (docs/CLI.md)."""

from __future__ import annotations

import argparse
from typing import Any

from ctxh_desktop.cli import common
from ctxh_desktop.i18n import _
from ctxh_desktop.services import targets


def register_office(office_sub: Any) -> None:
    """Add ``targets`` to the ``ctxh office`` sub-commands."""
    o = office_sub.add_parser("targets", help=_("mục tiêu kế hoạch và kết quả thực hiện"))
    o.add_argument("db")
    o.add_argument("--year", type=int)
    what = o.add_mutually_exclusive_group()
    what.add_argument("--add", metavar="INDICATOR")
    what.add_argument("--remove", metavar="ID")
    what.add_argument("--load-example", action="store_true")
    what.add_argument("--progress", metavar="YYYY-MM")
    o.add_argument("--value", metavar="N")
    o.add_argument("--increase", metavar="PERCENT")
    o.add_argument("--base-year", type=int)
    o.add_argument("--each-commune", action="store_true")
    o.add_argument("--source", default="")
    o.add_argument("--note", default="")
    o.add_argument("--json", action="store_true")
    o.set_defaults(handler=cmd_office_targets)


def _new_target(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "indicator": args.add,
        "year": args.year,
        "kind": "increase" if args.increase is not None else "value",
        "value": args.increase if args.increase is not None else args.value,
        "base_year": args.base_year,
        "scope": "commune" if args.each_commune else "unit",
        "source": args.source,
        "note": args.note,
    }


def _progress(s: Any, month: str, as_json: bool) -> None:
    found = targets.progress(s, int(month[:4]), month)
    if as_json:
        common.print_json(found)
        return
    for result in found:
        unit = result["unit"]
        percent = "—" if unit["percent"] is None else f"{unit['percent']}%"
        goal = "—" if unit["goal"] is None else unit["goal"]
        common.print_line(
            f"{result['target']['indicator']}\t{result['target']['described']}\t"
            f"{unit['achieved']}\t{goal}\t{percent}"
        )


def cmd_office_targets(args: argparse.Namespace) -> int:
    """``ctxh office targets``: list, add, remove, load the example plan, or show progress."""
    with common.session(args.db) as s:
        if args.progress:
            from ctxh_desktop.core.periods import parse_month

            _progress(s, parse_month(args.progress), args.json)
            return 0
        if args.add:
            common.print_line(targets.add_target(s, _new_target(args))["id"])
            return 0
        if args.remove:
            targets.remove_target(s, args.remove)
            return 0
        if args.load_example:
            common.print_line(str(targets.load_example(s)))
            return 0
        rows = targets.list_targets(s, args.year)
    if args.json:
        common.print_json(rows)
    else:
        for row in rows:
            common.print_line(f"{row['id']}\t{row['year']}\t{row['indicator']}\t{row['described']}")
    return 0
