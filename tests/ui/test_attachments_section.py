"""The "Tệp đính kèm" section: a PDF attached on a person shows its first page as a thumbnail;
the section fits a 1366×768 window in both languages."""

from __future__ import annotations

import pytest
from attachment_files import pdf_bytes, write
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QStyle
from ui_shots import shot

from ctxh_desktop import i18n
from ctxh_desktop.ui.main_window import PEOPLE


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_pdf_on_a_person_shows_its_first_page(
    window, qtbot, idle, click_nav, monkeypatch, tmp_path, lang
):
    i18n.set_language(lang)
    try:
        window.resize(1366, 768)
        click_nav(window, PEOPLE)
        page = window.people
        idle(page)
        table = page.form.table
        rect = table.visualRect(page.model.index(1, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        section = page.attachments
        qtbot.waitUntil(lambda: section.isVisible() and section.add_button.isEnabled())
        path = write(tmp_path, "bien-ban.pdf", pdf_bytes())
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
        )
        before = section.list.count()
        qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
        dialog = QApplication.activeModalWidget()
        shot(dialog, f"attachments-dialog-{lang}")
        button = dialog.findChild(QDialogButtonBox).buttons()
        attach = next(b for b in button if b.text() == i18n._("Đính kèm"))
        qtbot.mouseClick(attach, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: section.list.count() == before + 1, timeout=10_000)
        generic = section.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        item = section.list.item(0)
        qtbot.waitUntil(
            lambda: item.icon().pixmap(64).toImage() != generic.pixmap(64).toImage(),
            timeout=10_000,
        )
        page.form.detailArea.ensureWidgetVisible(section)
        section.list.setCurrentRow(0)
        shot(window, f"attachments-person-{lang}")
        assert section.width() <= page.form.detailArea.viewport().width()
    finally:
        i18n.set_language("vi")
