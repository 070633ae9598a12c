"""The "Đồng bộ" page as a person uses it: installing the office config (typing its fingerprint),
exporting a bundle through the wizard, and the office importing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QPushButton,
)
from ui_shots import shot

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import exchange

KEY_PASSPHRASE = "khóa đơn vị thử 2026"
DB_PASSPHRASE = "mật khẩu đơn vị thử"


def call(worker, fn, *args, **kwargs):
    """Run a service call in a worker and return its result (or raise its error)."""
    out: dict = {}
    worker.call(
        fn, *args, on_done=lambda r: out.update(r=r), on_error=lambda e: out.update(e=e), **kwargs
    )
    assert worker.wait_idle(60_000)
    if "e" in out:
        raise out["e"]
    return out["r"]


@pytest.fixture(scope="module")
def commune_worker(gui_app, tmp_path_factory):
    """A worker on its own small demo commune (exports change its state)."""
    from ctxh_desktop.services.session import create_demo_session
    from ctxh_desktop.ui.worker import Worker

    worker = Worker()
    worker.open(create_demo_session, tmp_path_factory.mktemp("commune"), scale="small")
    assert worker.wait_idle(120_000)
    yield worker
    worker.shutdown()


@pytest.fixture(scope="module")
def office(gui_app, tmp_path_factory):
    """A receiving office for the demo commune's province, its config file and fingerprint."""
    from ctxh_desktop.storage import keyfile

    folder = tmp_path_factory.mktemp("office")
    created = exchange.create_office(
        folder / "office.db",
        DB_PASSPHRASE,
        KEY_PASSPHRASE,
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )
    config = folder / "don-vi.ctxhcfg"
    exchange.save_file(config, created.config)
    created.session.close()
    return {"db": folder / "office.db", "config": config, "fingerprint": created.fingerprint}


@pytest.fixture(scope="module")
def office_worker(office):
    from ctxh_desktop.services.session import open_session
    from ctxh_desktop.ui.worker import Worker

    worker = Worker()
    worker.open(open_session, office["db"], DB_PASSPHRASE)
    assert worker.wait_idle(60_000)
    yield worker
    worker.shutdown()


def trusted(worker):
    try:
        return call(worker, exchange.trusted_config)
    except UserError:
        return None


@pytest.fixture
def sync_page(commune_worker, qtbot):
    from ctxh_desktop.ui.pages.sync import SyncPage

    page = SyncPage(commune_worker)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.idle, timeout=15_000)
    return page


def open_trust_dialog(page, qtbot, monkeypatch, config: Path):
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(config), ""))
    )
    qtbot.mouseClick(page.form.trustButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=15_000)
    return page.dialog


def press_ok(dialog, qtbot):
    ok = dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_wrong_fingerprint_installs_nothing(sync_page, commune_worker, office, qtbot, monkeypatch):
    page = sync_page
    assert "Chưa cài cấu hình" in page.form.officeLabel.text()
    assert not page.form.exportButton.isEnabled()
    dialog = open_trust_dialog(page, qtbot, monkeypatch, office["config"])
    assert "Sở Y tế Hà Nội" in dialog.form.subjectLabel.text()
    # too short: refused at once
    qtbot.keyClicks(dialog.form.fingerprintEdit, office["fingerprint"][:19])  # 16 characters
    press_ok(dialog, qtbot)
    assert "đủ 20 ký tự" in dialog.form.errorLabel.text()
    # long enough but wrong in its last character: the service refuses, the dialog stays open
    last = "A" if not office["fingerprint"].endswith("A") else "B"
    wrong = office["fingerprint"][:-1] + last
    dialog.form.fingerprintEdit.clear()
    qtbot.keyClicks(dialog.form.fingerprintEdit, wrong)
    press_ok(dialog, qtbot)
    qtbot.waitUntil(lambda: "không khớp" in dialog.form.errorLabel.text(), timeout=15_000)
    assert dialog.isVisible()
    dialog.grab().save("/tmp/ctxh_sync_fingerprint_wrong.png")
    assert trusted(commune_worker) is None
    dialog.reject()


def test_the_whole_fingerprint_installs_the_office(
    sync_page, commune_worker, office, qtbot, monkeypatch
):
    page = sync_page
    dialog = open_trust_dialog(page, qtbot, monkeypatch, office["config"])
    typed = office["fingerprint"].lower().replace("-", " ")
    qtbot.keyClicks(dialog.form.fingerprintEdit, typed)
    press_ok(dialog, qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    qtbot.waitUntil(lambda: page.idle and bool((page.status or {}).get("office")), timeout=15_000)
    text = page.form.officeLabel.text()
    assert "Sở Y tế Hà Nội" in text and office["fingerprint"] in text
    assert page.form.exportButton.isEnabled()
    assert trusted(commune_worker)["unit_code"] == "01"


def ensure_trusted(worker, office) -> None:
    if trusted(worker) is None:
        call(worker, exchange.trust_office, office["config"], office["fingerprint"])


def test_export_full_bundle_through_the_wizard(
    sync_page, commune_worker, office, qtbot, monkeypatch, tmp_path
):
    ensure_trusted(commune_worker, office)
    page = sync_page
    page.refresh()
    qtbot.waitUntil(lambda: page.idle, timeout=15_000)
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    qtbot.mouseClick(page.form.exportButton, Qt.MouseButton.LeftButton)
    wizard = page.dialog
    qtbot.waitUntil(wizard.isVisible)
    assert wizard.form.fullRadio.isChecked()  # nothing was exported yet: the whole data
    qtbot.mouseClick(wizard.form.browseButton, Qt.MouseButton.LeftButton)
    assert wizard.form.folderEdit.text() == str(tmp_path)
    wizard.grab().save("/tmp/ctxh_export_wizard_choose.png")
    qtbot.mouseClick(wizard.form.exportButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.result_info is not None, timeout=30_000)
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].suffix == ".ctxh" and files[0].stat().st_size > 0
    assert wizard.result_info["kind"] == "snapshot"
    assert str(files[0]) in wizard.form.resultLabel.text()
    assert wizard.form.openFolderButton.isVisible()
    wizard.grab().save("/tmp/ctxh_export_wizard_done.png")
    qtbot.mouseClick(wizard.form.closeButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.idle and page.form.historyTable.rowCount() >= 1, timeout=15_000)
    assert str(files[0]) in page.form.lastExportLabel.text()
    assert page.form.historyTable.item(0, 1).text() == "Toàn bộ dữ liệu"
    assert page.form.historyTable.item(0, 3).text() == files[0].name
    page.grab().save("/tmp/ctxh_sync_page.png")


def test_office_imports_the_bundle(
    commune_worker, office, office_worker, qtbot, monkeypatch, tmp_path
):
    from ctxh_desktop.ui.pages.office import OfficePage

    ensure_trusted(commune_worker, office)
    enrolment = tmp_path / "dang-ky.ctxhdev"
    fingerprint = call(commune_worker, exchange.write_enrolment, enrolment)
    call(office_worker, exchange.enrol_device, enrolment, fingerprint)
    result = call(commune_worker, exchange.export, tmp_path, full=True)
    commune = result.header["commune"]

    page = OfficePage(office_worker)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.idle and page.overview is not None, timeout=30_000)

    def row_of(code):
        table = page.form.communesTable
        for r in range(table.rowCount()):
            if table.item(r, 0).text() == code:
                return r
        raise AssertionError(code)

    assert page.form.communesTable.item(row_of(commune), 3).text() == "Chưa gửi"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(result.path)], ""))
    )
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: (KEY_PASSPHRASE, True))
    )
    qtbot.mouseClick(page.form.importButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.results) and page.idle, timeout=60_000)
    line = page.form.resultList.item(0).text()
    assert line.startswith(result.path.name) and "Đã nhận" in line
    last = page.form.communesTable.item(row_of(commune), 3).text()
    assert last and last != "Chưa gửi"
    indicators = page.form.indicatorsTable
    codes = [indicators.item(r, 0).text() for r in range(indicators.rowCount())]
    assert commune in codes
    assert indicators.item(indicators.rowCount() - 1, 1).text() == "Tổng cộng"
    page.grab().save("/tmp/ctxh_office_page.png")

    # a breakdown in place of the main figures: its parts add up to the main figure
    def total_of(header):
        heads = [indicators.horizontalHeaderItem(c).text() for c in range(indicators.columnCount())]
        return int(
            indicators.item(indicators.rowCount() - 1, heads.index(header)).text().replace(".", "")
        )

    sessions = total_of("Buổi tư vấn")
    view = next(
        c for c in page.findChildren(QComboBox) if c.accessibleName() == "Bảng số liệu theo xã"
    )
    view.setCurrentIndex(view.findText("Buổi tư vấn theo hình thức"))
    last = indicators.rowCount() - 1
    parts = [
        int(indicators.item(last, c).text().replace(".", ""))
        for c in range(2, indicators.columnCount())
    ]
    assert parts and sum(parts) == sessions
    page.form.tabs.setCurrentWidget(page.form.indicatorsTab)
    page.resize(1366, 768)
    shot(page, "office_breakdown_vi")
    from ctxh_desktop import i18n

    i18n.set_language("en")
    try:
        page.retranslate()
        assert view.currentText() == "Counselling sessions by channel"
        shot(page, "office_breakdown_en")
    finally:
        i18n.set_language("vi")
        page.retranslate()

    # the same file again: nothing changes
    page.results = []
    qtbot.mouseClick(page.form.importButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.results) and page.idle, timeout=60_000)
    assert "Đã nhập trước đây" in page.form.resultList.item(0).text()

    # drill-down: the commune's records, read only
    page.show_commune(commune, "")
    qtbot.waitUntil(lambda: page.idle and page.drill is not None, timeout=15_000)
    assert page.form.drillTable.rowCount() > 0
    page.grab().save("/tmp/ctxh_office_drill.png")


def test_office_writes_a_receipt_the_commune_can_read(
    commune_worker, office, office_worker, qtbot, monkeypatch, tmp_path
):
    from ctxh_desktop.ui.pages.office import OfficePage

    ensure_trusted(commune_worker, office)
    if not call(office_worker, exchange.receipt_devices):
        enrolment = tmp_path / "dang-ky.ctxhdev"
        fingerprint = call(commune_worker, exchange.write_enrolment, enrolment)
        call(office_worker, exchange.enrol_device, enrolment, fingerprint)
    page = OfficePage(office_worker)
    qtbot.addWidget(page)
    page.show()
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Viết biên nhận cho xã…")
    offered = []

    def choose(_parent, _title, _label, items, *_a, **_k):
        offered.extend(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: (KEY_PASSPHRASE, True))
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.receipt_written is not None, timeout=30_000)
    assert offered and "(" in offered[0]
    assert page.receipt_written.parent == tmp_path and page.receipt_written.exists()
    assert str(page.receipt_written) in page.form.resultList.item(0).text()
    got = call(commune_worker, exchange.read_receipt, page.receipt_written)
    assert got["device_id"]
