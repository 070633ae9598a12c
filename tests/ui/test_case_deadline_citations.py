"""The case view names the article behind each open deadline."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ctxh_desktop.ui.main_window import CASES


def test_an_open_case_shows_its_deadline_with_the_article(window, qtbot, idle, click_nav):
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    table = page.form.table
    row = next(
        r
        for r in range(page.model.rowCount())
        if (page.model.row_data(r).get("next_deadline") or {}).get("rule")
        and page.model.row_data(r)["kind"] == "child_protection"
    )
    rect = table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    pending = [d for d in page.current["deadlines"] if not d.get("met_at")]
    assert pending and all(d["citation"] for d in pending)
    assert any(d["citation"].startswith("Nghị định 56/2017/NĐ-CP") for d in pending)
    shown = page.form.detailText.text()
    assert pending[0]["citation"] in shown
