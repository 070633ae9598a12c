"""The rules a synced column's value is checked by (:mod:`ctxh_desktop.core.column_schema` names
one per column): text with its bound, integers in a range, codes of a list, ids, dates and moments,
phone numbers, a case's plan and flat JSON objects. Each returns why a value is refused, or
``None``."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.centres import UNIT_CODE
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.values import (
    CONTROL_CHARS,
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


def required(rule: Rule) -> Rule:
    """``rule``, and the value may not be missing or empty."""

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


def parse_json(value: Any) -> tuple[Any, str | None]:
    """The value parsed from its JSON text, and why it is refused (not text, too long, not JSON)."""
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
        parsed, problem = parse_json(value)
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
    parsed, problem = parse_json(value)
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
    parsed, problem = parse_json(value)
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
    parsed, problem = parse_json(value)
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
FLAG = integer(0, 1)
NAME_LENGTH = 100
