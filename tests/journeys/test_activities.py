"""Journey: an awareness class recorded in the activities register (the «Hoạt động truyền thông»
tab of the counselling page), a bad count refused at its field, the class corrected («Sửa…») and
removed as entered by mistake («Xóa…», reason «Nhập nhầm»); the counselling log is not touched."""

from __future__ import annotations

import pytest
from journey_steps import LUNG_CU, commune_wizard
from journey_user import shown

from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.ui.common import code_label

TOPIC = "Phòng, chống xâm hại trẻ em"


@pytest.mark.timeout(240)
def test_an_awareness_class_is_recorded_corrected_and_removed(start, lang):
    user = start("activities")
    commune_wizard(user, lang, **LUNG_CU)
    user.nav("Tư vấn")
    user.tab("Hoạt động truyền thông")
    user.settle()
    page = user.window.activities
    user.wait_for(lambda: page.idle)
    assert user.sees(ngettext("{n} hoạt động", "{n} hoạt động", 0).format(n=0))

    user.click("Thêm hoạt động…")
    user.wait_for(lambda: page.editor is not None and shown(page.editor))
    editor = page.editor
    user.choose("Loại hoạt động", code_label("activity_kinds", "class"), editor)
    user.type("Chủ đề", TOPIC, editor)
    user.choose("Nhóm đối tượng", code_label("target_groups", "children"), editor)
    user.type("Số người tham gia: nam", "12", editor)
    user.type("Số người tham gia: nữ", "15", editor)
    user.type("Trong đó trẻ em", "40", editor)  # more children than participants
    user.type("Địa điểm", "Nhà văn hóa thôn Lũng Cú", editor)
    user.click("Lưu", editor)
    user.wait_for(
        lambda: user.sees(
            _("Số trẻ em không thể nhiều hơn tổng số người tham gia (nam và nữ)."), editor
        )
    )
    user.shot("too many children refused")
    user.type("Trong đó trẻ em", "20", editor)
    user.shot("class entered")
    user.click("Lưu", editor)
    user.wait_for(lambda: not shown(editor), 30_000)
    user.settle()
    user.wait_for(lambda: user.find_row(TOPIC) is not None)
    assert user.sees(ngettext("{n} hoạt động", "{n} hoạt động", 1).format(n=1))
    user.shot("class listed")

    user.row(TOPIC)
    user.click("Sửa…")
    user.wait_for(lambda: page.editor is not editor and shown(page.editor))
    fixing = page.editor
    assert user.field("Chủ đề", fixing).text() == TOPIC
    user.type("Số người tham gia: nữ", "18", fixing)
    user.click("Lưu", fixing)
    user.wait_for(lambda: not shown(fixing), 30_000)
    user.settle()
    user.wait_for(lambda: user.sees("30 ("))  # 12 men and 18 women

    user.row(TOPIC)
    user.click("Xóa…")
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    assert user.field("Lý do xóa", dialog).currentText() == _("Nhập nhầm")
    user.click("Xóa", dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.settle()
    user.wait_for(lambda: user.find_row(TOPIC) is None)
    assert user.sees(ngettext("{n} hoạt động", "{n} hoạt động", 0).format(n=0))

    user.tab("Sổ tư vấn")
    user.settle()
    assert user.sees(ngettext("{n} buổi tư vấn", "{n} buổi tư vấn", 0).format(n=0))
    user.shot("counselling untouched")
