"""The office's consolidated PDF and spreadsheet, and the register workbooks."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from report_samples import COMPLETENESS, HALF_YEAR, OFFICE, commune_rows, fake_labels, font_report
from report_samples import pdf_text as pdf_text_of

from ctxh_desktop import i18n
from ctxh_desktop.core.indicator_table import GROUPS, in_group
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.reports.consolidated import consolidated_report_pdf
from ctxh_desktop.reports.excel import consolidated_xlsx, registers_xlsx
from ctxh_desktop.reports.figures import MAIN_INDICATORS


def _workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def _totals_row(ws) -> dict[str, int]:
    headers = [c.value for c in ws[4]]
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[1] == "Tổng cộng":
            return dict(zip(headers, row, strict=False))
    raise AssertionError("no totals row")


def test_consolidated_pdf_is_landscape_with_totals_and_completeness():
    rows = commune_rows()
    data = consolidated_report_pdf(OFFICE, rows, COMPLETENESS, fake_labels, HALF_YEAR)
    text = pdf_text_of(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: 203/BC-SYT" in text
    assert "Tổng hợp kết quả công tác xã hội 6 tháng đầu năm 2026" in text
    assert "Phường Số 12" in text and "Chưa gửi" in text and "06/2026, 05/2026" in text
    for key, _label in MAIN_INDICATORS:
        assert format_number(sum(r["counts"][key] for r in rows)) in text, key
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert all(font_report(data).values())


def test_xlsx_totals_are_the_sum_of_the_communes_and_match_the_pdf():
    rows = commune_rows()
    wb = _workbook(consolidated_xlsx(OFFICE, rows, COMPLETENESS, fake_labels, HALF_YEAR))
    assert wb.sheetnames[:2] == ["Tổng hợp", "Đầy đủ"]
    ws = wb["Tổng hợp"]
    totals = _totals_row(ws)
    text = pdf_text_of(consolidated_report_pdf(OFFICE, rows, COMPLETENESS, fake_labels, HALF_YEAR))
    for key, label in MAIN_INDICATORS:
        assert totals[label] == sum(r["counts"][key] for r in rows), key
    for group in GROUPS:
        printed = " ".join(format_number(totals[i.label]) for i in in_group(group))
        assert f"Tổng cộng {printed}" in text
    assert ws.freeze_panes == "C5"
    money_col = next(c.column for c in ws[4] if c.value == "Kinh phí hỗ trợ trẻ em (đồng)")
    assert ws.cell(row=5, column=money_col).number_format == "#,##0"
    assert ws.cell(row=4, column=1).font.bold


def test_xlsx_completeness_sheet_has_real_dates():
    wb = _workbook(consolidated_xlsx(OFFICE, commune_rows(), COMPLETENESS, fake_labels, HALF_YEAR))
    ws = wb["Đầy đủ"]
    assert ws.freeze_panes == "A2"
    assert ws["C3"].value == dt.datetime(2026, 7, 3, 16, 20)
    assert ws["C3"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["F4"].value == "06/2026, 05/2026"


def test_registers_workbook_formats_dates_money_and_headers():
    sheets = {
        "Người": (
            ["Họ và tên", "Ngày sinh", "Ngày đăng ký"],
            [["Nguyễn Văn A", "2012", "2026-03-05"], ["=cmd()", "2010-04", "2026-04-01"]],
        ),
        "Hỗ trợ trẻ em": (
            ["Trẻ em", "Tháng", ("Số tiền (đồng)", "money"), "Ghi chú"],
            [["Lê Thị B", "2026-03", 1250000, "Trợ cấp"]],
        ),
    }
    wb = _workbook(registers_xlsx(sheets))
    people = wb["Người"]
    assert people["A1"].font.bold and people.freeze_panes == "A2"
    assert people["C2"].value == dt.datetime(2026, 3, 5)
    assert people["C2"].number_format == "dd/mm/yyyy"
    assert people["B2"].value == "2012"  # a year alone stays as written
    assert people["A3"].value == "=cmd()" and people["A3"].data_type == "s"
    assert people.column_dimensions["A"].width >= 12
    money = wb["Hỗ trợ trẻ em"]["C2"]
    assert money.value == 1250000 and money.number_format == "#,##0"


def test_register_sheet_names_are_made_valid():
    wb = _workbook(registers_xlsx({"Ca/vụ việc: 2026?" * 3: (["A"], [[1]])}))
    assert len(wb.sheetnames[0]) <= 31 and "/" not in wb.sheetnames[0]


def test_consolidated_in_english():
    i18n.set_language("en")
    data = consolidated_report_pdf(
        OFFICE, commune_rows(3), COMPLETENESS[:3], fake_labels, HALF_YEAR
    )
    text = pdf_text_of(data)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "first half of 2026" in text
    wb = _workbook(consolidated_xlsx(OFFICE, commune_rows(3), [], fake_labels, HALF_YEAR))
    assert wb.sheetnames[:2] == ["Summary", "Completeness"]


def test_a_table_longer_than_a_page_starts_under_its_heading_on_the_first_page():
    from report_samples import pdf_pages

    rows = commune_rows(93)  # a province: the table runs for several pages
    data = consolidated_report_pdf(OFFICE, rows, COMPLETENESS, fake_labels, HALF_YEAR)
    first = pdf_pages(data)[0]
    assert "I. QUẢN LÝ TRƯỜNG HỢP" in first
    assert "Phường Số 1" in first and "Phường Số 2" in first


def test_the_signature_is_never_alone_on_its_page():
    from report_samples import pdf_pages

    for n in range(20, 27):  # the completeness table ends at the foot of a page near 24 communes
        rows = commune_rows(n)
        completeness = [
            {**COMPLETENESS[i % len(COMPLETENESS)], "commune": r["commune"]}
            for i, r in enumerate(rows)
        ]
        pages = pdf_pages(
            consolidated_report_pdf(OFFICE, rows, completeness, fake_labels, HALF_YEAR)
        )
        signed = next(p for p in pages if OFFICE["signer_name"] in p)
        assert "Phường Số" in signed.split("Nơi nhận")[0], n
