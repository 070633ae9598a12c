"""Correcting a case in the window: its details edited from the case view; a step on the timeline
corrected by a new entry, the original kept and marked as corrected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from ctxh_desktop.ui.main_window import CASES


def _button(widget, text: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert found, f"no visible button {text!r}"
    return found[0]


def _dialog(title_part: str) -> QDialog:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.isVisible() and title_part in w.windowTitle()
    ]
    assert found, f"no dialog {title_part!r}"
    return found[0]


def _open_first_case(window, qtbot, idle, click_nav):
    """The Cases page, its first case chosen from the keyboard."""
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    page.form.table.setFocus()
    qtbot.keyClick(page.form.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.form.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    return page


def test_case_details_are_edited_from_the_case_view(window, qtbot, idle, click_nav):
    page = _open_first_case(window, qtbot, idle, click_nav)
    button = _button(page, "Sửa thông tin ca…")
    assert button.accessibleName() == "Sửa thông tin ca"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = _dialog("Sửa thông tin ca")
    assert dialog.form.sourceCombo.currentData() == page.current["source"]
    dialog.form.summaryEdit.clear()
    qtbot.keyClicks(dialog.form.summaryEdit, "Tom tat da sua")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: "Tom tat da sua" in page.form.detailText.text(), timeout=10_000)


def test_a_step_is_corrected_and_both_entries_stay_on_the_timeline(window, qtbot, idle, click_nav):
    page = _open_first_case(window, qtbot, idle, click_nav)
    timeline = page.form.timelineList
    correct = _button(page, "Ghi đính chính…")
    assert not correct.isEnabled()  # nothing chosen on the timeline yet
    before = timeline.count()
    last = timeline.item(before - 1)  # the oldest entry: the report received
    timeline.setCurrentItem(last)
    assert correct.isEnabled()
    qtbot.mouseClick(correct, Qt.MouseButton.LeftButton)
    dialog = _dialog("Ghi đính chính")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason, no change
    qtbot.waitUntil(lambda: dialog.form.reasonError.isVisible(), timeout=10_000)
    dialog.form.summaryEdit.clear()
    qtbot.keyClicks(dialog.form.summaryEdit, "Noi dung dung")
    qtbot.keyClicks(dialog.form.reasonEdit, "Ghi sai noi dung")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: timeline.count() == before + 1, timeout=10_000)
    texts = [timeline.item(i).text() for i in range(timeline.count())]
    assert any("Đính chính" in t and "Ghi sai noi dung" in t for t in texts)
    assert "(đã được đính chính)" in timeline.item(timeline.count() - 1).text()


def test_details_without_a_problem_are_refused_at_the_field(window, qtbot, idle, click_nav):
    page = _open_first_case(window, qtbot, idle, click_nav)
    qtbot.mouseClick(_button(page, "Sửa thông tin ca…"), Qt.MouseButton.LeftButton)
    dialog = _dialog("Sửa thông tin ca")
    problems = dialog.form.problemsList
    for row in range(problems.count()):
        problems.item(row).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.problemsError
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text() == "Hãy chọn ít nhất một vấn đề của ca." and dialog.isVisible()
    dialog.reject()
