"""The statutory case workflow, as pure functions over plain dicts.

Two kinds of case:

- ``child_protection`` (Decree 56/2017, Arts. 25–32): intake → assessment → verification →
  planning → intervention → review → closed → archived; review may go back to planning (re-plan);
  an emergency measure or a temporary separation (at most 15 days) may be recorded early on.
- ``general`` (Circular 02/2020/TT-BLĐTBXH): intake → planning → intervention → monitoring →
  evaluation → closed; monitoring may adjust the plan (back to planning when it needs approval).

A case is a dict with the ``case_file`` columns (``plan`` decoded to a dict). :func:`new_case` opens
one and :func:`apply_action` takes one action; both return a :class:`Transition`: the columns to
update and the timeline rows to add (``case_event`` rows without ``id``/``case_id``/``commune``).
Nothing here touches storage. Invalid input raises :class:`ValidationError` with a Vietnamese
message per field.

Moments are ``YYYY-MM-DDTHH:MM``. ``at`` is when the action is recorded; each action may carry an
earlier moment of its own (its *moment field*, e.g. ``approved_at``), which must not be before the
case was received nor after ``at``. Actions that change the step must also not be dated before the
case's last milestone (assessment, plan drafted or approved, closure), so the timeline replays in
order. Every event carries the step the case is in after it, and every step change leaves an event.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ctxh_desktop.core import codes, validation
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import N_, _

KINDS = ("child_protection", "general")
STEPS: dict[str, tuple[str, ...]] = {
    "child_protection": (
        "intake",
        "assessment",
        "verification",
        "planning",
        "intervention",
        "review",
        "closed",
        "archived",
    ),
    "general": ("intake", "planning", "intervention", "monitoring", "evaluation", "closed"),
}
STATUSES = ("open", "closed", "archived")
RISK_LEVELS = ("low", "medium", "high", "urgent")
#: The levels of child protection (Law on Children 2016, Art. 47).
PROTECTION_LEVELS = ("prevention", "support", "intervention")
#: Who reported a case: data key → its label in the received event's narrative.
REPORTER_FIELDS = {
    "reporter_name": N_("Người báo tin"),
    "reporter_contact": N_("Liên hệ"),
    "reporter_relation": N_("Quan hệ với người được hỗ trợ"),
}
CLOSURE_REASONS = (
    "goal_reached",
    "chairman_decision",
    "adopted",
    "came_of_age",
    "moved_away",
    "died_or_missing",
    "no_contact_one_month",
    "client_request",
    "mutual_agreement",
    "transferred",
    "other",
)
EVENT_KINDS = (
    "received",
    "assessment",
    "emergency_action",
    "separation",
    "meeting",
    "plan_drafted",
    "plan_approved",
    "service",
    "referral",
    "follow_up",
    "review",
    "replan",
    "closed",
    "reopened",
    "archived",
    "note",
    "correction",  # adds to the timeline, never rewrites it (core.event_corrections)
)
#: Longest temporary separation (Decree 56/2017, Art. 32(3)), in days.
SEPARATION_MAX_DAYS = 15
#: The step a closed case returns to when reopened.
REOPEN_STEP = {"child_protection": "assessment", "general": "intake"}

_CLOSED_STEPS = ("closed", "archived")
_ANY_OPEN = "*"


@dataclass
class Transition:
    """What an action does: ``changes`` to the ``case_file`` row and ``events`` to add."""

    changes: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ActionSpec:
    """An action of the workflow: its label, where it applies and what it needs."""

    label: str
    kinds: tuple[str, ...]
    steps: Mapping[str, tuple[str, ...] | str]  # kind → steps it starts from, or "*" (any open)
    required: tuple[str, ...]
    moment: str  # the data field holding the action's own moment (defaults to ``at``)
    event: str
    contact: bool = False  # the action is a contact with the client (updates last_contact_at)


_BOTH = ("child_protection", "general")
_CP = ("child_protection",)
_GEN = ("general",)

ACTIONS: dict[str, ActionSpec] = {
    "assess": ActionSpec(
        N_("Đánh giá ban đầu"),
        _CP,
        {"child_protection": ("intake",)},
        ("risk_level", "summary"),
        "assessed_at",
        "assessment",
        True,
    ),
    "emergency_action": ActionSpec(
        N_("Biện pháp khẩn cấp"),
        _BOTH,
        {"child_protection": ("intake", "assessment"), "general": ("intake",)},
        ("summary",),
        "action_at",
        "emergency_action",
        True,
    ),
    "separate": ActionSpec(
        N_("Cách ly tạm thời"),
        _CP,
        {"child_protection": _ANY_OPEN},
        ("summary",),
        "separation_start",
        "separation",
        True,
    ),
    "end_separation": ActionSpec(
        N_("Kết thúc cách ly tạm thời"),
        _CP,
        {"child_protection": _ANY_OPEN},
        (),
        "separation_end",
        "separation",
        True,
    ),
    "verify": ActionSpec(
        N_("Xác minh, đánh giá nhu cầu"),
        _CP,
        {"child_protection": ("assessment",)},
        ("meeting_at", "summary"),
        "meeting_at",
        "meeting",
        True,
    ),
    "draft_plan": ActionSpec(
        N_("Xây dựng kế hoạch"),
        _BOTH,
        {"child_protection": ("verification", "planning"), "general": ("intake", "planning")},
        ("plan.objectives", "plan.activities", "plan.timeframe"),
        "drafted_at",
        "plan_drafted",
    ),
    "approve_plan": ActionSpec(
        N_("Phê duyệt kế hoạch"),
        _BOTH,
        {"child_protection": ("planning",), "general": ("planning",)},
        ("approved_at", "approved_by"),
        "approved_at",
        "plan_approved",
    ),
    "record_service": ActionSpec(
        N_("Ghi nhận dịch vụ đã cung cấp"),
        _BOTH,
        {"child_protection": _ANY_OPEN, "general": _ANY_OPEN},
        ("summary",),
        "when",
        "service",
        True,
    ),
    "refer": ActionSpec(
        N_("Chuyển gửi"),
        _BOTH,
        {"child_protection": _ANY_OPEN, "general": _ANY_OPEN},
        ("summary",),
        "when",
        "referral",
        True,
    ),
    "follow_up": ActionSpec(
        N_("Thăm, theo dõi"),
        _BOTH,
        {"child_protection": _ANY_OPEN, "general": _ANY_OPEN},
        ("summary",),
        "when",
        "follow_up",
        True,
    ),
    "add_note": ActionSpec(
        N_("Ghi chú"),
        _BOTH,
        {"child_protection": _ANY_OPEN, "general": _ANY_OPEN},
        ("summary",),
        "when",
        "note",
    ),
    "record_return": ActionSpec(
        N_("Trở về gia đình, cộng đồng"),
        _BOTH,
        {"child_protection": _ANY_OPEN, "general": _ANY_OPEN},
        (),
        "returned_at",
        "follow_up",
        True,
    ),
    "review": ActionSpec(
        N_("Rà soát, đánh giá"),
        _CP,
        {"child_protection": ("intervention",)},
        ("summary",),
        "when",
        "review",
        True,
    ),
    "replan": ActionSpec(
        N_("Lập lại kế hoạch"),
        _CP,
        {"child_protection": ("review",)},
        ("summary",),
        "when",
        "replan",
    ),
    "monitor": ActionSpec(
        N_("Theo dõi, rà soát"),
        _GEN,
        {"general": ("intervention",)},
        ("summary",),
        "when",
        "review",
        True,
    ),
    "adjust_plan": ActionSpec(
        N_("Điều chỉnh kế hoạch"),
        _GEN,
        {"general": ("monitoring",)},
        ("summary",),
        "when",
        "replan",
    ),
    "evaluate": ActionSpec(
        N_("Đánh giá kết quả"),
        _GEN,
        {"general": ("monitoring",)},
        ("summary",),
        "when",
        "review",
        True,
    ),
    "close": ActionSpec(
        N_("Kết thúc ca"),
        _BOTH,
        {"child_protection": _ANY_OPEN, "general": _ANY_OPEN},
        ("closure_reason",),
        "closed_at",
        "closed",
    ),
    "reopen": ActionSpec(
        N_("Mở lại ca"),
        _BOTH,
        {"child_protection": ("closed",), "general": ("closed",)},
        ("summary",),
        "when",
        "reopened",
    ),
    "archive": ActionSpec(
        N_("Lưu trữ hồ sơ"),
        _CP,
        {"child_protection": ("closed",)},
        (),
        "when",
        "archived",
    ),
}

#: The action that moves each step forward, listed first in :func:`available_actions`.
_MAIN_ORDER = (
    "assess",
    "verify",
    "draft_plan",
    "approve_plan",
    "review",
    "replan",
    "monitor",
    "adjust_plan",
    "evaluate",
    "emergency_action",
    "separate",
    "end_separation",
    "record_service",
    "refer",
    "follow_up",
    "record_return",
    "add_note",
    "close",
    "reopen",
    "archive",
)

_NEW_CASE_REQUIRED = ("received_at", "source", "problem_types", "person_id")


# -- code lists ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=128)
def _code_list(name: str) -> tuple[str, ...] | None:
    """The codes of a shared list, or ``None`` when the list is not available."""
    try:
        from ctxh_desktop.core import codes
    except ImportError:
        return None
    try:
        found = codes.codes(name)
    except Exception:  # an unknown list name: no check beyond the fixed lists here
        return None
    if not found:
        return None
    return tuple(c if isinstance(c, str) else c.get("code") for c in found)


def known_codes(name: str, fallback: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The codes of the shared list ``name`` (:mod:`ctxh_desktop.core.codes`), else ``fallback``."""
    return _code_list(name) or tuple(fallback)


def _is_valid(name: str, code: Any, fallback: tuple[str, ...] | None = None) -> bool:
    if not isinstance(code, str) or not code:
        return False
    known = _code_list(name) or fallback
    return True if known is None else code in known


# -- public helpers -------------------------------------------------------------------------------
def action_label(action: str) -> str:
    """The action's name in the current language."""
    spec = ACTIONS.get(action)
    return _(spec.label) if spec else action


def required_fields(action: str, kind: str | None = None) -> list[str]:
    """Fields ``data`` must hold for ``action`` (``plan.x`` names a key of ``data["plan"]``)."""
    spec = ACTIONS[action]
    fields = list(spec.required)
    if action == "draft_plan" and kind == "general":
        fields.append("needs_domains")
    return fields


def moment_field(action: str) -> str:
    """The ``data`` key holding the action's own moment (``at`` when absent)."""
    return ACTIONS[action].moment


def is_open(case: Mapping[str, Any]) -> bool:
    """Whether the case is open (neither closed nor archived)."""
    return case.get("status", "open") == "open" and case.get("step") not in _CLOSED_STEPS


def separation_ongoing(case: Mapping[str, Any]) -> bool:
    """A temporary separation has started and not ended."""
    return bool(case.get("separation_start")) and not case.get("separation_end")


def available_actions(case: Mapping[str, Any]) -> list[str]:
    """Actions that can be taken on the case now, the one that moves it forward first."""
    kind, step = case.get("kind"), case.get("step")
    if kind not in KINDS or step not in STEPS[kind]:
        return []
    open_now = is_open(case)
    found = []
    for name in _MAIN_ORDER:
        spec = ACTIONS[name]
        if kind not in spec.kinds:
            continue
        steps = spec.steps[kind]
        if steps == _ANY_OPEN:
            if not open_now:
                continue
        elif step not in steps:
            continue
        if name == "separate" and separation_ongoing(case):
            continue
        if name == "end_separation" and not separation_ongoing(case):
            continue
        if name == "approve_plan" and not (
            case.get("plan_drafted_at") and not case.get("plan_approved_at")
        ):
            continue
        found.append(name)
    return found


# -- moments ----------------------------------------------------------------------------------------
def parse_moment(value: Any) -> dt.datetime | None:
    """``YYYY-MM-DDTHH:MM`` (seconds ignored; a bare date means 00:00) → datetime, else ``None``."""
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    if not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "T")
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        if len(text) < 16 or text[10] != "T":
            return None
        return dt.datetime.fromisoformat(text[:16])
    except ValueError:
        return None


def _fmt(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _show(moment: str) -> str:
    """A moment as people read it: ``05/01/2026 14:30``."""
    parsed = parse_moment(moment)
    return parsed.strftime("%d/%m/%Y %H:%M") if parsed else str(moment)


class _Checker:
    """Collects field errors; raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, data: Mapping[str, Any], name: str, message: str, required: bool = True):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value not in (None, "") or required:
            self.add(name, message)
        return None

    def moment(
        self,
        data: Mapping[str, Any],
        name: str,
        at: dt.datetime,
        received: dt.datetime | None,
        floor: tuple[dt.datetime, str] | None = None,
        required: bool = False,
    ) -> dt.datetime:
        raw = data.get(name)
        if raw in (None, ""):
            if required:
                self.add(name, _("Hãy nhập ngày giờ (YYYY-MM-DDTHH:MM)."))
            return at
        moment = parse_moment(raw)
        if moment is None:
            self.add(name, _("Ngày giờ phải có dạng YYYY-MM-DDTHH:MM."))
            return at
        if received is not None and moment < received:
            self.add(
                name,
                _("Thời điểm không được trước lúc tiếp nhận ca ({moment}).").format(
                    moment=_show(_fmt(received))
                ),
            )
        elif moment > at:
            self.add(
                name,
                _("Thời điểm không được sau thời điểm ghi nhận ({moment}).").format(
                    moment=_show(_fmt(at))
                ),
            )
        elif floor is not None and moment < floor[0]:
            self.add(name, floor[1].format(moment=_show(_fmt(floor[0]))))
        return moment

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _at(at: Any) -> dt.datetime:
    moment = parse_moment(at)
    if moment is None:
        raise ValidationError({"at": _("Ngày giờ phải có dạng YYYY-MM-DDTHH:MM.")})
    return moment


def _last_milestone(case: Mapping[str, Any]) -> dt.datetime | None:
    """The latest dated milestone of the case: step changes must not be dated before it."""
    found = None
    plan = case.get("plan") if isinstance(case.get("plan"), Mapping) else {}
    for value in (
        case.get("received_at"),
        case.get("assessed_at"),
        case.get("plan_drafted_at"),
        case.get("plan_approved_at"),
        case.get("closed_at"),
        plan.get("replanned_at"),
        plan.get("stage_at"),
    ):
        moment = parse_moment(value) if value else None
        if moment and (found is None or moment > found):
            found = moment
    return found


# -- events -----------------------------------------------------------------------------------------
def _event(
    kind: str, moment: dt.datetime, step: str, summary: str | None, data: Mapping[str, Any]
) -> dict[str, Any]:
    narrative = data.get("narrative") or None
    sensitive = bool(data.get("sensitive", False))
    return {
        "at": _fmt(moment),
        "kind": kind,
        "step": step,
        "summary": summary,
        "narrative": narrative,
        "sensitive": sensitive,
    }


def _contact(case: Mapping[str, Any], moment: dt.datetime) -> str:
    last = parse_moment(case.get("last_contact_at")) if case.get("last_contact_at") else None
    return _fmt(moment if last is None or moment > last else last)


# -- opening a case ---------------------------------------------------------------------------------
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
        age = validation.age_on(validation.parse_date(birth, "birth_date"), day)
    except UserError:
        return _("Ngày sinh của người này không hợp lệ; hãy sửa trong hồ sơ người dân.")
    if age >= validation.CHILD_AGE_LIMIT:
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
    kind: str, data: Mapping[str, Any], at: str, person: Mapping[str, Any] | None = None
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
    now = _at(at)
    check = _Checker()
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
                moment=_show(_fmt(now))
            ),
        )
    source = data.get("source")
    if not source:
        check.add("source", _("Hãy chọn nguồn tiếp nhận thông tin."))
    elif not _is_valid("case_sources", source):
        check.add("source", _("Nguồn tiếp nhận không hợp lệ."))
    problems = data.get("problem_types")
    if not problems or not isinstance(problems, list | tuple):
        check.add("problem_types", _("Hãy chọn ít nhất một vấn đề của ca."))
        problems = []
    else:
        for code in problems:
            if not _is_valid("problem_types", code):
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
        elif not _is_valid("protection_levels", level, PROTECTION_LEVELS):
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
        "received_at": _fmt(received),
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
    event = _event("received", received, "intake", summary or N_("Tiếp nhận thông tin"), data)
    return Transition(changes, [event])


# -- actions ----------------------------------------------------------------------------------------
class _Context:
    def __init__(self, case: Mapping[str, Any], action: str, data: Mapping[str, Any], at: str):
        self.case = case
        self.kind = case["kind"]
        self.step = case["step"]
        self.action = action
        self.spec = ACTIONS[action]
        self.data = data
        self.at = _at(at)
        self.received = parse_moment(case.get("received_at"))
        self.check = _Checker()

    def moment(self, *, step_change: bool, required: bool = False) -> dt.datetime:
        floor = None
        if step_change:
            last = _last_milestone(self.case)
            if last is not None:
                floor = (last, _("Thời điểm không được trước bước trước đó của ca ({moment})."))
        return self.check.moment(
            self.data, self.spec.moment, self.at, self.received, floor, required
        )

    def summary(self, required: bool = True) -> str | None:
        return self.check.text(self.data, "summary", _("Hãy nhập nội dung tóm tắt."), required)

    def event(
        self, moment: dt.datetime, step: str, summary: str | None, kind: str | None = None
    ) -> dict[str, Any]:
        return _event(kind or self.spec.event, moment, step, summary, self.data)

    def finish(
        self, moment: dt.datetime, changes: dict[str, Any], events: list[dict[str, Any]]
    ) -> Transition:
        self.check.done()
        if self.spec.contact:
            changes["last_contact_at"] = _contact(self.case, moment)
        return Transition(changes, events)


def _plan_from(ctx: _Context) -> dict[str, Any]:
    """Validate ``data["plan"]`` and return the plan dict to store."""
    check = ctx.check
    raw = ctx.data.get("plan")
    if not isinstance(raw, Mapping):
        raw = {}
    objectives = raw.get("objectives")
    if isinstance(objectives, list | tuple):
        objectives = [str(o).strip() for o in objectives if str(o).strip()]
    elif isinstance(objectives, str):
        objectives = objectives.strip()
    if not objectives:
        check.add("plan.objectives", _("Hãy nhập mục tiêu của kế hoạch."))
    activities = raw.get("activities")
    clean_activities = []
    if not isinstance(activities, list | tuple) or not activities:
        check.add("plan.activities", _("Kế hoạch cần ít nhất một hoạt động."))
    else:
        for row, item in enumerate(activities, start=1):
            try:
                clean_activities.append(validation.validate_plan_activity(item, row))
            except UserError as exc:
                check.add("plan.activities", _("Có hoạt động chưa đủ thông tin (xem từng dòng)."))
                check.add(exc.field or "plan.activities", exc.message)
    timeframe = raw.get("timeframe")
    if not isinstance(timeframe, str) or not timeframe.strip():
        check.add("plan.timeframe", _("Hãy nhập thời gian thực hiện kế hoạch."))
        timeframe = None
    providers = raw.get("providers") or []
    if not isinstance(providers, list | tuple) or not all(
        isinstance(p, str) and p for p in providers
    ):
        check.add("plan.providers", _("Danh sách cơ sở cung cấp dịch vụ không hợp lệ."))
        providers = []
    providers = list(providers)
    for item in clean_activities:
        if item.get("provider_id") and item["provider_id"] not in providers:
            providers.append(item["provider_id"])
    plan = {
        "objectives": objectives,
        "activities": clean_activities,
        "timeframe": timeframe.strip() if timeframe else None,
        "providers": providers,
        "resources": (raw.get("resources") or "").strip() or None,
        "risks": (raw.get("risks") or "").strip() or None,
    }
    return plan


def _with_history(old: Any, moment: str) -> list[dict[str, Any]]:
    """The previous plans, oldest first, with the current one appended (if any)."""
    if not isinstance(old, Mapping):
        return []
    history = list(old.get("history") or [])
    snapshot = {k: copy.deepcopy(v) for k, v in old.items() if k != "history"}
    if snapshot.get("objectives"):
        snapshot["replaced_at"] = moment
        history.append(snapshot)
    return history


def _stamped(case: Mapping[str, Any], key: str, moment: dt.datetime) -> dict[str, Any]:
    """``{"plan": …}`` with ``key`` set to the moment, when the case has a plan; else ``{}``.

    The stamps order later step changes (see :func:`_last_milestone`).
    """
    plan = case.get("plan")
    if not isinstance(plan, Mapping) or not plan.get("objectives"):
        return {}
    return {"plan": {**plan, key: _fmt(moment)}}


def _assess(ctx: _Context) -> Transition:
    data, check = ctx.data, ctx.check
    risk = data.get("risk_level")
    if not risk:
        check.add("risk_level", _("Hãy chọn mức độ nguy cơ."))
    elif risk not in RISK_LEVELS:
        check.add("risk_level", _("Mức độ nguy cơ không hợp lệ."))
    level = data.get("protection_level")
    if level not in (None, "") and not _is_valid("protection_levels", level, PROTECTION_LEVELS):
        check.add("protection_level", _("Cấp độ bảo vệ không hợp lệ."))
    summary = ctx.summary()
    moment = ctx.moment(step_change=True)
    emergency = bool(ctx.case.get("emergency")) or bool(data.get("emergency", False))
    changes = {
        "step": "assessment",
        "risk_level": risk,
        "emergency": emergency,
        "assessed_at": _fmt(moment),
        "summary": summary,
    }
    if level:
        changes["protection_level"] = level
    return ctx.finish(moment, changes, [ctx.event(moment, "assessment", summary)])


def _emergency_action(ctx: _Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=False)
    return ctx.finish(moment, {"emergency": True}, [ctx.event(moment, ctx.step, summary)])


def _separate(ctx: _Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=False)
    changes = {"separation_start": _fmt(moment), "separation_end": None, "emergency": True}
    text = summary
    return ctx.finish(moment, changes, [ctx.event(moment, ctx.step, text)])


def _end_separation(ctx: _Context) -> Transition:
    start = parse_moment(ctx.case.get("separation_start"))
    moment = ctx.moment(step_change=False)
    if start is not None and moment < start and "separation_end" not in ctx.check.errors:
        ctx.check.add(
            "separation_end", _("Thời điểm kết thúc cách ly không được trước lúc bắt đầu.")
        )
    summary = ctx.summary(required=False) or N_("Kết thúc cách ly tạm thời")
    changes: dict[str, Any] = {"separation_end": _fmt(moment)}
    if ctx.data.get("returned"):
        changes["returned_at"] = _fmt(moment)
    return ctx.finish(moment, changes, [ctx.event(moment, ctx.step, summary)])


def _verify(ctx: _Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=True, required=True)
    changes = {"step": "verification", **_stamped(ctx.case, "stage_at", moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, "verification", summary)])


def _draft_plan(ctx: _Context) -> Transition:
    plan = _plan_from(ctx)
    events = []
    moment = ctx.moment(step_change=True)
    needs: list[str] = []
    if ctx.kind == "general":
        raw = ctx.data.get("needs_domains")
        if not isinstance(raw, list | tuple) or not raw:
            ctx.check.add("needs_domains", _("Hãy chọn ít nhất một lĩnh vực nhu cầu đã đánh giá."))
        else:
            needs = list(dict.fromkeys(raw))
            if not all(_is_valid("needs_domains", n) for n in needs):
                ctx.check.add("needs_domains", _("Lĩnh vực nhu cầu không hợp lệ."))
        plan["needs_domains"] = needs
    old = ctx.case.get("plan")
    history = _with_history(old, _fmt(moment))
    if history:
        plan["history"] = history
    if isinstance(old, Mapping):
        for key in ("stage_at", "replanned_at"):
            if old.get(key):
                plan[key] = old[key]
    summary = ctx.summary(required=False)
    changes: dict[str, Any] = {
        "step": "planning",
        "plan": plan,
        "plan_drafted_at": _fmt(moment),
        "plan_approved_at": None,
    }
    if ctx.kind == "general" and not ctx.case.get("assessed_at"):
        changes["assessed_at"] = _fmt(moment)
        events.append(
            ctx.event(moment, "intake", N_("Đánh giá nhu cầu"), kind="assessment")
            | {"narrative": None, "sensitive": False}
        )
    events.append(ctx.event(moment, "planning", summary or N_("Dự thảo kế hoạch hỗ trợ")))
    return ctx.finish(moment, changes, events)


def _approve_plan(ctx: _Context) -> Transition:
    approved_by = ctx.check.text(ctx.data, "approved_by", _("Hãy nhập người phê duyệt kế hoạch."))
    moment = ctx.moment(step_change=True, required=True)
    drafted = parse_moment(ctx.case.get("plan_drafted_at"))
    if drafted is not None and moment < drafted and "approved_at" not in ctx.check.errors:
        ctx.check.add("approved_at", _("Ngày phê duyệt không được trước ngày dự thảo kế hoạch."))
    plan = dict(ctx.case.get("plan") or {})
    plan["approved_by"] = approved_by
    summary = ctx.summary(required=False) or N_("Kế hoạch được phê duyệt")
    changes = {"step": "intervention", "plan": plan, "plan_approved_at": _fmt(moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, "intervention", summary)])


def _event_only(ctx: _Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=False)
    changes: dict[str, Any] = {}
    if ctx.action == "add_note" and ctx.data.get("contact"):
        changes["last_contact_at"] = _contact(ctx.case, moment)
    return ctx.finish(moment, changes, [ctx.event(moment, ctx.step, summary)])


def _record_return(ctx: _Context) -> Transition:
    moment = ctx.moment(step_change=False)
    summary = ctx.summary(required=False) or N_("Trở về gia đình, cộng đồng")
    changes = {"returned_at": _fmt(moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, ctx.step, summary)])


def _step_change(to_step: str) -> Callable[[_Context], Transition]:
    def handler(ctx: _Context) -> Transition:
        summary = ctx.summary()
        moment = ctx.moment(step_change=True)
        changes = {"step": to_step, **_stamped(ctx.case, "stage_at", moment)}
        return ctx.finish(moment, changes, [ctx.event(moment, to_step, summary)])

    return handler


def _replan(ctx: _Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=True)
    changes = {"step": "planning", **_stamped(ctx.case, "replanned_at", moment)}
    return ctx.finish(moment, changes, [ctx.event(moment, "planning", summary)])


def _adjust_plan(ctx: _Context) -> Transition:
    """Minor adjustment (stays in monitoring), or a new plan needing approval (→ planning)."""
    summary = ctx.summary()
    new_plan = ctx.data.get("plan")
    moment = ctx.moment(step_change=bool(new_plan))
    if not new_plan:
        plan = dict(ctx.case.get("plan") or {})
        notes = list(plan.get("adjustments") or [])
        notes.append({"at": _fmt(moment), "summary": summary})
        plan["adjustments"] = notes
        return ctx.finish(moment, {"plan": plan}, [ctx.event(moment, "monitoring", summary)])
    plan = _plan_from(ctx)
    old = ctx.case.get("plan") if isinstance(ctx.case.get("plan"), Mapping) else {}
    plan["needs_domains"] = list(old.get("needs_domains") or [])
    history = _with_history(old, _fmt(moment))
    if history:
        plan["history"] = history
    plan["replanned_at"] = _fmt(moment)
    changes = {
        "step": "planning",
        "plan": plan,
        "plan_drafted_at": _fmt(moment),
        "plan_approved_at": None,
    }
    return ctx.finish(moment, changes, [ctx.event(moment, "planning", summary)])


def _close(ctx: _Context) -> Transition:
    reason = ctx.data.get("closure_reason")
    if not reason:
        ctx.check.add("closure_reason", _("Hãy chọn lý do kết thúc ca."))
    elif reason not in CLOSURE_REASONS:
        ctx.check.add("closure_reason", _("Lý do kết thúc ca không hợp lệ."))
    summary = ctx.summary(required=False) or N_("Kết thúc ca")
    moment = ctx.moment(step_change=True)
    changes: dict[str, Any] = {
        "step": "closed",
        "status": "closed",
        "closed_at": _fmt(moment),
        "closure_reason": reason,
    }
    if separation_ongoing(ctx.case):
        start = parse_moment(ctx.case.get("separation_start"))
        changes["separation_end"] = _fmt(max(moment, start) if start else moment)
    return ctx.finish(moment, changes, [ctx.event(moment, "closed", summary)])


def _reopen(ctx: _Context) -> Transition:
    summary = ctx.summary()
    moment = ctx.moment(step_change=True)
    to_step = REOPEN_STEP[ctx.kind]
    changes: dict[str, Any] = {
        "step": to_step,
        "status": "open",
        "closed_at": None,
        "closure_reason": None,
        **_stamped(ctx.case, "stage_at", moment),
    }
    return ctx.finish(moment, changes, [ctx.event(moment, to_step, summary)])


def _archive(ctx: _Context) -> Transition:
    summary = ctx.summary(required=False) or N_("Lưu trữ hồ sơ")
    moment = ctx.moment(step_change=True)
    changes = {"step": "archived", "status": "archived"}
    return ctx.finish(moment, changes, [ctx.event(moment, "archived", summary)])


_HANDLERS: dict[str, Callable[[_Context], Transition]] = {
    "assess": _assess,
    "emergency_action": _emergency_action,
    "separate": _separate,
    "end_separation": _end_separation,
    "verify": _verify,
    "draft_plan": _draft_plan,
    "approve_plan": _approve_plan,
    "record_service": _event_only,
    "refer": _event_only,
    "follow_up": _event_only,
    "add_note": _event_only,
    "record_return": _record_return,
    "review": _step_change("review"),
    "replan": _replan,
    "monitor": _step_change("monitoring"),
    "adjust_plan": _adjust_plan,
    "evaluate": _step_change("evaluation"),
    "close": _close,
    "reopen": _reopen,
    "archive": _archive,
}


def apply_action(
    case: Mapping[str, Any], action: str, data: Mapping[str, Any] | None, at: str
) -> Transition:
    """Take ``action`` on ``case`` with ``data``, recorded at ``at``; the case is not modified.

    Raises :class:`UserError` when the action is unknown or not open to the case now, and
    :class:`ValidationError` (field → Vietnamese message) when ``data`` is missing or invalid.
    """
    if action not in ACTIONS:
        raise UserError(_("Thao tác không hợp lệ: {action}.").format(action=action), "action")
    if action not in available_actions(case):
        raise UserError(
            _("Không thể thực hiện «{action}» với ca ở bước hiện tại.").format(
                action=action_label(action)
            ),
            "action",
        )
    ctx = _Context(case, action, data or {}, at)
    return _HANDLERS[action](ctx)


def replay(case: Mapping[str, Any], transition: Transition) -> dict[str, Any]:
    """The case after a transition (a convenience for callers working on dicts)."""
    updated = {**case, **copy.deepcopy(transition.changes)}
    return updated


__all__ = [
    "ACTIONS",
    "CLOSURE_REASONS",
    "EVENT_KINDS",
    "KINDS",
    "REOPEN_STEP",
    "REPORTER_FIELDS",
    "RISK_LEVELS",
    "SEPARATION_MAX_DAYS",
    "STATUSES",
    "STEPS",
    "ActionSpec",
    "Transition",
    "action_label",
    "apply_action",
    "available_actions",
    "child_case_error",
    "is_open",
    "known_codes",
    "moment_field",
    "new_case",
    "parse_moment",
    "replay",
    "required_fields",
    "separation_ongoing",
]
