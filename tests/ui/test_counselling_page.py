"""Counselling: a session entered with the keyboard alone, filters, errors, English headers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ctxh_desktop import i18n
from ctxh_desktop.ui.main_window import CONSULT


def _target():
    """Where a key pressed now would land: an open suggestion list, else the focused widget."""
    return QApplication.activePopupWidget() or QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_target(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(_target(), text)


def _open_editor(window, qtbot, idle, click_nav):
    click_nav(window, CONSULT)
    page = window.counselling
    idle(page)
    page.form.table.setFocus()
    qtbot.keyClick(page.form.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=5_000)
    dialog = page.editor
    dialog.activateWindow()
    dialog.form.personEdit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.personEdit, timeout=5_000)
    return page, dialog


def test_keyboard_only_entry_appears_in_the_list(window, qtbot, idle, click_nav):
    page, dialog = _open_editor(window, qtbot, idle, click_nav)
    f = dialog.form
    assert abs(f.atEdit.dateTime().secsTo(f.atEdit.dateTime().currentDateTime())) < 120

    type_text(qtbot, "nguyen van")
    finder = dialog.finder
    qtbot.waitUntil(
        lambda: finder.popup.isVisible() and finder.model.rowCount() > 0, timeout=10_000
    )
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert finder.person is not None
    name = finder.person["full_name"]
    assert f.personEdit.text() == name
    assert dialog.isVisible()  # choosing a suggestion does not save yet

    press(qtbot, Qt.Key.Key_Tab)  # → ẩn danh
    press(qtbot, Qt.Key.Key_Tab)  # → số người
    press(qtbot, Qt.Key.Key_Tab)  # → hình thức
    assert _target() is f.channelCombo
    type_text(qtbot, "qua dien")
    assert f.channelCombo.currentData() == "phone"
    press(qtbot, Qt.Key.Key_Tab)  # → chủ đề
    assert _target() is f.topicsList
    press(qtbot, Qt.Key.Key_Space)  # the first topic
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)  # and the second
    press(qtbot, Qt.Key.Key_Tab)  # → nhóm đối tượng
    type_text(qtbot, "tre em")
    assert f.targetGroupCombo.currentData() == "children"
    press(qtbot, Qt.Key.Key_Tab)  # → thời lượng (selected on entry)
    type_text(qtbot, "45")
    press(qtbot, Qt.Key.Key_Tab)  # → kết quả
    type_text(qtbot, "can theo")
    assert f.outcomeCombo.currentData() == "follow_up"
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    idle(page)
    rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
    mine = [r for r in rows if r.get("person_name") == name and r.get("channel") == "phone"]
    assert mine, "the new session is not in the list"
    row = mine[0]
    assert row["topics"] == ["family_relations", "child_care_parenting"]
    assert row["target_group"] == "children"
    assert row["duration_min"] == 45
    assert row["outcome"] == "follow_up"
    index = rows.index(row)
    assert page.model.index(index, 2).data() == "Qua điện thoại"
    assert page.model.index(index, 5).data() == "45 phút"
    page.form.table.selectRow(index)
    detail = page.form.detailText.text()
    assert row["counsellor_name"] in detail and row["counsellor_name"] != row["counsellor"]


def test_missing_channel_is_shown_at_the_field_and_nothing_is_saved(window, qtbot, idle, click_nav):
    page, dialog = _open_editor(window, qtbot, idle, click_nav)
    before = page.model.total
    press(qtbot, Qt.Key.Key_Tab)  # → ẩn danh
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.form.anonymousCheck.isChecked()
    press(qtbot, Qt.Key.Key_Return)
    error = dialog.form.channelError
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert error.text() == "Thông tin này là bắt buộc."
    assert not dialog.form.personError.isVisible()
    assert dialog.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    page.model.reload()
    idle(page)
    assert page.model.total == before


def test_filter_by_channel_shows_only_that_channel(window, qtbot, idle, click_nav):
    click_nav(window, CONSULT)
    page = window.counselling
    idle(page)
    qtbot.mouseClick(page.form.allMonthsCheck, Qt.MouseButton.LeftButton)
    idle(page)
    everyone = page.model.total
    assert everyone > 0
    combo = page.form.channelCombo
    combo.setFocus()
    seen = 0
    for index in range(1, combo.count()):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() == index
        idle(page)
        channel = combo.currentData()
        rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
        assert all(row["channel"] == channel for row in rows)
        shown = {page.model.index(r, 2).data() for r in range(page.model.rowCount())}
        if rows:
            seen += 1
            assert shown == {combo.currentText()}
            assert page.model.total < everyone
    assert seen >= 2


def test_headers_follow_the_language(window, qtbot, idle, click_nav):
    click_nav(window, CONSULT)
    page = window.counselling
    idle(page)
    header = page.model.headerData
    assert header(1, Qt.Orientation.Horizontal) == "Người được tư vấn"
    i18n.set_language("en")
    qtbot.waitUntil(lambda: page.form.addButton.text() == "Log a session", timeout=5_000)
    assert header(1, Qt.Orientation.Horizontal) == "Person counselled"
    assert header(2, Qt.Orientation.Horizontal) == "Channel"
    assert page.form.channelCombo.itemText(0) != "Tất cả"
    assert "sessions" in page.form.countLabel.text()
