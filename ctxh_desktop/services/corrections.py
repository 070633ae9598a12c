"""Records entered by mistake, removed with a reason.

A removal is a tombstone (``deleted = 1``, its version bumped), never a hard delete: it syncs to the
office like any change, so the office's lists and figures drop the record too. The audit log keeps
who removed what and why (ids and a reason code only, never free text that could hold personal
data). A person is removed only when no open case or active register entry still refers to them; a
child's register entry takes its supports with it. Statutory case events are never removed on their
own: a case opened by mistake is removed whole.
"""

from __future__ import annotations

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.services.access import record, require_records_edit
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import registers
from ctxh_desktop.storage.store import Store

#: The records a user may remove, with the word shown for each.
REMOVABLE: dict[str, str] = {
    "person": N_("người"),
    "case_file": N_("ca"),
    "consultation": N_("buổi tư vấn"),
    "child_profile": N_("trẻ trong sổ theo dõi"),
    "child_support": N_("lần hỗ trợ"),
    "activity": N_("hoạt động truyền thông"),
}
#: Why a record is removed: a code (kept in the audit log) and what the window shows.
REASONS: dict[str, str] = {
    "entered_by_mistake": N_("Nhập nhầm"),
    "duplicate": N_("Trùng với một bản ghi khác"),
    "wrong_person": N_("Ghi sai người"),
    "other": N_("Lý do khác"),
}
DEFAULT_REASON = "entered_by_mistake"


def _clean_reason(reason: str | None) -> str:
    if reason not in REASONS:
        raise UserError(_("Hãy chọn lý do xóa (ví dụ: Nhập nhầm)."), field="reason")
    return reason


def remove(session: Session, table: str, record_id: str, reason: str | None) -> None:
    """Remove a record entered by mistake (a tombstone that syncs), with the reason audited."""
    require_records_edit(session)
    if table not in REMOVABLE:
        raise ValueError(table)
    why = _clean_reason(reason)
    store = session.store
    try:
        row = store.get(table, record_id)
    except KeyError:
        raise UserError(_("Không tìm thấy bản ghi cần xóa.")) from None
    if row.get("deleted"):
        raise UserError(_("Bản ghi này đã được xóa."))
    if table == "person":
        _refuse_person_in_use(store, record_id)
    with store.atomic():
        store.soft_delete(table, record_id)
        if table == "child_profile":
            for support in registers.supports_of(store, record_id):
                store.soft_delete("child_support", support["id"])
        record(session, "remove", table, record_id, {"reason": why})


def _refuse_person_in_use(store: Store, person_id: str) -> None:
    open_cases, children = registers.person_in_use(store, person_id)
    if open_cases or children:
        parts = []
        if open_cases:
            parts.append(
                ngettext("{n} ca đang xử lý", "{n} ca đang xử lý", open_cases).format(n=open_cases)
            )
        if children:
            parts.append(_("một mục trong sổ trẻ em có hoàn cảnh đặc biệt"))
        raise UserError(
            _(
                "Người này còn {what}: hãy kết thúc hoặc xóa những mục đó trước, rồi xóa người."
            ).format(what=", ".join(parts))
        )
