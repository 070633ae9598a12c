"""Journey: the office's plan targets. The office of the consolidation journey (two communes,
each registering one person this month, imported) loads the example plan, adds a target of its
own for the year (4 people on the register for the whole unit), reads each commune and the unit
against it, changes it to 5, finds it in the consolidated report (PDF and Excel), then removes it.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from journey_user import norm
from pypdf import PdfReader
from test_office import COMMUNES, MONTH, office_with_two_communes, save_consolidated_report

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_number

PEOPLE = "Đối tượng có hồ sơ (cuối kỳ)"
SOURCE = "Kế hoạch số 12/KH-UBND (ví dụ)"


def _unit_row(office) -> list[str]:
    rows = office.rows(office.table("% mục tiêu"))
    return next(r for r in rows if norm(r[0]) == norm(_("Toàn đơn vị")))


def _fill_target(office, value: str) -> None:
    office.wait_for(lambda: office.top() is not office.window)
    dialog = office.top()
    office.choose("Chỉ tiêu", _(PEOPLE), dialog)
    office.choose("Loại mục tiêu", _("Đạt giá trị"), dialog)
    office.type("Giá trị hoặc tỷ lệ tăng (%)", value, dialog)
    office.choose("Phạm vi", _("Toàn đơn vị"), dialog)
    office.type("Nguồn (văn bản kế hoạch)", SOURCE, dialog)
    office.shot(f"target {value}", dialog)
    office.click("Lưu", dialog)
    office.wait_for(lambda: office.top() is office.window)
    office.settle()


@pytest.mark.timeout(300)
def test_office_sets_targets_and_reads_progress(start, lang, tmp_path):
    office = office_with_two_communes(start, lang, tmp_path, "office-targets")
    office.set_date("Từ tháng", MONTH)
    office.set_date("đến tháng", MONTH)
    office.click("Cập nhật")
    office.settle()
    office.tab("Mục tiêu kế hoạch")
    office.settle()
    year = dt.date.today().year
    empty = _("Chưa có mục tiêu nào cho năm {year}. Bấm “Thêm mục tiêu…” hoặc “Nạp kế hoạch mẫu”.")
    assert office.sees(empty.format(year=year))

    # The example plan, in one click: a message says how many targets it added.
    said: list[str] = []

    def read(box) -> None:
        said.append(office.message_text(box))
        office.accept_message(box)

    with office.answering(read):
        office.click("Nạp kế hoạch mẫu")
    office.settle()
    assert format_number(5) in said[0], said
    office.shot("example plan")

    # A target of the office's own: 4 people on the register, for the whole unit.
    office.click("Thêm mục tiêu…")
    _fill_target(office, "4")
    office.row(_(PEOPLE))
    office.settle()
    for name in (c[1] for c in COMMUNES):
        row = next(r for r in office.rows(office.table("% mục tiêu")) if r[0] == name)
        assert row[2] == "1" and row[3] == "—", row  # achieved; no goal of its own
    assert _unit_row(office)[2:] == ["2", "4", f"{format_number(50)}%"]
    office.shot("progress")

    # Changed to 5.
    office.row(_(PEOPLE))
    office.click("Sửa mục tiêu…")
    _fill_target(office, "5")
    office.row(_(PEOPLE))
    office.settle()
    assert _unit_row(office)[2:] == ["2", "5", f"{format_number(40)}%"]

    # The consolidated report of the month holds the targets table.
    pdf, xlsx = save_consolidated_report(office, tmp_path)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    heading = _("Mục tiêu kế hoạch và kết quả thực hiện năm {year}").format(year=year)
    assert heading.upper() in text and SOURCE in text
    sheet = openpyxl.load_workbook(xlsx, read_only=True)[_("Mục tiêu kế hoạch")]
    lines = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == _(PEOPLE)]
    assert lines[-1][6:9] == (2, 5, 40), lines

    # Removed, once confirmed.
    office.nav("Đồng bộ")
    office.tab("Mục tiêu kế hoạch")
    office.settle()
    office.row(_(PEOPLE))
    with office.answering(lambda box: office.click("Yes", box)):
        office.click("Xóa mục tiêu")
    office.settle()
    assert office.find_row(_(PEOPLE)) is None
    office.shot("removed")
