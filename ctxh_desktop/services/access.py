"""Accounts, roles and what each role may do. Services check permissions themselves, so the
command line and tests obey the same rules as the GUI.

Roles: ``collaborator`` (all commune work), ``approver`` (the commune chairman or whoever he
delegates: read, print and decide on plans, Decree 56/2017/NĐ-CP Art. 28(4); never edits a case's
facts), ``viewer`` (other commune leaders: read and print),
``office_clerk`` (import and the consolidated view), ``admin`` (users, settings, backups, all work).
``registers`` (the registers with names, identity and phone numbers as a workbook) is the
collaborator's and the administrator's alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import accounts, audit
from ctxh_desktop.storage.store import Store

ROLES: dict[str, str] = {
    "collaborator": N_("Cộng tác viên"),
    "approver": N_("Chủ tịch UBND xã (xem, in, phê duyệt)"),
    "viewer": N_("Lãnh đạo xã (chỉ xem, in)"),
    "office_clerk": N_("Cán bộ tổng hợp"),
    "admin": N_("Quản trị"),
}

PERMISSIONS: dict[str, frozenset[str]] = {
    "collaborator": frozenset({"view", "edit", "view_sensitive", "print", "export", "registers"}),
    "approver": frozenset({"view", "print", "decide"}),
    "viewer": frozenset({"view", "print"}),
    "office_clerk": frozenset({"view", "print", "import", "office", "export"}),
    "admin": frozenset(
        {
            "view",
            "edit",
            "view_sensitive",
            "print",
            "export",
            "import",
            "office",
            "settings",
            "users",
            "backup",
            "registers",
        }
    ),
}

_DENIED = {
    "edit": N_("Tài khoản của bạn chỉ được xem, không được sửa dữ liệu."),
    "view_sensitive": N_("Tài khoản của bạn không được xem nội dung bảo mật."),
    "export": N_("Tài khoản của bạn không được xuất dữ liệu."),
    "import": N_("Tài khoản của bạn không được nhập tệp đồng bộ."),
    "office": N_("Tài khoản của bạn không được dùng chức năng của đơn vị tổng hợp."),
    "settings": N_("Chỉ quản trị viên được thay đổi cài đặt."),
    "users": N_("Chỉ quản trị viên được quản lý tài khoản."),
    "backup": N_("Chỉ quản trị viên được sao lưu và khôi phục."),
    "print": N_("Tài khoản của bạn không được in."),
    "registers": N_(
        "Chỉ cộng tác viên và quản trị viên được xuất sổ theo dõi có họ tên, số định danh và "
        "số điện thoại."
    ),
    "view": N_("Tài khoản của bạn không được xem dữ liệu."),
    "decide": N_(
        "Chỉ Chủ tịch UBND xã hoặc người được ủy quyền phê duyệt hoặc trả lại kế hoạch "
        "(Nghị định 56/2017/NĐ-CP, Điều 28 khoản 4)."
    ),
}

MAX_DELAY_SECONDS = 15 * 60
#: An account's sign-in password (the database passphrase has its own, longer rule:
#: ``core.passphrases.MIN_LENGTH``).
MIN_PASSWORD_LENGTH = 8


def role_label(role: str) -> str:
    """The role's name in the current language."""
    return _(ROLES.get(role, role))


def can(session: Session, permission: str) -> bool:
    """Whether the signed-in user may do ``permission``."""
    return permission in PERMISSIONS.get(getattr(session, "role", "admin"), frozenset())


def require(session: Session, permission: str) -> None:
    """Refuse (``UserError``) when the signed-in user lacks ``permission``."""
    if not can(session, permission):
        raise UserError(_(_DENIED.get(permission, N_("Bạn không có quyền làm việc này."))))


#: Why an office never writes a commune's records (its copies come from the communes' files).
OFFICE_READ_ONLY = N_(
    "Đây là bản sao hồ sơ do xã gửi lên: đơn vị tổng hợp chỉ xem, không sửa. "
    "Mọi thay đổi do xã ghi trên máy của xã rồi gửi lại."
)


def records_editable(session: Session) -> bool:
    """Whether the signed-in user may change people, cases, counselling and children here: never
    at an office, which holds the communes' copies."""
    return getattr(session, "kind", "commune") != "office" and can(session, "edit")


def require_records_edit(session: Session) -> None:
    """Refuse (``UserError``) a write to a person, case, counselling session or child register
    entry at an office, or by a user without the ``edit`` permission."""
    if getattr(session, "kind", "commune") == "office":
        raise UserError(_(OFFICE_READ_ONLY))
    require(session, "edit")


def record(
    session: Session,
    action: str,
    entity: str | None = None,
    entity_id: str | None = None,
    detail: str | dict[str, Any] | None = None,
) -> None:
    """Add an audit entry for the signed-in user (ids and codes only, never personal data)."""
    audit.append(session.store, session.user, action, entity, entity_id, detail)


def insert_audited(session: Session, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Add a checked row to ``table`` and its audit entry, in one transaction; the stored row."""
    with session.store.atomic():
        stored = session.store.insert(table, row)
        record(session, "create", table, stored["id"])
    return stored


def update_audited(
    session: Session,
    table: str,
    row_id: str,
    changes: dict[str, Any],
    detail: str | dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Change a row of ``table`` with checked ``changes`` and audit it, in one transaction."""
    with session.store.atomic():
        stored = session.store.update(table, row_id, changes)
        record(session, "update", table, row_id, detail)
    return stored


def has_accounts(store: Store) -> bool:
    """Whether any user account exists (before that, the passphrase holder is the administrator)."""
    return accounts.any_account(store)


def act_as(session: Session, username: str | None) -> None:
    """Make ``username`` the acting user (command line: ``CTXH_USER``); unknown names are refused
    once accounts exist. Without a name the passphrase holder acts as administrator."""
    if not username:
        session.user, session.role = session.user or "system", "admin"
        return
    user = accounts.get_user(session.store, username)
    if user is None:
        if has_accounts(session.store):
            raise UserError(_("Không có tài khoản {name}.").format(name=username))
        session.user, session.role = username, "admin"
    elif not user["active"]:
        raise UserError(_("Tài khoản {name} đã bị khóa.").format(name=username))
    else:
        session.user, session.role = user["username"], user["role"]
    session.store.user = session.user


def _delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passwords: none for the first two, then doubling."""
    return 0 if failures < 3 else min(MAX_DELAY_SECONDS, 2 ** (failures - 2) * 5)


def login(
    session: Session, username: str, password: str, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Sign a user in; wrong passwords make the next try wait longer and longer."""
    now = now or dt.datetime.now()
    store = session.store
    user = accounts.get_user(store, (username or "").strip())
    wrong = UserError(_("Sai tên đăng nhập hoặc mật khẩu."), field="password")
    if user is None or not user["active"]:
        raise wrong
    if user["locked_until"] and user["locked_until"] > now.isoformat():
        wait = int((dt.datetime.fromisoformat(user["locked_until"]) - now).total_seconds()) + 1
        raise UserError(
            ngettext(
                "Đăng nhập sai nhiều lần. Hãy thử lại sau {n} giây.",
                "Đăng nhập sai nhiều lần. Hãy thử lại sau {n} giây.",
                wait,
            ).format(n=wait),
            field="password",
        )
    ok = accounts.password_matches(user["password"], password or "")
    with store.atomic():
        if ok:
            accounts.record_login(
                store, user["username"], True, now.replace(microsecond=0).isoformat()
            )
            session.user, session.role = user["username"], user["role"]
            store.user = session.user
            record(session, "login")
        else:
            failures = (user["failed_logins"] or 0) + 1
            delay = _delay_after(failures)
            until = (
                (now + dt.timedelta(seconds=delay)).replace(microsecond=0).isoformat()
                if delay
                else None
            )
            accounts.record_login(store, user["username"], False, now.isoformat(), until)
            audit.append(store, user["username"], "login_failed")
    if not ok:
        raise wrong
    return {k: user[k] for k in ("username", "full_name", "role")}


def save_user(
    session: Session,
    username: str,
    full_name: str,
    role: str,
    password: str | None = None,
    active: bool = True,
) -> None:
    """Create or change an account (administrators only; the first account may be made by anyone
    holding the database passphrase, and must be an administrator)."""
    first = not has_accounts(session.store)
    if not first:
        require(session, "users")
    errors: dict[str, str] = {}
    username = (username or "").strip().lower()
    if (
        not username
        or not username.replace(".", "").replace("_", "").isalnum()
        or len(username) > 40
    ):
        errors["username"] = _("Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch dưới.")
    if not nfc(full_name):
        errors["full_name"] = _("Cần nhập họ và tên.")
    if role not in ROLES:
        errors["role"] = _("Vai trò không hợp lệ.")
    elif first and role != "admin":
        errors["role"] = _("Tài khoản đầu tiên phải là quản trị viên.")
    is_new = accounts.get_user(session.store, username) is None
    if (is_new or password) and len(password or "") < MIN_PASSWORD_LENGTH:
        errors["password"] = _("Mật khẩu cần ít nhất {n} ký tự.").format(n=MIN_PASSWORD_LENGTH)
    if errors:
        raise ValidationError(errors)
    with session.store.atomic():
        accounts.save_user(
            session.store,
            username,
            nfc(full_name) or "",
            role,
            accounts.hash_password(password) if password else None,
            active,
            dt.datetime.now().replace(microsecond=0).isoformat(),
        )
        record(session, "user_saved", "user", username, {"role": role, "active": active})


def list_users(session: Session) -> list[dict[str, Any]]:
    """Every account (administrators only)."""
    require(session, "users")
    return accounts.list_users(session.store)


def verify_audit(session: Session) -> tuple[bool, int | None, int]:
    """Check the audit chain: ``(ok, first bad entry or None, entries checked)``."""
    return audit.verify(session.store)


def audit_entries(
    session: Session,
    *,
    user: str | None = None,
    action: str | None = None,
    since: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Audit entries, newest first, by user, action and start day (administrators and viewers of
    the commune's work)."""
    require(session, "view")
    return audit.entries(session.store, user, action, since, limit)
