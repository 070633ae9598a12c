"""The column schema of the synced tables: what a value received from another device may hold.

A row a bundle carries is kept only when each of its values could have been saved by a commune's
form (:func:`check_stored_row`).
"""

from __future__ import annotations

import json
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.values import CONTROL_CHARS, MAX_AMOUNT, MAX_DURATION_MIN, MAX_GROUP_SIZE
from ctxh_desktop.i18n import _

#: Integer columns of the synced tables and their allowed range (the forms' bounds).
STORED_INTEGERS: dict[str, tuple[int, int]] = {
    "rev": (0, 2**62),
    "epoch": (0, 2**62),
    "deleted": (0, 1),
    "consent_share": (0, 1),
    "emergency": (0, 1),
    "sensitive": (0, 1),
    "anonymous": (0, 1),
    "group_size": (1, MAX_GROUP_SIZE),
    "duration_min": (0, MAX_DURATION_MIN),
    "amount": (0, MAX_AMOUNT),
}
#: Columns holding a JSON list of short texts.
STORED_JSON_LISTS = frozenset(
    {"target_groups", "related_person_ids", "problem_types", "topics", "groups", "extra_groups"}
)
#: Columns holding a JSON object (or nothing).
STORED_JSON_OBJECTS = frozenset({"plan", "separation_decision", "correction"})
#: Longest text a form lets through, per column; other texts up to :data:`MAX_STORED_TEXT`.
STORED_TEXT_LIMITS: dict[str, int] = {
    "full_name": 100,
    "guardian_name": 100,
    "code": 40,
    "corrects": 100,
}
MAX_STORED_TEXT = 20_000


def _stored_value(column: str, value: Any) -> str | None:
    """Why ``value`` could not have been saved by a form in ``column`` (``None`` when it could)."""
    if column in STORED_INTEGERS:
        low, high = STORED_INTEGERS[column]
        if type(value) is not int or not low <= value <= high:
            return _("phải là số nguyên từ {low} đến {high}").format(low=low, high=high)
        return None
    if value is None:
        return None
    if type(value) is not str:
        return _("phải là chữ")
    if len(value) > STORED_TEXT_LIMITS.get(column, MAX_STORED_TEXT):
        return _("quá dài")
    if column in STORED_JSON_LISTS or column in STORED_JSON_OBJECTS:
        try:
            parsed = json.loads(value)
        except ValueError:
            return _("không phải JSON hợp lệ")
        if column in STORED_JSON_LISTS:
            ok = isinstance(parsed, list) and all(type(v) is str for v in parsed)
        else:
            ok = parsed is None or isinstance(parsed, dict)
        return None if ok else _("sai cấu trúc")
    if CONTROL_CHARS.search(value):
        return _("có ký tự điều khiển")
    return None


def check_stored_row(table: str, row: dict[str, Any]) -> None:
    """Refuse (``UserError`` naming table, row id and field) a received row holding a value no
    form could have saved: wrong type, out of range, too long, bad JSON, control characters."""
    for column, value in row.items():
        why = _stored_value(column, value)
        if why is not None:
            raise UserError(
                _("Tệp bị từ chối: bảng {table}, dòng {row_id}, trường {field}: {why}.").format(
                    table=table, row_id=str(row.get("id"))[:40], field=column, why=why
                )
            )
