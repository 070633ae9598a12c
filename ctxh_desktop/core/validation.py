"""Checking and cleaning what people type: dates, ID and phone numbers, amounts, whole records.

Single-value functions return the cleaned value or raise :class:`ValidationError` ``{field: message}``
(``field`` defaults to a sensible name and can be given). Record validators check every field,
collect all the messages and raise one :class:`ValidationError`; on success they return a cleaned
copy holding only the fields that were given (so an update never blanks fields it did not send).
Messages are Vietnamese msgids translated at call time.

Dates are ISO strings: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` where only part of a birth date is
known; moments are ``YYYY-MM-DDTHH:MM``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.i18n import _

MAX_AGE_YEARS = 120
MIN_YEAR = 1000
CHILD_AGE_LIMIT = 16
MAX_AMOUNT = 10_000_000_000
MAX_GROUP_SIZE = 500
MAX_DURATION_MIN = 600

#: Province codes of the 63 provinces before 2025, used as the first three digits of a CCCD
#: (place of birth registration; papers issued before and after the 2025 merger keep them).
CCCD_PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
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


# -- single values --------------------------------------------------------------------------------
def _fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | dict):
        return not value
    return False


def required(value: Any, field: str = "value") -> Any:
    """``value`` unchanged, or a refusal when it is missing, blank or an empty list."""
    if _blank(value):
        raise _fail(field, _("Thông tin này là bắt buộc."))
    return value


def check_text(
    value: Any, max_len: int, field: str = "text", *, mandatory: bool = False
) -> str | None:
    """NFC-normalised, trimmed text (``None`` when empty), refused above ``max_len`` characters."""
    text = nfc(str(value)) if value is not None else None
    if text and CONTROL_CHARS.search(text):
        raise _fail(field, _("Có ký tự điều khiển không hợp lệ."))
    if not text:
        if mandatory:
            raise _fail(field, _("Thông tin này là bắt buộc."))
        return None
    if len(text) > max_len:
        raise _fail(
            field,
            _("Quá dài: {length} ký tự (tối đa {max}).").format(length=len(text), max=max_len),
        )
    return text


def _real_date(field: str, text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _fail(field, _("Ngày không tồn tại: {value}.").format(value=text)) from None


def _check_month(field: str, text: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise _fail(field, _("Tháng không hợp lệ: {value}.").format(value=text))


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
        raise _fail(field, _("Thông tin này là bắt buộc."))
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
    return _fail(
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
        raise _fail(field, _("Ngày sinh không thể ở tương lai."))
    if age_on(iso, today) > MAX_AGE_YEARS:
        raise _fail(
            field, _("Ngày sinh quá xa: hơn {years} năm trước.").format(years=MAX_AGE_YEARS)
        )
    return iso


def check_past_date(value: Any, today: dt.date, field: str = "date") -> str:
    """A full ISO date (``YYYY-MM-DD``) not later than ``today``."""
    iso = parse_date(value, field)
    if len(iso) != 10:
        raise _fail(field, _("Cần ngày đầy đủ (ngày/tháng/năm)."))
    if iso > today.isoformat():
        raise _fail(field, _("Ngày không thể ở tương lai."))
    return iso


def parse_moment(value: Any, field: str = "at") -> str:
    """A moment ``YYYY-MM-DDTHH:MM`` from ISO text, ``dd/mm/yyyy HH:MM`` or a ``datetime``."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    text = (str(value) if value is not None else "").strip()
    if not text:
        raise _fail(field, _("Thông tin này là bắt buộc."))
    date_part, _sep, time_part = text.replace("T", " ", 1).partition(" ")
    clock = time_part.strip()
    if len(clock) == 8 and clock[5] == ":":  # ISO seconds "HH:MM:SS"
        clock = clock[:5]
    match = _TIME.fullmatch(clock) if clock else None
    if match is None:
        raise _fail(
            field,
            _("Thời điểm không hợp lệ: {value} (nhập ngày/tháng/năm giờ:phút).").format(value=text),
        )
    day = parse_date(date_part, field)
    if len(day) != 10:
        raise _fail(field, _("Cần ngày đầy đủ (ngày/tháng/năm)."))
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise _fail(field, _("Giờ không hợp lệ: {value}.").format(value=time_part.strip()))
    return f"{day}T{hour:02d}:{minute:02d}"


def check_id_number(value: Any, field: str = "id_number") -> str | None:
    """The digits of a CCCD (12 digits, starting with a province code 001–096) or an old CMND
    (9 digits); ``None`` when empty. Spaces and dots are ignored."""
    if _blank(value):
        return None
    text = re.sub(r"[\s.\-]", "", str(value))
    if not text.isdigit():
        raise _fail(field, _("Số giấy tờ chỉ gồm chữ số."))
    if len(text) == 12:
        if text[:3] not in CCCD_PROVINCE_CODES:
            raise _fail(
                field,
                _("Số CCCD không hợp lệ: 3 chữ số đầu phải là mã tỉnh (001–096)."),
            )
        return text
    if len(text) == 9:
        return text
    raise _fail(
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
    if _blank(value):
        return None
    raw = str(value).strip()
    text = re.sub(r"[\s.\-()]", "", raw)
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("84"):
            raise _fail(field, _("Chỉ nhận số điện thoại Việt Nam (+84)."))
    if not text.isdigit():
        raise _fail(field, _("Số điện thoại chỉ gồm chữ số: {value}.").format(value=raw))
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
    raise _fail(
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
        raise _fail(field, _("Số tiền không hợp lệ: {value}.").format(value=value))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise _fail(field, _("Số tiền phải là số đồng nguyên."))
        amount = int(value)
    else:
        raw = nfc(str(value)) if value is not None else ""
        if not raw:
            raise _fail(field, _("Thông tin này là bắt buộc."))
        amount = _amount_from_text(raw, field)
    if amount < 0:
        raise _fail(field, _("Số tiền không thể âm."))
    if amount > MAX_AMOUNT:
        raise _fail(field, _("Số tiền quá lớn (tối đa 10 tỷ đồng)."))
    return amount


def _amount_from_text(raw: str, field: str) -> int:
    bad = _fail(field, _("Số tiền không hợp lệ: {value}.").format(value=raw))
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
        raise _fail(field, _("Số tiền phải là số đồng nguyên."))
    return -int(amount) if negative else int(amount)


def check_code(list_name: str, value: Any, field: str, *, mandatory: bool = False) -> str | None:
    """A code of a shared list (``None`` when empty and not mandatory)."""
    if _blank(value):
        if mandatory:
            raise _fail(field, _("Thông tin này là bắt buộc."))
        return None
    if not codes.is_valid(list_name, value):
        raise _fail(field, _("Giá trị không có trong danh mục: {value}.").format(value=value))
    return value


def check_codes(list_name: str, value: Any, field: str) -> list[str]:
    """A list of codes of a shared list, each once, in the order given (JSON text accepted)."""
    if _blank(value):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip().startswith("[") else [value]
        except ValueError:
            raise _fail(field, _("Danh sách không hợp lệ.")) from None
    if not isinstance(value, Iterable) or isinstance(value, dict):
        raise _fail(field, _("Danh sách không hợp lệ."))
    seen: list[str] = []
    for code in value:
        if not codes.is_valid(list_name, code):
            raise _fail(field, _("Giá trị không có trong danh mục: {value}.").format(value=code))
        if code not in seen:
            seen.append(code)
    return seen


def check_commune_code(value: Any, field: str = "address_commune") -> str | None:
    """An official 5-digit commune code (shorter digit strings are zero-padded); ``None`` if empty."""
    if _blank(value):
        return None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 5 or codes.commune(text) is None:
        raise _fail(
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
    if _blank(value):
        if mandatory:
            raise _fail(field, _("Thông tin này là bắt buộc."))
        return None
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        number = int(str(value).strip()) if not isinstance(value, int | float) else int(value)
    except ValueError:
        raise _fail(field, _("Cần một số nguyên: {value}.").format(value=value)) from None
    if not low <= number <= high:
        raise _fail(field, _("Giá trị phải từ {low} đến {high}.").format(low=low, high=high))
    return number


def _flag(value: Any) -> int:
    if isinstance(value, str):
        return int(value.strip().lower() in ("1", "true", "yes", "có", "co", "x"))
    return int(bool(value))


# -- records --------------------------------------------------------------------------------------
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


def _text_field(col: _Collector, field: str, max_len: int, mandatory: bool = False) -> None:
    if field in col.data or mandatory:
        col.run(field, lambda: check_text(col.data.get(field), max_len, field, mandatory=mandatory))


def validate_person(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A person record, cleaned; only the person's own fields that were given are returned."""
    col = _Collector(data)
    _text_field(col, "full_name", 100, mandatory=True)
    col.code("gender", "genders")
    col.check(
        "birth_date", lambda v, field: None if _blank(v) else check_birth_date(v, today, field)
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
        col.clean["consent_share"] = _flag(data["consent_share"])
    col.check(
        "registered_on", lambda v, field: None if _blank(v) else check_past_date(v, today, field)
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
    if _blank(birth_date):
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
            raise _fail("month", _("Cần tháng dạng tháng/năm, ví dụ 01/2026."))
        if iso[:7] > today.isoformat()[:7]:
            raise _fail("month", _("Tháng không thể ở tương lai."))
        return iso[:7]

    col.run("month", lambda: month(data.get("month")))
    col.check("given_on", lambda v, field: None if _blank(v) else check_past_date(v, today, field))
    col.run("kind", lambda: check_code("support_kinds", data.get("kind"), "kind", mandatory=True))
    col.run(
        "source",
        lambda: check_code("support_sources", data.get("source"), "source", mandatory=True),
    )
    amount = data.get("amount")
    col.run("amount", lambda: 0 if _blank(amount) else parse_amount(amount, "amount"))
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
            raise _fail("at", _("Thời điểm không thể ở tương lai."))
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
    anonymous = _flag(data.get("anonymous"))
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


def validate_plan_activity(item: Any, row: int) -> dict[str, Any]:
    """One activity of a support plan (Decree 56/2017/NĐ-CP Art. 28; Circular 02/2020/TT-BLĐTBXH
    for other clients), numbered ``row`` (from 1) in messages.

    ``what`` and ``who`` are required, and ``start`` (an ISO date) or, for plans written before
    dates were asked, a free-text ``when``; ``end`` is not before ``start``; ``provider_id`` is an
    entry of the provider directory or blank. Errors name the field ``plan.activities.<row>``.
    """
    field = f"plan.activities.{row}"
    if not isinstance(item, dict):
        raise _fail(field, _("Hoạt động {row}: dòng không hợp lệ.").format(row=row))

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
        raise _fail(
            field,
            _("Hoạt động {row}: hãy nhập {missing}.").format(row=row, missing=", ".join(missing)),
        )
    if item.get("end"):
        clean["end"] = parse_date(item["end"], field)
        if clean.get("start") and clean["end"] < clean["start"]:
            raise _fail(
                field, _("Hoạt động {row}: ngày kết thúc trước ngày bắt đầu.").format(row=row)
            )
    provider = item.get("provider_id")
    if provider not in (None, ""):
        if not isinstance(provider, str):
            raise _fail(field, _("Hoạt động {row}: cơ sở không hợp lệ.").format(row=row))
        clean["provider_id"] = provider
    return clean


__all__ = [
    "CCCD_PROVINCE_CODES",
    "CHILD_AGE_LIMIT",
    "MAX_AGE_YEARS",
    "PERSON_FIELDS",
    "age_on",
    "check_birth_date",
    "check_code",
    "check_codes",
    "check_commune_code",
    "check_id_number",
    "check_int",
    "check_past_date",
    "check_text",
    "normalise_phone",
    "parse_amount",
    "parse_date",
    "parse_moment",
    "required",
    "validate_child_profile",
    "validate_child_support",
    "validate_consultation",
    "validate_person",
    "validate_plan_activity",
    "validate_provider",
]


# -- rows received from another device ------------------------------------------------------------
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
STORED_JSON_OBJECTS = frozenset({"plan", "correction"})
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
