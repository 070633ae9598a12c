"""The main window on a demo commune: Home figures, navigation, language switch, screenshot."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ctxh_desktop import i18n
from ctxh_desktop.ui.main_window import HOME, SETTINGS


def _figure(label) -> int:
    return int(label.text().replace(".", "").replace(",", ""))


def test_home_shows_this_months_figures(window):
    form = window.home.form
    assert window.form.pages.currentIndex() == HOME
    assert _figure(form.peopleValue) > 0
    assert _figure(form.openCasesValue) > 0
    assert form.peopleCaption.text() == "Người dân đã đăng ký"
    assert window.form.navList.item(0).text() == "Trang chủ"
    assert "Xã" in window.commune_label.text()
    assert form.periodLabel.text().startswith("Số liệu tháng")  # not an error from an early call


def test_todo_lists_overdue_first_in_red(window):
    todo = window.home.todo
    overdue = [bool(t.get("overdue")) for t in todo]
    assert overdue == sorted(overdue, reverse=True)
    items = window.home.form.todoList
    for row, entry in enumerate(todo):
        if entry.get("overdue"):
            assert items.item(row).foreground().color().name() == "#b3261e"


def test_language_switch_retranslates_without_restart(window, qtbot, idle, click_nav):
    click_nav(window, SETTINGS)
    assert window.current_page() is window.settings
    combo = window.settings.form.languageCombo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert i18n.current_language() == "en"
    nav = window.form.navList
    qtbot.waitUntil(lambda: nav.item(0).text() == "Home", timeout=5_000)
    assert [nav.item(r).text() for r in (0, 1, 2, 7)] == ["Home", "People", "Cases", "Settings"]
    assert window.settings.form.titleLabel.text() == "Settings"
    assert window.home.form.peopleCaption.text() != "Người dân đã đăng ký"
    assert window.form.menuFile.title() == "&File"
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert i18n.current_language() == "vi"
    qtbot.waitUntil(lambda: nav.item(0).text() == "Trang chủ", timeout=5_000)


def test_screenshot_option_writes_a_png(gui_app, tmp_path):
    from ctxh_desktop.app import main

    out = tmp_path / "home.png"
    assert main(["--demo", "--screenshot", str(out)]) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000


def test_empty_states_sit_at_the_top_and_say_what_to_do(window, qtbot, click_nav):
    from ctxh_desktop.ui.main_window import CASES, HOME

    window.resize(1366, 768)
    click_nav(window, CASES)
    f = window.cases.form
    qtbot.waitUntil(lambda: f.detailText.isVisible(), timeout=5_000)
    assert "Tiếp nhận ca mới" in f.detailText.text()
    assert f.detailText.geometry().top() - f.detailTitle.geometry().bottom() < 24

    click_nav(window, HOME)
    home = window.home
    home.todo = []  # nothing due, as in a new database
    home._show_todo()
    empty, title = home.form.todoEmpty, home.form.todoTitle
    qtbot.waitUntil(lambda: empty.isVisible() and empty.geometry().top() > 0, timeout=5_000)
    qtbot.wait(50)  # the layout settles
    assert empty.geometry().top() - title.geometry().bottom() < 24
    assert empty.geometry().bottom() < home.height() // 2
