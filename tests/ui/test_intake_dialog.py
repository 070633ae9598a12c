"""Intake in the window: a report recorded by keyboard from the People page opens a case that the
Cases page then selects with its deadline; child protection for an adult is refused at the field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from ctxh_desktop.ui.main_window import CASES, PEOPLE


def _target():
    return QApplication.activePopupWidget() or QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_target(), key, modifier)


def type_text(qtbot, text: str) -> None:
    """Type text as a keyboard does, Vietnamese letters included (QTest knows ASCII only)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(_target(), char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(_target(), event)


def tab_to(qtbot, widget) -> None:
    """Press Tab until the keyboard is on ``widget`` (as a user watching the focus would)."""
    for _step in range(20):
        if _target() is widget:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {widget.accessibleName()!r}")


def cell(table, row: int, header: str) -> str:
    """The text of a row under the column headed ``header``."""
    model = table.model()
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == header:
            return model.index(row, column).data()
    raise AssertionError(f"no column {header!r}")


def button(widget, text: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert found, f"no visible button {text!r}"
    return found[0]


def by_name(widget, name: str):
    found = [w for w in widget.findChildren(object) if getattr(w, "accessibleName", None)
             and w.accessibleName() == name]  # fmt: skip
    assert found, f"no control named {name!r}"
    return found[0]


def _pick_person(window, qtbot, idle, click_nav, query: str, child: bool):
    """On the People page, search and click the first person who is (or is not) a child."""
    click_nav(window, PEOPLE)
    page = window.people
    idle(page)
    qtbot.keyClick(page.form.searchEdit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.form.searchEdit, query)
    idle(page)
    table = page.form.table
    year = dt.date.today().year
    for row in range(page.model.rowCount()):
        born = cell(table, row, "Ngày sinh") or ""
        if (
            born[-4:].isdigit()
            and ((year - int(born[-4:]) <= 13) == child)
            and (child or year - int(born[-4:]) >= 30)
        ):
            rect = table.visualRect(table.model().index(row, 0))
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
            return page, page.current
    raise AssertionError("no such person on the first page of results")


def _open_intake(page, qtbot):
    qtbot.mouseClick(button(page, "Ghi nhận ca mới…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=5_000)
    dialog = page.editor
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is by_name(dialog, "Loại ca"), timeout=5_000)
    return dialog


def test_report_recorded_by_keyboard_from_people_opens_a_case_selected_with_its_deadline(
    window, qtbot, idle, click_nav
):
    page, person = _pick_person(window, qtbot, idle, click_nav, "thi", child=True)
    dialog = _open_intake(page, qtbot)
    kind = by_name(dialog, "Loại ca")
    assert _target() is kind and kind.currentText().startswith("Bảo vệ trẻ em")
    assert by_name(dialog, "Người được hỗ trợ").text() == person["full_name"]
    press(qtbot, Qt.Key.Key_Tab)  # → người được hỗ trợ (already chosen)
    press(qtbot, Qt.Key.Key_Tab)  # → đăng ký người mới
    press(qtbot, Qt.Key.Key_Tab)  # → thời điểm tiếp nhận
    received = by_name(dialog, "Thời điểm tiếp nhận")
    assert _target() is received
    yesterday = dt.date.today() - dt.timedelta(days=1)
    type_text(qtbot, yesterday.strftime("%d%m%Y") + "2300")
    assert received.dateTime().toString("yyyy-MM-ddTHH:mm") == f"{yesterday}T23:00"
    press(qtbot, Qt.Key.Key_Tab)  # → nguồn thông tin
    type_text(qtbot, "tong dai")
    assert by_name(dialog, "Nguồn thông tin").currentText() == "Tổng đài 111"
    press(qtbot, Qt.Key.Key_Tab)  # → người báo tin
    type_text(qtbot, "Bà Tư")
    press(qtbot, Qt.Key.Key_Tab)  # → liên hệ
    press(qtbot, Qt.Key.Key_Tab)  # → quan hệ
    press(qtbot, Qt.Key.Key_Tab)  # → vấn đề
    assert _target() is by_name(dialog, "Vấn đề")
    press(qtbot, Qt.Key.Key_Space)  # Bạo lực
    press(qtbot, Qt.Key.Key_Tab)  # → khẩn cấp
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)  # → cấp độ bảo vệ
    type_text(qtbot, "ho tro")
    assert by_name(dialog, "Cấp độ bảo vệ trẻ em").currentText() == "Hỗ trợ"
    press(qtbot, Qt.Key.Key_Tab)  # → tóm tắt
    type_text(qtbot, "Hàng xóm báo cháu bị đánh")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    cases_page = window.cases
    assert window.form.pages.currentIndex() == CASES
    table = cases_page.form.table
    qtbot.waitUntil(lambda: bool(table.selectionModel().selectedRows()), timeout=15_000)
    row = table.selectionModel().selectedRows()[0].row()
    assert cell(table, row, "Người được hỗ trợ") == person["full_name"]
    due = f"{dt.date.today():%d/%m/%Y} 11:00"
    deadline = cell(table, row, "Hạn tiếp theo")
    assert "12 giờ" in deadline and deadline.endswith(f": {due}")  # received 23:00 → 11:00
    detail = cases_page.form.detailText
    qtbot.waitUntil(lambda: due in detail.text(), timeout=10_000)
    assert "Hàng xóm báo cháu bị đánh" in detail.text()
    assert "Cấp độ bảo vệ trẻ em" in detail.text() and "Hỗ trợ" in detail.text()


def test_child_protection_for_an_adult_is_refused_at_the_person_field_and_nothing_saved(
    window, qtbot, idle, click_nav
):
    page, _person = _pick_person(window, qtbot, idle, click_nav, "van", child=False)
    window.cases.refresh()
    idle(window.cases)
    before = window.cases.model.total
    dialog = _open_intake(page, qtbot)
    kind = by_name(dialog, "Loại ca")
    assert kind.currentText().startswith("Quản lý trường hợp")  # an adult: the other kind first
    type_text(qtbot, "bao ve")
    assert kind.currentText().startswith("Bảo vệ trẻ em")
    error = dialog.form.personError
    assert error.isVisible() and "dưới 16 tuổi" in error.text()
    tab_to(qtbot, by_name(dialog, "Nguồn thông tin"))
    type_text(qtbot, "cong an")
    tab_to(qtbot, by_name(dialog, "Vấn đề"))
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible()
    assert error.isVisible() and "Luật Trẻ em 2016, Điều 1" in error.text()
    assert not dialog.form.sourceError.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    window.cases.refresh()
    idle(window.cases)
    assert window.cases.model.total == before


def test_new_case_from_the_cases_page_finds_the_person_as_you_type(window, qtbot, idle, click_nav):
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    before = page.model.total
    qtbot.mouseClick(button(page, "Tiếp nhận ca mới…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.intake_dialog.isVisible(), timeout=5_000)
    dialog = page.intake_dialog
    qtbot.waitUntil(lambda: _target() is by_name(dialog, "Loại ca"), timeout=5_000)
    type_text(qtbot, "quan ly")
    assert by_name(dialog, "Loại ca").currentText().startswith("Quản lý trường hợp")
    tab_to(qtbot, by_name(dialog, "Người được hỗ trợ"))
    type_text(qtbot, "nguyen thi")  # without accents, as on the People page
    finder = dialog.finder
    qtbot.waitUntil(
        lambda: finder.popup.isVisible() and finder.model.rowCount() > 0, timeout=10_000
    )
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    chosen = finder.person
    assert chosen is not None and "Nguyễn Thị" in chosen["full_name"]
    tab_to(qtbot, by_name(dialog, "Nguồn thông tin"))
    type_text(qtbot, "tu den")
    tab_to(qtbot, by_name(dialog, "Vấn đề"))
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    table = page.form.table
    qtbot.waitUntil(lambda: bool(table.selectionModel().selectedRows()), timeout=15_000)
    row = table.selectionModel().selectedRows()[0].row()
    assert cell(table, row, "Người được hỗ trợ") == chosen["full_name"]
    assert cell(table, row, "Loại ca") == "Quản lý trường hợp"
    assert cell(table, row, "Hạn tiếp theo").startswith("Xây dựng kế hoạch trong 5 ngày làm việc")
    assert page.model.total == before + 1


def test_someone_not_registered_is_registered_on_the_spot_and_chosen(
    window, qtbot, idle, click_nav
):
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    qtbot.mouseClick(button(page, "Tiếp nhận ca mới…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.intake_dialog.isVisible(), timeout=5_000)
    dialog = page.intake_dialog
    qtbot.waitUntil(lambda: _target() is by_name(dialog, "Loại ca"), timeout=5_000)
    tab_to(qtbot, by_name(dialog, "Người được hỗ trợ"))
    type_text(qtbot, "Giàng A Mới")
    tab_to(qtbot, by_name(dialog, "Đăng ký người mới"))
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.person_editor is not None and dialog.person_editor.isVisible())
    editor = dialog.person_editor
    assert editor.form.fullNameEdit.text() == "Giàng A Mới"  # what was typed comes along
    qtbot.keyClicks(editor.form.birthDateEdit, "12/03/2018")
    qtbot.mouseClick(button(editor, "Lưu"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10_000)
    assert dialog.finder.person is not None
    assert dialog.finder.person["full_name"] == "Giàng A Mới"
    assert by_name(dialog, "Người được hỗ trợ").text() == "Giàng A Mới"
    assert not dialog.form.personError.isVisible()  # a child: child protection is fine
    qtbot.waitUntil(lambda: _target() is by_name(dialog, "Thời điểm tiếp nhận"), timeout=5_000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
