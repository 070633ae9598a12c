"""The case follow-up section: its buttons only where the case may be changed, the safety plan
only on a child-protection case."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ctxh_desktop.ui.main_window import CASES


def _select(page, qtbot, idle, kind: str) -> None:
    idle(page)
    rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
    row = next(i for i, r in enumerate(rows) if r["kind"] == kind)
    table = page.form.table
    rect = table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: (page.current or {}).get("kind") == kind, timeout=10_000)
    qtbot.waitUntil(lambda: bool(page.followup.text.text()), timeout=10_000)


def _shown(page) -> set[str]:
    return {b.text() for b in page.followup.buttons.values() if b.isVisibleTo(page)}


def test_safety_plan_is_offered_only_on_a_child_protection_case(window, qtbot, idle, click_nav):
    click_nav(window, CASES)
    page = window.cases
    _select(page, qtbot, idle, "child_protection")
    assert "Kế hoạch an toàn…" in _shown(page)
    assert page.followup.buttons["consent"].accessibleName()
    _select(page, qtbot, idle, "general")
    assert "Kế hoạch an toàn…" not in _shown(page)
    assert "Ghi sự đồng ý…" in _shown(page)


def test_a_read_only_case_page_offers_no_follow_up_buttons(window, qtbot, idle, click_nav):
    click_nav(window, CASES)
    page = window.cases
    page.set_read_only(True)
    _select(page, qtbot, idle, "child_protection")
    assert page.followup.box.isVisibleTo(page) and not _shown(page)
