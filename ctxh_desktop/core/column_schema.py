"""The column schema of the synced tables: what a value received from another device may hold.

One rule per column of every synced table, with the forms' own bounds — types, code lists, lengths,
ranges, JSON shapes, dates and moments, no control characters — so that a row a bundle carries is
kept only when a commune's form could have saved it (:func:`check_stored_row`). Rules are small
functions returning why a value is refused, or ``None``; they run once per value of a snapshot of
a million rows, so each does the least it can.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from ctxh_desktop.core import attachments, codes
from ctxh_desktop.core.centres import UNIT_CODE
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.values import (
    CONTROL_CHARS,
    MAX_AMOUNT,
    MAX_DURATION_MIN,
    MAX_GROUP_SIZE,
    MAX_PARTICIPANTS,
    check_commune_code,
    check_id_number,
    normalise_phone,
)
from ctxh_desktop.i18n import N_, _

#: Why a value is refused (a Vietnamese phrase), or ``None`` when a form could have saved it.
Rule = Callable[[Any], str | None]

#: Longest free text a stored column may hold when its form sets no smaller bound.
MAX_STORED_TEXT = 20_000
#: Longest row id (ids are UUID-shaped text).
MAX_ID = 64
#: Largest version number (``rev``, ``epoch``).
MAX_VERSION = 2**62

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?")


# -- rules ----------------------------------------------------------------------------------------
def _text_problem(value: Any, max_len: int) -> str | None:
    if type(value) is not str:
        return _("phải là chữ")
    if len(value) > max_len:
        return _("quá dài: {length} ký tự (tối đa {max})").format(length=len(value), max=max_len)
    if CONTROL_CHARS.search(value):
        return _("có ký tự điều khiển")
    return None


def _required(rule: Rule) -> Rule:
    def check(value: Any) -> str | None:
        if value is None or value == "":
            return _("bắt buộc, không được để trống")
        return rule(value)

    return check


def text(max_len: int = MAX_STORED_TEXT) -> Rule:
    """Text up to ``max_len`` characters without control characters, or nothing."""
    return lambda value: None if value is None else _text_problem(value, max_len)


def integer(low: int, high: int, *, nullable: bool = False) -> Rule:
    """A whole number from ``low`` to ``high`` (``None`` too when ``nullable``)."""

    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if type(value) is not int or not low <= value <= high:
            return _("phải là số nguyên từ {low} đến {high}").format(low=low, high=high)
        return None

    return check


def code(list_name: str) -> Rule:
    """A code of the shared list ``list_name``, or nothing."""

    def check(value: Any) -> str | None:
        if value is None:
            return None
        if type(value) is not str or not codes.is_valid(list_name, value):
            return _("mã không có trong danh mục {list}").format(list=list_name)
        return None

    return check


def _json(value: Any) -> tuple[Any, str | None]:
    if type(value) is not str:
        return None, _("phải là chữ")
    if len(value) > MAX_STORED_TEXT:
        return None, _("quá dài: {length} ký tự (tối đa {max})").format(
            length=len(value), max=MAX_STORED_TEXT
        )
    try:
        return json.loads(value), None
    except (ValueError, RecursionError):
        return None, _("không phải JSON hợp lệ")


def code_list(list_name: str) -> Rule:
    """A JSON list of codes of the shared list ``list_name`` (``"[]"`` when none)."""

    def check(value: Any) -> str | None:
        parsed, problem = _json(value)
        if problem:
            return problem
        if not isinstance(parsed, list) or not all(
            type(c) is str and codes.is_valid(list_name, c) for c in parsed
        ):
            return _("phải là danh sách JSON các mã của danh mục {list}").format(list=list_name)
        return None

    return check


def _id_problem(value: Any) -> str | None:
    if type(value) is not str or not value:
        return _("phải là mã dòng")
    return _text_problem(value, MAX_ID)


def row_id(value: Any) -> str | None:
    """A row id, or nothing (a reference that is not set)."""
    return None if value is None else _id_problem(value)


def id_list(value: Any) -> str | None:
    """A JSON list of row ids."""
    parsed, problem = _json(value)
    if problem:
        return problem
    if not isinstance(parsed, list) or any(_id_problem(i) for i in parsed):
        return _("phải là danh sách JSON các mã dòng")
    return None


def _pattern_rule(pattern: re.Pattern[str], parse: Callable[[str], Any], message: str) -> Rule:
    def check(value: Any) -> str | None:
        if value is None:
            return None
        if type(value) is not str or not pattern.fullmatch(value):
            return _(message)
        try:
            parse(value)
        except ValueError:
            return _(message)
        return None

    return check


def _partial_date(value: str) -> None:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    dt.date(*parts[:3])


date = _pattern_rule(_DATE, dt.date.fromisoformat, N_("phải là ngày dạng YYYY-MM-DD"))
month = _pattern_rule(_MONTH, _partial_date, N_("phải là tháng dạng YYYY-MM"))
partial_date = _pattern_rule(
    _PARTIAL_DATE, _partial_date, N_("phải là ngày dạng YYYY-MM-DD, YYYY-MM hoặc YYYY")
)
_MOMENT_MESSAGE = N_("phải là thời điểm dạng YYYY-MM-DDTHH:MM")
moment = _pattern_rule(_MOMENT, dt.datetime.fromisoformat, _MOMENT_MESSAGE)
stamp = _pattern_rule(_STAMP, dt.datetime.fromisoformat, _MOMENT_MESSAGE)


def _cleaned_by(clean: Callable[[Any], Any], message: str) -> Rule:
    """A value the form's own cleaning leaves as it is (a phone number, an ID number…)."""

    def check(value: Any) -> str | None:
        if value is None:
            return None
        try:
            same = type(value) is str and clean(value) == value
        except UserError:
            same = False
        return None if same else _(message)

    return check


_PHONE_MESSAGE = N_("không phải số điện thoại hợp lệ")
phone = _cleaned_by(normalise_phone, _PHONE_MESSAGE)
#: A directory's number: the directory is seeded with numbers (older landlines, hotlines) that the
#: form's stricter rule for people's phones would not take, so digits only, 3 to 15 of them.
service_phone = _pattern_rule(re.compile(r"\+?\d{3,15}"), str, _PHONE_MESSAGE)
id_number = _cleaned_by(check_id_number, N_("không phải số CCCD/CMND hợp lệ"))
commune_code = _cleaned_by(check_commune_code, N_("không phải mã xã hợp lệ"))
#: The unit a row belongs to: a commune's official code or a social-work centre's (``core.centres``).
unit_code = _pattern_rule(UNIT_CODE, str, N_("không phải mã xã hay mã trung tâm hợp lệ"))


# -- plans ----------------------------------------------------------------------------------------
_PLAN_TEXTS = ("timeframe", "resources", "risks", "approved_by")
_PLAN_MOMENTS = ("stage_at", "replanned_at", "replaced_at")
_ACTIVITY_KEYS = frozenset({"what", "who", "when", "start", "end", "provider_id"})


def _plain(value: Any) -> bool:
    return value is None or (type(value) is str and not CONTROL_CHARS.search(value))


def _activity_ok(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and item.keys() <= _ACTIVITY_KEYS
        and all(_plain(v) for v in item.values())
        and date(item.get("start")) is None
        and date(item.get("end")) is None
    )


def _flat_value(value: Any) -> bool:
    return value is None or type(value) is bool or (_plain(value) and len(value) <= 4000)


def _flat_ok(parsed: Any) -> bool:
    """A small object of texts, flags or pairs of them (a decision, a correction, a return)."""
    return isinstance(parsed, dict) and all(
        type(k) is str
        and len(k) <= 40
        and (_flat_value(v) or (isinstance(v, list) and len(v) <= 4 and all(map(_flat_value, v))))
        for k, v in parsed.items()
    )


def _plan_ok(plan: dict[str, Any], *, nested: bool) -> bool:
    objectives = plan.get("objectives")
    lists = [plan.get("providers") or [], plan.get("needs_domains") or []]
    if isinstance(objectives, list):
        lists.append(objectives)
    elif not _plain(objectives):
        return False
    history = plan.get("history") or []
    return (
        all(isinstance(v, list) and all(type(s) is str and _plain(s) for s in v) for v in lists)
        and all(codes.is_valid("needs_domains", n) for n in lists[1])
        and isinstance(plan.get("activities", []), list)
        and all(_activity_ok(a) for a in plan.get("activities", []))
        and all(_plain(plan.get(k)) for k in _PLAN_TEXTS)
        and all(moment(plan.get(k)) is None for k in _PLAN_MOMENTS)
        and (plan.get("decision") is None or _flat_ok(plan.get("decision")))
        and all(
            isinstance(plan.get(k, []), list) and all(_flat_ok(r) for r in plan.get(k, []))
            for k in ("returns", "adjustments")
        )
        and isinstance(history, list)
        and not (nested and history)
        and all(isinstance(h, dict) and _plan_ok(h, nested=True) for h in history)
    )


def plan(value: Any) -> str | None:
    """A support plan: nothing, or a JSON object whose activities are objects (what, who, start
    and end dates…), whose objectives, providers and needs are texts and codes, and whose earlier
    versions (``history``) have the same shape."""
    if value is None:
        return None
    parsed, problem = _json(value)
    if problem:
        return problem
    if parsed is None or (isinstance(parsed, dict) and _plan_ok(parsed, nested=False)):
        return None
    return _("kế hoạch sai cấu trúc")


def flat_object(value: Any) -> str | None:
    """A small JSON object of texts, flags or pairs of them — a decision's number, date and
    signer (``separation_decision``), a correction's ``[before, after]`` per field and reason
    (``correction``) — or nothing."""
    if value is None:
        return None
    parsed, problem = _json(value)
    if problem:
        return problem
    if _flat_ok(parsed):
        return None
    return _("phải là một đối tượng JSON gồm các giá trị chữ")


def one_of(values: tuple[str, ...] | dict[str, str]) -> Rule:
    """One of a few fixed codes, or nothing."""
    allowed = frozenset(values)
    return lambda value: None if value is None or value in allowed else _("giá trị không hợp lệ")


# -- the schema -----------------------------------------------------------------------------------
_FLAG = integer(0, 1)
_NAME = 100

#: Every synced table's own columns and their rules (see ``storage.schema.SYNCED_TABLES``).
COLUMNS: dict[str, dict[str, Rule]] = {
    "person": {
        "full_name": _required(text(_NAME)),
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
        "guardian_name": text(_NAME),
        "guardian_phone": phone,
        "target_groups": code_list("target_groups"),
        "assistance_category": code("assistance_categories"),
        "consent_share": _FLAG,
        "registered_on": date,
        "notes": text(4000),
        "merged_into": row_id,
    },
    "case_file": {
        "code": _required(text(40)),
        "kind": _required(code("case_kinds")),
        "person_id": row_id,
        "related_person_ids": id_list,
        "problem_types": code_list("problem_types"),
        "source": code("case_sources"),
        "received_at": _required(moment),
        "emergency": _FLAG,
        "risk_level": code("risk_levels"),
        "protection_level": code("protection_levels"),
        "step": _required(code("case_steps")),
        "status": _required(code("case_statuses")),
        "assigned_to": text(_NAME),
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
        "case_id": _required(row_id),
        "at": _required(moment),
        "kind": _required(code("event_kinds")),
        "step": code("case_steps"),
        "summary": text(),
        "narrative": text(),
        "sensitive": _FLAG,
        "corrects": text(100),
        "correction": flat_object,
    },
    "consultation": {
        "at": _required(moment),
        "person_id": row_id,
        "anonymous": _FLAG,
        "group_size": integer(1, MAX_GROUP_SIZE),
        "channel": _required(code("consultation_channels")),
        "topics": code_list("consultation_topics"),
        "target_group": code("target_groups"),
        "duration_min": integer(1, MAX_DURATION_MIN, nullable=True),
        "summary": text(4000),
        "outcome": code("consultation_outcomes"),
        "referral_provider_id": row_id,
        "case_id": row_id,
        "counsellor": text(_NAME),
    },
    "child_profile": {
        "person_id": _required(row_id),
        "groups": code_list("child_groups"),
        "extra_groups": code_list("child_extra_groups"),
        "status": _required(code("child_statuses")),
        "registered_on": date,
        "notes": text(4000),
    },
    "child_support": {
        "child_id": _required(row_id),
        "month": _required(month),
        "given_on": date,
        "kind": _required(code("support_kinds")),
        "amount": integer(0, MAX_AMOUNT),
        "source": _required(code("support_sources")),
        "provider": text(200),
        "note": text(2000),
    },
    "service_provider": {
        "name": _required(text(200)),
        "kind": code("provider_kinds"),
        "address": text(300),
        "phone": service_phone,
        "notes": text(2000),
        "ownership": code("provider_ownership"),
        "capacity": integer(0, 100_000, nullable=True),
        "sw_staff": integer(0, 100_000, nullable=True),
        "offers_sw": _FLAG,
    },
    "referral": {
        "case_id": row_id,
        "person_id": row_id,
        "provider_id": row_id,
        "at": _required(moment),
        "reason": text(),
        "status": _required(code("referral_statuses")),
        "outcome": text(),
        "answered_on": date,
        "answer": text(2000),
        "done_on": date,
    },
    "case_service": {
        "case_id": _required(row_id),
        "person_id": row_id,
        "provider_id": row_id,
        "given_on": _required(date),
        "what": _required(text(500)),
        "note": text(2000),
    },
    "case_conference": {
        "case_id": _required(row_id),
        "held_on": _required(date),
        "kind": _required(code("conference_kinds")),
        "participants": _required(text(1000)),
        "minutes": text(),
    },
    "safety_plan": {
        "case_id": _required(row_id),
        "keeper": _required(text(300)),
        "actions": _required(text(4000)),
        "contacts": _required(text(1000)),
        "review_on": _required(date),
    },
    "consent": {
        "case_id": _required(row_id),
        "person_id": row_id,
        "given_by": _required(code("consent_givers")),
        "giver_name": text(_NAME),
        "given_on": _required(date),
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
        "mime": _required(one_of(attachments.MIME_TYPES)),
        "size": integer(1, attachments.MAX_BYTES),
        "sha256": text(64),
        "for_office": _FLAG,
        "content": attachments.content_problem,
    },
    "staff": {
        "full_name": _required(text(_NAME)),
        "role": _required(code("staff_roles")),
        "since": date,
        "until": date,
        "allowance": integer(0, MAX_AMOUNT, nullable=True),
        "qualification": code("staff_qualifications"),
        "phone": phone,
        "notes": text(2000),
    },
    "staff_training": {
        "staff_id": _required(row_id),
        "course": _required(text(300)),
        "start_on": _required(date),
        "end_on": date,
        "hours": integer(1, 2000, nullable=True),
        "organiser": text(200),
        "certificate": _FLAG,
    },
    "staff_certificate": {
        "staff_id": _required(row_id),
        # withheld by the commune's privacy filter unless identifying data may be shared
        "number": text(60),
        "issued_on": _required(date),
        "issued_by": text(200),
    },
    "activity": {
        "held_on": _required(date),
        "kind": _required(code("activity_kinds")),
        "topic": _required(text(200)),
        "target_group": code("target_groups"),
        "participants_male": integer(0, MAX_PARTICIPANTS),
        "participants_female": integer(0, MAX_PARTICIPANTS),
        "participants_children": integer(0, MAX_PARTICIPANTS),
        "place": text(200),
        "organiser": text(200),
        "notes": text(2000),
    },
    "case_transfer": {
        "case_id": _required(row_id),
        "to_commune": _required(commune_code),
        "transferred_at": _required(moment),
        "note": text(2000),
        "payload": lambda value: transfer_payload(value),
    },
}

#: Columns every synced table has (``storage.schema.COMMON_COLUMNS``).
COMMON: dict[str, Rule] = {
    "id": _required(row_id),
    "commune": _required(unit_code),
    "rev": integer(0, MAX_VERSION),
    "epoch": integer(0, MAX_VERSION),
    "deleted": _FLAG,
    "created_at": stamp,
    "modified_at": stamp,
    "created_by": text(_NAME),
}

_RULES: dict[str, dict[str, Rule]] = {t: {**COMMON, **cols} for t, cols in COLUMNS.items()}


#: The tables a transferred case carries (``services.case_transfer``) and the longest payload.
TRANSFER_TABLES = ("person", "case_file", "case_event", "consultation", "referral")
MAX_TRANSFER_PAYLOAD = 2_000_000


def transfer_payload(value: Any) -> str | None:
    """A transferred case's rows: a JSON object of lists of rows of :data:`TRANSFER_TABLES`, one
    ``case_file`` row, each row as its own table's schema allows."""
    problem = _required(text(MAX_TRANSFER_PAYLOAD))(value)
    if problem:
        return problem
    parsed, problem = _json(value)
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
