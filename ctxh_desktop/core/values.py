"""Checking and cleaning single values people type: dates, ID and phone numbers, amounts, codes.

Each function returns the cleaned value or raises :class:`ValidationError` ``{field: message}``
(``field`` defaults to a sensible name and can be given). Messages are Vietnamese msgids translated
at call time. Whole records are checked in :mod:`ctxh_desktop.core.records`.

Dates are ISO strings: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` where only part of a birth date is
known; moments are ``YYYY-MM-DDTHH:MM``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from ctxh_desktop.core import codes, moments
from ctxh_desktop.core.errors import ValidationError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.i18n import _

MAX_AGE_YEARS = 120
MIN_YEAR = 1000
CHILD_AGE_LIMIT = 16
MAX_AMOUNT = 10_000_000_000
MAX_GROUP_SIZE = 500
#: Most participants an awareness activity may count in one sex (a broadcast or leaflets reach many).
MAX_PARTICIPANTS = 100_000
MAX_DURATION_MIN = 600

#: Province codes of the 63 provinces before 2025, used as the first three digits of a CCCD
#: (place of birth registration; papers issued before and after the 2025 merger keep them).
CCCD_PROVINCE_CODES = frozenset(
    re.findall(
        r"\d{3}",
        "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 "
        "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
        "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096",
    )
)

MOBILE_PREFIXES = ("03", "05", "07", "08", "09")

#: Control characters no form accepts (tab and line breaks are allowed in long texts).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MY = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_YM = re.compile(r"(\d{4})-(\d{1,2})")
_Y = re.compile(r"\d{4}")
_TIME = re.compile(r"(\d{1,2})[:hH](\d{2})")


def refusal(field: str, message: str) -> ValidationError:
    """A refusal of ``field`` with ``message``."""
    return ValidationError({field: message})


def is_blank(value: Any) -> bool:
    """Nothing given: ``None``, blank text or an empty collection."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | dict):
        return not value
    return False


def required(value: Any, field: str = "value") -> Any:
    """``value`` unchanged, or a refusal when it is missing, blank or an empty list."""
    if is_blank(value):
        raise refusal(field, _("Thông tin này là bắt buộc."))
    return value


def check_text(
    value: Any, max_len: int, field: str = "text", *, mandatory: bool = False
) -> str | None:
    """NFC-normalised, trimmed text (``None`` when empty), refused above ``max_len`` characters."""
    text = nfc(str(value)) if value is not None else None
    if text and CONTROL_CHARS.search(text):
        raise refusal(field, _("Có ký tự điều khiển không hợp lệ."))
    if not text:
        if mandatory:
            raise refusal(field, _("Thông tin này là bắt buộc."))
        return None
    if len(text) > max_len:
        raise refusal(
            field,
            _("Quá dài: {length} ký tự (tối đa {max}).").format(length=len(text), max=max_len),
        )
    return text


def _real_date(field: str, text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise refusal(field, _("Ngày không tồn tại: {value}.").format(value=text)) from None


def _check_month(field: str, text: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise refusal(field, _("Tháng không hợp lệ: {value}.").format(value=text))


def parse_date(text: Any, field: str = "date") -> str:
    """An ISO date from what a person typed.

    Accepts ``dd/mm/yyyy`` and ``d/m/yyyy`` (also with ``.`` or ``-``), ``yyyy-mm-dd``, and the
    partial forms ``mm/yyyy`` or ``yyyy-mm`` (→ ``"YYYY-MM"``) and ``yyyy`` (→ ``"YYYY"``).
    A ``datetime.date`` is accepted as is.
    """
    if isinstance(text, dt.datetime):
        return text.date().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    value = (str(text) if text is not None else "").strip()
    if not value:
        raise refusal(field, _("Thông tin này là bắt buộc."))
    year_text = re.search(r"\d{4}", value)
    if year_text and int(year_text.group()) < MIN_YEAR:
        raise _invalid_date(field, value)
    if m := _DMY.fullmatch(value):
        day, month, year = (int(g) for g in m.groups())
        _check_month(field, value, month)
        return _real_date(field, value, year, month, day).isoformat()
    if m := _YMD.fullmatch(value):
        year, month, day = (int(g) for g in m.groups())
        _check_month(field, value, month)
        return _real_date(field, value, year, month, day).isoformat()
    if m := _MY.fullmatch(value):
        month, year = int(m.group(1)), int(m.group(2))
        _check_month(field, value, month)
        return f"{year:04d}-{month:02d}"
    if m := _YM.fullmatch(value):
        year, month = int(m.group(1)), int(m.group(2))
        _check_month(field, value, month)
        return f"{year:04d}-{month:02d}"
    if _Y.fullmatch(value):
        return value
    raise _invalid_date(field, value)


def _invalid_date(field: str, value: str) -> ValidationError:
    return refusal(
        field,
        _("Ngày không hợp lệ: {value} (nhập ngày/tháng/năm, ví dụ 05/01/2026).").format(
            value=value
        ),
    )


def _bounds(iso: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a full or partial ISO date."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def age_on(birth_date: str, on: dt.date) -> int:
    """Age in whole years on a day; for a partial birth date, the youngest age it allows."""
    _first, last = _bounds(birth_date)
    years = on.year - last.year
    if (on.month, on.day) < (last.month, last.day):
        years -= 1
    return years


def check_birth_date(value: Any, today: dt.date, field: str = "birth_date") -> str:
    """An ISO (possibly partial) birth date that exists, is not in the future and is not more than
    120 years ago."""
    iso = parse_date(value, field)
    first, _last = _bounds(iso)
    if first > today:
        raise refusal(field, _("Ngày sinh không thể ở tương lai."))
    if age_on(iso, today) > MAX_AGE_YEARS:
        raise refusal(
            field, _("Ngày sinh quá xa: hơn {years} năm trước.").format(years=MAX_AGE_YEARS)
        )
    return iso


def check_past_date(value: Any, today: dt.date, field: str = "date") -> str:
    """A full ISO date (``YYYY-MM-DD``) not later than ``today``."""
    iso = parse_date(value, field)
    if len(iso) != 10:
        raise refusal(field, _("Cần ngày đầy đủ (ngày/tháng/năm)."))
    if iso > today.isoformat():
        raise refusal(field, _("Ngày không thể ở tương lai."))
    return iso


def parse_moment(value: Any, field: str = "at") -> str:
    """A moment ``YYYY-MM-DDTHH:MM`` from ISO text, ``dd/mm/yyyy HH:MM`` or a ``datetime``: typed
    input, refused field by field (stored moments are read by :mod:`ctxh_desktop.core.moments`)."""
    if isinstance(value, dt.datetime):
        return moments.format_moment(value)
    text = (str(value) if value is not None else "").strip()
    if not text:
        raise refusal(field, _("Thông tin này là bắt buộc."))
    date_part, _sep, time_part = text.replace("T", " ", 1).partition(" ")
    clock = time_part.strip()
    if len(clock) == 8 and clock[5] == ":":  # ISO seconds "HH:MM:SS"
        clock = clock[:5]
    match = _TIME.fullmatch(clock) if clock else None
    if match is None:
        raise refusal(
            field,
            _("Thời điểm không hợp lệ: {value} (nhập ngày/tháng/năm giờ:phút).").format(value=text),
        )
    day = parse_date(date_part, field)
    if len(day) != 10:
        raise refusal(field, _("Cần ngày đầy đủ (ngày/tháng/năm)."))
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise refusal(field, _("Giờ không hợp lệ: {value}.").format(value=time_part.strip()))
    return f"{day}T{hour:02d}:{minute:02d}"


def check_id_number(value: Any, field: str = "id_number") -> str | None:
    """The digits of a CCCD (12 digits, starting with a province code 001–096) or an old CMND
    (9 digits); ``None`` when empty. Spaces and dots are ignored."""
    if is_blank(value):
        return None
    text = re.sub(r"[\s.\-]", "", str(value))
    if not text.isdigit():
        raise refusal(field, _("Số giấy tờ chỉ gồm chữ số."))
    if len(text) == 12:
        if text[:3] not in CCCD_PROVINCE_CODES:
            raise refusal(
                field,
                _("Số CCCD không hợp lệ: 3 chữ số đầu phải là mã tỉnh (001–096)."),
            )
        return text
    if len(text) == 9:
        return text
    raise refusal(
        field,
        _("Số CCCD phải có 12 chữ số (CMND cũ: 9 chữ số); đã nhập {count}.").format(
            count=len(text)
        ),
    )


def normalise_phone(value: Any, field: str = "phone", *, allow_service: bool = False) -> str | None:
    """A Vietnamese phone number as ``0…`` digits, or ``None`` when empty.

    Accepts ``+84``/``84``, spaces, dots, dashes and brackets. Mobiles have 10 digits starting with
    03, 05, 07, 08 or 09; landlines 11 digits starting with 02. With ``allow_service`` (a service
    directory), short numbers (111, 113…) and 1800/1900 numbers are kept too.
    """
    if is_blank(value):
        return None
    raw = str(value).strip()
    text = re.sub(r"[\s.\-()]", "", raw)
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("84"):
            raise refusal(field, _("Chỉ nhận số điện thoại Việt Nam (+84)."))
    if not text.isdigit():
        raise refusal(field, _("Số điện thoại chỉ gồm chữ số: {value}.").format(value=raw))
    if text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if allow_service and (
        (len(text) == 3 and text.startswith("1"))
        or (text[:4] in ("1800", "1900") and 8 <= len(text) <= 10)
    ):
        return text
    if len(text) == 10 and text.startswith(MOBILE_PREFIXES):
        return text
    if len(text) == 11 and text.startswith("02"):
        return text
    raise refusal(
        field,
        _(
            "Số điện thoại không hợp lệ: {value} (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09;"
            " cố định 11 số bắt đầu bằng 02)."
        ).format(value=raw),
    )


_UNITS = {
    "tỷ": 1_000_000_000,
    "ty": 1_000_000_000,
    "triệu": 1_000_000,
    "trieu": 1_000_000,
    "tr": 1_000_000,
    "nghìn": 1_000,
    "nghin": 1_000,
    "ngàn": 1_000,
    "ngan": 1_000,
    "k": 1_000,
}
_CURRENCY = re.compile(r"\s*(vnđ|vnd|đồng|dong|đ|d)\s*$", re.IGNORECASE)
_AMOUNT_UNIT = re.compile(r"^([\d.,]+)\s*([^\d\s.,]+)$")


def parse_amount(value: Any, field: str = "amount") -> int:
    """An amount of money in whole VND.

    Accepts ``1500000``, ``1.500.000`` (dotted thousands), ``1 500 000``, ``1,500,000``, an optional
    ``đ``/``VNĐ``/``đồng``, and ``1,5 triệu``, ``500 nghìn``, ``200k``. Refuses negative amounts,
    fractions of a đồng and amounts above 10 billion.
    """
    if isinstance(value, bool):
        raise refusal(field, _("Số tiền không hợp lệ: {value}.").format(value=value))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise refusal(field, _("Số tiền phải là số đồng nguyên."))
        amount = int(value)
    else:
        raw = nfc(str(value)) if value is not None else ""
        if not raw:
            raise refusal(field, _("Thông tin này là bắt buộc."))
        amount = _amount_from_text(raw, field)
    if amount < 0:
        raise refusal(field, _("Số tiền không thể âm."))
    if amount > MAX_AMOUNT:
        raise refusal(field, _("Số tiền quá lớn (tối đa 10 tỷ đồng)."))
    return amount


def _amount_from_text(raw: str, field: str) -> int:
    bad = refusal(field, _("Số tiền không hợp lệ: {value}.").format(value=raw))
    text = raw.strip().lower()
    negative = text.startswith("-")
    text = text.lstrip("-").strip()
    text = _CURRENCY.sub("", text)
    multiplier = 1
    if m := _AMOUNT_UNIT.fullmatch(text.replace(" ", "")):
        unit = m.group(2)
        if unit not in _UNITS:
            raise bad
        multiplier = _UNITS[unit]
        number = m.group(1).replace(",", ".")
        if number.count(".") > 1:
            raise bad
        try:
            amount = Decimal(number) * multiplier
        except InvalidOperation:
            raise bad from None
    else:
        text = text.replace(" ", "")
        if re.fullmatch(r"\d+", text):
            amount = Decimal(text)
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text) or re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            amount = Decimal(re.sub(r"[.,]", "", text))
        else:
            raise bad
    if amount != amount.to_integral_value():
        raise refusal(field, _("Số tiền phải là số đồng nguyên."))
    return -int(amount) if negative else int(amount)


def check_code(list_name: str, value: Any, field: str, *, mandatory: bool = False) -> str | None:
    """A code of a shared list (``None`` when empty and not mandatory)."""
    if is_blank(value):
        if mandatory:
            raise refusal(field, _("Thông tin này là bắt buộc."))
        return None
    if not codes.is_valid(list_name, value):
        raise refusal(field, _("Giá trị không có trong danh mục: {value}.").format(value=value))
    return value


def check_codes(list_name: str, value: Any, field: str) -> list[str]:
    """A list of codes of a shared list, each once, in the order given (JSON text accepted)."""
    if is_blank(value):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip().startswith("[") else [value]
        except ValueError:
            raise refusal(field, _("Danh sách không hợp lệ.")) from None
    if not isinstance(value, Iterable) or isinstance(value, dict):
        raise refusal(field, _("Danh sách không hợp lệ."))
    seen: list[str] = []
    for code in value:
        if not codes.is_valid(list_name, code):
            raise refusal(field, _("Giá trị không có trong danh mục: {value}.").format(value=code))
        if code not in seen:
            seen.append(code)
    return seen


def check_commune_code(value: Any, field: str = "address_commune") -> str | None:
    """An official 5-digit commune code (shorter digit strings are zero-padded); ``None`` if empty."""
    if is_blank(value):
        return None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 5 or codes.commune(text) is None:
        raise refusal(
            field,
            _("Mã xã không hợp lệ: {code} (cần mã 5 chữ số theo danh mục hành chính).").format(
                code=text
            ),
        )
    return text.zfill(5)


def check_int(
    value: Any, field: str, low: int, high: int, *, mandatory: bool = False
) -> int | None:
    """A whole number between ``low`` and ``high`` (inclusive); ``None`` when empty."""
    if is_blank(value):
        if mandatory:
            raise refusal(field, _("Thông tin này là bắt buộc."))
        return None
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        number = int(str(value).strip()) if not isinstance(value, int | float) else int(value)
    except ValueError:
        raise refusal(field, _("Cần một số nguyên: {value}.").format(value=value)) from None
    if not low <= number <= high:
        raise refusal(field, _("Giá trị phải từ {low} đến {high}.").format(low=low, high=high))
    return number


def flag(value: Any) -> int:
    """A yes/no value as 0 or 1 (``"có"``, ``"x"``, ``"1"``, ``True`` … are yes)."""
    if isinstance(value, str):
        return int(value.strip().lower() in ("1", "true", "yes", "có", "co", "x"))
    return int(bool(value))
