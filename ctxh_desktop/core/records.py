"""Checking whole records as the forms save them: a person, a child, a support, a counselling
session, a provider, a plan activity, an awareness activity.

Each validator checks every field, collects all the messages and raises one
:class:`ValidationError`; on success it returns a cleaned copy holding only the fields that were
given (so an update never blanks fields it did not send). Single values are checked by
:mod:`ctxh_desktop.core.values`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.values import (
    CHILD_AGE_LIMIT,
    MAX_DURATION_MIN,
    MAX_GROUP_SIZE,
    MAX_PARTICIPANTS,
    age_on,
    check_birth_date,
    check_code,
    check_codes,
    check_commune_code,
    check_id_number,
    check_int,
    check_past_date,
    check_text,
    flag,
    is_blank,
    normalise_phone,
    parse_amount,
    parse_date,
    parse_moment,
    refusal,
)
from ctxh_desktop.i18n import _

PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "id_number",
    "phone",
    "address_detail",
    "address_commune",
    "old_address",
    "household_status",
    "disability_level",
    "guardian_name",
    "guardian_phone",
    "target_groups",
    "assistance_category",
    "consent_share",
    "registered_on",
    "notes",
    "merged_into",
)


class _Collector:
    """Runs each field check, keeps the first message of each field, raises them all at the end."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.clean: dict[str, Any] = {}
        self.errors: dict[str, str] = {}

    def check(self, field: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Clean ``data[field]`` with ``func(value, *args, field=field, **kwargs)`` if it was given."""
        if field not in self.data:
            return
        self.run(field, lambda: func(self.data[field], *args, field=field, **kwargs))

    def code(self, field: str, list_name: str) -> None:
        """Check ``data[field]`` against a code list, if it was given."""
        self.check(field, lambda value, field: check_code(list_name, value, field))

    def code_list(self, field: str, list_name: str) -> None:
        """Check the list of codes ``data[field]``, if it was given."""
        self.check(field, lambda value, field: check_codes(list_name, value, field))

    def run(self, field: str, thunk: Callable[[], Any]) -> Any:
        try:
            value = thunk()
        except UserError as err:
            self.add(field, err)
            return None
        self.clean[field] = value
        return value

    def add(self, field: str, error: UserError | str) -> None:
        message = error if isinstance(error, str) else error.message
        self.errors.setdefault(field, message)

    def done(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationError(self.errors)
        return self.clean


#: The collector, for validators of other records kept in their own modules.
Collector = _Collector


def _text_field(col: _Collector, field: str, max_len: int, mandatory: bool = False) -> None:
    if field in col.data or mandatory:
        col.run(field, lambda: check_text(col.data.get(field), max_len, field, mandatory=mandatory))


def validate_person(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A person record, cleaned; only the person's own fields that were given are returned."""
    col = _Collector(data)
    _text_field(col, "full_name", 100, mandatory=True)
    col.code("gender", "genders")
    col.check(
        "birth_date", lambda v, field: None if is_blank(v) else check_birth_date(v, today, field)
    )
    col.code("ethnicity", "ethnicities")
    col.check("id_number", check_id_number)
    col.check("phone", normalise_phone)
    col.check("guardian_phone", normalise_phone)
    _text_field(col, "address_detail", 200)
    col.check("address_commune", check_commune_code)
    _text_field(col, "old_address", 300)
    col.code("household_status", "household_statuses")
    col.code("disability_level", "disability_levels")
    _text_field(col, "guardian_name", 100)
    col.code_list("target_groups", "target_groups")
    col.code("assistance_category", "assistance_categories")
    if "consent_share" in data:
        col.clean["consent_share"] = flag(data["consent_share"])
    col.check(
        "registered_on", lambda v, field: None if is_blank(v) else check_past_date(v, today, field)
    )
    _text_field(col, "notes", 4000)
    if "merged_into" in data:
        col.clean["merged_into"] = data["merged_into"] or None
    return col.done()


def validate_child_profile(
    data: dict[str, Any], birth_date: str | None, today: dt.date
) -> dict[str, Any]:
    """A child in special circumstances: under 16 on the registration day, at least one group.

    A sub-group brings its group along (``["l_rape"]`` → ``["l_rape", "l"]``). ``registered_on``
    defaults to ``today``; ``status`` to ``"active"``.
    """
    col = _Collector(data)
    for key in ("person_id", "id"):
        if key in data:
            col.clean[key] = data[key]
    registered = col.run(
        "registered_on",
        lambda: check_past_date(data.get("registered_on") or today, today, "registered_on"),
    )
    groups = col.run("groups", lambda: check_codes("child_groups", data.get("groups"), "groups"))
    if groups is not None:
        if not groups:
            col.add("groups", _("Chọn ít nhất một nhóm trẻ em có hoàn cảnh đặc biệt."))
        for code in list(groups):
            parent = codes.parent_of("child_groups", code)
            if parent and parent not in groups:
                groups.append(parent)
    col.code_list("extra_groups", "child_extra_groups")
    col.run(
        "status", lambda: check_code("child_statuses", data.get("status") or "active", "status")
    )
    _text_field(col, "notes", 4000)
    if is_blank(birth_date):
        col.add("birth_date", _("Cần ngày sinh của trẻ để xác định tuổi."))
    elif registered is not None:
        try:
            born = parse_date(birth_date, "birth_date")
        except UserError as err:
            col.add("birth_date", err)
        else:
            if age_on(born, dt.date.fromisoformat(registered)) >= CHILD_AGE_LIMIT:
                col.add(
                    "birth_date",
                    _("Trẻ em là người dưới {age} tuổi tại ngày đăng ký.").format(
                        age=CHILD_AGE_LIMIT
                    ),
                )
    return col.done()


def validate_child_support(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """One support given to a child: month ``YYYY-MM`` (not in the future), kind, source, amount."""
    col = _Collector(data)
    for key in ("child_id", "id"):
        if key in data:
            col.clean[key] = data[key]

    def month(value: Any) -> str:
        iso = parse_date(value, "month")
        if len(iso) == 4:
            raise refusal("month", _("Cần tháng dạng tháng/năm, ví dụ 01/2026."))
        if iso[:7] > today.isoformat()[:7]:
            raise refusal("month", _("Tháng không thể ở tương lai."))
        return iso[:7]

    col.run("month", lambda: month(data.get("month")))
    col.check(
        "given_on", lambda v, field: None if is_blank(v) else check_past_date(v, today, field)
    )
    col.run("kind", lambda: check_code("support_kinds", data.get("kind"), "kind", mandatory=True))
    col.run(
        "source",
        lambda: check_code("support_sources", data.get("source"), "source", mandatory=True),
    )
    amount = data.get("amount")
    col.run("amount", lambda: 0 if is_blank(amount) else parse_amount(amount, "amount"))
    _text_field(col, "provider", 200)
    _text_field(col, "note", 2000)
    return col.done()


def validate_consultation(data: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """One counselling session: when, how, about what, with whom (a person, anonymous or a group)."""
    col = _Collector(data)
    for key in ("id", "person_id", "referral_provider_id", "case_id", "counsellor"):
        if key in data:
            col.clean[key] = data[key] or None

    def moment(value: Any) -> str:
        at = parse_moment(value, "at")
        if at > now.strftime("%Y-%m-%dT%H:%M"):
            raise refusal("at", _("Thời điểm không thể ở tương lai."))
        return at

    col.run("at", lambda: moment(data.get("at")))
    col.run(
        "channel",
        lambda: check_code("consultation_channels", data.get("channel"), "channel", mandatory=True),
    )
    col.code_list("topics", "consultation_topics")
    col.code("target_group", "target_groups")
    col.code("outcome", "consultation_outcomes")
    size = col.run(
        "group_size",
        lambda: check_int(data.get("group_size"), "group_size", 1, MAX_GROUP_SIZE) or 1,
    )
    col.check("duration_min", lambda value, field: check_int(value, field, 1, MAX_DURATION_MIN))
    anonymous = flag(data.get("anonymous"))
    col.clean["anonymous"] = anonymous
    _text_field(col, "summary", 4000)
    is_group = (size or 1) > 1 or data.get("channel") == "group"
    if not anonymous and not data.get("person_id") and not is_group:
        col.add(
            "person_id",
            _(
                "Chọn người được tư vấn, hoặc đánh dấu ẩn danh, hoặc ghi số người của buổi tư vấn nhóm."
            ),
        )
    return col.done()


def validate_provider(data: dict[str, Any]) -> dict[str, Any]:
    """An entry of the service directory: a name, a kind, optional address, phone and notes."""
    col = _Collector(data)
    if "id" in data:
        col.clean["id"] = data["id"]
    _text_field(col, "name", 200, mandatory=True)
    col.code("kind", "provider_kinds")
    _text_field(col, "address", 300)
    col.check("phone", normalise_phone, allow_service=True)
    _text_field(col, "notes", 2000)
    return col.done()


#: The participant counts of an awareness activity (men, women; children among them).
ACTIVITY_COUNTS = ("participants_male", "participants_female", "participants_children")
#: Every field of an awareness activity a form saves.
ACTIVITY_FIELDS = (
    "held_on",
    "kind",
    "topic",
    "target_group",
    *ACTIVITY_COUNTS,
    "place",
    "organiser",
    "notes",
)


def _count(value: Any, field: str) -> int:
    return check_int(value, field, 0, MAX_PARTICIPANTS) or 0


def validate_activity(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """An awareness or communication activity (a class, a meeting, a broadcast, materials handed
    out): its day (not in the future), kind, topic, target group, participants by sex and how
    many of them were children (not more than the participants), place, organiser and notes."""
    col = _Collector(data)
    col.run("held_on", lambda: check_past_date(data.get("held_on"), today, "held_on"))
    col.run("kind", lambda: check_code("activity_kinds", data.get("kind"), "kind", mandatory=True))
    _text_field(col, "topic", 200, mandatory=True)
    col.code("target_group", "target_groups")
    for field in ACTIVITY_COUNTS:
        col.run(field, functools.partial(_count, data.get(field), field))
    counted = col.clean
    if set(ACTIVITY_COUNTS) <= counted.keys() and counted["participants_children"] > (
        counted["participants_male"] + counted["participants_female"]
    ):
        col.add(
            "participants_children",
            _("Số trẻ em không thể nhiều hơn tổng số người tham gia (nam và nữ)."),
        )
    for field in ("place", "organiser"):
        _text_field(col, field, 200)
    _text_field(col, "notes", 2000)
    return col.done()


def validate_plan_activity(item: Any, row: int) -> dict[str, Any]:
    """One activity of a support plan (Decree 56/2017/NĐ-CP Art. 28; Circular 02/2020/TT-BLĐTBXH
    for other clients), numbered ``row`` (from 1) in messages.

    ``what`` and ``who`` are required, and ``start`` (an ISO date) or, for plans written before
    dates were asked, a free-text ``when``; ``end`` is not before ``start``; ``provider_id`` is an
    entry of the provider directory or blank. Errors name the field ``plan.activities.<row>``.
    """
    field = f"plan.activities.{row}"
    if not isinstance(item, dict):
        raise refusal(field, _("Hoạt động {row}: dòng không hợp lệ.").format(row=row))

    def text(key: str, max_len: int = 500) -> str | None:
        value = item.get(key)
        return check_text(value, max_len, field) if isinstance(value, str) else None

    clean: dict[str, Any] = {"what": text("what"), "who": text("who", 200)}
    missing = [
        label
        for key, label in (("what", _("làm gì")), ("who", _("ai thực hiện")))
        if not clean[key]
    ]
    start = item.get("start")
    when = text("when", 200)
    if start:
        clean["start"] = parse_date(start, field)
    elif when:
        clean["when"] = when
    else:
        missing.append(_("từ ngày"))
    if missing:
        raise refusal(
            field,
            _("Hoạt động {row}: hãy nhập {missing}.").format(row=row, missing=", ".join(missing)),
        )
    if item.get("end"):
        clean["end"] = parse_date(item["end"], field)
        if clean.get("start") and clean["end"] < clean["start"]:
            raise refusal(
                field, _("Hoạt động {row}: ngày kết thúc trước ngày bắt đầu.").format(row=row)
            )
    provider = item.get("provider_id")
    if provider not in (None, ""):
        if not isinstance(provider, str):
            raise refusal(field, _("Hoạt động {row}: cơ sở không hợp lệ.").format(row=row))
        clean["provider_id"] = provider
    return clean
