"""The window and every dialog fit the small screens communes use (1366×768 and 1024×700).

For each size and language, every page is shown with the window at that size and every dialog is
opened at that size; the minimum size must allow it and no visible label, button or column header
may be cut short (``screen_fit.clipped``). Set ``CTXH_SHOTS`` to a folder to keep a screenshot of
each page and dialog.

Dialogs are listed in :data:`DIALOGS` (name → factory); a new dialog is one more entry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QWidget
from screen_fit import clipped, cut_off_columns, fits_minimum
from ui_shots import shot

SIZES = (QSize(1024, 700), QSize(1366, 768))
LANGUAGES = ("vi", "en")


class Context:
    """What a dialog factory may use: the worker, the main window as parent, demo records."""

    def __init__(self, worker, window, qtbot) -> None:
        self.worker = worker
        self.window = window
        self.qtbot = qtbot

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Read something through the worker (as the pages do) and wait for the answer."""
        answer: list[Any] = []
        self.worker.call(fn, *args, on_done=answer.append, on_error=answer.append, **kwargs)
        self.qtbot.waitUntil(lambda: bool(answer), timeout=30_000)
        if isinstance(answer[0], Exception):
            raise answer[0]
        return answer[0]

    def case(self, kind: str = "child_protection") -> dict[str, Any]:
        from ctxh_desktop.services import cases

        rows = self.call(cases.list_cases, kind=kind, limit=1)
        return self.call(cases.get_case, rows[0]["id"])

    def child(self) -> dict[str, Any]:
        from ctxh_desktop.services import children

        return self.call(children.list_children, limit=1)[0]


def _about(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.about import AboutDialog

    return AboutDialog(ctx.window)


def _backups(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.backups import BackupsDialog

    return BackupsDialog(ctx.worker, ctx.window)


def _child(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.child_editor import ChildEditor

    return ChildEditor(ctx.worker, ctx.window)


def _consultation(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.consultation_editor import ConsultationEditor

    return ConsultationEditor(ctx.worker, ctx.window)


def _export(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.export_wizard import ExportWizard

    return ExportWizard(ctx.worker, ctx.window)


def _fingerprint(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.fingerprint import FingerprintDialog

    subject = "<b>Xã Phường Ba Đình</b><br>" + "AB12 CD34 EF56 7890 " * 3
    return FingerprintDialog(subject, lambda: None, ctx.window, title="Đăng ký thiết bị của xã")


def _first_run(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.first_run import FirstRunWizard

    return FirstRunWizard(ctx.worker, ctx.window, folder=Path(ctx.worker.session.path).parent)


def _list_import(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.list_import import ListImportDialog

    return ListImportDialog(ctx.worker, ctx.window)


def _list_import_at(step: int) -> Callable[[Context], QDialog]:
    """The list import dialog on a small workbook, ``step`` times "Tiếp" after choosing it."""

    def make(ctx: Context) -> QDialog:
        from openpyxl import Workbook

        from ctxh_desktop.ui.dialogs.list_import import ListImportDialog

        path = Path(ctx.worker.session.path).parent / "danh-sach-nho.xlsx"
        book = Workbook()
        sheet = book.active
        sheet.title = "Danh sách"
        sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Địa chỉ"])
        sheet.append([1, "Nguyễn Thị Hoa", "12/03/1990", "Nữ", "001190001234", "Tổ dân phố 3"])
        sheet.append([2, "Trần Văn Bình", "1985", "Nam", "12345", "Thôn Đông"])
        book.save(path)
        dialog = ListImportDialog(ctx.worker, ctx.window)
        dialog.choose_file(str(path))
        ctx.qtbot.waitUntil(lambda: dialog.sheet is not None, timeout=15_000)
        for _ in range(step):
            dialog.next()
            ctx.qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
        return dialog

    return make


def _login(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.login import LoginDialog

    return LoginDialog(ctx.worker, "demo", ctx.window)


def _passphrase(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.login import PassphraseDialog

    return PassphraseDialog(ctx.worker, ctx.window)


def _open_database(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.open_database import OpenDatabaseDialog

    return OpenDatabaseDialog("C:/Users/ctv/Documents/CTXH/xa-phuong-ba-dinh.ctxh", "", ctx.window)


def _intake(ctx: Context) -> QDialog:
    from ctxh_desktop.services import people
    from ctxh_desktop.ui.dialogs.intake import IntakeDialog

    person = ctx.call(people.list_people, query="thi", limit=1)[0]
    return IntakeDialog(ctx.worker, person, ctx.window)


def _case_details(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.case_details import CaseDetailsDialog

    return CaseDetailsDialog(ctx.worker, ctx.case(), ctx.window)


def _event_correction(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.event_correction import EventCorrectionDialog

    case = ctx.case()
    return EventCorrectionDialog(ctx.worker, case, case["events"][-1], ctx.window)


def _remove_record(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.remove_record import RemoveRecordDialog

    case = ctx.case()
    name = f"{case['code']} — Nguyễn Thị Phương Thảo"
    return RemoveRecordDialog(ctx.worker, "case_file", case["id"], name, lambda: None, ctx.window)


def _attach_file(ctx: Context) -> QDialog:
    from pathlib import Path

    from ctxh_desktop.ui.dialogs.attach_file import AttachFileDialog

    case = ctx.case()
    decisions = {"plan_approval": "Quyết định phê duyệt kế hoạch: Số 05/QĐ-UBND, ngày 02/10/2026"}
    path = Path("quyet-dinh-phe-duyet-ke-hoach.pdf")
    return AttachFileDialog(ctx.worker, path, {"case_id": case["id"]}, decisions, ctx.window)


def _attachment_viewer(ctx: Context) -> QDialog:
    from attachment_files import png_bytes

    from ctxh_desktop.ui.pages.attachments import AttachmentViewer

    return AttachmentViewer("Quyết định 05/QĐ-UBND", png_bytes(200, 300), "image/png", ctx.window)


def _office_key_recovery(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.office_key_recovery import OfficeKeyRecoveryDialog

    return OfficeKeyRecoveryDialog(ctx.worker, ctx.window)


def _restore_backup(ctx: Context) -> QDialog:
    from ctxh_desktop.storage.store import DEMO_PASSPHRASE
    from ctxh_desktop.ui.dialogs.rescue import RestoreBackupDialog

    return RestoreBackupDialog(str(ctx.worker.session.path), DEMO_PASSPHRASE, ctx.window)


def _recover(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.rescue import RecoverDialog

    return RecoverDialog(str(ctx.worker.session.path), ctx.window)


def _person(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.person_editor import PersonEditor

    return PersonEditor(ctx.worker, None, ctx.window)


def _print_preview(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.print_preview import (
        PrintPreviewDialog,
        build_case_sheet,
        case_sheet_document,
    )

    sheet = ctx.call(build_case_sheet, ctx.case()["id"])
    return PrintPreviewDialog(ctx.worker, case_sheet_document(sheet), ctx.window)


def _providers(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.providers import ProvidersDialog

    return ProvidersDialog(ctx.worker, ctx.window)


def _staff(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.staff import StaffDialog

    return StaffDialog(ctx.worker, ctx.window)


def _support(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.support_editor import SupportEditor

    return SupportEditor(ctx.worker, ctx.child(), ctx.window)


def _target(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.target_editor import TargetEditor

    return TargetEditor(ctx.worker, 2026, None, ctx.window)


def _users(ctx: Context) -> QDialog:
    from ctxh_desktop.ui.dialogs.users import UsersDialog

    return UsersDialog(ctx.worker, ctx.window)


def _decision(decision: str) -> Callable[[Context], QDialog]:
    def make(ctx: Context) -> QDialog:
        from ctxh_desktop.ui.dialogs.decision import DecisionDialog

        return DecisionDialog(ctx.worker, ctx.case(), decision, ctx.window)

    return make


def _step(action: str, kind: str) -> Callable[[Context], QDialog]:
    def make(ctx: Context) -> QDialog:
        from ctxh_desktop.ui.dialogs.step_dialog import StepDialog

        return StepDialog(ctx.worker, ctx.case(kind), action, ctx.window)

    return make


def _followup(fields: str) -> Callable[[Context], QDialog]:
    def make(ctx: Context) -> QDialog:
        from ctxh_desktop.services import case_followup
        from ctxh_desktop.ui.dialogs import case_followup as forms

        save = case_followup.add_consent
        return forms.FollowupDialog(
            ctx.worker, "…", "…", getattr(forms, fields), save, (ctx.case()["id"],), ctx.window
        )

    return make


def _step_dialogs() -> dict[str, Callable[[Context], QDialog]]:
    from ctxh_desktop.core.workflow import ACTIONS

    return {
        f"step {action} ({spec.kinds[0]})": _step(action, spec.kinds[0])
        for action, spec in ACTIONS.items()
    }


#: every dialog of the application: name → factory(Context) returning it, not yet shown
DIALOGS: dict[str, Callable[[Context], QDialog]] = {
    "about": _about,
    "backups": _backups,
    "approve a plan": _decision("approve_plan"),
    "attach a file": _attach_file,
    "attachment viewer": _attachment_viewer,
    "return a plan": _decision("return_plan"),
    "decide a separation": _decision("separate"),
    "case details": _case_details,
    "correct a case step": _event_correction,
    "child editor": _child,
    "consultation editor": _consultation,
    "export wizard": _export,
    "fingerprint": _fingerprint,
    "first-run wizard": _first_run,
    "intake": _intake,
    "list import": _list_import,
    "list import columns": _list_import_at(1),
    "list import preview": _list_import_at(2),
    "login": _login,
    "passphrase": _passphrase,
    "office key recovery": _office_key_recovery,
    "open database": _open_database,
    "remove a record": _remove_record,
    "restore from a backup": _restore_backup,
    "forgotten passphrase": _recover,
    "person editor": _person,
    "print preview": _print_preview,
    "providers": _providers,
    "staff": _staff,
    "support editor": _support,
    "target editor": _target,
    "users": _users,
    "case follow-up: consent": _followup("CONSENT_FIELDS"),
    "case follow-up: safety plan": _followup("SAFETY_FIELDS"),
    **_step_dialogs(),
}


@pytest.fixture
def language(request):
    from ctxh_desktop import i18n

    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("vi")


def _settle(worker, qtbot, rounds: int = 3) -> None:
    for _ in range(rounds):
        worker.wait_idle(30_000)
        qtbot.wait(30)


def _select_first_row(page: QWidget) -> None:
    table = getattr(getattr(page, "form", None), "table", None)
    if table is not None and table.model() is not None and table.model().rowCount() > 0:
        table.selectRow(0)


def _office_page(window, worker, qtbot, where: str) -> list[str]:
    """The Sync entry of an office database (its tables empty: the demo is a commune's)."""
    from ctxh_desktop.ui.main_window import SYNC

    window.show_page(SYNC)
    stack = window.sync.stack
    stack.setCurrentWidget(window.sync.office_page)
    _settle(worker, qtbot, rounds=1)
    problems = [f"OfficePage at {where}: {p}" for p in clipped(window.sync.office_page)]
    if window.form.pages.currentWidget().horizontalScrollBar().isVisible():
        problems.append(f"OfficePage at {where}: scrolls sideways")
    shot(window, f"office-{where}")
    stack.setCurrentWidget(window.sync.commune_page)
    return problems


def _cases_at_every_step(window, worker, qtbot, where: str) -> list[str]:
    """Show one case of each step (their action buttons differ) and check the case panel."""
    from ctxh_desktop.ui.main_window import CASES

    window.show_page(CASES)
    page = window.cases
    model = page.form.table.model()
    seen: set[tuple[str, str]] = set()
    problems: list[str] = []
    for row in range(model.rowCount()):
        case = model.row_data(row) or {}
        key = (case.get("kind"), case.get("step"))
        if key in seen:
            continue
        seen.add(key)
        page.form.table.selectRow(row)
        _settle(worker, qtbot, rounds=2)
        found = clipped(page.form.detailPanel)
        shot(window, f"case-{case.get('kind')}-{case.get('step')}-{where}")
        problems += [f"case {case.get('code')} ({key[1]}) at {where}: {p}" for p in found]
    return problems


def _wizard_pages(dialog: QDialog):
    """A wizard's pages one by one (each shown as its current page); a dialog once."""
    from PySide6.QtWidgets import QWizard

    if not isinstance(dialog, QWizard):
        yield ""
        return
    for page_id in dialog.pageIds():
        dialog.setStartId(page_id)
        dialog.restart()
        yield f" page {type(dialog.page(page_id)).__name__}"


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_page_fits_the_screen_with_no_text_cut(window, demo_worker, qtbot, language, size):
    problems: list[str] = []
    window.resize(size)
    for row, page in enumerate(window.pages):
        window.show_page(row)
        _settle(demo_worker, qtbot)
        _select_first_row(page)
        _settle(demo_worker, qtbot)
        name = type(page).__name__
        where = f"{name} at {size.width()}×{size.height()} ({language})"
        too_big = fits_minimum(window, size)
        if too_big:
            problems.append(f"{where}: {too_big}")
        scroll = window.form.pages.currentWidget()
        if scroll.horizontalScrollBar().isVisible():
            problems.append(f"{where}: scrolls sideways ({page.minimumSizeHint().width()} px)")
        problems += [f"{where}: {p}" for p in clipped(page)]
        shot(window, f"{language}-{size.width()}-{row}-{name}")
    at = f"{size.width()}×{size.height()} ({language})"
    problems += _office_page(window, demo_worker, qtbot, at)
    problems += _cases_at_every_step(window, demo_worker, qtbot, at)
    problems += [f"status bar ({language}): {p}" for p in clipped(window.statusBar())]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_the_next_deadline_of_cases_shows_without_scrolling_sideways(
    window, demo_worker, qtbot, language
):
    from ctxh_desktop.ui.main_window import CASES

    window.resize(1366, 768)
    window.show_page(CASES)
    _settle(demo_worker, qtbot)
    _select_first_row(window.cases)
    _settle(demo_worker, qtbot)
    from ctxh_desktop.i18n import _

    cut = cut_off_columns(window.cases.form.table)
    assert _("Hạn tiếp theo") not in cut
    assert _("Mã ca") not in cut


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_dialog_fits_the_screen_with_no_text_cut(window, demo_worker, qtbot, language, size):
    ctx = Context(demo_worker, window, qtbot)
    problems: list[str] = []
    for name, factory in DIALOGS.items():
        dialog = factory(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        _settle(demo_worker, qtbot, rounds=2)
        for part in _wizard_pages(dialog):
            where = f"dialog {name}{part} at {size.width()}×{size.height()} ({language})"
            opened = dialog.size()
            if opened.width() > size.width() or opened.height() > size.height():
                problems.append(f"{where}: opens at {opened.width()}×{opened.height()}")
            dialog.resize(size.boundedTo(dialog.size().expandedTo(dialog.minimumSizeHint())))
            qtbot.wait(10)
            too_big = fits_minimum(dialog, size)
            if too_big:
                problems.append(f"{where}: {too_big}")
            problems += [f"{where}: {p}" for p in clipped(dialog)]
            shot(dialog, f"dialog-{language}-{size.width()}-{name}{part}".replace(" ", "_"))
        dialog.reject()
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_cut_button_label_and_header(gui_app, qtbot):
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QVBoxLayout

    box = QWidget()
    layout = QVBoxLayout(box)
    button = QPushButton("Ghi nhận dịch vụ đã cung cấp")
    button.setFixedWidth(90)
    label = QLabel("Trẻ em khuyết tật nặng và đặc biệt nặng")
    label.setFixedWidth(80)
    table = QTableView()
    model = QStandardItemModel(1, 1)
    model.setHorizontalHeaderLabels(["Ngày sinh của trẻ em"])
    table.setModel(model)
    table.setColumnWidth(0, 40)
    for widget in (button, label, table):
        layout.addWidget(widget)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    found = "\n".join(clipped(box))
    assert "Ghi nhận dịch vụ" in found
    assert "Trẻ em khuyết tật" in found
    assert "Ngày sinh của trẻ em" in found
