"""Report commands: ``report monthly`` and ``report consolidated``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ctxh_desktop.cli import common
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import reporting


def register(sub: common.Commands) -> None:
    """Add ``ctxh report monthly|consolidated``."""
    p = sub.add_parser("report", help=_("lập báo cáo (PDF, Excel)"))
    kinds = p.add_subparsers(dest="report_kind", metavar="KIND", parser_class=type(p))

    m = kinds.add_parser("monthly", help=_("báo cáo của xã theo tháng (PDF)"))
    m.add_argument("db")
    m.add_argument("--month", help="YYYY-MM")
    m.add_argument("--from", dest="month_from", help="YYYY-MM")
    m.add_argument("--to", dest="month_to", help="YYYY-MM")
    m.add_argument("--out", required=True, help="FILE.pdf")
    m.add_argument("--commune")
    m.set_defaults(handler=cmd_monthly)

    c = kinds.add_parser("consolidated", help=_("báo cáo tổng hợp các xã (PDF hoặc Excel)"))
    c.add_argument("db")
    c.add_argument("--from", dest="month_from", required=True, help="YYYY-MM")
    c.add_argument("--to", dest="month_to", required=True, help="YYYY-MM")
    c.add_argument("--out", required=True, help="FILE.pdf | FILE.xlsx")
    c.set_defaults(handler=cmd_consolidated)

    r = kinds.add_parser("registers", help=_("sổ theo dõi của xã (Excel)"))
    r.add_argument("db")
    r.add_argument("--out", required=True, help="FILE.xlsx")
    r.set_defaults(handler=cmd_registers)


def _out_path(value: str, allowed: tuple[str, ...]) -> Path:
    path = Path(value)
    if path.suffix.lower() not in allowed:
        raise UserError(
            _("Tệp kết quả phải có đuôi {allowed}.").format(allowed=" / ".join(allowed)),
            field="out",
        )
    if not path.parent.exists():
        raise UserError(
            _("Không tìm thấy thư mục {name}.").format(name=str(path.parent)), field="out"
        )
    return path


def cmd_monthly(args: argparse.Namespace) -> int:
    """``ctxh report monthly``: the commune's monthly report (PDF)."""
    out = _out_path(args.out, (".pdf",))
    if not (args.month or args.month_from or args.month_to):
        raise UserError(_("Hãy chọn tháng (--month YYYY-MM) hoặc khoảng --from/--to."))
    with common.session(args.db) as s:
        data = reporting.monthly_report(
            s, args.month, args.month_from, args.month_to, commune=args.commune
        )
        reporting.save_output(s, out, data, "monthly")
    common.print_line(str(out))
    return 0


def cmd_consolidated(args: argparse.Namespace) -> int:
    """``ctxh report consolidated``: the communes' consolidated report (PDF or Excel)."""
    out = _out_path(args.out, (".pdf", ".xlsx"))
    with common.session(args.db) as s:
        data = reporting.consolidated_report(
            s, args.month_from, args.month_to, fmt=out.suffix.lower().lstrip(".")
        )
        reporting.save_output(s, out, data, "consolidated")
    common.print_line(str(out))
    return 0


def cmd_registers(args: argparse.Namespace) -> int:
    """``ctxh report registers``: the commune's registers (Excel)."""
    out = _out_path(args.out, (".xlsx",))
    with common.session(args.db) as s:
        reporting.save_output(s, out, reporting.registers_workbook(s), "registers")
    common.print_line(str(out))
    return 0
