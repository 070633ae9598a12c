"""Journey (d): a new commune registers a child, puts the child on the register of children in
special circumstances (Decree 56/2017 Art. 10 groups), records a support, and the coverage table
counts it; the audit log shows what was done and is whole."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_steps import LUNG_CU, commune_wizard, register_person
from PySide6.QtCore import Qt

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label
from ctxh_desktop.ui.dialogs.child_editor import group_letter

CHILD = "Vàng Thị Mỷ"
BORN = dt.date.today().replace(year=dt.date.today().year - 9, day=1)


def group_text(code: str) -> str:
    """A group as the register's tree shows it: the law's letter and the group's name."""
    return f"{group_letter(code)}. {code_label('child_groups', code)}"


@pytest.mark.timeout(240)
def test_child_support_coverage(start, lang):
    user = start("commune-children")
    commune_wizard(user, lang, **LUNG_CU)
    register_person(user, CHILD, BORN.strftime("%d/%m/%Y"), code_label("genders", "female"))

    # The child goes on the register: found by typing the name without tones.
    user.nav("Trẻ em")
    user.click("Thêm trẻ")
    user.wait_for(lambda: user.top() is not user.window)
    user.type("Trẻ em", "vang thi my")
    user.wait_for(lambda: user.find_row(CHILD) is not None, 10_000)
    user.press(Qt.Key.Key_Down)
    user.press(Qt.Key.Key_Return)
    user.wait_for(lambda: user.sees(f"{CHILD} — {BORN.strftime('%d/%m/%Y')}"))
    user.check_item(group_text("a"))
    user.shot("child form")
    user.click("Lưu")
    user.wait_for(lambda: user.top() is user.window)
    user.settle()
    user.wait_for(lambda: user.find_row(CHILD) is not None)
    assert user.sees(code_label("child_groups", "a"))
    user.shot("child registered")

    # A support this month: the coverage of group a is 1 of 1.
    user.row(CHILD)
    user.wait_for(lambda: user.sees("Chưa ghi nhận lần hỗ trợ nào"))
    user.click("Ghi hỗ trợ")
    user.wait_for(lambda: user.top() is not user.window)
    user.choose("Hình thức hỗ trợ", code_label("support_kinds", "monthly_allowance"))
    user.type("Số tiền (đồng)", "1.000.000")
    user.choose("Nguồn kinh phí", code_label("support_sources", "state_budget"))
    user.shot("support form")
    user.click("Lưu")
    user.wait_for(lambda: user.top() is user.window)
    user.settle()
    supports = user.table("Hình thức")
    user.wait_for(lambda: len(user.rows(supports)) == 1)
    month = dt.date.today().strftime("%m/%Y")
    assert user.rows(supports)[0][:3] == [
        month,
        code_label("support_kinds", "monthly_allowance"),
        "1.000.000 ₫" if lang == "vi" else "1,000,000 ₫",
    ]
    coverage = user.table("Tỷ lệ")
    rows = {cells[0]: cells[1:] for cells in user.rows(coverage)}
    assert rows[group_text("a")] == ["1", "1", "100 %", "1", "100 %"]
    assert user.sees("1/1")
    user.shot("coverage")

    # Corrections: the support's amount was typed wrong, then the support was entered by mistake.
    user.row(month, within=supports)
    user.click("Sửa lần hỗ trợ…")
    user.wait_for(lambda: user.top() is not user.window)
    user.type("Số tiền (đồng)", "1.200.000")
    user.shot("support corrected")
    user.click("Lưu")
    user.wait_for(lambda: user.top() is user.window)
    user.settle()
    user.wait_for(
        lambda: "1.200.000" in " ".join(user.rows(user.table("Hình thức"))[0]).replace(",", ".")
    )
    user.row(month, within=user.table("Hình thức"))
    user.click("Xóa lần hỗ trợ…")
    user.wait_for(lambda: user.top() is not user.window)
    user.click("Xóa")
    user.wait_for(lambda: user.top() is user.window)
    user.settle()
    user.wait_for(lambda: user.sees("Chưa ghi nhận lần hỗ trợ nào"))
    # The register entry itself: one more group ticked.
    user.click("Sửa…")
    user.wait_for(lambda: user.top() is not user.window)
    user.check_item(group_text("b"))
    user.click("Lưu")
    user.wait_for(lambda: user.top() is user.window)
    user.settle()
    user.wait_for(lambda: user.sees(code_label("child_groups", "b")))
    user.shot("entry corrected")

    # Help on the page in use: the menu opens the Children topic.
    user.menu("Trợ &giúp", "&Hướng dẫn sử dụng (F1)")
    user.wait_for(lambda: user.top() is not user.window)
    help_window = user.top()
    user.wait_for(lambda: user.sees("Children" if lang == "en" else "Trẻ em", help_window))
    user.shot("help")
    user.click("Close")
    user.wait_for(lambda: not help_window.isVisible())

    # The audit log (the administrator's): what was done, newest first, and whole.
    user.nav("Nhật ký")
    log = user.table("Hành động")
    user.wait_for(lambda: len(user.rows(log)) >= 3)
    user.click("Kiểm tra toàn vẹn")
    whole = _("✔ Nhật ký toàn vẹn: đã kiểm tra {n} dòng, không dòng nào bị sửa.")
    user.wait_for(lambda: user.sees(whole.split("{")[0]))
    user.shot("audit log")
