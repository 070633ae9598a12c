"""Importing an Excel list from the People page, like a collaborator: choose the file, check the
columns, look at the preview, confirm; nothing is written before the confirmation."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from ctxh_desktop.ui.main_window import PEOPLE

SHOTS = os.environ.get("CTXH_SHOTS")


def _workbook_helpers():
    """The 200-people workbook of the service tests (same file, same bad rows)."""
    path = Path(__file__).resolve().parent.parent / "services" / "test_list_import.py"
    spec = importlib.util.spec_from_file_location("list_import_workbook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


book = _workbook_helpers()


@pytest.fixture
def commune_window(gui_app, qtbot, tmp_path):
    """A main window on a new, empty commune (one person already recorded)."""
    from ctxh_desktop.services import session as sessions
    from ctxh_desktop.storage import keyfile
    from ctxh_desktop.ui.main_window import MainWindow
    from ctxh_desktop.ui.worker import Worker

    def _create():
        s, _code = sessions.create_commune(
            tmp_path / "xa.db", "mat-khau-thu", "00004", kdf=keyfile.FAST_KDF
        )
        book.record_existing(s)
        return s

    worker = Worker()
    errors = []
    worker.open(_create, on_error=errors.append)
    assert worker.wait_idle(60_000) and not errors, errors
    win = MainWindow(worker)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    with qtbot.waitSignal(win.data_loaded, timeout=30_000):
        win.set_session(worker.session)
    yield win
    worker.shutdown()


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _count(win) -> int:
    from ctxh_desktop.services import people

    got = []
    win.worker.call(people.count_people, on_done=got.append)
    win.worker.wait_idle()
    return got[0]


def test_importing_the_list_writes_the_good_rows_after_confirmation(
    commune_window, qtbot, idle, click_nav, tmp_path, monkeypatch
):
    win = commune_window
    path = tmp_path / "danh-sach.xlsx"
    book.write_people_list(path)
    click_nav(win, PEOPLE)
    page = win.people
    idle(page)
    assert page.model.total == 1

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    _click(qtbot, page.import_button)
    dialog = page.editor
    f = dialog.form
    _click(qtbot, f.browseButton)
    qtbot.waitUntil(lambda: dialog.sheet is not None, timeout=15_000)
    assert f.sheetCombo.currentText() == "Danh sách"
    assert "200" in f.fileInfo.text()

    # Columns: guessed from the Vietnamese headers; "STT" is left out.
    _click(qtbot, f.nextButton)
    assert dialog.mapping() == {
        1: "full_name",
        2: "birth_date",
        3: "gender",
        4: "ethnicity",
        5: "id_number",
        6: "phone",
        7: "address_detail",
        8: "household_status",
        9: "child_groups",
    }
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(Path(SHOTS) / "import-mapping.png"))

    # Preview: 3 errors in red, 2 duplicates in orange, nothing written yet.
    _click(qtbot, f.nextButton)
    qtbot.waitUntil(lambda: bool(dialog.rows) and not dialog.busy, timeout=30_000)
    good = book.N_ROWS - 5
    assert f.nextButton.text() == f"Nhập {good} dòng hợp lệ"
    assert "3 dòng có lỗi" in f.summaryLabel.text()
    table = f.previewTable
    statuses = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    first = book.FIRST_DATA_ROW
    assert statuses[str(first + book.LONG_CCCD)] == "Có lỗi"
    assert statuses[str(first + book.ALREADY_RECORDED)] == "Có thể trùng"
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == str(first + 60))
    assert "Đỗ Thị Có Sẵn" in table.item(row, 5).text()
    assert table.item(row, 5).foreground().color().name() == "#b45f06"
    qtbot.mouseClick(
        f.problemsCheck, Qt.MouseButton.LeftButton, pos=QPoint(8, f.problemsCheck.height() // 2)
    )
    assert sum(not table.isRowHidden(r) for r in range(table.rowCount())) == 5
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "import-preview.png"))
    assert _count(win) == 1

    # Confirm.
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as signal:
        _click(qtbot, f.nextButton)
    assert signal.args[0] == {"imported": good, "skipped": 5}
    assert str(good) in f.resultLabel.text()
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "import-result.png"))
    assert _count(win) == good + 1
    idle(page)
    assert page.model.total == good + 1
    _click(qtbot, f.closeButton)


def test_the_file_menu_opens_the_import_too(commune_window, qtbot):
    win = commune_window
    win.import_action.trigger()
    assert win.form.pages.currentIndex() == PEOPLE
    dialog = win.people.editor
    assert dialog.isVisible() and not dialog.form.nextButton.isEnabled()
    dialog.reject()
