"""The one-case tracking sheet: all parts present, sensitive narratives only on request."""

from __future__ import annotations

from report_samples import fake_labels, font_report, pdf_text

from ctxh_desktop import i18n
from ctxh_desktop.reports.case_sheet import case_sheet_pdf

SENSITIVE = "Chi tiết nhạy cảm về hành vi xâm hại."


def test_sheet_has_every_part_and_both_signatures(profile, case):
    text = pdf_text(case_sheet_pdf(profile, case, fake_labels))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "PHIẾU THEO DÕI TRƯỜNG HỢP Mã trường hợp: 2026-0012-A" in text
    for part in ("THÔNG TIN NHẬN DIỆN", "TÌNH HÌNH", "ĐÁNH GIÁ", "KẾ HOẠCH", "DIỄN BIẾN"):
        assert part in text
    assert "Lê Thị Hồng Nhung" in text and "03/2014" in text and "Nữ" in text
    assert "Bạo lực, Xâm hại tình dục" in text and "Mức độ nguy cơ: Cao" in text
    assert "Tư vấn tâm lý hằng tuần" in text and "Trung tâm Công tác xã hội thành phố" in text
    assert "Can thiệp khẩn cấp hoặc cách ly tạm thời trong 12 giờ" in text and "30/04/2027" in text
    assert "Lý do kết thúc: Đạt mục tiêu" in text
    assert "Trần Thị Lan" in text and "Nguyễn Văn Hùng" in text
    assert "Số:" not in text


def test_sheet_prints_the_full_address_of_the_person(profile, case):
    text = pdf_text(case_sheet_pdf(profile, case, fake_labels))
    assert "Địa chỉ Tổ 5, Phường Ba Đình, Thành phố Hà Nội" in text


def test_sensitive_narratives_are_left_out_unless_requested(profile, case):
    hidden = pdf_text(case_sheet_pdf(profile, case, fake_labels))
    assert SENSITIVE not in hidden
    assert "Gia đình đồng ý phối hợp." in hidden  # not sensitive
    shown = pdf_text(case_sheet_pdf(profile, case, fake_labels, include_sensitive=True))
    assert SENSITIVE in shown


def test_sheet_of_a_new_case_without_plan_or_events(profile):
    case = {"code": "2026-0001-A", "kind": "general", "person": {"full_name": "Phạm Văn Đức"}}
    data = case_sheet_pdf(profile, case, fake_labels)
    text = pdf_text(data)
    assert "Phạm Văn Đức" in text and "Chưa xây dựng kế hoạch." in text
    assert all(font_report(data).values())


def test_sheet_in_english(profile, case):
    i18n.set_language("en")
    text = pdf_text(case_sheet_pdf(profile, case, fake_labels))
    assert "CASE TRACKING SHEET" in text and "SOCIALIST REPUBLIC OF VIET NAM" in text


def test_english_table_headers_are_distinct(profile, case):
    i18n.set_language("en")
    text = pdf_text(case_sheet_pdf(profile, case, fake_labels))
    assert "Item Details" in text and "Item Item" not in text
    assert "Date and time Event Step Notes" in text


def test_dated_activities_print_their_dates_and_provider(profile, case):
    plan = {
        **case["plan"],
        "activities": [
            {
                "what": "Thăm nhà",
                "who": "Cộng tác viên",
                "provider": "Trạm Y tế xã",
                "start": "2026-10-07",
                "end": "2026-11-30",
            }
        ],
    }
    text = pdf_text(case_sheet_pdf(profile, {**case, "plan": plan}, fake_labels))
    assert "Cộng tác viên (Trạm Y tế xã)" in text
    assert "07/10/2026 – 30/11/2026" in text
