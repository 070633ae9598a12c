"""Journey (c): a counselling session recorded from the keyboard alone (Ctrl+N, a name typed
without tones, arrows, type-ahead in the lists, Enter saves), then corrected («Sửa…»), then removed
as entered by mistake («Xóa…», reason «Nhập nhầm»); the audit log keeps the removal."""

from __future__ import annotations

import pytest
from journey_steps import LUNG_CU, commune_wizard, register_person
from journey_user import shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

PERSON = "Giàng Seo Lử"


@pytest.mark.timeout(240)
def test_counselling_by_keyboard_edit_and_remove(start, lang):
    user = start("counselling")
    commune_wizard(user, lang, **LUNG_CU)
    register_person(user, PERSON, "12/05/1980", code_label("genders", "male"))

    # Ctrl+N from the list, then only keys.
    user.nav("Tư vấn")
    user.settle()
    page = user.window.counselling
    table = user.table("Thời gian")
    user.window.activateWindow()
    table.setFocus()
    user.wait_for(lambda: QApplication.focusWidget() is table, 5_000)
    user.qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    user.wait_for(lambda: page.editor is not None and shown(page.editor))
    editor = page.editor
    person = user.field("Người được tư vấn", editor)
    user.type_into(person, "giang seo")
    user.wait_for(lambda: editor.finder.popup.isVisible() and editor.finder.model.rowCount() > 0)
    user.press(Qt.Key.Key_Down, editor.finder.popup)
    user.press(Qt.Key.Key_Return, editor.finder.popup)
    user.wait_for(lambda: person.text() == PERSON)
    channel = user.field("Hình thức", editor)
    user.type_into(channel, "by ph" if lang == "en" else "qua dien", clear=False)
    assert channel.currentText() == code_label("consultation_channels", "phone")
    user.type("Nội dung tóm tắt", "Tư vấn về trợ cấp", editor)
    user.shot("session by keyboard")
    user.press(Qt.Key.Key_Return, user.field("Nội dung tóm tắt", editor))
    user.wait_for(lambda: not shown(editor), 30_000)
    user.settle()
    user.wait_for(lambda: user.find_row(PERSON) is not None)
    user.shot("session listed")

    # Corrected: the summary was wrong.
    user.row(PERSON)
    user.click("Sửa…")
    user.wait_for(lambda: page.editor is not editor and shown(page.editor))
    fixing = page.editor
    assert user.field("Người được tư vấn", fixing).text() == PERSON
    user.type("Nội dung tóm tắt", "Tư vấn về học bổng cho con", fixing)
    user.shot("session corrected")
    user.click("Lưu", fixing)
    user.wait_for(lambda: not shown(fixing), 30_000)
    user.settle()
    user.row(PERSON)
    user.wait_for(lambda: user.sees("Tư vấn về học bổng cho con"))

    # Removed as entered by mistake, with its reason.
    user.click("Xóa…")
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    assert user.field("Lý do xóa", dialog).currentText() == _("Nhập nhầm")
    user.shot("remove session")
    user.click("Xóa", dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.settle()
    user.wait_for(lambda: user.find_row(PERSON) is None)
    assert user.sees(_("{n} buổi tư vấn").format(n=0))
    user.shot("session removed")

    user.nav("Nhật ký")
    user.settle()
    user.wait_for(lambda: user.find_row(_("Xóa (nhập nhầm)")) is not None)
    user.shot("audit log")
