"""The register of the people who do the work, opened from Settings: a collaborator typed in,
a course added under her, the provider directory's social-work fields; and the dialogs fit
1366×768 in both languages with no text cut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from screen_fit import clipped, fits_minimum
from ui_shots import shot

from ctxh_desktop import i18n
from ctxh_desktop.i18n import _
from ctxh_desktop.ui.main_window import SETTINGS


def _settle(worker, qtbot) -> None:
    for _round in range(3):
        worker.wait_idle(30_000)
        qtbot.wait(30)


def _open(window, demo_worker, qtbot):
    window.resize(1366, 768)
    window.show_page(SETTINGS)
    _settle(demo_worker, qtbot)
    box = window.settings.staff
    shot(window, f"settings-{i18n.current_language()}")
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    dialog = box.dialog
    qtbot.waitExposed(dialog)
    _settle(demo_worker, qtbot)
    return dialog


def _input(dialog, name: str):
    found = [w for w in dialog.findChildren(QLineEdit) if w.accessibleName() == _(name)]
    assert found, name
    return found[0]


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_a_collaborator_and_her_course_are_typed_in(window, demo_worker, qtbot):
    dialog = _open(window, demo_worker, qtbot)
    people = dialog.people
    before = people.table.rowCount()
    assert before >= 2  # the demo's collaborator and civil servant
    qtbot.mouseClick(people.new_button, Qt.MouseButton.LeftButton)
    _type(qtbot, _input(dialog, "Họ và tên"), "Ha Thi Mai")
    role = people.inputs["role"]
    role.setCurrentIndex(role.findText(_("Cộng tác viên công tác xã hội")))
    _type(qtbot, _input(dialog, "Làm từ ngày"), "01/02/2024")
    _type(qtbot, _input(dialog, "Phụ cấp hằng tháng (đồng)"), "1.500.000")
    qtbot.mouseClick(people.save_button, Qt.MouseButton.LeftButton)
    _settle(demo_worker, qtbot)
    qtbot.waitUntil(lambda: people.table.rowCount() == before + 1)
    assert people.current and people.current["full_name"] == "Ha Thi Mai"
    assert dialog.trainings.isEnabled()

    _type(qtbot, _input(dialog, "Tên khóa tập huấn"), "Ky nang CTXH")
    _type(qtbot, _input(dialog, "Ngày bắt đầu khóa"), "02/03/2026")
    _type(qtbot, _input(dialog, "Số giờ"), "40")
    qtbot.mouseClick(dialog.trainings.save_button, Qt.MouseButton.LeftButton)
    _settle(demo_worker, qtbot)
    qtbot.waitUntil(lambda: dialog.trainings.table.rowCount() == 1)
    shot(dialog, "staff-register-vi")

    _type(qtbot, _input(dialog, "Số giờ"), "abc")
    qtbot.mouseClick(dialog.trainings.save_button, Qt.MouseButton.LeftButton)
    _settle(demo_worker, qtbot)
    assert _("Số giờ") in dialog.trainings.error.text()
    assert QApplication.focusWidget() is _input(dialog, "Số giờ")
    dialog.reject()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_staff_register_and_directory_fit_1366x768(window, demo_worker, qtbot, language):
    i18n.set_language(language)
    try:
        dialog = _open(window, demo_worker, qtbot)
        dialog.people.table.selectRow(0)
        _settle(demo_worker, qtbot)
        size = QSize(1366, 768)
        assert fits_minimum(dialog, size) is None
        assert clipped(dialog) == []
        shot(dialog, f"staff-{language}")
        dialog.open_providers()
        _settle(demo_worker, qtbot)
        providers = [
            w for w in QApplication.topLevelWidgets() if type(w).__name__ == "ProvidersDialog"
        ]
        directory = providers[-1]
        centre = next(
            r
            for r, row in enumerate(directory.rows)
            if row["name"].startswith("Trung tâm Công tác")
        )
        directory.form.providerTable.selectRow(centre)
        _settle(demo_worker, qtbot)
        assert directory.work.offers_sw.isChecked()  # the demo's provincial centre
        assert fits_minimum(directory, size) is None
        assert clipped(directory) == []
        shot(directory, f"providers-{language}")
        directory.reject()
        dialog.reject()
    finally:
        i18n.set_language("vi")
