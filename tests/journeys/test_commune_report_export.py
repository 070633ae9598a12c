"""Journey (e): a new commune previews its monthly report and saves it as PDF, then sends its data
to the receiving office through the export wizard (the office's config installed by the wizard)."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_steps import (
    LUNG_CU,
    TUYEN_QUANG_OFFICE,
    commune_wizard,
    export_bundle,
    office_wizard,
    register_person,
)
from pypdf import PdfReader

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

MONTH = dt.date.today().strftime("%m/%Y")


@pytest.mark.timeout(240)
def test_monthly_report_then_export(start, lang, tmp_path):
    office = start("commune-report-export", "office")
    config = tmp_path / "cau-hinh-so-y-te.ctxhcfg"
    fingerprint = office_wizard(office, lang, config_path=config, **TUYEN_QUANG_OFFICE)

    user = start("commune-report-export", "commune")
    commune_wizard(user, lang, office_config=config, office_fingerprint=fingerprint, **LUNG_CU)
    register_person(user, "Giàng Seo Lử", "12/05/1980", code_label("genders", "male"))

    # Settings: the document number printed on the report.
    user.nav("Cài đặt")
    user.settle()
    assert user.field("Chủ tịch/người ký").text() == LUNG_CU["chairman"]
    user.type("Số văn bản", "17/BC-UBND")
    user.click("Lưu thông tin")
    user.settle()
    user.shot("settings")

    # Reports: this month's report, its figures, the preview, saved as PDF.
    user.nav("Báo cáo")
    user.choose("Loại báo cáo", "Báo cáo tháng")
    user.set_date("Tháng", MONTH)
    user.wait_for(lambda: user.find_row(_("Đối tượng đăng ký mới")) is not None)
    figures, row = user.find_row(_("Đối tượng đăng ký mới"))
    user.wait_for(lambda: user.rows(figures)[row][1] == "1")
    user.shot("reports page")
    user.click("Xem trước")
    user.wait_for(lambda: user.top() is not user.window, 60_000)
    preview = user.top()
    user.wait_for(lambda: user.button("Lưu thành…").isEnabled())
    user.shot("report preview")
    pdf = tmp_path / "bao-cao-thang.pdf"
    user.files.answer(pdf)
    user.click("Lưu thành…")
    user.wait_for(pdf.exists)
    user.wait_for(lambda: user.sees(str(pdf)))
    user.shot("report saved")
    user.click("Đóng")
    user.wait_for(lambda: not preview.isVisible())
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Lũng Cú" in text and LUNG_CU["chairman"] in text and "17/BC-UBND" in text

    # Sync: the whole database, once, to the office; the history lists the file.
    bundle = export_bundle(user, tmp_path / "usb")
    assert bundle.exists() and bundle.stat().st_size > 0
    history = user.table("Tệp")
    rows = user.rows(history)
    assert len(rows) == 1, rows
    assert rows[0][1] == _("Toàn bộ dữ liệu")
    user.shot("sync history")
    assert rows[0][-1] == bundle.name
