"""The actions of the case workflow: the kinds, steps and codes, each action's spec, and which
actions a case can take now. Pure data and small predicates; the handlers are in
:mod:`ctxh_desktop.core.case_handlers`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ctxh_desktop.core import codes
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
    "plan_returned",
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
    "return_plan": ActionSpec(
        N_("Trả lại kế hoạch"),
        _BOTH,
        {"child_protection": ("planning",), "general": ("planning",)},
        ("summary",),
        "when",
        "plan_returned",
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
    "return_plan",
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


# -- code lists ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=128)
def _code_list(name: str) -> tuple[str, ...] | None:
    """The codes of a shared list, or ``None`` when the list is not available."""
    try:
        found = codes.codes(name)
    except KeyError:  # an unknown list name: no check beyond the fixed lists here
        return None
    return tuple(found) or None


def known_codes(name: str, fallback: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The codes of the shared list ``name`` (:mod:`ctxh_desktop.core.codes`), else ``fallback``."""
    return _code_list(name) or tuple(fallback)


def is_valid_code(name: str, code: Any, fallback: tuple[str, ...] | None = None) -> bool:
    """Whether ``code`` is in the shared list ``name`` (else ``fallback``; no list: any code)."""
    if not isinstance(code, str) or not code:
        return False
    known = _code_list(name) or fallback
    return True if known is None else code in known


# -- public helpers -------------------------------------------------------------------------------
def plan_of(case: Mapping[str, Any]) -> Mapping[str, Any]:
    """The case's plan, or ``{}`` when it has none."""
    plan = case.get("plan")
    return plan if isinstance(plan, Mapping) else {}


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


#: The actions of the person who holds the power to decide (the chairman of the commune People's
#: Committee, Decree 56/2017/NĐ-CP): on a plan (Art. 28(4)) and on a temporary separation
#: (Art. 32(2)); a collaborator records only a decision signed on paper.
DECISION_ACTIONS = ("approve_plan", "return_plan", "separate")


PLAN_DECISIONS = ("approve_plan", "return_plan")


def awaits_decision(case: Mapping[str, Any]) -> bool:
    """A plan is drafted, neither approved nor returned since: it waits for the chairman."""
    plan = plan_of(case)
    drafted = case.get("plan_drafted_at")
    return bool(drafted) and not case.get("plan_approved_at") and not plan.get("sent_back_at")


def available_actions(case: Mapping[str, Any]) -> list[str]:
    """Actions that can be taken on the case now, the one that moves it forward first."""
    kind, step = case.get("kind"), case.get("step")
    if kind not in KINDS or step not in STEPS[kind] or case.get("transferred_to"):
        return []  # a case sent to another commune stays read-only here
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
        if name in PLAN_DECISIONS and not awaits_decision(case):
            continue
        found.append(name)
    return found
