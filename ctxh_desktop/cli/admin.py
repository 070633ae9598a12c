"""Protecting the data: ``audit verify``, ``backup``, ``backups``, ``restore``, ``user``, ``passphrase``, ``recover``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ctxh_desktop.cli import common
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import access, backups, passphrase


def register(sub: common.Commands) -> None:
    """Add the data-protection commands to the ``ctxh`` parser."""
    p = sub.add_parser("audit", help=_("nhật ký thao tác"))
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=type(p))
    v = audit_sub.add_parser("verify", help=_("kiểm tra nhật ký chưa bị sửa"))
    v.add_argument("db")
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_audit_verify)
    ls = audit_sub.add_parser("list", help=_("xem nhật ký"))
    ls.add_argument("db")
    ls.add_argument("--user")
    ls.add_argument("--action")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_audit_list)

    p = sub.add_parser("backup", help=_("sao lưu mã hóa ngay"))
    p.add_argument("db")
    p.add_argument("--to", dest="folder", help=_("thư mục đích, ví dụ USB"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("backups", help=_("các bản sao lưu và dữ liệu trong mỗi bản"))
    p.add_argument("db")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_backups)

    p = sub.add_parser("restore", help=_("khôi phục từ bản sao lưu"))
    p.add_argument("db")
    p.add_argument("backup", nargs="?", help=_("tệp sao lưu (mặc định: bản mới nhất)"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("user", help=_("tạo hoặc sửa tài khoản"))
    p.add_argument("db")
    p.add_argument("username")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=sorted(access.ROLES))
    p.add_argument("--inactive", action="store_true")
    p.set_defaults(handler=cmd_user)

    p = sub.add_parser("passphrase", help=_("đổi mật khẩu cơ sở dữ liệu"))
    p.add_argument("db")
    p.set_defaults(handler=cmd_passphrase)

    p = sub.add_parser("recover", help=_("mở bằng mã khôi phục và đặt mật khẩu mới"))
    p.add_argument("db")
    p.set_defaults(handler=cmd_recover)


def _secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            _("Chưa có {what}: đặt biến môi trường {env}.").format(
                what=prompt.rstrip(": "), env=env
            )
        )
    return getpass.getpass(prompt)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """``ctxh audit verify``: check that the audit log was not altered."""
    with common.session(args.db) as s:
        ok, bad_seq, count = access.verify_audit(s)
    if args.json:
        common.print_json({"ok": ok, "entries": count, "first_bad": bad_seq})
    if ok:
        if not args.json:
            common.print_line(
                ngettext("Nhật ký toàn vẹn: {n} mục.", "Nhật ký toàn vẹn: {n} mục.", count).format(
                    n=count
                )
            )
        return 0
    if bad_seq is None:
        common.error(_("Nhật ký đã bị cắt bớt: các mục cuối đã bị xóa."))
    else:
        common.error(_("Nhật ký đã bị sửa từ mục số {seq}.").format(seq=bad_seq))
    return 2


def cmd_audit_list(args: argparse.Namespace) -> int:
    """``ctxh audit list``: show the audit log."""
    with common.session(args.db) as s:
        rows = access.audit_entries(s, user=args.user, action=args.action, limit=args.limit)
    if args.json:
        common.print_json(rows)
    else:
        for r in rows:
            common.print_line(
                f"{r['seq']}\t{r['at']}\t{r['user']}\t{r['action']}\t{r['entity'] or ''}\t{r['entity_id'] or ''}"
            )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """``ctxh backup``: make an encrypted backup now."""
    with common.session(args.db) as s:
        path = backups.backup_now(s, folder=args.folder)
    common.print_line(str(path))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    """``ctxh backups``: list the backups and what each holds."""
    db = Path(args.db)
    if not db.exists():
        raise UserError(_("Không tìm thấy cơ sở dữ liệu {name}.").format(name=db.name))
    secret = common.passphrase()
    backups.restorer(db, secret, os.environ.get("CTXH_USER"))
    rows = backups.describe_backups_of(db, secret)
    if args.json:
        common.print_json(
            [
                {
                    "file": str(r["path"]),
                    "at": r["at"].isoformat(timespec="seconds") if r["at"] else None,
                    "reason": r["reason"],
                    "contents": r["contents"],
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        held = r["contents"] or {}
        at = r["at"].strftime("%Y-%m-%dT%H:%M:%S") if r["at"] else ""
        common.print_line(
            f"{at}\t{r['reason']}\t{held.get('people', '')}\t{held.get('cases', '')}"
            f"\t{held.get('sessions', '')}\t{r['path']}"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """``ctxh restore``: restore from a backup."""
    db = Path(args.db)
    secret = common.passphrase()
    actor = backups.restorer(db, secret, os.environ.get("CTXH_USER")) if db.exists() else "system"
    if args.backup:
        chosen = Path(args.backup)
    else:
        found = backups.backups_of(db)
        if not found:
            raise UserError(_("Chưa có bản sao lưu nào của {name}.").format(name=db.name))
        chosen = found[0]
    epoch = backups.restore(db, chosen, secret, actor)
    common.print_line(
        _("Đã khôi phục từ {name} (kỷ nguyên dữ liệu mới: {epoch}).").format(
            name=chosen.name, epoch=epoch
        )
    )
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    """``ctxh user``: create or change an account."""
    with common.session(args.db) as s:
        access.require(s, "users")  # before asking for anything
        password = _secret("CTXH_USER_PASSWORD", _("Mật khẩu đăng nhập của tài khoản: "))
        access.save_user(s, args.username, args.name, args.role, password, active=not args.inactive)
    common.print_line(_("Đã lưu tài khoản {name}.").format(name=args.username))
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    """``ctxh passphrase``: change the database passphrase."""
    with common.session(args.db) as s:
        access.require(s, "settings")  # before asking for anything
        new = _secret("CTXH_NEW_PASSPHRASE", _("Mật khẩu mới: "))
        passphrase.change_passphrase(s, common.passphrase(), new, new)
    common.print_line(_("Đã đổi mật khẩu."))
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    """``ctxh recover``: open with the recovery code and set a new passphrase."""
    code = _secret("CTXH_RECOVERY_CODE", _("Mã khôi phục: "))
    new = _secret("CTXH_NEW_PASSPHRASE", _("Mật khẩu mới: "))
    passphrase.recover(args.db, code, new)
    common.print_line(_("Đã mở bằng mã khôi phục và đặt mật khẩu mới."))
    return 0
