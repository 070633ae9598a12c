"""The details of a case that are facts about it rather than steps, and how they are corrected.

Source, problem types, the emergency flag, the protection level of a child-protection case (Law on
Children 2016, Art. 47) and the short summary are recorded at intake (Decree 56/2017/NĐ-CP,
Art. 24; Circular 02/2020/TT-BLĐTBXH, Art. 9) and may be corrected later. They are checked by the
very rules of the intake (:func:`ctxh_desktop.core.workflow.new_case`). The moments of the steps
are not here: they are corrected by a correcting event (:mod:`ctxh_desktop.core.event_corrections`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ctxh_desktop.core import workflow
from ctxh_desktop.core.errors import ValidationError
from ctxh_desktop.i18n import _

#: The case columns a user may edit as details.
EDITABLE = ("source", "problem_types", "emergency", "protection_level", "summary")
#: Who reported: kept in the received event's confidential narrative, so a new reporter is
#: recorded by a correcting event (:func:`event_corrections.reporter_correction`).
REPORTER = tuple(workflow.REPORTER_FIELDS)
#: Events that make a case an emergency for good (an emergency measure or a separation was taken).
_EMERGENCY_EVENTS = ("emergency_action", "separation")


def details_changes(
    case: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
    data: Mapping[str, Any],
    at: str,
) -> tuple[dict[str, Any], str | None]:
    """The columns of ``case`` that change when its details become ``data`` (the keys of
    :data:`EDITABLE`; a key not given keeps its value), and the reporter's note when one of
    :data:`REPORTER` is given (as the intake writes it), else ``None``. Raises
    ``ValidationError`` with the intake's messages, or when the emergency flag is cleared on a
    case where an emergency measure or a separation was recorded."""
    merged = {key: case.get(key) for key in EDITABLE} | {
        key: data[key] for key in EDITABLE if key in data
    }
    intake = {
        **merged,
        "received_at": case.get("received_at"),
        "person_id": case.get("person_id"),
        "related_person_ids": case.get("related_person_ids") or [],
        "risk_level": case.get("risk_level"),
        **{key: data[key] for key in REPORTER if data.get(key)},
    }
    opened = workflow.new_case(case.get("kind"), intake, at)
    checked = opened.changes
    cleared = case.get("emergency") and not checked["emergency"]
    if cleared and any(e.get("kind") in _EMERGENCY_EVENTS for e in events):
        raise ValidationError(
            {
                "emergency": _(
                    "Ca đã có biện pháp khẩn cấp hoặc cách ly tạm thời: "
                    "không thể bỏ đánh dấu khẩn cấp."
                )
            }
        )
    changes = {
        key: checked[key]
        for key in EDITABLE
        if checked[key] != (bool(case.get(key)) if key == "emergency" else case.get(key))
    }
    reporter = opened.events[0]["narrative"] if any(data.get(k) for k in REPORTER) else None
    return changes, reporter
