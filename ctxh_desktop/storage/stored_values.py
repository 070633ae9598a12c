"""Reading the synced tables whatever they hold: JSON columns here, numbers in SQL (:func:`int_sql`).

An office may hold values no form could have saved (received before every value was checked
against its column, or from a damaged copy): a list column reading ``"["``, a plan reading
``"{{{"`` or ``{"activities": "many"}``. What the services see is always the shape they expect —
a list of texts, a plan object whose activities are objects — so that reports and views render it
rather than fail: text that is not JSON becomes an empty list or no plan, a non-text item of a
list its text, and an activity that is not an object is left out.
"""

from __future__ import annotations

import json
from typing import Any

#: The plan's keys holding a list of texts, and those holding one text.
_PLAN_LISTS = ("providers", "needs_domains")
#: Lists of small objects a plan keeps: the chairman's returns, the adjustments made to it.
_PLAN_RECORD_LISTS = ("returns", "adjustments")
_ACTIVITY_KEYS = ("what", "who", "when", "start", "end", "provider_id")


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)


def text_list(value: Any) -> list[str]:
    """A JSON list column as a list of texts (``[]`` when the column holds anything else)."""
    parsed = _loads(value) if isinstance(value, str) else value
    if not isinstance(parsed, list):
        return []
    return [t for t in (_text(v) for v in parsed) if t is not None]


def _activity(item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    return {k: _text(item[k]) for k in _ACTIVITY_KEYS if k in item}


def _record(item: Any) -> dict[str, Any] | None:
    """A small object of the plan (a decision, a return, an adjustment): texts, flags or nothing."""
    if not isinstance(item, dict):
        return None
    return {str(k): v if v is None or isinstance(v, bool) else _text(v) for k, v in item.items()}


def _plan(parsed: dict[str, Any], nested: bool) -> dict[str, Any]:
    plan: dict[str, Any] = {
        k: (v if isinstance(v, str) or v is None else _text(v)) for k, v in parsed.items()
    }
    objectives = parsed.get("objectives")
    plan["objectives"] = (
        text_list(objectives) if isinstance(objectives, list) else plan.get("objectives")
    )
    activities = parsed.get("activities")
    plan["activities"] = [
        a for a in map(_activity, activities if isinstance(activities, list) else []) if a
    ]
    for key in _PLAN_LISTS:
        if key in parsed:
            plan[key] = text_list(parsed[key])
    if "decision" in parsed:
        plan["decision"] = _record(parsed["decision"])
    for key in _PLAN_RECORD_LISTS:
        if key in parsed:
            items = parsed[key] if isinstance(parsed[key], list) else []
            plan[key] = [r for r in map(_record, items) if r is not None]
    history = parsed.get("history")
    if "history" in parsed:
        plan["history"] = (
            []
            if nested or not isinstance(history, list)
            else [_plan(h, True) for h in history if isinstance(h, dict)]
        )
    return plan


def plan(value: Any) -> dict[str, Any] | None:
    """The plan column as a plan object (``None`` when the column holds no object)."""
    parsed = _loads(value) if isinstance(value, str) else value
    return _plan(parsed, False) if isinstance(parsed, dict) else None


#: Whole-number columns a view shows, and the forms' bounds.
INTEGERS: dict[str, tuple[int, int]] = {
    "group_size": (1, 500),
    "duration_min": (0, 600),
    "amount": (0, 10_000_000_000),
}


def number(column: str, value: Any) -> int | None:
    """A whole-number column's value, or ``None`` (shown as nothing) when it holds anything else
    than a whole number within the forms' bounds."""
    low, high = INTEGERS[column]
    return value if type(value) is int and low <= value <= high else None


#: JSON columns holding one small object (texts, flags, pairs of texts), not a list.
RECORD_COLUMNS = frozenset({"separation_decision", "correction"})


def record(value: Any) -> dict[str, Any] | None:
    """A small object column (a decision, a correction) as an object of texts, flags and pairs
    of texts (``None`` when the column holds no object)."""
    parsed = _loads(value) if isinstance(value, str) else value
    if not isinstance(parsed, dict):
        return None
    return {
        str(k): [_text(x) for x in v] if isinstance(v, list) else _flat(v)
        for k, v in parsed.items()
    }


def _flat(value: Any) -> Any:
    return value if value is None or isinstance(value, bool) else _text(value)


def decoded(column: str, value: Any) -> Any:
    """A JSON column's stored text as services use it: the plan an object or ``None``, a
    decision or a correction an object or ``None``, every other JSON column a list of texts."""
    if column == "plan":
        return plan(value)
    if column in RECORD_COLUMNS:
        return record(value)
    return text_list(value)


def int_sql(column: str, low: int, high: int, default: int) -> str:
    """SQL reading a whole-number column as a whole number from ``low`` to ``high``, and as
    ``default`` when it holds anything else (text, a fraction, infinity, an absurd number)."""
    return (
        f"CASE WHEN typeof({column}) = 'integer' AND {column} BETWEEN {low} AND {high}"
        f" THEN {column} ELSE {default} END AS {column}"
    )
