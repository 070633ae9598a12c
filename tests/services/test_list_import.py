"""Importing people from an Excel list: header detection, column guesses, preview, one-shot commit."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.services import children, list_import, people
from ctxh_desktop.services import session as sessions
from ctxh_desktop.storage import keyfile

TODAY = dt.date(2026, 11, 1)
FIRST_DATA_ROW = 4  # a title row, a blank row, then the header row
HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số CCCD",
    "Điện thoại",
    "Thôn",
    "Hộ nghèo",
    "Nhóm trẻ em",
]
FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Ngọc"]
GIVENS = ["An", "Bình", "Châu", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hòa", "Hùng"]

#: Data indexes (0-based) of the rows that must not be imported.
FUTURE_BIRTH, LONG_CCCD, NO_NAME = 10, 20, 30
COPIED, COPY = 40, 50  # row COPY repeats row COPIED
ALREADY_RECORDED = 60  # same CCCD as a person recorded before the import
BAD = {FUTURE_BIRTH, LONG_CCCD, NO_NAME}
DUPLICATES = {COPY, ALREADY_RECORDED}
N_ROWS = 200


def cccd(i: int) -> str:
    return f"001{i:09d}"


def person_row(i: int) -> list:
    """One data row of the list; dates are real dates, dd/mm/yyyy text or a year number."""
    name = f"{FAMILIES[i % 10]} {MIDDLES[(i // 10) % 5]} {GIVENS[(i // 50) % 10]}"
    child = i % 15 == 1
    year = 2016 if child else 1950 + i % 50
    born: object = (
        dt.date(year, 1 + i % 12, 1 + i % 28)
        if i % 3 == 0
        else f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}"
        if i % 3 == 1
        else year
    )
    return [
        i + 1,
        name,
        born,
        "Nữ" if i % 2 else "Nam",
        "Kinh" if i % 4 else "Tày",
        cccd(i),
        f"09{i:08d}",
        f"Thôn {1 + i % 6}",
        "x" if i % 7 == 0 else None,
        ("a" if i % 2 else "d, đ") if child else None,
    ]


def write_people_list(path, n: int = N_ROWS) -> None:
    """The test workbook: ``n`` people with a few bad rows and duplicates (see the constants)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI"])
    ws.append([])
    ws.append(HEADERS)
    for i in range(n):
        row = person_row(i)
        if i == FUTURE_BIRTH:
            row[2] = dt.date(2030, 5, 1)
        elif i == LONG_CCCD:
            row[5] = "0010000000201"
        elif i == NO_NAME:
            row[1] = None
        elif i == COPY:
            row = person_row(COPIED)
            row[0] = i + 1
        ws.append(row)
    book.create_sheet("Ghi chú").append(["Trang này không được nhập"])
    book.save(path)


def record_existing(session) -> dict:
    """The person already recorded that row ALREADY_RECORDED of the list repeats."""
    return people.register_person(
        session, {"full_name": "Đỗ Thị Có Sẵn", "id_number": cccd(ALREADY_RECORDED)}, TODAY
    )


@pytest.fixture
def commune(tmp_path):
    s, _code = sessions.create_commune(
        tmp_path / "xa.db", "mat-khau-thu", "00004", kdf=keyfile.FAST_KDF
    )
    yield s
    s.close()


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    write_people_list(path)
    return path


def _audit_count(session) -> int:
    return session.store.scalar("SELECT count(*) FROM audit_log")


def test_read_sheet_finds_the_header_row_below_a_title(workbook):
    sheet = list_import.read_sheet(workbook)
    assert sheet["sheets"] == ["Danh sách", "Ghi chú"]
    assert sheet["headers"] == HEADERS
    assert sheet["header_row"] == FIRST_DATA_ROW - 1
    assert len(sheet["rows"]) == N_ROWS
    assert sheet["row_numbers"][0] == FIRST_DATA_ROW
    assert isinstance(sheet["rows"][0][2], dt.date)


def test_guess_mapping_understands_vietnamese_headers_without_tones():
    headers = [*HEADERS, "SĐT", "Dia chi", "HO TEN NGUOI GIAM HO", "Ghi chú"]
    mapping = list_import.guess_mapping(headers)
    assert mapping == {
        1: "full_name",
        2: "birth_date",
        3: "gender",
        4: "ethnicity",
        5: "id_number",
        6: "phone",
        7: "address_detail",
        8: "household_status",
        9: "child_groups",
        12: "guardian_name",
        13: "notes",
    }
    assert list_import.guess_mapping(["Họ tên", "Năm sinh", "Số định danh", "Hoàn cảnh"]) == {
        0: "full_name",
        1: "birth_date",
        2: "id_number",
        3: "household_status",
    }
    assert list_import.guess_mapping(["cmnd", "sdt"]) == {0: "id_number", 1: "phone"}


def test_preview_flags_exactly_the_bad_rows_and_the_duplicates(commune, workbook):
    existing = record_existing(commune)
    sheet = list_import.read_sheet(workbook)
    rows = list_import.preview(commune, sheet, list_import.guess_mapping(sheet["headers"]), TODAY)
    assert len(rows) == N_ROWS
    by_index = {row["row"] - FIRST_DATA_ROW: row for row in rows}
    assert {i for i, r in by_index.items() if r["status"] == "error"} == BAD
    assert {i for i, r in by_index.items() if r["status"] == "duplicate"} == DUPLICATES
    assert "birth_date" in by_index[FUTURE_BIRTH]["errors"]
    assert "12" in by_index[LONG_CCCD]["errors"]["id_number"]
    assert "full_name" in by_index[NO_NAME]["errors"]
    assert by_index[COPY]["duplicates"][0]["row"] == COPIED + FIRST_DATA_ROW
    assert by_index[ALREADY_RECORDED]["duplicates"][0]["id"] == existing["id"]
    assert by_index[ALREADY_RECORDED]["duplicates"][0]["reason"] == "id_number"
    # Values were turned into codes and ISO dates.
    first = by_index[0]["data"]
    assert first["gender"] == "male" and first["ethnicity"] == "tay"
    assert first["household_status"] == "poor"
    assert first["birth_date"] == "1950-01-01"
    assert by_index[1]["data"]["birth_date"] == "2016-02-02"
    assert by_index[2]["data"]["birth_date"] == "1952"
    assert by_index[1]["data"]["child_groups"] == ["a"]
    assert set(by_index[16]["data"]["child_groups"]) == {"d", "dd"}
    assert list_import.summary(rows) == {"ok": N_ROWS - 5, "error": 3, "duplicate": 2}
    assert people.count_people(commune) == 1  # a preview writes nothing


def test_commit_imports_the_good_rows_once(commune, workbook):
    record_existing(commune)
    sheet = list_import.read_sheet(workbook)
    mapping = list_import.guess_mapping(sheet["headers"])
    rows = list_import.preview(commune, sheet, mapping, TODAY)
    before = _audit_count(commune)
    result = list_import.commit(commune, rows, TODAY)
    good = N_ROWS - len(BAD) - len(DUPLICATES)
    assert result == {"imported": good, "skipped": len(BAD) + len(DUPLICATES)}
    assert people.count_people(commune) == good + 1
    expected_children = sum(1 for i in range(N_ROWS) if i % 15 == 1 and i not in BAD | DUPLICATES)
    assert children.count_children(commune) == expected_children
    actions = [
        r["action"] for r in commune.store.rows("SELECT action FROM audit_log ORDER BY seq")
    ][before:]
    assert actions.count("list_import") == 1
    assert actions.count("create") == good + expected_children
    # The same rows again: everyone is recorded now.
    assert list_import.commit(commune, rows, TODAY)["imported"] == 0
    again = list_import.preview(commune, sheet, mapping, TODAY)
    assert list_import.commit(commune, again, TODAY) == {"imported": 0, "skipped": N_ROWS}
    assert people.count_people(commune) == good + 1


def test_a_failing_commit_leaves_nothing(commune, workbook, monkeypatch):
    sheet = list_import.read_sheet(workbook)
    rows = list_import.preview(commune, sheet, list_import.guess_mapping(sheet["headers"]), TODAY)
    audit_before = _audit_count(commune)
    real = people.register_person
    calls = {"n": 0}

    def failing(session, data, today=None):
        calls["n"] += 1
        if calls["n"] == 120:
            raise OSError("disk full")
        return real(session, data, today)

    monkeypatch.setattr(list_import.people, "register_person", failing)
    with pytest.raises(OSError):
        list_import.commit(commune, rows, TODAY)
    assert calls["n"] == 120
    assert people.count_people(commune) == 0
    assert children.count_children(commune) == 0
    assert _audit_count(commune) == audit_before


def test_unreadable_files_and_missing_headers_are_refused(tmp_path):
    from openpyxl import Workbook

    from ctxh_desktop.core.errors import UserError

    bad = tmp_path / "not-excel.xlsx"
    bad.write_text("hello", "utf-8")
    with pytest.raises(UserError):
        list_import.read_sheet(bad)
    book = Workbook()
    book.active.append([1, 2, 3])
    book.save(tmp_path / "numbers.xlsx")
    with pytest.raises(UserError):
        list_import.read_sheet(tmp_path / "numbers.xlsx")
