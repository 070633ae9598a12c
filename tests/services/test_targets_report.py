"""The plan's targets in the consolidated report: a section of the PDF and a sheet of the
workbook, each commune and the whole unit against the target (two communes' year imported)."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pypdf import PdfReader
from test_indicator_breakdowns import COMMUNES, province  # noqa: F401  (the fixture)

from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.services import reporting, targets

EACH = {
    "indicator": "consultations",
    "year": 2025,
    "kind": "value",
    "value": 10,
    "scope": "commune",
    "source": "Ví dụ (chưa đối chiếu số liệu)",
}


def test_the_annual_report_holds_the_targets_table(province):  # noqa: F811
    office, figures = province
    targets.add_target(office, EACH)
    done = [figures[c]["consultations"] for c in COMMUNES]
    total = sum(done)

    data = reporting.consolidated_report(office, "2025-01", "2025-12", "pdf")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )
    assert "MỤC TIÊU KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN NĂM 2025" in text
    assert "Buổi tư vấn — đạt 10 (mỗi xã). Nguồn: Ví dụ (chưa đối chiếu số liệu)" in text
    unit_percent = format_number(round(100.0 * total / 20, 1))
    assert f"Toàn đơn vị — {format_number(total)} 20 {unit_percent}%" in text

    sheet = load_workbook(
        io.BytesIO(reporting.consolidated_report(office, "2025-01", "2025-12", "xlsx"))
    )["Mục tiêu kế hoạch"]
    heads = [c.value for c in sheet[4]]
    rows = [dict(zip(heads, r, strict=False)) for r in sheet.iter_rows(min_row=5, values_only=True)]
    by_unit = {r["Mã đơn vị"]: r for r in rows}
    for code, got in zip(COMMUNES, done, strict=True):
        assert by_unit[code]["Thực hiện"] == got
        assert by_unit[code]["Mục tiêu (số)"] == 10
        assert by_unit[code]["% mục tiêu"] == round(10.0 * got, 1)
    unit = rows[-1]
    assert unit["Đơn vị"] == "Toàn đơn vị" and unit["Thực hiện"] == total
    assert unit["Mục tiêu (số)"] == 20


def test_a_year_without_targets_prints_no_section(province):  # noqa: F811
    office, _figures = province
    targets.add_target(office, {**EACH, "year": 2026})
    data = reporting.consolidated_report(office, "2025-01", "2025-12", "xlsx")
    assert "Mục tiêu kế hoạch" not in load_workbook(io.BytesIO(data)).sheetnames
