"""People: search as you type (in both languages) and the person form's errors."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ctxh_desktop import i18n
from ctxh_desktop.core.text import fold
from ctxh_desktop.ui.main_window import PEOPLE


def _visible_names(page) -> list[str]:
    model = page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _search(qtbot, idle, page, text: str) -> list[str]:
    edit = page.form.searchEdit
    edit.clear()
    qtbot.keyClicks(edit, text)
    idle(page)
    return _visible_names(page)


def _check_matches(names: list[str], words: list[str]) -> None:
    assert names, "the search found nobody"
    for name in names:
        folded = fold(name)
        assert all(word in folded for word in words), name


def test_search_as_you_type_shows_only_matching_people(window, qtbot, idle, click_nav):
    click_nav(window, PEOPLE)
    page = window.people
    idle(page)
    everyone = page.model.total
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Họ và tên"
    names = _search(qtbot, idle, page, "nguyen van")
    _check_matches(names, ["nguyen", "van"])
    assert page.model.total < everyone
    assert "người" in page.form.countLabel.text()

    i18n.set_language("en")
    qtbot.waitUntil(lambda: page.form.addButton.text() == "Add person", timeout=5_000)
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Full name"
    assert page.form.addButton.text() == "Add person"
    names = _search(qtbot, idle, page, "tran thi")
    _check_matches(names, ["tran", "thi"])
    assert "people" in page.form.countLabel.text()


def test_selecting_a_person_shows_the_details(window, qtbot, idle, click_nav):
    click_nav(window, PEOPLE)
    page = window.people
    idle(page)
    table = page.form.table
    rect = table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.current["full_name"] in page.form.detailText.text()
    assert page.form.editButton.isEnabled()


def test_future_birth_date_is_refused_at_the_field(window, qtbot, idle, click_nav):
    click_nav(window, PEOPLE)
    page = window.people
    idle(page)
    before = page.model.total
    qtbot.mouseClick(page.form.addButton, Qt.MouseButton.LeftButton)
    dialog = page.editor
    qtbot.waitExposed(dialog)
    dialog.form.fullNameEdit.setFocus()
    dialog.form.fullNameEdit.insert("Phạm Thị Tương Lai")  # as a Vietnamese input method does
    qtbot.keyClicks(dialog.form.birthDateEdit, "01/01/2999")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.birthDateError
    qtbot.waitUntil(lambda: error.isVisible() and bool(error.text()), timeout=10_000)
    assert any(ch in error.text() for ch in "áàảãạăâđêôơưíóúý"), error.text()
    if dialog.form.duplicateLabel.isVisible():  # a second click saves past the warning
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert dialog.isVisible()
    assert not dialog.form.fullNameError.isVisible()
    page.model.reload()
    idle(page)
    assert page.model.total == before
    dialog.reject()


def test_scrolling_fetches_the_next_pages(window, qtbot, idle, click_nav):
    click_nav(window, PEOPLE)
    page = window.people
    idle(page)
    total = page.model.total
    assert page.model.rowCount() == min(total, 200)
    table = page.form.table
    for _ in range(10):
        if page.model.rowCount() >= total:
            break
        table.scrollToBottom()
        idle(page)
    assert page.model.rowCount() == total


def test_the_name_error_goes_when_the_name_is_typed(window, qtbot, idle, click_nav):
    click_nav(window, PEOPLE)
    page = window.people
    idle(page)
    qtbot.mouseClick(page.form.addButton, Qt.MouseButton.LeftButton)
    dialog = page.editor
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.fullNameError
    qtbot.waitUntil(lambda: error.isVisible() and bool(error.text()), timeout=10_000)
    dialog.form.fullNameEdit.setFocus()
    dialog.form.fullNameEdit.insert("Lò Văn Sáng")  # as a Vietnamese input method does
    assert not error.isVisible()
    assert dialog.isVisible()
    dialog.reject()
