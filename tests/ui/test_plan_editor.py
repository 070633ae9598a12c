"""The plan editor: rows added, reordered and removed with buttons or keys; errors on the row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from step_filling import click_button


@pytest.fixture
def editor(demo_worker, qtbot):
    from ctxh_desktop.ui.dialogs.plan_editor import PlanEditor

    widget = PlanEditor(demo_worker, {"objectives": "An toàn", "timeframe": "3 tháng"})
    qtbot.addWidget(widget)
    widget.resize(860, 420)
    widget.show()
    return widget


def _whats(editor) -> list[str]:
    return [editor.table.cellWidget(r, 0).text() for r in range(editor.table.rowCount())]


def test_rows_are_typed_and_reordered_from_the_keyboard(editor, qtbot):
    for what in ("Tham nha", "Tu van", "Kham suc khoe"):
        click_button(qtbot, editor, "Thêm hoạt động")
        focused = editor.table.cellWidget(editor.table.rowCount() - 1, 0)
        assert focused.hasFocus()
        qtbot.keyClicks(focused, what)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        assert editor.table.cellWidget(editor.table.rowCount() - 1, 1).hasFocus()
        qtbot.keyClicks(editor.table.cellWidget(editor.table.rowCount() - 1, 1), "CTV")
    first = editor.table.cellWidget(0, 0)
    first.setFocus()
    qtbot.waitUntil(lambda: editor.table.currentRow() == 0)
    qtbot.keyClick(first, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _whats(editor) == ["Tu van", "Tham nha", "Kham suc khoe"]
    assert editor.table.currentRow() == 1
    click_button(qtbot, editor, "Xuống dưới")
    assert _whats(editor) == ["Tu van", "Kham suc khoe", "Tham nha"]
    click_button(qtbot, editor, "Lên trên")
    click_button(qtbot, editor, "Xóa hoạt động")
    assert _whats(editor) == ["Tu van", "Kham suc khoe"]
    value = editor.value()
    assert value["objectives"] == "An toàn" and value["timeframe"] == "3 tháng"
    assert [a["who"] for a in value["activities"]] == ["CTV", "CTV"]
    assert all(a["start"] <= a["end"] for a in value["activities"])


def test_a_row_error_is_shown_under_the_table_and_marks_the_row(editor, qtbot):
    click_button(qtbot, editor, "Thêm hoạt động")
    click_button(qtbot, editor, "Thêm hoạt động")
    editor.show_errors({"plan.activities.2": "Hoạt động 2: hãy nhập làm gì."})
    assert editor.error_labels["activities"].text() == "Hoạt động 2: hãy nhập làm gì."
    assert (
        editor.table.cellWidget(1, 0).styleSheet()
        and not editor.table.cellWidget(0, 0).styleSheet()
    )
    editor.clear_errors()
    assert not editor.table.cellWidget(1, 0).styleSheet()
