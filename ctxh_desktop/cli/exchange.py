"""Data exchange commands: ``export``, ``office init|enrol|receipt|rotate|revoke|restore`` (alias
``district``; ``office trust|enrolment|forward`` for forwarding to a higher office, ``office
duplicates|communes``), ``fingerprint``, ``trust``, ``enrolment``, ``receipt``, ``apply-restore`` and ``import``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ctxh_desktop.cli import common
from ctxh_desktop.cli import targets as office_targets
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.file_reads import read_limited
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import exchange, forwarding, office, setup


def _trust_arguments(p: argparse.ArgumentParser) -> None:
    """``DB CONFIG`` and how the config is checked: the typed fingerprint or a signed rotation."""
    p.add_argument("db")
    p.add_argument("config")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--fingerprint")
    how.add_argument(
        "--rotation",
        action="store_true",
        help=_("cấu hình mới do đơn vị đã tin cậy ký (thay khóa)"),
    )


def register(sub: common.Commands) -> None:
    """Add the exchange commands to the ``ctxh`` parser."""
    p = sub.add_parser("export", help=_("xuất tệp dữ liệu đã mã hóa để gửi đơn vị tiếp nhận"))
    p.add_argument("db")
    p.add_argument("--out", required=True, help=_("tệp hoặc thư mục đích"))
    p.add_argument(
        "--full", action="store_true", help=_("gửi toàn bộ dữ liệu thay vì phần thay đổi")
    )
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("office", aliases=["district"], help=_("đơn vị tiếp nhận báo cáo"))
    office_sub = p.add_subparsers(dest="office_command", metavar="ACTION", parser_class=type(p))
    o = office_sub.add_parser("init", help=_("tạo đơn vị tiếp nhận, khóa và tệp cấu hình"))
    o.add_argument("db")
    o.add_argument("--unit", required=True, help=_("mã tỉnh 2 chữ số hoặc mã xã 5 chữ số"))
    o.add_argument("--name", required=True)
    o.add_argument("--config-out", dest="config_out", required=True)
    o.add_argument("--due-day", dest="due_day", type=int, default=5)
    o.add_argument(
        "--escrow", action="append", default=[], help=_("khóa công khai dự phòng (age1…)")
    )
    o.add_argument("--recovery-out", dest="recovery_out", help=_("tệp phiếu khôi phục khóa để in"))
    o.set_defaults(handler=cmd_office_init)
    o = office_sub.add_parser("enrol", help=_("đăng ký thiết bị của xã"))
    o.add_argument("db")
    o.add_argument("file")
    o.add_argument("--fingerprint", required=True)
    o.add_argument(
        "--replace",
        nargs=2,
        metavar=("COMMUNE", "OLD_FINGERPRINT"),
        help=_("thay khóa của thiết bị đã đăng ký: mã xã và dấu vân tay đầy đủ của khóa cũ"),
    )
    o.set_defaults(handler=cmd_office_enrol)
    o = office_sub.add_parser(
        "lower-offices", help=_("có nhận đăng ký của đơn vị cấp dưới hay không")
    )
    o.add_argument("db")
    allow = o.add_mutually_exclusive_group()
    allow.add_argument("--allow", action="store_true")
    allow.add_argument("--refuse", action="store_true")
    o.set_defaults(handler=cmd_office_lower_offices)
    o = office_sub.add_parser("receipt", help=_("viết biên nhận cho một thiết bị của xã"))
    o.add_argument("db")
    o.add_argument("--device", required=True)
    o.add_argument("--out", required=True)
    o.set_defaults(handler=cmd_office_receipt)

    o = office_sub.add_parser(
        "rotate", help=_("thay khóa của đơn vị (cấu hình mới ký bằng khóa cũ)")
    )
    o.add_argument("db")
    o.add_argument("--config-out", dest="config_out", required=True)
    o.add_argument("--recovery-out", dest="recovery_out", help=_("tệp phiếu khôi phục khóa để in"))
    o.set_defaults(handler=cmd_office_rotate)
    o = office_sub.add_parser(
        "recover-key", help=_("đặt mật khẩu khóa mới từ phiếu khôi phục khóa đã in")
    )
    o.add_argument("db")
    o.add_argument("--sheet", required=True, help=_("tệp văn bản của phiếu khôi phục khóa"))
    o.set_defaults(handler=cmd_office_recover_key)
    o = office_sub.add_parser("revoke", help=_("thu hồi một thiết bị (máy bị mất)"))
    o.add_argument("db")
    o.add_argument("--device", required=True)
    o.set_defaults(handler=cmd_office_revoke)
    o = office_sub.add_parser(
        "purge", help=_("xóa dữ liệu một thiết bị đã thu hồi gửi lên (từ một ngày)")
    )
    o.add_argument("db")
    o.add_argument("--device", required=True)
    o.add_argument("--since", help=_("ngày nhận đầu tiên bị xóa, YYYY-MM-DD"))
    o.set_defaults(handler=cmd_office_purge)
    o = office_sub.add_parser(
        "age-identity", help=_("ghi khóa giải mã age của đơn vị ra tệp (cho kiểm toán)")
    )
    o.add_argument("db")
    o.add_argument("--out", required=True)
    o.set_defaults(handler=cmd_office_age_identity)
    o = office_sub.add_parser("restore", help=_("gửi lại cho xã bản dữ liệu đơn vị đang giữ"))
    o.add_argument("db")
    o.add_argument("--device", required=True)
    o.add_argument("--out", required=True, help=_("tệp hoặc thư mục đích"))
    o.set_defaults(handler=cmd_office_restore)
    o = office_sub.add_parser("trust", help=_("cài cấu hình của đơn vị cấp trên"))
    _trust_arguments(o)
    o.set_defaults(handler=cmd_office_trust)
    o = office_sub.add_parser(
        "enrolment", help=_("viết tệp đăng ký của đơn vị để gửi đơn vị cấp trên")
    )
    o.add_argument("db")
    o.add_argument("--out", required=True)
    o.set_defaults(handler=cmd_office_enrolment)
    o = office_sub.add_parser("forward", help=_("chuyển số liệu tổng hợp lên đơn vị cấp trên"))
    o.add_argument("db")
    o.add_argument("--out", required=True, help=_("tệp hoặc thư mục đích"))
    o.add_argument("--from", dest="month_from", metavar="YYYY-MM")
    o.add_argument("--to", dest="month_to", metavar="YYYY-MM")
    o.add_argument(
        "--records",
        action="store_true",
        help=_("gửi hồ sơ đã bỏ thông tin nhận dạng thay vì số liệu tổng hợp"),
    )
    o.set_defaults(handler=cmd_office_forward)
    o = office_sub.add_parser("duplicates", help=_("người có thể trùng giữa các xã"))
    o.add_argument("db")
    o.add_argument("--json", action="store_true")
    o.set_defaults(handler=cmd_office_duplicates)
    o = office_sub.add_parser("communes", help=_("xem, thêm, bớt các xã phải báo cáo"))
    o.add_argument("db")
    o.add_argument("--add", nargs="+", default=[], metavar="CODE")
    o.add_argument("--remove", nargs="+", default=[], metavar="CODE")
    o.add_argument("--json", action="store_true")
    o.set_defaults(handler=cmd_office_communes)
    office_targets.register_office(office_sub)

    p = sub.add_parser("apply-restore", help=_("nhận lại dữ liệu từ tệp khôi phục của đơn vị"))
    p.add_argument("db")
    p.add_argument("file")
    p.set_defaults(handler=cmd_apply_restore)

    p = sub.add_parser("fingerprint", help=_("dấu vân tay của tệp cấu hình hoặc tệp đăng ký"))
    p.add_argument("file")
    p.set_defaults(handler=cmd_fingerprint)

    p = sub.add_parser("trust", help=_("cài cấu hình của đơn vị tiếp nhận"))
    _trust_arguments(p)
    p.set_defaults(handler=cmd_trust)

    p = sub.add_parser("enrolment", help=_("viết tệp đăng ký thiết bị của xã"))
    p.add_argument("db")
    p.add_argument("--out", required=True)
    p.add_argument(
        "--rotate",
        action="store_true",
        help=_("khóa thiết bị mới; tệp được ký cả bằng khóa cũ để đơn vị thay khóa"),
    )
    p.set_defaults(handler=cmd_enrolment)

    p = sub.add_parser("receipt", help=_("đọc biên nhận của đơn vị tiếp nhận"))
    p.add_argument("db")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_receipt)

    p = sub.add_parser("import", help=_("nhập tệp dữ liệu của các xã"))
    p.add_argument("db")
    p.add_argument("bundles", nargs="+", metavar="BUNDLE")
    p.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    """``ctxh export``: write the encrypted data file to send to the receiving office."""
    with common.session(args.db) as s:
        result = exchange.export(s, Path(args.out), full=args.full)
    common.print_line(str(result.path))
    return 0


def cmd_office_init(args: argparse.Namespace) -> int:
    """``ctxh office init``: create the receiving office, its keys and its config file."""
    path = Path(args.db)
    if path.exists():
        raise UserError(_("Tệp {name} đã tồn tại.").format(name=path.name), field="db")
    config_out = Path(args.config_out)
    if not config_out.parent.is_dir():
        raise UserError(_("Không có thư mục {folder}.").format(folder=str(config_out.parent)))
    passphrase = common.passphrase(confirm=True)
    created = setup.set_up_office(
        path,
        passphrase,
        common.key_passphrase(),
        unit_code=args.unit,
        unit_name=args.name,
        due_day=args.due_day,
        escrow_recipients=args.escrow,
    )
    try:
        exchange.save_file(config_out, created.config)
        if args.recovery_out:
            exchange.save_file(Path(args.recovery_out), created.recovery_sheet.encode("utf-8"))
    finally:
        created.session.close()
    common.print_line(_("Đã tạo {path}.").format(path=path))
    common.print_line(
        _("Mã khôi phục (in ra và cất giữ cẩn thận): {code}").format(code=created.recovery_code)
    )
    common.print_line(_("Tệp cấu hình: {path}").format(path=config_out))
    common.print_line(_("Dấu vân tay: {fp}").format(fp=created.fingerprint))
    return 0


def cmd_office_enrol(args: argparse.Namespace) -> int:
    """``ctxh office enrol``: enrol a commune's device."""
    with common.session(args.db) as s:
        replace = exchange.Replacement(*args.replace) if args.replace else None
        info = exchange.enrol_device(s, Path(args.file), args.fingerprint, replace)
    common.print_line(
        _("Đã đăng ký thiết bị {device} của xã {commune}.").format(
            device=info["device_id"][:8], commune=info["commune_code"]
        )
    )
    return 0


def cmd_office_lower_offices(args: argparse.Namespace) -> int:
    """``ctxh office lower-offices``: whether lower offices may enrol at this office."""
    with common.session(args.db) as s:
        if args.allow or args.refuse:
            exchange.set_lower_offices(s, args.allow)
        allowed = exchange.lower_offices_allowed(s)
    common.print_line(
        _("Nhận đăng ký của đơn vị cấp dưới: có.")
        if allowed
        else _("Nhận đăng ký của đơn vị cấp dưới: không.")
    )
    return 0


def cmd_office_purge(args: argparse.Namespace) -> int:
    """``ctxh office purge``: take back what a revoked device sent."""
    with common.session(args.db) as s:
        exchange.purge_plan(s, args.device, args.since)  # refused before the key is asked
        done = exchange.purge_device(s, args.device, common.key_passphrase(), args.since)
    common.print_line(
        ngettext(
            "Đã xóa {files} tệp ({rows} dòng) nhận từ thiết bị {device}; dữ liệu của đơn vị đã"
            " được dựng lại.",
            "Đã xóa {files} tệp ({rows} dòng) nhận từ thiết bị {device}; dữ liệu của đơn vị đã"
            " được dựng lại.",
            done["files"],
        ).format(files=done["files"], rows=done["rows"], device=args.device)
    )
    return 0


def cmd_office_age_identity(args: argparse.Namespace) -> int:
    """``ctxh office age-identity``: write the office's age identity for the standard tool."""
    with common.session(args.db) as s:
        exchange.require_office_clerk(s)  # refused before the key passphrase is asked
        path = exchange.write_age_identity(s, common.key_passphrase(), Path(args.out))
    common.print_line(str(path))
    return 0


def cmd_office_receipt(args: argparse.Namespace) -> int:
    """``ctxh office receipt``: write a receipt for a commune's device."""
    with common.session(args.db) as s:
        written = exchange.write_receipt(s, args.device, common.key_passphrase(), args.out)
    common.print_line(str(written))
    return 0


def cmd_office_rotate(args: argparse.Namespace) -> int:
    """``ctxh office rotate``: change the office's keys (the new config signed with the old key)."""
    with common.session(args.db) as s:
        cfg, fingerprint, sheet = exchange.rotate_office_keys(s, common.key_passphrase())
    exchange.save_file(Path(args.config_out), cfg)
    if args.recovery_out:
        exchange.save_file(Path(args.recovery_out), sheet.encode("utf-8"))
    common.print_line(_("Tệp cấu hình: {path}").format(path=args.config_out))
    common.print_line(_("Dấu vân tay: {fp}").format(fp=fingerprint))
    return 0


def cmd_office_recover_key(args: argparse.Namespace) -> int:
    """``ctxh office recover-key``: set a new key passphrase from the printed key recovery sheet."""
    # a recovery sheet is a page of text
    sheet = read_limited(args.sheet, 64 * 1024, _("Không đọc được phiếu khôi phục khóa."))
    text = sheet.decode("utf-8", errors="replace")
    new = os.environ.get("CTXH_NEW_KEY_PASSPHRASE") or ""
    with common.session(args.db) as s:
        fingerprint = exchange.recover_office_key(s, text, new)
    common.print_line(_("Đã đặt mật khẩu khóa mới cho khóa {fp}.").format(fp=fingerprint))
    return 0


def cmd_office_revoke(args: argparse.Namespace) -> int:
    """``ctxh office revoke``: revoke a device (a lost computer)."""
    with common.session(args.db) as s:
        exchange.revoke_device(s, args.device)
    common.print_line(_("Đã thu hồi thiết bị {device}.").format(device=args.device))
    return 0


def cmd_office_restore(args: argparse.Namespace) -> int:
    """``ctxh office restore``: send a commune back the copy of its data the office holds."""
    with common.session(args.db) as s:
        result = exchange.make_restore_bundle(
            s, args.device, Path(args.out), common.key_passphrase()
        )
    common.print_line(str(result.path))
    return 0


def cmd_apply_restore(args: argparse.Namespace) -> int:
    """``ctxh apply-restore``: take the data back from the office's restore file."""
    with common.session(args.db) as s:
        counts = exchange.apply_restore(s, Path(args.file))
    common.print_line(
        ngettext(
            "Đã nhận lại {rows} dòng: {inserted} thêm, {updated} cập nhật.",
            "Đã nhận lại {rows} dòng: {inserted} thêm, {updated} cập nhật.",
            counts["rows"],
        ).format(**counts)
    )
    return 0


def cmd_fingerprint(args: argparse.Namespace) -> int:
    """``ctxh fingerprint``: the fingerprint of a config or enrolment file."""
    common.print_line(exchange.file_fingerprint(Path(args.file)))
    return 0


def _say_trusted(cfg: dict[str, Any]) -> None:
    """The line saying which unit's config is now trusted."""
    common.print_line(
        _("Đã tin cậy đơn vị {code} — {name}.").format(code=cfg["unit_code"], name=cfg["unit_name"])
    )


def cmd_trust(args: argparse.Namespace) -> int:
    """``ctxh trust``: install the receiving office's config."""
    with common.session(args.db) as s:
        typed = None if args.rotation else args.fingerprint
        cfg = exchange.trust_office(s, Path(args.config), typed)
    _say_trusted(cfg)
    return 0


def cmd_enrolment(args: argparse.Namespace) -> int:
    """``ctxh enrolment``: write the commune device's enrolment file."""
    with common.session(args.db) as s:
        fingerprint = exchange.write_enrolment(s, Path(args.out), rotate=args.rotate)
    common.print_line(_("Dấu vân tay: {fp}").format(fp=fingerprint))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    """``ctxh receipt``: read a receipt from the receiving office."""
    with common.session(args.db) as s:
        got = exchange.read_receipt(s, Path(args.file))
    if args.json:
        common.print_json(got)
    else:
        for table, info in got["tables"].items():
            common.print_line(f"{table}\t{info.get('count', 0)}")
        for lo, hi in got["unacknowledged"]:
            common.print_line(_("Chưa được xác nhận: thay đổi {lo}–{hi}.").format(lo=lo, hi=hi))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """``ctxh import``: import the communes' data files."""
    with common.session(args.db) as s:
        results = exchange.import_files(s, [Path(b) for b in args.bundles], common.key_passphrase())
    for r in results:
        common.print_line(f"{r.path.name}\t{r.status}\t{r.message}")
    bad = [r for r in results if not r.ok]
    if bad:
        common.error(_("{n} tệp không được nhập: {first}").format(n=len(bad), first=bad[0].message))
        return 2
    return 0


def cmd_office_trust(args: argparse.Namespace) -> int:
    """``ctxh office trust``: install the config of the office above."""
    with common.session(args.db) as s:
        typed = None if args.rotation else args.fingerprint
        cfg = forwarding.trust_higher_office(s, Path(args.config), typed)
    _say_trusted(cfg)
    return 0


def cmd_office_enrolment(args: argparse.Namespace) -> int:
    """``ctxh office enrolment``: write the office's enrolment file for the office above."""
    with common.session(args.db) as s:
        fingerprint = forwarding.write_office_enrolment(s, Path(args.out), common.key_passphrase())
    common.print_line(_("Dấu vân tay: {fp}").format(fp=fingerprint))
    return 0


def cmd_office_forward(args: argparse.Namespace) -> int:
    """``ctxh office forward``: forward the consolidated figures to the office above."""
    with common.session(args.db) as s:
        result = forwarding.forward(
            s,
            Path(args.out),
            common.key_passphrase(),
            month_from=args.month_from,
            month_to=args.month_to,
            records=args.records,
        )
    common.print_line(str(result.path))
    return 0


def cmd_office_duplicates(args: argparse.Namespace) -> int:
    """``ctxh office duplicates``: people who may be the same across communes."""
    with common.session(args.db) as s:
        groups = office.cross_commune_duplicates(s)
    if args.json:
        common.print_json(groups)
    else:
        for group in groups:
            people = "; ".join(
                f"{p['commune']} {p['name']} ({(p['birth'] or '')[:4]})" for p in group["people"]
            )
            common.print_line(f"{group['reason']}\t{people}")
    return 0


def cmd_office_communes(args: argparse.Namespace) -> int:
    """``ctxh office communes``: show, add or remove the communes expected to report."""
    with common.session(args.db) as s:
        if args.add or args.remove:
            office.update_expected_communes(s, args.add, args.remove)
        rows = [r for r in office.expected_commune_list(s) if r["expected"]]
    if args.json:
        common.print_json([{"commune": r["commune"], "name": r["name"]} for r in rows])
    else:
        for row in rows:
            common.print_line(f"{row['commune']}\t{row['name']}")
    return 0
