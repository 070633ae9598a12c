"""Journey (f): a receiving office made by its wizard on an empty folder; two communes, each made
by its own wizard in its own folder with the office's config file, enrolled at the office, each
registering a person and sending its file; the office imports both, sees both communes, and saves
the consolidated report as PDF and Excel. An office only reads a commune's case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from journey_steps import (
    TUYEN_QUANG_OFFICE,
    commune_wizard,
    enrol_device,
    export_bundle,
    office_wizard,
    record_case,
    register_person,
    write_enrolment,
)
from journey_user import User, norm
from pypdf import PdfReader
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

MONTH = dt.date.today().strftime("%m/%Y")
KEY_PASSPHRASE = TUYEN_QUANG_OFFICE["key_passphrase"]
COMMUNES = (
    # (search typed, name shown, the collaborator, the chairman, the person registered)
    ("lung cu", "Xã Lũng Cú", "Nguyễn Thị Thu Hà", "Sùng Mí Páo", "Vàng Thị Mỷ"),
    ("mau due", "Xã Mậu Duệ", "Lý Văn Quý", "Hoàng Đức Thắng", "Lò Văn Sình"),
)


def office_with_two_communes(
    start, lang: str, tmp_path: Path, journey: str, with_case: bool = False
) -> User:
    """The office and its two communes up to the office's import of both files."""
    office = start(journey, "office")
    config = tmp_path / "cau-hinh-so-y-te.ctxhcfg"
    fingerprint = office_wizard(office, lang, config_path=config, **TUYEN_QUANG_OFFICE)
    bundles = []
    for i, (search, name, collaborator, chairman, person) in enumerate(COMMUNES, 1):
        commune = start(journey, f"commune-{i}")
        commune_wizard(
            commune,
            lang,
            province="Tuyên Quang",
            search=search,
            commune=name,
            collaborator=collaborator,
            chairman=chairman,
            passphrase=f"Xa-{i}-mat-khau-2026",
            office_config=config,
            office_fingerprint=fingerprint,
        )
        device = write_enrolment(commune, tmp_path / f"dang-ky-{i}.ctxhdev")
        enrol_device(office, tmp_path / f"dang-ky-{i}.ctxhdev", device)
        register_person(commune, person, "01/02/2015", code_label("genders", "female"))
        if with_case and i == 1:
            yesterday = dt.datetime.combine(dt.date.today(), dt.time(23, 0)) - dt.timedelta(days=1)
            record_case(commune, "child_protection", person, yesterday, "violence", emergency=True)
        bundles.append(export_bundle(commune, tmp_path / f"usb-{i}"))

    # The office imports both files at once, with its key passphrase.
    office.nav("Đồng bộ")
    office.files.answer(bundles)

    def key(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        office.type_into(edit, KEY_PASSPHRASE)
        office.press_enter(edit)

    with office.answering(key):
        office.click("Nhập tệp…")
    office.wait_for(lambda: office.window.sync.office_page.idle, 120_000)
    office.settle()
    for bundle in bundles:
        assert office.find_row(bundle.name) is not None
    office.shot("imported")
    return office


def save_consolidated_report(office: User, tmp_path: Path) -> tuple[Path, Path]:
    """The consolidated report of this month saved from the Reports page, as PDF and as Excel."""
    office.nav("Báo cáo")
    office.choose("Loại báo cáo", "Báo cáo tổng hợp các xã")
    office.set_date("Từ tháng", MONTH)
    office.set_date("Đến tháng", MONTH)
    office.choose("Định dạng", "PDF")
    office.settle()
    office.shot("consolidated report")
    pdf, xlsx = tmp_path / "tong-hop.pdf", tmp_path / "tong-hop.xlsx"
    office.files.answer(pdf)
    office.click("Lưu PDF…")
    office.wait_for(pdf.exists, 60_000)
    office.choose("Định dạng", "Excel")
    office.files.answer(xlsx)
    office.click("Lưu Excel…")
    office.wait_for(xlsx.exists, 60_000)
    office.wait_for(lambda: office.sees(str(xlsx)))
    return pdf, xlsx


@pytest.mark.timeout(300)
def test_office_consolidates_two_communes(start, lang, tmp_path):
    office = office_with_two_communes(start, lang, tmp_path, "office")
    names = [c[1] for c in COMMUNES]

    # The consolidated view: both communes, this month.
    office.set_date("Từ tháng", MONTH)
    office.set_date("đến tháng", MONTH)
    office.click("Cập nhật")
    office.settle()
    for name in names:
        assert office.find_row(name) is not None, name
    office.shot("communes")
    office.tab("Chỉ tiêu theo xã")
    indicators = office.table("Đối tượng")
    people = [norm(h) for h in office.headers(indicators)].index(norm(_("Đối tượng")))
    rows = {cells[1]: cells for cells in office.rows(indicators)}
    for name in names:
        assert rows[name][people] == "1", rows
    office.shot("indicators")

    # The consolidated report, as PDF and as Excel.
    pdf, xlsx = save_consolidated_report(office, tmp_path)
    office.shot("consolidated report saved")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for name in names:
        assert name in text, name
    cells = [
        [cell for cell in row]
        for sheet in openpyxl.load_workbook(xlsx, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    for name in names:
        row = next(r for r in cells if name in r)
        assert 1 in row, row


@pytest.mark.timeout(300)
def test_office_only_reads_a_communes_case(start, lang, tmp_path):
    office = office_with_two_communes(start, lang, tmp_path, "office-cases", with_case=True)
    office.nav("Trang chủ")
    office.settle()
    office.wait_for(lambda: office.window.home.is_loaded)
    todo = office.window.home.form.todoList
    assert todo.count() > 0, "the office Home lists no case"
    office.activate_row(todo.item(0).text())
    office.settle()
    page = office.window.current_page()
    assert page is office.window.cases
    office.wait_for(lambda: page.current is not None)  # names reach the office as initials
    assert COMMUNES[0][4] not in office.screen_text()
    office.shot("office cases")
    changing = [
        b.text()
        for b in page.findChildren(QAbstractButton)
        if b.isVisible() and b.isEnabled() and norm(b.text()) != norm(_("In phiếu ca"))
    ]
    assert changing == [], changing
    editable = [
        w
        for w in page.findChildren(QPlainTextEdit) + page.findChildren(QTextEdit)
        if w.isVisible() and w.isEnabled() and not w.isReadOnly()
    ]
    assert editable == []
