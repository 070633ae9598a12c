"""Cases: filtering by step shows only that step; a case shows its timeline and actions."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ctxh_desktop.ui.main_window import CASES


def test_filter_by_step_shows_only_that_step(window, qtbot, idle, click_nav):
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    assert page.model.total > 0
    combo = page.form.stepCombo
    combo.setFocus()
    checked = 0
    for index in range(1, combo.count()):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() == index
        idle(page)
        kind, _dot, step = combo.currentData().rpartition(".")
        rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
        assert all(row["step"] == step and row["kind"] == kind for row in rows)
        shown = {page.model.index(r, 3).data() for r in range(page.model.rowCount())}
        if rows:
            checked += 1
            assert len(shown) == 1
    assert checked >= 2


def test_a_case_shows_timeline_and_actions(window, qtbot, idle, click_nav):
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    table = page.form.table
    rect = table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.current["code"] in page.form.detailTitle.text()
    assert page.form.timelineList.count() == len(page.current["events"])
    assert page.form.actionsLayout.count() == len(page.current["actions"])
