"""The column schema of the synced tables: what a value received from another device may hold.

One rule per column of every synced table, with the forms' own bounds — types, code lists, lengths,
ranges, JSON shapes, dates and moments, no control characters — so that a row a bundle carries is
kept only when a commune's form could have saved it (:func:`check_stored_row`). Rules are small
functions returning why a value is refused, or ``None``; they run once per value of a snapshot of
a million rows, so each does the least it can.
"""

from __future__ import annotations

import re
from typing import Any

from ctxh_desktop.core import attachments
from ctxh_desktop.core.column_rules import (
    FLAG,
    MAX_VERSION,
    NAME_LENGTH,
    Rule,
    code,
    code_list,
    commune_code,
    date,
    flat_object,
    id_list,
    id_number,
    integer,
    moment,
    month,
    one_of,
    parse_json,
    partial_date,
    phone,
    plan,
    required,
    row_id,
    service_phone,
    stamp,
    text,
    unit_code,
)
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.values import (
    MAX_AMOUNT,
    MAX_DURATION_MIN,
    MAX_GROUP_SIZE,
    MAX_PARTICIPANTS,
)
from ctxh_desktop.i18n import _

#: Every synced table's own columns and their rules (see ``storage.schema.SYNCED_TABLES``).
COLUMNS: dict[str, dict[str, Rule]] = {
    "person": {
        "full_name": required(text(NAME_LENGTH)),
        "gender": code("genders"),
        "birth_date": partial_date,
        "ethnicity": code("ethnicities"),
        "id_number": id_number,
        "phone": phone,
        "address_detail": text(200),
        "address_commune": commune_code,
        "old_address": text(300),
        "household_status": code("household_statuses"),
        "disability_level": code("disability_levels"),
        "guardian_name": text(NAME_LENGTH),
        "guardian_phone": phone,
        "target_groups": code_list("target_groups"),
        "assistance_category": code("assistance_categories"),
        "consent_share": FLAG,
        "registered_on": date,
        "notes": text(4000),
        "merged_into": row_id,
    },
    "case_file": {
        "code": required(text(40)),
        "kind": required(code("case_kinds")),
        "person_id": row_id,
        "related_person_ids": id_list,
        "problem_types": code_list("problem_types"),
        "source": code("case_sources"),
        "received_at": required(moment),
        "emergency": FLAG,
        "risk_level": code("risk_levels"),
        "protection_level": code("protection_levels"),
        "step": required(code("case_steps")),
        "status": required(code("case_statuses")),
        "assigned_to": text(NAME_LENGTH),
        "summary": text(),
        "assessed_at": moment,
        "plan": plan,
        "plan_drafted_at": moment,
        "plan_approved_at": moment,
        "separation_start": moment,
        "separation_end": moment,
        "closed_at": moment,
        "closure_reason": code("closure_reasons"),
        "returned_at": moment,
        "last_contact_at": moment,
        "separation_decision": flat_object,
        "transfer_id": row_id,
        "transferred_to": commune_code,
        "transferred_from": commune_code,
        "transferred_at": moment,
    },
    "case_event": {
        "case_id": required(row_id),
        "at": required(moment),
        "kind": required(code("event_kinds")),
        "step": code("case_steps"),
        "summary": text(),
        "narrative": text(),
        "sensitive": FLAG,
        "corrects": text(100),
        "correction": flat_object,
    },
    "consultation": {
        "at": required(moment),
        "person_id": row_id,
        "anonymous": FLAG,
        "group_size": integer(1, MAX_GROUP_SIZE),
        "channel": required(code("consultation_channels")),
        "topics": code_list("consultation_topics"),
        "target_group": code("target_groups"),
        "duration_min": integer(1, MAX_DURATION_MIN, nullable=True),
        "summary": text(4000),
        "outcome": code("consultation_outcomes"),
        "referral_provider_id": row_id,
        "case_id": row_id,
        "counsellor": text(NAME_LENGTH),
    },
    "child_profile": {
        "person_id": required(row_id),
        "groups": code_list("child_groups"),
        "extra_groups": code_list("child_extra_groups"),
        "status": required(code("child_statuses")),
        "registered_on": date,
        "notes": text(4000),
    },
    "child_support": {
        "child_id": required(row_id),
        "month": required(month),
        "given_on": date,
        "kind": required(code("support_kinds")),
        "amount": integer(0, MAX_AMOUNT),
        "source": required(code("support_sources")),
        "provider": text(200),
        "note": text(2000),
    },
    "service_provider": {
        "name": required(text(200)),
        "kind": code("provider_kinds"),
        "address": text(300),
        "phone": service_phone,
        "notes": text(2000),
        "ownership": code("provider_ownership"),
        "capacity": integer(0, 100_000, nullable=True),
        "sw_staff": integer(0, 100_000, nullable=True),
        "offers_sw": FLAG,
    },
    "referral": {
        "case_id": row_id,
        "person_id": row_id,
        "provider_id": row_id,
        "at": required(moment),
        "reason": text(),
        "status": required(code("referral_statuses")),
        "outcome": text(),
        "answered_on": date,
        "answer": text(2000),
        "done_on": date,
    },
    "case_service": {
        "case_id": required(row_id),
        "person_id": row_id,
        "provider_id": row_id,
        "given_on": required(date),
        "what": required(text(500)),
        "note": text(2000),
    },
    "case_conference": {
        "case_id": required(row_id),
        "held_on": required(date),
        "kind": required(code("conference_kinds")),
        "participants": required(text(1000)),
        "minutes": text(),
    },
    "safety_plan": {
        "case_id": required(row_id),
        "keeper": required(text(300)),
        "actions": required(text(4000)),
        "contacts": required(text(1000)),
        "review_on": required(date),
    },
    "consent": {
        "case_id": required(row_id),
        "person_id": row_id,
        "given_by": required(code("consent_givers")),
        "giver_name": text(NAME_LENGTH),
        "given_on": required(date),
        "purposes": code_list("consent_purposes"),
        "child_view": code("child_views"),
        "note": text(2000),
    },
    "attachment": {
        "person_id": row_id,
        "case_id": row_id,
        "decision": one_of(attachments.DECISIONS),
        "title": text(attachments.MAX_TITLE),
        "file_name": text(attachments.MAX_FILE_NAME),
        "mime": required(one_of(attachments.MIME_TYPES)),
        "size": integer(1, attachments.MAX_BYTES),
        "sha256": text(64),
        "for_office": FLAG,
        "content": attachments.content_problem,
    },
    "staff": {
        "full_name": required(text(NAME_LENGTH)),
        "role": required(code("staff_roles")),
        "since": date,
        "until": date,
        "allowance": integer(0, MAX_AMOUNT, nullable=True),
        "qualification": code("staff_qualifications"),
        "phone": phone,
        "notes": text(2000),
    },
    "staff_training": {
        "staff_id": required(row_id),
        "course": required(text(300)),
        "start_on": required(date),
        "end_on": date,
        "hours": integer(1, 2000, nullable=True),
        "organiser": text(200),
        "certificate": FLAG,
    },
    "staff_certificate": {
        "staff_id": required(row_id),
        # withheld by the commune's privacy filter unless identifying data may be shared
        "number": text(60),
        "issued_on": required(date),
        "issued_by": text(200),
    },
    "activity": {
        "held_on": required(date),
        "kind": required(code("activity_kinds")),
        "topic": required(text(200)),
        "target_group": code("target_groups"),
        "participants_male": integer(0, MAX_PARTICIPANTS),
        "participants_female": integer(0, MAX_PARTICIPANTS),
        "participants_children": integer(0, MAX_PARTICIPANTS),
        "place": text(200),
        "organiser": text(200),
        "notes": text(2000),
    },
    "case_transfer": {
        "case_id": required(row_id),
        "to_commune": required(commune_code),
        "transferred_at": required(moment),
        "note": text(2000),
        "payload": lambda value: transfer_payload(value),
    },
}

#: Columns every synced table has (``storage.schema.COMMON_COLUMNS``).
COMMON: dict[str, Rule] = {
    "id": required(row_id),
    "commune": required(unit_code),
    "rev": integer(0, MAX_VERSION),
    "epoch": integer(0, MAX_VERSION),
    "deleted": FLAG,
    "created_at": stamp,
    "modified_at": stamp,
    "created_by": text(NAME_LENGTH),
}

_RULES: dict[str, dict[str, Rule]] = {t: {**COMMON, **cols} for t, cols in COLUMNS.items()}


#: The tables a transferred case carries (``services.case_transfer``) and the longest payload.
TRANSFER_TABLES = ("person", "case_file", "case_event", "consultation", "referral")
MAX_TRANSFER_PAYLOAD = 2_000_000


def transfer_payload(value: Any) -> str | None:
    """A transferred case's rows: a JSON object of lists of rows of :data:`TRANSFER_TABLES`, one
    ``case_file`` row, each row as its own table's schema allows."""
    problem = required(text(MAX_TRANSFER_PAYLOAD))(value)
    if problem:
        return problem
    parsed, problem = parse_json(value)
    if problem:
        return problem
    if not (
        isinstance(parsed, dict)
        and set(parsed) <= set(TRANSFER_TABLES)
        and all(isinstance(rows, list) for rows in parsed.values())
        and len(parsed.get("case_file") or []) == 1
        and all(isinstance(row, dict) for rows in parsed.values() for row in rows)
    ):
        return _("hồ sơ chuyển đi sai cấu trúc")
    try:
        for table, rows in parsed.items():
            for row in rows:
                check_stored_row(table, row)
    except UserError as exc:
        return str(exc)
    return None


def _shown(value: Any) -> str:
    """A row id as a message may show it: one line, at most 40 characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", str(value)[:40])


def check_stored_row(table: str, row: dict[str, Any]) -> None:
    """Refuse (``UserError`` naming table, row id and field, on one line) a received row of a
    synced table holding a value no form could have saved: wrong type, a code not in its list, a
    bad date or moment, out of range, too long, bad JSON or JSON of the wrong shape, control
    characters, or a column the table does not have."""
    rules = _RULES.get(table, COMMON)
    for column, value in row.items():
        rule = rules.get(column)
        why = _("cột không có trong bảng") if rule is None else rule(value)
        if why is not None:
            raise _refused(table, row, column, why)
    why = attachments.row_problem(row) if table == "attachment" else None
    if why is not None:
        raise _refused(table, row, "content", why)


def _refused(table: str, row: dict[str, Any], column: str, why: str) -> UserError:
    return UserError(
        _("Tệp bị từ chối: bảng {table}, dòng {row_id}, trường {field}: {why}.").format(
            table=_shown(table), row_id=_shown(row.get("id")), field=_shown(column), why=why
        )
    )
