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

from collections.abc import Mapping
from typing import Any

from ctxh_desktop.core.case_actions import (
    ACTIONS,
    CLOSURE_REASONS,
    DECISION_ACTIONS,
    EVENT_KINDS,
    KINDS,
    PROTECTION_LEVELS,
    REOPEN_STEP,
    REPORTER_FIELDS,
    RISK_LEVELS,
    SEPARATION_MAX_DAYS,
    STATUSES,
    STEPS,
    ActionSpec,
    Transition,
    action_label,
    available_actions,
    awaits_decision,
    is_open,
    known_codes,
    moment_field,
    required_fields,
    separation_ongoing,
)
from ctxh_desktop.core.case_checks import Context
from ctxh_desktop.core.case_handlers import HANDLERS
from ctxh_desktop.core.case_opening import child_case_error, new_case
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.moments import parse_moment
from ctxh_desktop.i18n import _


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
    ctx = Context(case, action, data or {}, at)
    return HANDLERS[action](ctx)


__all__ = [
    "ACTIONS",
    "CLOSURE_REASONS",
    "DECISION_ACTIONS",
    "EVENT_KINDS",
    "KINDS",
    "PROTECTION_LEVELS",
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
    "awaits_decision",
    "child_case_error",
    "is_open",
    "known_codes",
    "moment_field",
    "new_case",
    "parse_moment",
    "required_fields",
    "separation_ongoing",
]
