"""Reports: figures, preview, save and print (audited), trends, the case sheet, English."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ctxh_desktop import i18n
from ctxh_desktop.core.periods import previous_month
from ctxh_desktop.ui.main_window import CASES, REPORTS

NATIONAL_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(unicodedata.normalize("NFC", p.extract_text() or "") for p in reader.pages)
    return re.sub(r"\s+", " ", text)


def in_worker(worker, fn, *args):
    """Run ``fn(session, *args)`` in the worker and return its result."""
    out = []
    worker.call(fn, *args, on_done=out.append)
    assert worker.wait_idle(30_000)
    return out[0]


def last_audit(session, action):
    return session.store.rows(
        "SELECT action, entity, entity_id, detail FROM audit_log WHERE action = ?"
        " ORDER BY seq DESC LIMIT 1",
        [action],
    )


@pytest.fixture
def reports(window, qtbot, click_nav):
    """The Reports page, shown, with the figures of the chosen period loaded."""
    click_nav(window, REPORTS)
    page = window.reports
    assert window.current_page() is page
    qtbot.waitUntil(lambda: page.form.figuresTable.rowCount() > 0, timeout=15_000)
    return page


def _figure(page, label: str) -> str:
    table = page.form.figuresTable
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == label:
            return table.item(row, 1).text()
    raise AssertionError(label)


def test_last_month_is_chosen_and_its_figures_shown(reports, demo_worker):
    from ctxh_desktop.services.stats import compute_stats

    month = previous_month(dt.date.today())
    f = reports.form
    assert f.kindCombo.currentText() == "Báo cáo tháng"
    assert f.monthEdit.text() == f"{month[5:7]}/{month[:4]}"
    counts = in_worker(demo_worker, lambda s: compute_stats(s, month=month)["counts"])
    assert _figure(reports, "Trường hợp tiếp nhận mới") == str(counts["cases_new"])
    assert _figure(reports, "Buổi tư vấn") == str(counts["consultations"])
    assert f"tháng {month[5:7]}/{month[:4]}" in f.figuresTitle.text()


def test_preview_shows_the_pages(reports, qtbot, tmp_path):
    f = reports.form
    qtbot.mouseClick(f.previewButton, Qt.MouseButton.LeftButton)
    assert f.progressBar.isVisible()
    qtbot.waitUntil(
        lambda: reports.preview is not None and reports.preview.isVisible(), timeout=30_000
    )
    assert not f.progressBar.isVisible()
    preview = reports.preview
    assert preview.page_count >= 1
    first = preview.view.pages[0].pixmap()
    assert not first.isNull() and first.width() > 300
    assert preview.form.pagesLabel.text() == f"{preview.page_count} trang"
    month = previous_month(dt.date.today())
    assert preview.form.titleLabel.text() == f"Báo cáo tháng {month[5:7]}/{month[:4]}"
    zoom = preview.view.zoom
    qtbot.mouseClick(preview.form.zoomInButton, Qt.MouseButton.LeftButton)
    assert preview.view.zoom > zoom
    preview.grab().save(str(tmp_path / "preview.png"))
    qtbot.mouseClick(preview.form.closeButton, Qt.MouseButton.LeftButton)
    assert not preview.isVisible()


def test_save_pdf_writes_the_report_where_chosen_and_audits_it(
    reports, qtbot, monkeypatch, tmp_path, demo_worker
):
    asked = []

    def choose(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(tmp_path / "bao-cao"), "Tệp PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    f = reports.form
    assert f.saveButton.text() == "Lưu PDF…"
    qtbot.mouseClick(f.saveButton, Qt.MouseButton.LeftButton)
    out = tmp_path / "bao-cao.pdf"
    qtbot.waitUntil(out.exists, timeout=30_000)
    assert asked and asked[0].endswith(f"bao-cao-thang-{previous_month(dt.date.today())}.pdf")
    assert NATIONAL_MOTTO in pdf_text(out.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.pdf"]
    qtbot.waitUntil(lambda: "bao-cao.pdf" in f.statusLabel.text(), timeout=10_000)
    assert demo_worker.wait_idle()
    entry = in_worker(demo_worker, last_audit, "export_report")[0]
    assert '"report": "monthly"' in entry["detail"] and '"format": "pdf"' in entry["detail"]


def test_printing_from_the_preview_paints_every_page_and_audits_it(
    reports, qtbot, monkeypatch, tmp_path, demo_worker
):
    target = tmp_path / "printed.pdf"

    def accept(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(150)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    qtbot.mouseClick(reports.form.previewButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.preview is not None and reports.preview.allowed, timeout=30_000)
    preview = reports.preview
    with qtbot.waitSignal(preview.printed, timeout=60_000) as printed:
        qtbot.mouseClick(preview.form.printButton, Qt.MouseButton.LeftButton)
    assert printed.args == [preview.page_count]
    assert len(PdfReader(str(target)).pages) == preview.page_count
    assert demo_worker.wait_idle()
    entry = in_worker(demo_worker, last_audit, "print")[0]
    assert f'"pages": {preview.page_count}' in entry["detail"]
    preview.close()


def test_a_role_without_print_cannot_print_or_save(
    reports, qtbot, monkeypatch, tmp_path, demo_worker
):
    from ctxh_desktop.ui.dialogs.print_preview import PrintDocument, save_document

    old_role = in_worker(demo_worker, lambda s: s.role)
    in_worker(demo_worker, lambda s: setattr(s, "role", "guest"))
    try:
        reports.refresh()
        qtbot.waitUntil(lambda: not reports.can_print, timeout=10_000)
        assert not reports.form.printButton.isEnabled()
        assert not reports.form.saveButton.isEnabled()
        assert reports.form.previewButton.isEnabled()
        asked, warned = [], []
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a: asked.append(a) or ("", ""))
        )
        monkeypatch.setattr(
            QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2]))
        )
        doc = PrintDocument(title=lambda: "x", pdf=b"%PDF-1.4", file_stem="x")
        save_document(demo_worker, reports, doc)
        qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
        assert warned == ["Tài khoản của bạn không được in."]
        assert not asked and not list(tmp_path.iterdir())
    finally:
        in_worker(demo_worker, lambda s: setattr(s, "role", old_role))
        reports.refresh()
        qtbot.waitUntil(lambda: reports.can_print, timeout=10_000)


def test_trends_tab_draws_twelve_months(reports, qtbot, demo_worker):
    from ctxh_desktop.services.stats import compute_stats

    tabs = reports.form.tabs
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert tabs.currentWidget() is reports.form.trendsTab
    qtbot.waitUntil(lambda: reports.charts.data is not None, timeout=15_000)
    chart = reports.charts.trend
    assert [s.name() for s in chart.series()] == [
        "Trường hợp tiếp nhận mới",
        "Buổi tư vấn",
        "Trẻ em được hỗ trợ",
    ]
    assert all(series.count() == 12 for series in chart.series())
    month = previous_month(dt.date.today())
    categories = chart.axes(Qt.Orientation.Horizontal)[0].categories()
    assert len(categories) == 12
    assert categories[-1] == f"T{int(month[5:7])}<br>{month[:4]}"
    assert chart.axes(Qt.Orientation.Vertical)[0].titleText() == "Số lượng"
    counts = in_worker(demo_worker, lambda s: compute_stats(s, month=month)["counts"])
    assert chart.series()[0].at(11).y() == counts["cases_new"]
    bars = reports.charts.coverage.series()[0].barSets()
    assert [b.count() for b in bars] == [12, 12]
    assert bars[0].at(11) == counts["children_target"]
    assert bars[1].at(11) == counts["children_target_supported"]
    assert "T" in reports.form.trendsLabel.text()


def test_case_sheet_opens_from_the_cases_page(window, qtbot, idle, click_nav):
    click_nav(window, CASES)
    page = window.cases
    idle(page)
    assert not page.sheet_button.isVisible()
    table = page.form.table
    rect = table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.sheet_button.isVisible() and page.sheet_button.text() == "In phiếu ca"
    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.sheet_dialog is not None, timeout=30_000)
    dialog = page.sheet_dialog
    assert dialog.isVisible() and dialog.page_count >= 1
    assert page.current["code"] in dialog.form.titleLabel.text()
    assert NATIONAL_MOTTO in pdf_text(dialog.document.pdf)
    assert dialog.document.entity_id == page.current["id"]
    dialog.close()


def test_english_switch_retranslates_the_page(reports, qtbot):
    f = reports.form
    i18n.set_language("en")
    qtbot.waitUntil(lambda: f.titleLabel.text() == "Reports", timeout=5_000)
    assert f.kindCombo.itemText(0) == "Monthly report"
    assert f.previewButton.text() == "Preview"
    assert f.saveButton.text() == "Save PDF…"
    assert f.tabs.tabText(1) == "Trends"
    assert f.periodLabel.text().startswith("Reporting period:")
    assert _figure(reports, "New cases")
    i18n.set_language("vi")
    qtbot.waitUntil(lambda: f.titleLabel.text() == "Báo cáo", timeout=5_000)
    assert f.kindCombo.itemText(0) == "Báo cáo tháng"


def test_an_office_saves_the_consolidated_report_in_excel(
    reports, qtbot, monkeypatch, tmp_path, demo_worker
):
    from openpyxl import load_workbook

    reports._context({"kind": "office", "can_print": True})  # as for an office database
    f = reports.form
    assert f.kindCombo.findData("consolidated") >= 0
    reports.select("consolidated")
    assert f.fromEdit.isVisibleTo(reports) and f.formatCombo.isVisibleTo(reports)
    assert not f.monthEdit.isVisibleTo(reports)
    f.formatCombo.setCurrentIndex(f.formatCombo.findData("xlsx"))
    assert f.saveButton.text() == "Lưu Excel…"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a: (str(tmp_path / "tong-hop"), "Bảng tính Excel (*.xlsx)")),
    )
    qtbot.mouseClick(f.saveButton, Qt.MouseButton.LeftButton)
    out = tmp_path / "tong-hop.xlsx"
    qtbot.waitUntil(out.exists, timeout=30_000)
    assert load_workbook(out).sheetnames
    assert demo_worker.wait_idle()
    entry = in_worker(demo_worker, last_audit, "export_report")[0]
    assert '"report": "consolidated"' in entry["detail"] and '"format": "xlsx"' in entry["detail"]


def test_registers_export_writes_the_workbook(window, qtbot, click_nav, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "so-theo-doi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    click_nav(window, 5)
    page = window.reports
    qtbot.mouseClick(page.form.registersButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: target.exists() and str(target) in page.form.statusLabel.text(), timeout=20_000
    )
    assert "Người dân" in load_workbook(target).sheetnames
