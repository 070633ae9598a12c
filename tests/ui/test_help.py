"""Help: F1 opens the help of the page on screen, every page and task has Vietnamese and English."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ctxh_desktop import i18n
from ctxh_desktop.paths import resource_path
from ctxh_desktop.ui.help import NAV_TOPICS, TOPICS, help_file


def test_every_topic_has_a_vietnamese_and_an_english_page():
    for topic in TOPICS:
        for lang in ("vi", "en"):
            path = resource_path("help", lang, f"{topic}.html")
            assert path.exists(), path
            text = path.read_text("utf-8")
            assert "<h2>" in text and "<ol>" in text
            for link in text.split('href="')[1:]:
                assert resource_path("help", lang, link.split('"')[0]).exists(), (path, link)


def test_f1_opens_the_help_of_every_page(window, qtbot, click_nav, tmp_path):
    nav = window.form.navList
    rows = [r for r in range(nav.count()) if not nav.item(r).isHidden()]
    assert len(rows) == len(NAV_TOPICS)  # the demo user is an administrator: audit log shown
    for row in rows:
        click_nav(window, row)
        assert window.form.pages.currentIndex() == row
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_F1)
        dialog = window.help_menu.dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        assert dialog.topic == NAV_TOPICS[row]
        title = help_file(NAV_TOPICS[row]).read_text("utf-8").split("<h2>")[1].split("</h2>")[0]
        assert dialog.browser.toPlainText().startswith(title)
        assert dialog.contents.currentItem().text() == nav.item(row).text()
        dialog.hide()
    window.help_menu.show_help("restore-backup").grab().save(str(tmp_path / "help.png"))


def test_help_follows_links_and_the_language(window, qtbot):
    dialog = window.help_menu.show_help("settings")
    dialog.browser.setSource(dialog.browser.source().resolved("restore-backup.html"))
    assert dialog.topic == "restore-backup"
    assert dialog.browser.toPlainText().startswith("Khôi phục bản sao lưu")
    i18n.set_language("en")
    try:
        qtbot.waitUntil(
            lambda: dialog.browser.toPlainText().startswith("Restore a backup"), timeout=5_000
        )
        assert dialog.windowTitle() == "User guide"
        assert window.help_menu.action.text() == "&User guide (F1)"
    finally:
        i18n.set_language("vi")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Hướng dẫn sử dụng", timeout=5_000)
    dialog.hide()


def test_help_menu_lists_the_guide_and_about(window):
    texts = [a.text() for a in window.form.menuHelp.actions() if not a.isSeparator()]
    assert texts[0] == "&Hướng dẫn sử dụng (F1)"
    assert any("Giới thiệu" in t for t in texts)
