"""At an office, a commune's case reached from the Home to-do list is shown read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_windows import office_window_over
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton
from ui_shots import shot

from ctxh_desktop.core import workflow
from ctxh_desktop.services import exchange
from ctxh_desktop.storage import keyfile

PASS = "mật khẩu văn phòng"


def _office_with_an_overdue_case(path):
    created = exchange.create_office(
        path,
        PASS,
        "khóa văn phòng",
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )
    Path(f"{path}.sheet.txt").write_text(created.recovery_sheet, encoding="utf-8")
    store = created.session.store
    at = "2026-01-05T08:00"
    with store.atomic():
        person = store.insert("person", {"commune": "00004", "full_name": "N.V.Đ."})
        data = {"person_id": person["id"], "received_at": at, "source": "school", "emergency": True}
        opened = workflow.new_case("child_protection", data | {"problem_types": ["violence"]}, at)
        case = store.insert(
            "case_file",
            opened.changes
            | {"commune": "00004", "kind": "child_protection", "code": "2026-0001-A"},
        )
        for event in opened.events:
            store.insert("case_event", event | {"case_id": case["id"], "commune": "00004"})
    return created.session


@pytest.fixture
def office_window(gui_app, qtbot, tmp_path):
    yield from office_window_over(qtbot, _office_with_an_overdue_case, tmp_path / "office.db")


def test_office_todo_opens_a_read_only_case(office_window, qtbot):
    home = office_window.home
    todo = home.form.todoList
    qtbot.waitUntil(lambda: todo.count() > 0, timeout=15_000)
    rect = todo.visualItemRect(todo.item(0))
    qtbot.mouseClick(todo.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(todo, Qt.Key.Key_Return)
    page = office_window.cases
    qtbot.waitUntil(lambda: page.current is not None, timeout=15_000)
    assert office_window.current_page() is page
    assert page.read_only_banner.isVisible()
    assert "chỉ xem" in page.read_only_banner.text()
    assert not page.form.actionsBox.isVisible()
    shown = [
        b.text() for b in page.findChildren(QPushButton) if b.isVisible() and b.property("action")
    ]
    assert shown == []
    shot(page, "cases_read_only_vi")


def test_office_home_shows_office_cards_and_settings_speak_of_the_unit(office_window, qtbot):
    home = office_window.home
    assert not home.form.supportsCard.isVisible()
    assert home.form.peopleCaption.text() == "Xã phải báo cáo"
    assert home.form.consultationsCaption.text() == "Tệp đang tạm giữ"
    office_window.show_page(7)  # Settings
    settings = office_window.settings
    qtbot.waitUntil(lambda: settings.profile is not None, timeout=15_000)
    labels = [w.text() for w in settings.findChildren(QLabel) if w.isVisible()]
    assert "Mã đơn vị:" in labels and "Cán bộ tổng hợp:" in labels
    assert not {"Mã xã:", "Tên xã:", "Cộng tác viên CTXH:", "Chủ tịch/người ký:"} & set(labels)
    assert settings.form.communeCodeEdit.text() == "01"


def test_submission_table_filters_by_status(office_window, qtbot):
    office_window.show_page(6)  # Sync: the office page
    page = office_window.sync.office_page
    qtbot.waitUntil(lambda: page.overview is not None, timeout=30_000)
    combo = page.findChild(QComboBox, "statusFilter")
    table = page.form.communesTable
    shown = lambda: [r for r in range(table.rowCount()) if not table.isRowHidden(r)]  # noqa: E731
    total = len(shown())
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Tất cả",
        "Còn thiếu",
        "Quá hạn",
        "Đủ",
    ]
    combo.setCurrentIndex(3)  # Đủ: no commune has sent anything
    assert shown() == []
    combo.setCurrentIndex(0)
    assert len(shown()) == total


def test_the_key_recovery_sheet_sets_a_new_key_passphrase_in_the_window(
    office_window, qtbot, tmp_path
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from ctxh_desktop.services import exchange
    from ctxh_desktop.ui.main_window import SYNC

    office_window.show_page(SYNC)
    page = office_window.sync.office_page
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Quên mật khẩu khóa?")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.key_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.sheetEdit.setPlainText((tmp_path / "office.db.sheet.txt").read_text("utf-8"))  # pasted
    qtbot.keyClicks(dialog.newEdit, "khoa-moi-cua-so-2026")
    qtbot.keyClicks(dialog.confirmEdit, "khoa-moi-cua-so-2026")
    dialog.grab().save(str(tmp_path / "office-key-recovery.png"))
    qtbot.mouseClick(dialog.okButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.fingerprint), timeout=30_000)
    worker = office_window.worker
    found: list = []
    worker.call(exchange.unlock_office, "khoa-moi-cua-so-2026", on_done=found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=30_000)
    assert found[0][0].fingerprint == dialog.fingerprint
