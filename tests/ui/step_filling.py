"""Filling a case step dialog through its widgets, as a person would (shared by the GUI tests).

Qt's key simulation types ASCII only, so typed text has no diacritics."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
)


def _visible_buttons(widget, text: str) -> list[QPushButton]:
    return [
        b
        for b in widget.findChildren(QPushButton)
        if b.text().replace("&", "") == text and b.isVisible() and b.isEnabled()
    ]


def click_button(qtbot, widget, text: str) -> None:
    """Click the visible, enabled push button of ``widget`` whose text is ``text`` (waiting for
    buttons just laid out to be shown)."""
    qtbot.waitUntil(lambda: bool(_visible_buttons(widget, text)), timeout=5_000)
    qtbot.mouseClick(_visible_buttons(widget, text)[0], Qt.MouseButton.LeftButton)


def wait_providers(qtbot, combo: QComboBox) -> None:
    """Wait until a provider combo box holds the directory (blank entry + providers)."""
    qtbot.waitUntil(lambda: combo.count() > 1, timeout=10_000)


def tick(qtbot, box: QCheckBox) -> None:
    """Click a check box on its indicator (its centre may lie past its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def fill_activity(qtbot, editor, what: str, who: str) -> int:
    """Click "Thêm hoạt động" and type one activity; choose the directory's first provider."""
    click_button(qtbot, editor, "Thêm hoạt động")
    row = editor.table.rowCount() - 1
    qtbot.keyClicks(editor.table.cellWidget(row, 0), what)
    qtbot.keyClicks(editor.table.cellWidget(row, 1), who)
    combo = editor.table.cellWidget(row, 2)
    wait_providers(qtbot, combo)
    combo.setCurrentIndex(1)
    return row


def fill_plan(qtbot, editor, rows) -> None:
    """Type objectives, add activity rows and the timeframe into a plan editor."""
    editor.objectives.clear()
    qtbot.keyClicks(editor.objectives, "Bao dam an toan cho tre")
    for what, who in rows:
        fill_activity(qtbot, editor, what, who)
    editor.timeframe.clear()
    qtbot.keyClicks(editor.timeframe, "6 thang")


def fill_step_dialog(qtbot, dialog, rows=(("Tham gia dinh", "Cong tac vien"),)) -> None:
    """Give every field the dialog shows a valid value, through its widget (``rows``: the plan's
    activities, what and who)."""
    if dialog.new_plan is not None:
        tick(qtbot, dialog.new_plan)
        assert dialog.new_plan.isChecked() and dialog.plan_editor.isEnabled()
    for name, widget in dialog.widgets.items():
        if name == "plan":
            fill_plan(qtbot, dialog.plan_editor, rows)
        elif isinstance(widget, QDateTimeEdit):
            assert widget.dateTime().isValid()  # now: valid for every step
        elif isinstance(widget, QComboBox):
            if name == "provider_id":
                wait_providers(qtbot, widget)
            widget.setCurrentIndex(1 if widget.itemData(0) is None else 0)
        elif isinstance(widget, QListWidget):
            widget.item(0).setCheckState(Qt.CheckState.Checked)
        elif isinstance(widget, QPlainTextEdit):
            qtbot.keyClicks(widget, "Ghi chep chi tiet")
        elif isinstance(widget, QCheckBox):
            tick(qtbot, widget)
            assert widget.isChecked()
        elif isinstance(widget, QLineEdit):
            qtbot.keyClicks(widget, "Nguyen Van An, Chu tich UBND xa")


def save_step_dialog(qtbot, dialog) -> dict:
    """Click Lưu and return the case the service gave back (fails with the dialog's errors)."""
    saved: list[dict] = []
    dialog.saved.connect(saved.append)
    click_button(qtbot, dialog, "Lưu")
    errors = dialog.form.generalError
    qtbot.waitUntil(lambda: bool(saved) or dialog.form.buttonBox.isEnabled(), timeout=15_000)
    shown = {k: v.text() for k, v in dialog.errors.items() if v.text()}
    assert saved, f"refused: {errors.text()} {shown}"
    return saved[0]
