"""At an office, the data a revoked device sent is taken back from the Sync page: the clerk picks
the device, reads what will be removed in the confirmation, confirms and gives the key passphrase."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton
from ui_shots import shot

from ctxh_desktop import i18n
from ctxh_desktop.services import exchange, session, stats
from ctxh_desktop.storage import keyfile
from ctxh_desktop.sync import keys

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng 2026"


@pytest.fixture
def office_worker(gui_app, tmp_path):
    """An office holding one commune's snapshot, whose device was then revoked."""
    from ctxh_desktop.ui.worker import Worker

    created = exchange.create_office(
        tmp_path / "office.db", PASS, KEYPASS, unit_code="01", unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )  # fmt: skip
    office = created.session
    (tmp_path / "office.cfg").write_bytes(created.config)
    commune = session.create_demo_database(tmp_path / "xa.db", commune="00004")
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(tmp_path / "office.cfg"))
    exchange.trust_office(commune, tmp_path / "office.cfg", fp)
    efp = exchange.write_enrolment(commune, tmp_path / "xa.enrol")
    exchange.enrol_device(office, tmp_path / "xa.enrol", efp)
    snapshot = exchange.export(commune, tmp_path, full=True).path
    assert exchange.import_files(office, [snapshot], KEYPASS)[0].status == "accepted"
    exchange.revoke_device(office, commune.store.device_id)
    commune.close()
    office.close()
    worker = Worker()
    worker.open(session.open_session, tmp_path / "office.db", PASS)
    assert worker.wait_idle(60_000)
    yield worker
    worker.shutdown()


def test_the_purge_button_confirms_what_it_removes_then_takes_the_data_back(
    office_worker, qtbot, monkeypatch
):
    from ctxh_desktop.ui.pages.office import OfficePage

    page = OfficePage(office_worker)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    button = next(
        b
        for b in page.findChildren(QPushButton)
        if b.accessibleName() == "Xóa dữ liệu của thiết bị đã thu hồi"
    )
    offered: list[str] = []

    def choose(_parent, _title, _label, items, *_a, **_k):
        offered.extend(items)
        return items[0], True

    answers = iter([("", True), (KEYPASS, True)])  # the day (empty: all), then the key
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page.purges, "box", None) is not None, timeout=30_000)
    box = page.purges.box
    qtbot.waitUntil(box.isVisible, timeout=5_000)
    assert offered and offered[0].startswith("00004")
    assert "Sẽ xóa 1 tệp" in box.text() and "tất cả các lần nhận" in box.text()
    assert box.accessibleName() == "Xác nhận xóa dữ liệu của thiết bị"
    shot(box, "purge-confirm-vi")
    shot(page, "office-page-purge-vi")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            "Đã xóa 1 tệp" in page.form.resultList.item(i).text()
            for i in range(page.form.resultList.count())
        ),
        timeout=60_000,
    )
    i18n.set_language("en")
    try:
        page.retranslate()
        assert page.purges.button.text() == "Remove a revoked device's data…"
        shot(page, "office-page-purge-en")
    finally:
        i18n.set_language("vi")
        page.retranslate()
    out: dict = {}
    office_worker.call(stats.compute_stats, on_done=lambda r: out.update(r=r))
    assert office_worker.wait_idle(30_000)
    assert out["r"]["counts"].get("people", 0) == 0


def test_the_purge_confirmation_in_english(gui_app, qtbot):
    from ctxh_desktop.ui.pages.office_purge import confirmation

    i18n.set_language("en")
    try:
        text = confirmation(
            {"device_id": "abc", "commune": "00004", "since": "2026-01-01", "files": 2, "rows": 9}
        )
        assert "2 files (9 rows)" in text and "2026-01-01" in text
        box = QMessageBox(QMessageBox.Icon.Warning, "Remove a device's data", text)
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        shot(box, "purge-confirm-en")
    finally:
        i18n.set_language("vi")
