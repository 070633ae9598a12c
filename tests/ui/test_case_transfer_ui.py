"""«Chuyển xã» in the window: the collaborator chooses the receiving commune by name; the case
closes here as transferred, read-only, with the line saying where it went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from ui_shots import shot

from ctxh_desktop.i18n import set_language
from ctxh_desktop.ui.main_window import CASES


def _button(widget, text: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert found, f"no visible button {text!r}"
    return found[0]


def _dialog(title: str) -> QDialog:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.isVisible() and w.windowTitle() == title
    ]
    assert found, f"no dialog {title!r}"
    return found[0]


def test_the_collaborator_moves_a_case_to_the_commune_chosen_by_name(
    window, qtbot, idle, click_nav
):
    click_nav(window, CASES)
    page = window.cases
    page.form.statusCombo.setCurrentIndex(page.form.statusCombo.findData("open"))
    idle(page)
    page.form.table.setFocus()
    qtbot.keyClick(page.form.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.form.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.current["status"] == "open"
    button = _button(page, "Chuyển xã…")
    assert button.accessibleName() == "Chuyển hồ sơ sang xã khác"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = _dialog("Chuyển hồ sơ sang xã khác")
    qtbot.waitUntil(lambda: dialog.commune.count() > 0, timeout=10_000)
    combo = dialog.commune
    assert combo.accessibleName() == "Xã nhận hồ sơ"
    combo.setFocus()
    qtbot.keyClicks(combo, "Ph")  # typing the start of a name chooses it
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    name = combo.currentText()
    assert name.startswith("Ph") and combo.currentData()
    qtbot.keyClicks(dialog.reason, "Gia dinh chuyen noi o")
    shot(dialog, "transfer-dialog-vi")
    qtbot.mouseClick(_button(dialog, "Chuyển hồ sơ"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: page.current.get("transferred_to") is not None, timeout=10_000)
    note = page.transfer.note
    assert note.isVisible() and name in note.text()
    assert not page.transfer.button.isVisible()  # read-only here now
    assert page.form.actionsBox.isHidden()
    shot(window, "transferred-case-vi")
    set_language("en")
    try:
        page.retranslate()
        qtbot.waitUntil(lambda: "read-only" in page.transfer.note.text(), timeout=10_000)
        shot(window, "transferred-case-en")
    finally:
        set_language("vi")
        page.retranslate()


def test_the_sync_page_takes_a_transfer_file_and_refuses_another_file_in_a_message(
    window, qtbot, click_nav, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from ctxh_desktop.ui.main_window import SYNC

    click_nav(window, SYNC)
    page = window.sync.commune_page
    qtbot.waitUntil(lambda: page.transfers.button.isVisible(), timeout=10_000)
    button = _button(page, "Nhận hồ sơ chuyển đến…")
    assert button.accessibleName() == "Nhận hồ sơ chuyển đến từ tệp của văn phòng"
    wrong = tmp_path / "khong-phai.ctxh"
    wrong.write_bytes(b"not a bundle")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(wrong), ""))
    )
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text: said.append(text))
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "Traceback" not in said[0]
