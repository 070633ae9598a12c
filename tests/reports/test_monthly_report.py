"""The commune's periodic report: decree frame, every figure printed, ranges, English."""

from __future__ import annotations

import datetime as dt

from report_samples import ANNEX, COUNTS, fake_labels, font_report, pdf_pages, pdf_text, stats_for

from ctxh_desktop import i18n
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.reports import document, frame
from ctxh_desktop.reports.monthly import monthly_report_pdf


def _render(profile, stats=None, annex=ANNEX) -> bytes:
    return monthly_report_pdf(profile, stats or stats_for(), annex, fake_labels)


def test_report_carries_the_national_title_motto_number_and_date(profile):
    text = pdf_text(_render(profile))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 15/BC-UBND" in text
    assert "Ba Đình, ngày 05 tháng 11 năm 2026" in text
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text
    assert "PHƯỜNG BA ĐÌNH" in text
    assert "BÁO CÁO Kết quả công tác xã hội tháng 10 năm 2026" in text


def test_every_count_is_printed_in_vietnamese_number_format(profile):
    text = pdf_text(_render(profile))
    for key, value in COUNTS.items():
        assert f" {format_number(value)}" in text, key
    assert "1.234" in text and "487.500.000 đồng" in text
    assert "84,5%" in text  # coverage 71 / 84
    assert "66,7%" in text  # emergencies handled within 12 hours


def test_labels_name_every_code(profile):
    text = pdf_text(_render(profile))
    for list_name in ("case_sources", "closure_reasons", "consultation_channels", "support_kinds"):
        for label in __import__("report_samples").LABELS[list_name].values():
            assert label in text
    assert "Đánh giá ban đầu" in text and "đ) Trẻ em nhiễm HIV/AIDS" in text


def test_unknown_codes_print_as_codes_instead_of_failing(profile):
    stats = stats_for()
    stats["counts"]["cases_new_by_source.pigeon"] = 1
    assert "pigeon" in pdf_text(_render(profile, stats))


def test_coverage_shows_a_dash_without_target_children(profile):
    stats = stats_for()
    stats["counts"].update(children_target=0, children_target_supported=0)
    assert "tỷ lệ bao phủ: —" in pdf_text(_render(profile, stats))


def test_every_font_is_embedded(profile):
    fonts = font_report(_render(profile))
    assert fonts and all(fonts.values()), fonts
    assert all("LiberationSerif" in name for name in fonts)


def test_pages_are_numbered_from_page_two(profile):
    pages = pdf_pages(_render(profile))
    assert len(pages) >= 3
    assert not pages[0].lstrip().startswith("1 ")
    for number, text in enumerate(pages[1:], start=2):
        assert text.split()[0] == str(number)


def test_annex_lists_active_cases_with_header_on_every_page(profile):
    pages = pdf_pages(_render(profile))
    annex_pages = [p for p in pages if "2026-00" in p]
    assert len(annex_pages) >= 2
    assert all("Mã trường hợp" in p and "Thời hạn tiếp theo" in p for p in annex_pages)
    text = " ".join(pages)
    assert "DANH SÁCH TRƯỜNG HỢP ĐANG QUẢN LÝ" in text
    assert "2026-0060-A" in text and "Nguyễn Thị Ánh 60" in text
    assert "07/11/2026 – Xây dựng kế hoạch trong 5 ngày làm việc (quá hạn)" in text


def test_six_month_and_annual_reports_take_their_title_from_the_period(profile):
    half = pdf_text(_render(profile, stats_for("range", "2026-01-01", "2026-06-30")))
    assert "Kết quả công tác xã hội 6 tháng đầu năm 2026" in half
    year = pdf_text(_render(profile, stats_for("range", "2026-01-01", "2026-12-31")))
    assert "Kết quả công tác xã hội năm 2026" in year
    other = pdf_text(_render(profile, stats_for("range", "2026-03-01", "2026-09-30")))
    assert "từ tháng 03/2026 đến tháng 09/2026" in other


def test_deputy_signs_for_the_chairman_and_recipients_end_with_the_archive(profile):
    text = pdf_text(_render(profile))
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Nguyễn Văn Hùng" in text
    assert "Nơi nhận: - Sở Y tế thành phố Hà Nội; - Thường trực Đảng ủy phường; - Lưu: VT." in text


def test_chairman_signs_without_kt(profile):
    profile.update(sign_deputy=False, signer_title="CHỦ TỊCH")
    text = pdf_text(_render(profile, annex=[]))
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text and "KT." not in text
    assert "Không có trường hợp đang quản lý." in text


def test_english_mode_uses_english_words(profile):
    i18n.set_language("en")
    text = pdf_text(_render(profile))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Independence - Freedom - Happiness" in text
    assert "REPORT" in text and "Social work results for October 2026" in text
    assert "Ba Đình, 5 November 2026" in text
    assert "1,234" in text


def test_decree_dates_have_leading_zeros_for_days_and_the_first_two_months():
    assert frame.decree_date(dt.date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert frame.decree_date(dt.date(2026, 2, 15)) == "ngày 15 tháng 02 năm 2026"
    assert frame.decree_date(dt.date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"


def test_issuing_body_is_built_from_the_unit_when_not_given():
    profile = {"commune_name": "Tân Hòa", "unit_type": "xa", "agency_name": ""}
    assert frame.issuing_body(profile) == "ỦY BAN NHÂN DÂN XÃ TÂN HÒA"
    profile = {"commune_name": "Đặc khu Côn Đảo", "unit_type": "dac_khu"}
    assert frame.issuing_body(profile) == "ỦY BAN NHÂN DÂN ĐẶC KHU CÔN ĐẢO"


def test_table_text_that_fits_is_plain_and_long_text_wraps():
    from reportlab.platypus import Paragraph

    from ctxh_desktop.reports import fonts

    fonts.register_fonts()
    long_name = "Nguyễn Thị Thanh Hương Trần Lê Phạm Hoàng Đỗ Bùi Vũ Đặng"
    table = frame.grid_table(
        ["STT", "Họ và tên"],
        [["1", "Lê Đức Phúc"], ["2", long_name]],
        [20, 100],
        bold_rows=[1],
    )
    cells = table._cellvalues
    assert cells[1][1] == "Lê Đức Phúc"  # drawn as text, no paragraph to lay out
    assert isinstance(cells[2][1], Paragraph) and long_name in cells[2][1].text
    styles = table._cellStyles  # the face a plain cell is drawn in
    assert styles[2][1].fontname == fonts.face(True, False)
    assert styles[1][1].fontname == fonts.face(False, False)


def test_table_row_heights_given_up_front_are_those_reportlab_measures():
    from reportlab.platypus import Table

    from ctxh_desktop.reports import fonts

    fonts.register_fonts()
    rows = [
        ["1", "Lê Đức Phúc", "Một ghi chú rất dài cần xuống dòng vì cột này hẹp hơn nó nhiều", ""],
        ["2", "Trần Thị Bình", "hai\ndòng", "12"],
        ["3", "Phạm Văn An", "", "7"],
    ]
    table = frame.grid_table(["STT", "Họ và tên", "Ghi chú", "Số"], rows, [20, 90, 80, 30])
    given = list(table._argH)
    measured = Table(table._cellvalues, colWidths=table._argW)
    measured._cellStyles = table._cellStyles
    measured.wrap(500, 800)
    assert given == measured._rowHeights
    assert given[1] > 2 * given[3]  # the wrapped row is taller


def test_the_signature_block_is_kept_with_the_last_lines_of_text(profile):
    for n in range(10, 17):  # the closing block falls at the foot of page 1 near 13 paragraphs
        body = [
            frame.para(f"Đoạn {i}: " + "Nội dung báo cáo kéo dài trang giấy. " * 4)
            for i in range(n)
        ]
        pages = pdf_pages(document.document(profile, body, title="BÁO CÁO"))
        signed = next(p for p in pages if profile["signer_name"] in p)
        assert "Đoạn" in signed, n


def test_english_counts_of_one_are_singular(profile):
    i18n.set_language("en")
    stats = stats_for()
    stats["counts"].update(cases_new=1, consultations=1, consultation_people=1)
    text = pdf_text(_render(profile, stats))
    assert "1 new case received" in text
    assert "1 counselling session reaching 1 person." in text
    stats["counts"].update(cases_new=2, consultations=3, consultation_people=4)
    text = pdf_text(_render(profile, stats))
    assert "2 new cases received" in text and "3 counselling sessions reaching 4 people." in text
