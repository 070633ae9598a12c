"""Journey (a): a new commune registers a child, records a report received at 23:00 (Decree
56/2017 Art. 25, Mẫu 01), sees the 12-hour deadline at 11:00 the next day (Art. 26(3)), takes the
case through every step of Decree 56 — emergency measure, initial assessment, needs meeting, a plan
of two activities and its approval (Art. 28), review (Art. 30) — to closure, and prints the case
sheet as PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_steps import (
    LUNG_CU,
    chairman_suggested,
    close_case,
    commune_wizard,
    fill_plan,
    print_to_pdf,
    record_case,
    register_person,
    set_moment,
    step,
)

from ctxh_desktop.ui.common import code_label

CHILD = "Vàng Thị Dợ"
HAMLET = "Thôn Thèn Pả"
BORN = dt.date.today().replace(year=dt.date.today().year - 9, day=1)
ACTIVITIES = (
    ("Thăm gia đình hằng tuần", "Cộng tác viên"),
    ("Tư vấn tâm lý cho trẻ", "Cán bộ trạm y tế"),
)


@pytest.mark.timeout(300)
def test_report_at_23h_to_closure_and_case_sheet(start, lang, tmp_path):
    user = start("child-protection")
    commune_wizard(user, lang, **LUNG_CU)
    register_person(user, CHILD, BORN.strftime("%d/%m/%Y"), code_label("genders", "female"), HAMLET)

    received = dt.datetime.combine(dt.date.today(), dt.time(23, 0)) - dt.timedelta(days=1)
    record_case(
        user,
        "child_protection",
        CHILD,
        received,
        "violence",
        emergency=True,
        level="intervention",
        summary="Hàng xóm báo cháu bị đánh",
    )
    page = user.window.cases
    due = f"{dt.date.today():%d/%m/%Y} 11:00"
    assert user.sees(due), "the 12-hour deadline is not shown at 11:00 the next day"
    assert user.sees("Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3, Điều 31 khoản 2, Điều 32 khoản 2")
    code = page.current["code"]

    step(
        user,
        "Biện pháp khẩn cấp",
        lambda d: set_moment(user, "Thời gian", received + dt.timedelta(minutes=40), d),
    )
    emergency = next(x for x in page.current["deadlines"] if x["rule"] == "emergency_12h")
    assert emergency["met_at"] and not emergency["overdue"]
    step(
        user,
        "Đánh giá ban đầu",
        lambda d: user.choose("Mức độ nguy cơ", code_label("risk_levels", "high"), d),
    )
    step(user, "Xác minh, đánh giá nhu cầu")
    step(
        user,
        "Xây dựng kế hoạch",
        lambda d: fill_plan(user, "Bảo đảm an toàn cho trẻ", ACTIVITIES, "3 tháng", d),
    )
    assert [a["what"] for a in page.current["plan"]["activities"]] == [a[0] for a in ACTIVITIES]

    step(user, "Phê duyệt kế hoạch", chairman_suggested(user, LUNG_CU["chairman"]))
    assert page.current["plan"]["approved_by"].startswith(LUNG_CU["chairman"])
    step(user, "Rà soát, đánh giá")
    close_case(user)

    # The case sheet, previewed and saved as PDF for the chairman's signature.
    text = print_to_pdf(user, "In phiếu ca", tmp_path / "phieu-ca.pdf", "case sheet preview")
    assert code in text and CHILD in text and LUNG_CU["chairman"] in text
    assert HAMLET in text  # the address the collaborator typed, not "—"
    assert all(what in text for what, _who in ACTIVITIES)
