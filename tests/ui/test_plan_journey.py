"""A child-protection case walked through the window from intake to closure, with a plan of two
activities and its approval (Decree 56/2017/NĐ-CP Arts. 25–32)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from step_filling import click_button, fill_step_dialog, save_step_dialog

from ctxh_desktop.ui.main_window import CASES

#: The step buttons clicked, by their visible text.
STEPS = (
    "Đánh giá ban đầu",
    "Xác minh, đánh giá nhu cầu",
    "Xây dựng kế hoạch",
    "Phê duyệt kế hoạch",
    "Rà soát, đánh giá",
    "Kết thúc ca",
)


def _choose_step(qtbot, page, idle, data: str | None) -> None:
    combo = page.form.stepCombo
    combo.setFocus()
    key = Qt.Key.Key_Up if data is None else Qt.Key.Key_Down
    while combo.currentData() != data:
        qtbot.keyClick(combo, key)
    idle(page)


def test_a_case_goes_from_intake_to_closure_through_the_step_dialogs(
    window, qtbot, idle, click_nav
):
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    _choose_step(qtbot, page, idle, "child_protection.intake")
    code = page.model.row_data(0)["code"]
    _choose_step(qtbot, page, idle, None)  # every step, so the case stays listed as it moves on
    qtbot.keyClicks(page.form.searchEdit, code)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    table = page.form.table
    rect = table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    for label in STEPS:
        click_button(qtbot, page, label)
        dialog = page.step_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        rows = (("Tham gia dinh hang tuan", "Cong tac vien"), ("Tu van tam ly", "Can bo xa"))
        if label == "Phê duyệt kế hoạch":  # the chairman of Settings is suggested
            approver = dialog.widgets["approved_by"]
            qtbot.waitUntil(lambda a=approver: "Chủ tịch UBND" in a.text(), timeout=5_000)
            approver.clear()
        fill_step_dialog(qtbot, dialog, rows)
        case = save_step_dialog(qtbot, dialog)
        qtbot.waitUntil(lambda c=case: page.current["events"] == c["events"], timeout=10_000)
        if label == "Xây dựng kế hoạch":
            assert [a["what"] for a in case["plan"]["activities"]] == [r[0] for r in rows]
            assert all(
                a["provider_id"] and a["start"] and a["end"] for a in case["plan"]["activities"]
            )
    assert page.current["code"] == code
    assert page.current["step"] == "closed"
    assert page.current["plan"]["approved_by"]
    kinds = [e["kind"] for e in reversed(page.current["events"])]
    assert kinds[-6:] == [
        "assessment",
        "meeting",
        "plan_drafted",
        "plan_approved",
        "review",
        "closed",
    ]
