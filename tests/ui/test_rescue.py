"""Getting back into a database from the "Mở cơ sở dữ liệu" dialog: a damaged file restored from a
chosen backup, told what will be lost; a forgotten passphrase replaced with the recovery code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from ctxh_desktop.services import backups, people
from ctxh_desktop.services import session as sessions
from ctxh_desktop.storage import keyfile
from ctxh_desktop.ui.dialogs.open_database import OpenDatabaseDialog

PASS = "mat-khau-cua-xa"


def _button(widget, text: str) -> QPushButton:
    found = [b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert found, f"no visible button {text!r}"
    return found[0]


def _when_modal(qtbot, act) -> None:
    """Run ``act(dialog)`` on the next modal dialog once it is shown (it blocks in ``exec``)."""

    def _poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, _poll)
            return
        act(dialog)

    QTimer.singleShot(50, _poll)


@pytest.fixture
def damaged(tmp_path):
    """A commune database with an older backup (1 person), a newer one (2), then damaged."""
    path = tmp_path / "xa.db"
    s, code = sessions.create_commune(path, PASS, "00004", kdf=keyfile.FAST_KDF)
    people.register_person(s, {"full_name": "Lò Văn Páo", "sex": "male", "birth_date": "1980"})
    backups.backup_now(s, reason="daily")
    people.register_person(s, {"full_name": "Lò Thị Mai", "sex": "female", "birth_date": "1985"})
    backups.backup_now(s, reason="manual")
    s.close()
    raw = bytearray(path.read_bytes())
    raw[200:4000] = b"\0" * 3800
    path.write_bytes(bytes(raw))
    return path, code


def test_a_damaged_database_is_restored_from_a_chosen_backup(gui_app, qtbot, damaged, tmp_path):
    path, _code = damaged
    dialog = OpenDatabaseDialog(str(path), "Tệp xa.db bị hỏng")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.passphraseEdit, PASS)
    seen: dict[str, str] = {}

    def _choose(chooser) -> None:
        table = chooser.table
        assert table.rowCount() == 2
        assert "1 người" in table.item(1, 2).text() and "2 người" in table.item(0, 2).text()
        table.selectRow(1)  # the older one
        seen["loss"] = chooser.lossLabel.text()
        chooser.grab().save(str(tmp_path / "restore-chooser.png"))

        def _confirm(box: QMessageBox) -> None:
            seen["question"] = box.text()
            box.button(QMessageBox.StandardButton.Yes).click()

        _when_modal_after(chooser, _confirm)
        qtbot.mouseClick(_button(chooser, "Khôi phục bản đã chọn"), Qt.MouseButton.LeftButton)

    def _when_modal_after(parent, act) -> None:
        def _poll() -> None:
            box = QApplication.activeModalWidget()
            if box is None or box is parent:
                QTimer.singleShot(50, _poll)
                return
            act(box)

        QTimer.singleShot(50, _poll)

    _when_modal(qtbot, _choose)
    qtbot.mouseClick(_button(dialog, "Khôi phục từ bản sao lưu…"), Qt.MouseButton.LeftButton)
    assert seen["loss"].startswith("Những gì nhập sau") and "sẽ mất" in seen["loss"]
    assert "1 người" in seen["question"]
    assert dialog.choice == ("db", str(path), PASS)

    again = sessions.open_session(path, PASS)
    assert people.count_people(again) == 1
    again.close()
    assert list(tmp_path.glob("xa.db.before-restore-*"))  # the damaged file is kept aside


def test_the_recovery_code_sets_a_new_passphrase_in_the_window(gui_app, qtbot, tmp_path):
    path = tmp_path / "xa.db"
    s, code = sessions.create_commune(path, PASS, "00004", kdf=keyfile.FAST_KDF)
    s.close()
    dialog = OpenDatabaseDialog(str(path))
    qtbot.addWidget(dialog)
    dialog.show()

    def _recover(box) -> None:
        qtbot.keyClicks(box.codeEdit, "SAI-MA")
        qtbot.keyClicks(box.newEdit, "mat-khau-moi-cua-xa")
        qtbot.keyClicks(box.confirmEdit, "mat-khau-moi-cua-xa")
        box.okButton.click()
        assert "không đúng" in box.errorLabel.text()  # a wrong code changes nothing
        box.codeEdit.clear()
        qtbot.keyClicks(box.codeEdit, code.lower())
        box.grab().save(str(tmp_path / "recover.png"))
        box.okButton.click()

    _when_modal(qtbot, _recover)
    qtbot.mouseClick(_button(dialog, "Quên mật khẩu?"), Qt.MouseButton.LeftButton)
    assert dialog.form.passphraseEdit.text() == "mat-khau-moi-cua-xa"
    dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Open).click()
    assert dialog.choice == ("db", str(path), "mat-khau-moi-cua-xa")
    sessions.open_session(path, "mat-khau-moi-cua-xa").close()
