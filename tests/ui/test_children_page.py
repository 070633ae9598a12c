"""Children: the age limit refused at the field, a support updating the details and the coverage,
the group filter and English headers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ctxh_desktop import i18n
from ctxh_desktop.core import values
from ctxh_desktop.ui.main_window import CHILDREN


def _target():
    return QApplication.activePopupWidget() or QApplication.focusWidget()


def press(qtbot, key) -> None:
    qtbot.keyClick(_target(), key)


def _page(window, idle, click_nav):
    click_nav(window, CHILDREN)
    page = window.children_page
    idle(page)
    return page


def _click_row(qtbot, page, row: int) -> None:
    table = page.form.table
    table.scrollTo(page.model.index(row, 0))
    rect = table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_child_over_16_is_refused_at_the_field(window, qtbot, idle, click_nav):
    page = _page(window, idle, click_nav)
    before = page.model.total
    qtbot.mouseClick(page.form.addButton, Qt.MouseButton.LeftButton)
    dialog = page.editor
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.form.personEdit.setFocus()
    qtbot.keyClicks(dialog.form.personEdit, "nguyen van")
    finder = dialog.finder
    qtbot.waitUntil(
        lambda: finder.popup.isVisible() and finder.model.rowCount() > 0, timeout=10_000
    )
    today = dt.date.today()
    adults = [
        r
        for r in range(finder.model.rowCount())
        if (born := finder.model.item(r).data(Qt.ItemDataRole.UserRole).get("birth_date"))
        and values.age_on(born, today) >= 16
    ]
    assert adults, "no adult among the suggestions"
    for _ in range(adults[0] + 1):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert finder.person is not None
    dialog.set_checked("a_no_carer")
    assert "a" in dialog.checked_groups()  # a sub-group brings its group
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.personError
    qtbot.waitUntil(lambda: error.isVisible() and bool(error.text()), timeout=10_000)
    assert error.text() == "Trẻ em là người dưới 16 tuổi tại ngày đăng ký."
    assert not dialog.form.groupsError.isVisible()
    assert dialog.isVisible()
    dialog.reject()
    page.model.reload()
    idle(page)
    assert page.model.total == before


def test_recording_a_support_updates_details_and_coverage(window, qtbot, idle, click_nav):
    page = _page(window, idle, click_nav)
    month = dt.date.today().strftime("%Y-%m")
    target = {"a", "b", "c", "dd"}
    rows = [page.model.row_data(r) for r in range(page.model.rowCount())]
    candidates = [
        i
        for i, row in enumerate(rows)
        if target & set(row.get("groups") or []) and row.get("last_support_month") != month
    ]
    assert candidates, "every target child is already supported this month"
    before = page.coverage["total"]["supported_month"]
    _click_row(qtbot, page, candidates[0])
    child_id = rows[candidates[0]]["id"]
    qtbot.waitUntil(
        lambda: page.current is not None and page.current["id"] == child_id, timeout=10_000
    )
    supports_before = page.form.supportsTable.rowCount()
    assert page.form.supportButton.isEnabled()
    qtbot.mouseClick(page.form.supportButton, Qt.MouseButton.LeftButton)
    dialog = page.editor
    qtbot.waitExposed(dialog)
    f = dialog.form
    assert f.monthEdit.date().toString("yyyy-MM") == month
    f.kindCombo.setFocus()
    qtbot.keyClicks(f.kindCombo, "tro cap")
    assert f.kindCombo.currentData() == "monthly_allowance"
    qtbot.keyClicks(f.amountEdit, "1.000.000")
    f.sourceCombo.setFocus()
    qtbot.keyClicks(f.sourceCombo, "ngan sach")
    assert f.sourceCombo.currentData() == "state_budget"
    qtbot.keyClick(f.noteEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(
        lambda: page.form.supportsTable.rowCount() == supports_before + 1, timeout=10_000
    )
    idle(page)
    table = page.form.supportsTable
    amounts = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert "1.000.000 ₫" in amounts
    assert table.item(amounts.index("1.000.000 ₫"), 0).text() == dt.date.today().strftime("%m/%Y")
    # the coverage panel reloads on its own, after the supports table
    qtbot.waitUntil(lambda: page.coverage["total"]["supported_month"] == before + 1, timeout=10_000)
    assert f"{before + 1}/" in page.form.coverageSummary.text()
    row = next(
        page.model.row_data(r)
        for r in range(page.model.rowCount())
        if page.model.row_data(r)["id"] == child_id
    )
    assert row["last_support_month"] == month


def test_a_bad_amount_is_refused_at_the_field(window, qtbot, idle, click_nav):
    page = _page(window, idle, click_nav)
    _click_row(qtbot, page, 0)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    supports = len(page.current["supports"])
    qtbot.mouseClick(page.form.supportButton, Qt.MouseButton.LeftButton)
    dialog = page.editor
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.form.amountEdit, "mot trieu")
    qtbot.keyClick(dialog.form.amountEdit, Qt.Key.Key_Return)
    error = dialog.form.amountError
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert error.text().startswith("Số tiền không hợp lệ")
    assert dialog.form.kindError.isVisible()
    dialog.reject()
    page.show_child_id(page.current["id"])
    idle(page)
    qtbot.waitUntil(lambda: len(page.current["supports"]) == supports, timeout=5_000)


def test_group_filter_and_english_headers(window, qtbot, idle, click_nav):
    page = _page(window, idle, click_nav)
    everyone = page.model.total
    combo = page.form.groupCombo
    combo.setCurrentIndex(combo.findData("a"))
    idle(page)
    assert 0 < page.model.total < everyone
    for r in range(page.model.rowCount()):
        groups = page.model.row_data(r)["groups"]
        assert any(g == "a" or g.startswith("a_") for g in groups)
        assert page.model.index(r, 3).data().startswith("a")
    assert page.model.headerData(2, Qt.Orientation.Horizontal) == "Tuổi"
    i18n.set_language("en")
    qtbot.waitUntil(lambda: page.form.addButton.text() == "Add child", timeout=5_000)
    assert page.model.headerData(2, Qt.Orientation.Horizontal) == "Age"
    assert page.model.headerData(4, Qt.Orientation.Horizontal) == "Last support"
    header = page.form.coverageTable.horizontalHeaderItem(3).text()
    assert header == "Rate"
    assert combo.currentData() == "a"
    assert "children" in page.form.countLabel.text()
    assert page.form.coverageSummary.text().startswith("Month")
