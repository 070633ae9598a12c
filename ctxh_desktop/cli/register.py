"""Commune register commands: ``init``, ``demo``, ``stats``, ``search``, ``todo``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from ctxh_desktop.cli import common
from ctxh_desktop.core import centres
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.moments import require_moment
from ctxh_desktop.i18n import _
from ctxh_desktop.services import demo, search, session, setup, stats


def register(sub: common.Commands) -> None:
    """Add the register commands to the ``ctxh`` parser."""
    p = sub.add_parser("init", help=_("tạo cơ sở dữ liệu mới của một xã"))
    p.add_argument("db")
    unit = p.add_mutually_exclusive_group(required=True)
    unit.add_argument("--commune", help=_("mã xã 5 chữ số"))
    unit.add_argument("--centre", metavar="PROVINCE", help=_("trung tâm công tác xã hội: mã tỉnh"))
    p.add_argument("--name", help=_("tên trung tâm công tác xã hội"))
    p.add_argument("--number", default="1", help=_("số thứ tự của trung tâm trong tỉnh (1–99)"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help=_("tạo cơ sở dữ liệu mẫu"))
    p.add_argument("db")
    p.add_argument("--commune", default=session.DEMO_COMMUNE)
    p.add_argument("--scale", default="small", choices=demo.SCALES)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("stats", help=_("số liệu tổng hợp"))
    p.add_argument("db")
    p.add_argument("--month", help="YYYY-MM")
    p.add_argument("--from", dest="month_from", help="YYYY-MM")
    p.add_argument("--to", dest="month_to", help="YYYY-MM")
    p.add_argument("--commune")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("search", help=_("tìm người và ca"))
    p.add_argument("db")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("todo", help=_("việc cần làm: thời hạn đến hạn hoặc quá hạn"))
    p.add_argument("db")
    p.add_argument("--at", help="YYYY-MM-DDTHH:MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_todo)


def parse_day(value: str | None, field: str) -> dt.date | None:
    """``YYYY-MM-DD`` or a clear refusal."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(
            _("Ngày không hợp lệ: {value} (cần dạng YYYY-MM-DD).").format(value=value), field=field
        ) from None


def _new_path(db: str) -> Path:
    path = Path(db)
    if path.exists():
        raise UserError(_("Tệp {name} đã tồn tại.").format(name=path.name), field="db")
    return path


def cmd_init(args: argparse.Namespace) -> int:
    """``ctxh init``: create a commune's (or a social-work centre's) new database."""
    path = _new_path(args.db)
    if args.centre is None and args.name is not None:
        raise UserError(_("--name chỉ dùng cùng --centre."), field="name")
    if args.centre is not None:
        if not (args.name or "").strip():
            raise UserError(_("Hãy nhập tên trung tâm."), field="name")
        centres.new_centre(args.centre, args.name, args.number)  # refused before any prompt
        done = setup.set_up_centre(
            path, common.passphrase(confirm=True), args.centre, args.name, args.number
        )
    else:
        done = setup.set_up_commune(path, common.passphrase(confirm=True), args.commune)
    s, recovery = done.session, done.recovery_code
    try:
        common.print_line(
            _("Đã tạo {path} cho {commune}.").format(path=path, commune=s.commune_name)
        )
        common.print_line(
            _("Mã khôi phục (in ra và cất giữ cẩn thận): {code}").format(code=recovery)
        )
    finally:
        s.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``ctxh demo``: create a demo database."""
    path = _new_path(args.db)
    as_of = parse_day(args.as_of, "as_of") or dt.date.today()
    passphrase = os.environ.get("CTXH_PASSPHRASE") or None
    s = session.create_demo_database(
        path,
        commune=args.commune,
        scale=args.scale,
        seed=args.seed,
        as_of=as_of,
        passphrase=passphrase,
    )
    s.close()
    common.print_line(str(path))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """``ctxh stats``: the consolidated figures."""
    with common.session(args.db) as s:
        result = stats.compute_stats(
            s,
            month=args.month,
            date_from=args.month_from,
            date_to=args.month_to,
            commune=args.commune,
        )
    if args.json:
        common.print_json(result)
    else:
        common.print_line(
            f"{result['scope']['commune_name']} — {result['scope']['period']['label']}"
        )
        for key, value in result["counts"].items():
            common.print_line(f"{key}\t{value}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """``ctxh search``: find people and cases."""
    with common.session(args.db) as s:
        results = search.search(s, args.query, args.limit)
    if args.json:
        common.print_json({"results": results})
    else:
        for r in results:
            common.print_line(f"{r['kind']}\t{r['name']}\t{r['birth'] or ''}\t{r['commune']}")
    return 0


def cmd_todo(args: argparse.Namespace) -> int:
    """``ctxh todo``: what needs doing: deadlines due or overdue."""
    at = require_moment(args.at)
    with common.session(args.db) as s:
        items = stats.todo(s, at)
    if args.json:
        common.print_json(
            [
                {k: item[k] for k in ("case_id", "case_code", "rule", "due", "overdue")}
                for item in items
            ]
        )
    else:
        for item in items:
            mark = "!" if item["overdue"] else " "
            common.print_line(f"{mark} {item['due']}\t{item['case_code']}\t{item['label']}")
    return 0
