"""The people who do the work, checked as the forms save them: a member of staff (collaborator,
civil servant, social worker), a training course attended and a practising certificate; and a
provider's social-work fields.

Roles follow the national programme on social-work development 2021–2030 (Decision 112/QĐ-TTg),
which counts social-work collaborators at commune level; the certificate is a social worker's
practising certificate (``docs/INDICATORS.md`` says what is and is not confirmed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core.records import Collector
from ctxh_desktop.core.values import (
    check_code,
    check_int,
    check_past_date,
    check_text,
    flag,
    is_blank,
    normalise_phone,
    parse_amount,
    parse_date,
    refusal,
)
from ctxh_desktop.i18n import _

#: Longest course, in hours (a year of full days).
MAX_HOURS = 2000
#: Most places or staff a facility may record.
MAX_CAPACITY = 100_000
#: A provider's social-work fields (:func:`validate_provider_work`).
PROVIDER_FIELDS = ("ownership", "capacity", "sw_staff", "offers_sw")


def _optional(check: Any) -> Any:
    return lambda value, field: None if is_blank(value) else check(value, field)


def _past(today: dt.date) -> Any:
    return lambda value, field: check_past_date(value, today, field)


def _full_date(value: Any, field: str) -> str:
    iso = parse_date(value, field)
    if len(iso) != 10:
        raise refusal(field, _("Cần ngày đầy đủ (ngày/tháng/năm)."))
    return iso


def _text(col: Collector, field: str, max_len: int, mandatory: bool = False) -> None:
    if field in col.data or mandatory:
        col.run(field, lambda: check_text(col.data.get(field), max_len, field, mandatory=mandatory))


def _required(col: Collector, field: str, check: Any) -> None:
    col.run(field, lambda: check(col.data.get(field), field))


def _not_before(col: Collector, first: str, then: str, message: str) -> None:
    start, end = col.clean.get(first), col.clean.get(then)
    if start and end and end < start:
        col.add(then, message)


def _flag(col: Collector, field: str) -> None:
    if field in col.data:
        col.clean[field] = bool(flag(col.data[field]))


def validate_staff(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A member of staff: name and role required; since (not in the future), until (not before
    since), monthly allowance in đồng, qualification, phone, notes."""
    col = Collector(data)
    _text(col, "full_name", 100, mandatory=True)
    _required(col, "role", lambda v, field: check_code("staff_roles", v, field, mandatory=True))
    col.check("since", _optional(_past(today)))
    col.check("until", _optional(_full_date))
    col.check("allowance", _optional(parse_amount))
    col.code("qualification", "staff_qualifications")
    col.check("phone", normalise_phone)
    _text(col, "notes", 2000)
    _not_before(col, "since", "until", _("Ngày thôi làm không thể trước ngày bắt đầu."))
    return col.done()


def validate_training(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A course attended: its name and first day (not in the future) required; last day (not
    before the first), hours, organiser, whether a certificate was given."""
    col = Collector(data)
    _text(col, "course", 300, mandatory=True)
    _required(col, "start_on", _past(today))
    col.check("end_on", _optional(_full_date))
    col.check("hours", lambda v, field: check_int(v, field, 1, MAX_HOURS))
    _text(col, "organiser", 200)
    _flag(col, "certificate")
    _not_before(
        col, "start_on", "end_on", _("Ngày kết thúc khóa học không thể trước ngày bắt đầu.")
    )
    return col.done()


def validate_certificate(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A practising certificate: number and date of issue (not in the future) required, issuer."""
    col = Collector(data)
    _text(col, "number", 60, mandatory=True)
    _required(col, "issued_on", _past(today))
    _text(col, "issued_by", 200)
    return col.done()


def validate_provider_work(data: dict[str, Any]) -> dict[str, Any]:
    """A provider's social-work fields: ownership (public / non-public), capacity, number of
    social-work staff, whether it offers social-work services."""
    col = Collector(data)
    col.code("ownership", "provider_ownership")
    col.check("capacity", lambda v, field: check_int(v, field, 0, MAX_CAPACITY))
    col.check("sw_staff", lambda v, field: check_int(v, field, 0, MAX_CAPACITY))
    _flag(col, "offers_sw")
    return col.done()
