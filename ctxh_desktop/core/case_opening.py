"""Opening a case: who may have a child-protection case, and the new row with its first event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctxh_desktop.core import codes, values
from ctxh_desktop.core.case_actions import (
    KINDS,
    PROTECTION_LEVELS,
    REPORTER_FIELDS,
    RISK_LEVELS,
    Transition,
    is_valid_code,
)
from ctxh_desktop.core.case_checks import Checker, make_event, parse_at
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.moments import format_moment, parse_moment, show_moment
from ctxh_desktop.i18n import N_, _


def child_case_error(
    kind: str | None, person: Mapping[str, Any] | None, received: Any
) -> str | None:
    """Why ``person`` cannot have a child-protection case received at ``received``, or ``None``.

    A child is a person under 16 (Law on Children 2016, Art. 1), counted on the day the report was
    received; a partial birth date (a year) counts as its youngest possible age. Without a birth
    date the age cannot be known, so the case is refused until one (or an estimated year) is
    recorded. Other kinds of case, or no person yet, give ``None``.
    """
    if kind != "child_protection" or not person:
        return None
    birth = person.get("birth_date")
    moment = parse_moment(received) if isinstance(received, str) else None
    day = moment.date() if moment else dt.date.today()
    if not birth:
        return _(
            "Cần ngày sinh (hoặc năm sinh ước tính) của người này để biết có phải trẻ em "
            "(dưới 16 tuổi, Luật Trẻ em 2016, Điều 1); hãy ghi vào hồ sơ người dân."
        )
    try:
        age = values.age_on(values.parse_date(birth, "birth_date"), day)
    except UserError:
        return _("Ngày sinh của người này không hợp lệ; hãy sửa trong hồ sơ người dân.")
    if age >= values.CHILD_AGE_LIMIT:
        return _(
            "Ca bảo vệ trẻ em chỉ dành cho trẻ em, người dưới 16 tuổi (Luật Trẻ em 2016, "
            "Điều 1); người này {age} tuổi vào ngày tiếp nhận. Hãy chọn loại ca “{other}”."
        ).format(age=age, other=codes.label("case_kinds", "general"))
    return None


def _reporter_note(data: Mapping[str, Any]) -> str | None:
    """Who reported, as the received event's confidential narrative (``None`` when not given)."""
    parts = []
    for key, label in REPORTER_FIELDS.items():
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            parts.append(f"{_(label)}: {value.strip()[:200]}")
    return "\n".join(parts) or None


def new_case(
    kind: str | None, data: Mapping[str, Any], at: str, person: Mapping[str, Any] | None = None
) -> Transition:
    """Open a case at step ``intake``: the new row's columns and its ``received`` event.

    ``data`` needs ``received_at`` (``YYYY-MM-DDTHH:MM``, not after ``at``), ``source``,
    ``problem_types`` (non-empty) and ``person_id``; ``emergency`` (bool), ``summary``,
    ``related_person_ids``, ``risk_level``, ``assigned_to``, ``protection_level`` (child
    protection only: Law on Children 2016, Art. 47) and the reporter's ``reporter_name``,
    ``reporter_contact`` and ``reporter_relation`` are optional. The reporter is kept as the
    received event's narrative, marked sensitive (the reporter's identity is confidential).
    ``person`` (the person's row), when given, is checked by :func:`child_case_error`.
    """
    now = parse_at(at)
    check = Checker()
    if kind not in KINDS:
        check.add("kind", _("Hãy chọn loại ca."))
    raw_received = data.get("received_at")
    received = parse_moment(raw_received) if isinstance(raw_received, str) else None
    if received is None or len(str(raw_received).strip()) < 16:
        check.add("received_at", _("Hãy nhập ngày giờ tiếp nhận (YYYY-MM-DDTHH:MM)."))
        received = None
    elif received > now:
        check.add(
            "received_at",
            _("Thời điểm không được sau thời điểm ghi nhận ({moment}).").format(
                moment=show_moment(format_moment(now))
            ),
        )
    source = data.get("source")
    if not source:
        check.add("source", _("Hãy chọn nguồn tiếp nhận thông tin."))
    elif not is_valid_code("case_sources", source):
        check.add("source", _("Nguồn tiếp nhận không hợp lệ."))
    problems = data.get("problem_types")
    if not problems or not isinstance(problems, list | tuple):
        check.add("problem_types", _("Hãy chọn ít nhất một vấn đề của ca."))
        problems = []
    else:
        for code in problems:
            if not is_valid_code("problem_types", code):
                check.add("problem_types", _("Vấn đề không hợp lệ: {code}.").format(code=str(code)))
    if not data.get("person_id"):
        check.add("person_id", _("Hãy chọn người được hỗ trợ."))
    risk = data.get("risk_level")
    if risk not in (None, "") and risk not in RISK_LEVELS:
        check.add("risk_level", _("Mức độ nguy cơ không hợp lệ."))
    level = data.get("protection_level")
    if level not in (None, ""):
        if kind != "child_protection":
            check.add("protection_level", _("Cấp độ bảo vệ chỉ dùng cho ca bảo vệ trẻ em."))
        elif not is_valid_code("protection_levels", level, PROTECTION_LEVELS):
            check.add("protection_level", _("Cấp độ bảo vệ không hợp lệ."))
    refused = child_case_error(kind, person, raw_received)
    if refused:
        check.add("person_id", refused)
    related = data.get("related_person_ids") or []
    if not isinstance(related, list | tuple):
        check.add("related_person_ids", _("Danh sách người liên quan không hợp lệ."))
        related = []
    check.done()
    assert received is not None
    summary = (data.get("summary") or "").strip() or None
    changes: dict[str, Any] = {
        "kind": kind,
        "person_id": data["person_id"],
        "related_person_ids": list(related),
        "problem_types": list(dict.fromkeys(problems)),
        "source": source,
        "received_at": format_moment(received),
        "emergency": bool(data.get("emergency", False)),
        "risk_level": risk or None,
        "protection_level": level or None,
        "step": "intake",
        "status": "open",
        "summary": summary,
        "assessed_at": None,
        "plan": None,
        "plan_drafted_at": None,
        "plan_approved_at": None,
        "separation_start": None,
        "separation_end": None,
        "closed_at": None,
        "closure_reason": None,
        "returned_at": None,
        "last_contact_at": None,
    }
    if data.get("assigned_to"):
        changes["assigned_to"] = data["assigned_to"]
    reporter = _reporter_note(data)
    if reporter:
        narrative = "\n".join(x for x in (reporter, data.get("narrative")) if x)
        data = {**data, "narrative": narrative, "sensitive": True}
    event = make_event("received", received, "intake", summary or N_("Tiếp nhận thông tin"), data)
    return Transition(changes, [event])
