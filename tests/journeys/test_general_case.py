"""Journey (b): a case of another client (Circular 02/2020/TT-BLĐTBXH: intake, planning,
intervention, monitoring, evaluation, closure) recorded, its details corrected, the moment of the
report corrected (the original entry kept, the plan's deadline following), planned, monitored,
re-planned from its current plan with one more activity, approved again, evaluated and closed."""

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
    set_moment,
    step,
)
from journey_user import shown

from ctxh_desktop.i18n.formats import format_datetime
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
    edit_details(user)
    correct_received(user, received - dt.timedelta(days=3))

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


def _plan_due(user) -> str:
    """The plan's deadline as the case view shows it."""
    due = next(d for d in user.window.cases.current["deadlines"] if d["rule"] == "plan_draft_5wd")
    text = format_datetime(due["due"])
    assert user.sees(text), text
    return text


def edit_details(user) -> None:
    """«Sửa thông tin ca…»: the details recorded at intake corrected (one more problem, a new
    summary), read back on the case view."""
    user.click("Sửa thông tin ca…")
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    assert user.field("Tóm tắt sự việc", dialog).toPlainText() == "Mẹ đơn thân, thiếu việc làm"
    user.check_item(code_label("problem_types", "domestic_violence"), dialog)
    user.type("Tóm tắt sự việc", "Mẹ đơn thân, thiếu việc làm, bị chồng cũ đe dọa", dialog)
    user.shot("edit case details", dialog)
    user.click("Lưu", within=dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.settle()
    assert user.sees("bị chồng cũ đe dọa")
    assert user.sees(code_label("problem_types", "domestic_violence"))


def correct_received(user, corrected) -> None:
    """«Ghi đính chính…» on the report received: the entry stays, marked corrected, a correcting
    entry says what changed and why, and the plan's deadline is counted from the corrected
    moment."""
    before = _plan_due(user)
    count = len(user.window.cases.current["events"])
    user.row("Mẹ đơn thân, thiếu việc làm", within=user.window.cases.form.timelineList)
    user.click("Ghi đính chính…")
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    set_moment(user, "Thời điểm đúng", corrected, dialog)
    user.type("Lý do đính chính", "Ghi nhầm ngày tiếp nhận", dialog)
    user.shot("correct a step", dialog)
    user.click("Ghi đính chính", within=dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.wait_for(lambda: len(user.window.cases.current["events"]) == count + 1, 30_000)
    user.settle()
    assert user.sees("(đã được đính chính)")
    assert user.sees("Ghi nhầm ngày tiếp nhận")
    assert user.sees(format_datetime(corrected.strftime("%Y-%m-%dT%H:%M")))
    after = _plan_due(user)
    assert after != before
    user.shot("step corrected")
