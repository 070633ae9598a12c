"""Importing a list of people from an Excel workbook (``.xlsx``): read, map columns, preview, commit.

Communes often already keep their registers in Excel. The import takes such a sheet in four steps,
and nothing is written before the last one:

1. :func:`read_sheet` reads the first sheet (or a named one): the header row is the first row with
   at least two non-empty text cells; the rows below it are the data (empty rows skipped).
2. :func:`guess_mapping` proposes a field for each column from its Vietnamese header (tones, case
   and punctuation ignored: ``"HỌ VÀ TÊN"``, ``"Ho ten"`` → ``full_name``); the person can change it.
3. :func:`preview` turns each row into a person record, checks it with the same rules as the form
   (:func:`ctxh_desktop.core.records.validate_person`) and looks for duplicates, both among the
   people already recorded (:func:`ctxh_desktop.services.people.find_duplicates`) and earlier in
   the file itself. Each row gets a status: ``"ok"``, ``"error"`` or ``"duplicate"``.
4. :func:`commit` writes the ``"ok"`` rows, all in one transaction (all or nothing), each audited
   as a normal registration plus one ``list_import`` entry. A row naming child groups (letters
   ``a``, ``b``, ``đ`` … as in Decree 56/2017) also puts the child on the children's register.
   Rows matching someone already recorded at that moment are skipped, so committing the same list
   twice imports nothing the second time.

Dates may be real Excel dates, ``dd/mm/yyyy`` text or a year number. ID and phone numbers stored as
Excel numbers get their leading zero back.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from ctxh_desktop.core import codes, records, values
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.text import digits, fold, nfc, search_words
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import children, people
from ctxh_desktop.services.access import record, require_records_edit
from ctxh_desktop.services.context import Session

log = logging.getLogger("ctxh.list_import")

#: Fields a column can be mapped to, in the order offered, with their Vietnamese labels.
FIELDS: dict[str, str] = {
    "full_name": N_("Họ và tên"),
    "birth_date": N_("Ngày sinh"),
    "gender": N_("Giới tính"),
    "ethnicity": N_("Dân tộc"),
    "id_number": N_("Số CCCD"),
    "phone": N_("Điện thoại"),
    "address_detail": N_("Địa chỉ"),
    "household_status": N_("Hộ gia đình"),
    "child_groups": N_("Nhóm trẻ em có hoàn cảnh đặc biệt"),
    "guardian_name": N_("Người giám hộ"),
    "guardian_phone": N_("SĐT người giám hộ"),
    "notes": N_("Ghi chú"),
}

#: Folded header texts for each field; an exact match wins over a header that only contains one.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "ten", "full name", "name", "ho va ten doi tuong"),
    "birth_date": ("ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh ngay", "birth date"),
    "gender": ("gioi tinh", "gioi", "nam nu", "gender", "sex"),
    "ethnicity": ("dan toc", "ethnicity"),
    "id_number": (
        "so cccd",
        "cccd",
        "cmnd",
        "so cmnd",
        "so dinh danh",
        "so dinh danh ca nhan",
        "cccd cmnd",
        "so cccd cmnd",
        "can cuoc",
        "id number",
    ),
    "phone": ("dien thoai", "so dien thoai", "sdt", "dt", "phone"),
    "address_detail": ("thon", "dia chi", "thon xom", "thon to", "to dan pho", "address"),
    "household_status": ("ho ngheo", "hoan canh", "ho ngheo can ngheo", "hoan canh gia dinh"),
    "child_groups": ("nhom tre em", "nhom tre", "nhom", "nhom hcdb", "child groups"),
    "guardian_name": ("nguoi giam ho", "nguoi cham soc", "ho ten cha me", "cha me"),
    "guardian_phone": ("sdt nguoi giam ho", "dien thoai nguoi giam ho", "sdt cha me"),
    "notes": ("ghi chu", "notes", "note"),
}

_HOUSEHOLD_WORDS = {
    "ngheo": "poor",
    "ho ngheo": "poor",
    "hn": "poor",
    "can ngheo": "near_poor",
    "ho can ngheo": "near_poor",
    "hcn": "near_poor",
    "khong": "none",
}
_GENDER_WORDS = {"nam": "male", "nu": "female", "khac": "other", "m": "male", "f": "female"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_ROWS = 20_000


# -- reading ------------------------------------------------------------------------------------
def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return nfc(value) or None
    return value


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def read_sheet(path: Path | str, sheet: str | None = None) -> dict[str, Any]:
    """The header and data rows of one sheet (the first one unless ``sheet`` names another).

    ``{"sheets": [names], "sheet": name, "header_row": n, "headers": [...], "rows": [[...]],
    "row_numbers": [n, ...]}``; row numbers are the ones Excel shows. ``UserError`` when the file
    cannot be read or has no header row.
    """
    from openpyxl import load_workbook

    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise UserError(_("Không tìm thấy tệp {name}.").format(name=path.name)) from None
    except Exception as exc:  # whatever a damaged or foreign file makes the reader raise
        log.info("list import: unreadable workbook (%s)", type(exc).__name__)
        raise UserError(
            _("Không đọc được tệp {name}: cần một tệp Excel (.xlsx).").format(name=path.name)
        ) from None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise UserError(_("Tệp không có trang tính {name}.").format(name=sheet))
        ws = book[sheet or names[0]]
        headers: list[str] | None = None
        header_row = 0
        rows: list[list[Any]] = []
        numbers: list[int] = []
        for number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in raw]
            if headers is None:
                if sum(_is_text(v) for v in cells) >= 2:
                    while cells and cells[-1] is None:
                        cells.pop()
                    headers = [str(v) if v is not None else "" for v in cells]
                    header_row = number
                continue
            if all(v is None for v in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise UserError(
                    _("Danh sách quá dài: tối đa {n} dòng mỗi lần nhập.").format(n=MAX_ROWS)
                )
            cells = (cells + [None] * len(headers))[: len(headers)]
            rows.append(cells)
            numbers.append(number)
    finally:
        book.close()
    if headers is None:
        raise UserError(
            _("Không tìm thấy dòng tiêu đề (dòng có ít nhất hai ô chữ) trong trang tính.")
        )
    return {
        "sheets": names,
        "sheet": ws.title,
        "header_row": header_row,
        "headers": headers,
        "rows": rows,
        "row_numbers": numbers,
    }


# -- mapping ------------------------------------------------------------------------------------
def _folded_header(text: str) -> str:
    return " ".join(search_words(text))


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """``{column_index: field}`` for the headers recognised (each field used once at most)."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    folded = [_folded_header(h or "") for h in headers]
    # Exact matches first, then headers containing a synonym (longest synonym first).
    for exact in (True, False):
        for index, text in enumerate(folded):
            if index in mapping or not text:
                continue
            best: tuple[int, str] | None = None
            for field, words in SYNONYMS.items():
                if field in used:
                    continue
                for word in words:
                    hit = text == word if exact else re.search(rf"\b{re.escape(word)}\b", text)
                    if hit and (best is None or len(word) > best[0]):
                        best = (len(word), field)
            if best is not None:
                mapping[index] = best[1]
                used.add(best[1])
    return mapping


# -- converting one row -------------------------------------------------------------------------
def _date_value(value: Any, today: dt.date) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if values.MIN_YEAR <= number <= today.year + 1:
            return str(number)
        if 1 <= number < 80_000:  # an Excel date serial shown as a number
            return (_EXCEL_EPOCH + dt.timedelta(days=number)).isoformat()
        return str(value)
    return value


def _number_text(value: Any, length: int) -> Any:
    """A number Excel stored without its leading zero, as text of ``length`` digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        return text.zfill(length) if len(text) == length - 1 else text
    return value


def _code_from_label(list_name: str, value: Any, words: dict[str, str] | None = None) -> Any:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if codes.is_valid(list_name, text):
        return text
    folded = fold(text)
    if words and folded in words:
        return words[folded]
    lower = text.lower()
    for item in codes.all_items(list_name):
        if lower in (str(item.get("vi", "")).lower(), str(item.get("en", "")).lower()):
            return item["code"]
    matches = [
        item["code"]
        for item in codes.all_items(list_name)
        if folded in (fold(item.get("vi")), fold(item.get("en")))
    ]
    return matches[0] if len(matches) == 1 else text


def _household(value: Any) -> Any:
    if isinstance(value, str) and fold(value) in ("x", "co", "1"):
        return "poor"
    if isinstance(value, int) and value == 1:
        return "poor"
    return _code_from_label("household_statuses", value, _HOUSEHOLD_WORDS)


def _groups(value: Any) -> list[str] | Any:
    """Child groups written as letters (``"a, đ"``) or codes; unknown ones are kept to be refused."""
    if value is None:
        return []
    found: list[str] = []
    for part in re.split(r"[,;/+\s]+", str(value).strip()):
        if not part:
            continue
        token = part.strip(" .()").lower()
        token = token.replace("đ", "dd")
        token = fold(token).replace(" ", "_")
        if token and token not in found:
            found.append(token)
    return found


def _row_data(values: list[Any], mapping: dict[int, str], today: dt.date) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for index, field in mapping.items():
        if field not in FIELDS or index >= len(values):
            continue
        value = values[index]
        if field == "birth_date":
            value = _date_value(value, today)
        elif field == "id_number":
            value = _number_text(value, 12)
        elif field in ("phone", "guardian_phone"):
            value = _number_text(value, 10)
        elif field == "gender":
            value = _code_from_label("genders", value, _GENDER_WORDS)
        elif field == "ethnicity":
            value = _code_from_label("ethnicities", value)
        elif field == "household_status":
            value = _household(value)
        elif field == "child_groups":
            value = _groups(value)
        if value is not None and not isinstance(value, str | list):
            value = str(value)
        if value in (None, "", []):
            continue
        data[field] = value
    return data


def _person_part(data: dict[str, Any]) -> dict[str, Any]:
    person = {k: v for k, v in data.items() if k != "child_groups"}
    person.setdefault("full_name", "")
    return person


# -- preview ------------------------------------------------------------------------------------
def _file_keys(clean: dict[str, Any]) -> list[tuple[str, str]]:
    """What makes two rows of the file the same person: the ID number, or name and birth year."""
    found = []
    id_number = digits(clean.get("id_number"))
    if id_number:
        found.append(("id_number", id_number))
    name = " ".join(search_words(clean.get("full_name")))
    if name:
        found.append(("name_birth", f"{name}|{str(clean.get('birth_date') or '')[:4]}"))
    return found


def preview(
    session: Session,
    sheet: dict[str, Any],
    mapping: dict[int, str],
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Every data row checked: ``{"row", "data", "errors", "duplicates", "status"}``.

    ``data`` is the cleaned record (the child groups under ``"child_groups"``); ``errors`` maps a
    field to its message; ``duplicates`` lists people already recorded (``"id"``, ``"full_name"``,
    ``"birth_date"``, ``"reason"``) or earlier rows of the file (``"row"`` instead of ``"id"``).
    """
    today = today or dt.date.today()
    mapping = {int(k): v for k, v in mapping.items() if v}
    if "full_name" not in mapping.values():
        raise UserError(_("Hãy chọn cột chứa họ và tên."), field="mapping")
    numbers = sheet.get("row_numbers") or list(
        range(sheet.get("header_row", 1) + 1, sheet.get("header_row", 1) + 1 + len(sheet["rows"]))
    )
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    result: list[dict[str, Any]] = []
    for number, cells in zip(numbers, sheet["rows"], strict=True):
        raw = _row_data(cells, mapping, today)
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        try:
            clean = records.validate_person(_person_part(raw), today)
        except ValidationError as exc:
            errors.update(exc.errors)
        groups = raw.get("child_groups") or []
        if groups:
            try:
                records.validate_child_profile(
                    {"groups": groups}, clean.get("birth_date") or raw.get("birth_date"), today
                )
            except ValidationError as exc:
                for field, message in exc.errors.items():
                    errors.setdefault("child_groups" if field == "groups" else field, message)
            clean["child_groups"] = list(groups)
        duplicates: list[dict[str, Any]] = []
        if not errors:
            for found in people.find_duplicates(session, clean):
                duplicates.append(
                    {
                        "id": found["id"],
                        "full_name": found["full_name"],
                        "birth_date": found.get("birth_date"),
                        "reason": found["reason"],
                    }
                )
            keys = _file_keys(clean)
            for key in keys:
                earlier = seen.get(key)
                if earlier is not None:
                    duplicates.append(
                        {
                            "row": earlier["row"],
                            "full_name": earlier["data"].get("full_name"),
                            "birth_date": earlier["data"].get("birth_date"),
                            "reason": key[0],
                        }
                    )
                    break
        row = {
            "row": number,
            "data": clean if not errors else {**raw, **clean},
            "errors": errors,
            "duplicates": duplicates,
            "status": "error" if errors else "duplicate" if duplicates else "ok",
        }
        if row["status"] == "ok":
            for key in _file_keys(clean):
                seen.setdefault(key, row)
        result.append(row)
    return result


def summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many rows of a preview are ``ok``, ``error`` and ``duplicate``."""
    counts = {"ok": 0, "error": 0, "duplicate": 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts


# -- commit -------------------------------------------------------------------------------------
def commit(
    session: Session, preview_rows: list[dict[str, Any]], today: dt.date | None = None
) -> dict[str, int]:
    """Write the ``ok`` rows in one transaction; ``{"imported": n, "skipped": m}``.

    Any failure leaves the database as it was. Rows that now match someone already recorded (the
    list was imported before) are skipped.
    """
    require_records_edit(session)
    today = today or dt.date.today()
    ok = [row for row in preview_rows if row.get("status") == "ok"]
    # Checked before writing, so rows of this very import are not taken for duplicates.
    fresh = [row for row in ok if not people.find_duplicates(session, _person_part(row["data"]))]
    imported = 0
    with session.store.atomic():
        for row in fresh:
            data = dict(row["data"])
            groups = data.pop("child_groups", None) or []
            person = people.register_person(session, data, today)
            if groups:
                children.register_child(session, person["id"], {"groups": groups}, today)
            imported += 1
        skipped = len(preview_rows) - imported
        record(session, "list_import", "person", None, {"imported": imported, "skipped": skipped})
    return {"imported": imported, "skipped": skipped}


def field_label(field: str | None) -> str:
    """A field's name in the current language (empty for an ignored column)."""
    return _(FIELDS[field]) if field in FIELDS else ""


__all__ = [
    "FIELDS",
    "SYNONYMS",
    "commit",
    "field_label",
    "guess_mapping",
    "preview",
    "read_sheet",
    "summary",
]
