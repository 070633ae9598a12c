"""Journey (b): a case of another client (Circular 02/2020/TT-BLĐTBXH: intake, planning,
intervention, monitoring, evaluation, closure) recorded, planned, monitored, re-planned from its
current plan with one more activity, approved again, evaluated and closed."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_steps import (
    LUNG_CU,
    chairman_suggested,
    close_case,
    commune_wizard,
    fill_plan,
    inputs_named,
    record_case,
    register_person,
    step,
)

from ctxh_desktop.ui.common import code_label

CLIENT = "Sùng Thị Chua"
FIRST = (("Hỗ trợ làm hồ sơ trợ cấp", "Cộng tác viên"),)
ADDED = ("Kết nối học nghề", "Cán bộ văn hóa xã hội")


@pytest.mark.timeout(300)
def test_general_case_replanned_to_closure(start, lang):
    user = start("general-case")
    commune_wizard(user, lang, **LUNG_CU)
    register_person(user, CLIENT, "03/04/1978", code_label("genders", "female"))
    received = (dt.datetime.now() - dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    record_case(
        user,
        "general",
        CLIENT,
        received,
        "poverty",
        emergency=False,
        summary="Mẹ đơn thân, thiếu việc làm",
    )
    page = user.window.cases

    def first_plan(dialog) -> None:
        fill_plan(user, "Ổn định cuộc sống", FIRST, "6 tháng", dialog)
        user.check_item(code_label("needs_domains", "livelihood"), dialog)

    step(user, "Xây dựng kế hoạch", first_plan)
    step(user, "Phê duyệt kế hoạch", chairman_suggested(user, LUNG_CU["chairman"]))
    step(user, "Theo dõi, rà soát")
    assert page.current["step"] == "monitoring"

    def replan(dialog) -> None:  # the editor starts from the current plan
        user.tick("Lập kế hoạch mới (cần phê duyệt lại)", dialog)
        whats = inputs_named(user, "Hoạt động", dialog)
        assert [w.text() for w in whats] == [a[0] for a in FIRST]
        user.click("Thêm hoạt động", dialog)
        user.type_into(inputs_named(user, "Hoạt động", dialog)[-1], ADDED[0])
        user.type_into(inputs_named(user, "Người thực hiện", dialog)[-1], ADDED[1])

    step(user, "Điều chỉnh kế hoạch", replan, shot="re-plan")
    assert [a["what"] for a in page.current["plan"]["activities"]] == [FIRST[0][0], ADDED[0]]
    assert page.current["plan"].get("history"), "the previous plan is kept"
    step(user, "Phê duyệt kế hoạch", chairman_suggested(user, LUNG_CU["chairman"]))
    step(user, "Theo dõi, rà soát")
    step(user, "Đánh giá kết quả")
    close_case(user)
