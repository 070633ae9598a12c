"""Print preview: the pages of a report or case sheet on screen, then on paper or in a file.

The document is already generated (PDF bytes, and for the consolidated report optionally the Excel
workbook). Printing and saving are allowed only to users with the ``print`` permission, checked in
the worker before anything leaves the application, and every print or save is written to the audit
log. A saved file goes only where the user chooses (written all or nothing by
:func:`ctxh_desktop.services.reporting.save_output`); nothing is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.services import access, reporting
from ctxh_desktop.services import cases as case_service
from ctxh_desktop.ui.common import error_text
from ctxh_desktop.ui.forms.dialogs.ui_print_preview import Ui_PrintPreviewDialog
from ctxh_desktop.ui.pdf_preview import PdfView, ask_printer, page_count, paint_pdf


@dataclass
class PrintDocument:
    """A generated document and what the audit log says about it (ids and codes only)."""

    title: Callable[[], str]
    pdf: bytes
    file_stem: str
    entity: str | None = None
    entity_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    xlsx: bytes | None = None


# -- in the worker thread ---------------------------------------------------------------------
def may_print(session) -> bool:
    """Whether the signed-in user may print and save reports."""
    return access.can(session, "print")


def allow_output(session) -> None:
    """Refuse (``UserError``) users without the ``print`` permission."""
    access.require(session, "print")


def record_output(
    session, action: str, entity: str | None, entity_id: str | None, detail: dict[str, Any]
) -> None:
    """Write a print (``print``) or a saved file (``export_report``) to the audit log."""
    access.require(session, "print")
    access.record(session, action, entity, entity_id, detail)


def build_case_sheet(session, case_id: str) -> dict[str, Any]:
    """The tracking sheet of one case (PDF), without sensitive narratives."""
    case = case_service.get_case(session, case_id)
    return {
        "id": case["id"],
        "code": case.get("code") or "",
        "pdf": reporting.case_sheet(session, case_id),
    }


def case_document(built: dict[str, Any], title: str, stem: str, report: str) -> PrintDocument:
    """The preview document of a case's printout (``id``, ``code``, ``pdf``): ``title`` a msgid
    with ``{code}``, ``stem`` the file name before the code, ``report`` its name in the audit log."""
    code = built["code"]
    return PrintDocument(
        title=lambda: _(title).format(code=code),
        pdf=built["pdf"],
        file_stem=f"{stem}-{code}",
        entity="case_file",
        entity_id=built["id"],
        detail={"report": report, "code": code},
    )


def case_sheet_document(sheet: dict[str, Any]) -> PrintDocument:
    """The preview document of a case sheet built by :func:`build_case_sheet`."""
    return case_document(sheet, N_("Phiếu theo dõi ca {code}"), "phieu-theo-doi", "case_sheet")


# -- in the GUI thread ------------------------------------------------------------------------
def default_folder() -> Path:
    """Where the save dialog starts: the user's Documents folder (or home)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def show_refusal(parent: QWidget | None, exc: Exception) -> None:
    QMessageBox.warning(parent, _("Không thực hiện được"), error_text(exc))


def save_document(
    worker,
    parent: QWidget | None,
    document: PrintDocument,
    fmt: str = "pdf",
    on_saved: Callable[[Path], None] | None = None,
) -> None:
    """Ask where to save the PDF (or the Excel workbook) and write it there; audited."""
    filters = {"pdf": _("Tệp PDF (*.pdf)"), "xlsx": _("Bảng tính Excel (*.xlsx)")}
    if fmt == "xlsx" and document.xlsx is None:
        fmt = "pdf"
    available = [filters["pdf"]] + ([filters["xlsx"]] if document.xlsx is not None else [])
    if fmt == "xlsx":
        available.reverse()

    def chosen(_none: Any) -> None:
        suggested = default_folder() / f"{document.file_stem}.{fmt}"
        name, selected = QFileDialog.getSaveFileName(
            parent, _("Lưu thành…"), str(suggested), ";;".join(available)
        )
        if not name:
            return
        out_fmt = fmt
        if selected == filters["xlsx"] or (not selected and name.lower().endswith(".xlsx")):
            out_fmt = "xlsx"
        elif selected == filters["pdf"]:
            out_fmt = "pdf"
        payload = document.xlsx if out_fmt == "xlsx" else document.pdf
        path = Path(name)
        if path.suffix.lower() != f".{out_fmt}":
            path = path.with_name(path.name + f".{out_fmt}")
        detail = {**document.detail, "format": out_fmt}
        worker.call(
            reporting.save_output,
            path,
            payload or b"",
            str(detail.get("report") or ""),
            document.entity,
            document.entity_id,
            detail,
            on_done=lambda _none: on_saved(path) if on_saved is not None else None,
            on_error=lambda exc: QMessageBox.warning(
                parent,
                _("Không lưu được tệp"),
                _("Không ghi được tệp {name}: {error}").format(
                    name=str(path), error=error_text(exc)
                ),
            ),
        )

    worker.call(allow_output, on_done=chosen, on_error=lambda exc: show_refusal(parent, exc))


def print_document(
    worker,
    parent: QWidget | None,
    document: PrintDocument,
    on_printed: Callable[[int], None] | None = None,
) -> None:
    """Ask for a printer and print the document; audited."""

    def allowed(_none: Any) -> None:
        printer = ask_printer(document.title(), page_count(document.pdf), parent)
        if printer is None:
            return
        try:
            pages = paint_pdf(printer, document.pdf)
        except RuntimeError as exc:
            QMessageBox.warning(parent, _("Không in được"), error_text(exc))
            return
        detail = {**document.detail, "pages": pages}
        worker.call(record_output, "print", document.entity, document.entity_id, detail)
        if on_printed is not None:
            on_printed(pages)

    worker.call(allow_output, on_done=allowed, on_error=lambda exc: show_refusal(parent, exc))


class PrintPreviewDialog(QDialog):
    """The pages of a document with zoom, "In…" and "Lưu thành…"."""

    printed = Signal(int)
    saved = Signal(object)

    def __init__(self, worker, document: PrintDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.document = document
        self.form = Ui_PrintPreviewDialog()
        self.form.setupUi(self)
        f = self.form
        f.titleLabel.setProperty("role", "section")
        self.view = PdfView(self)
        f.previewLayout.insertWidget(1, self.view, 1)
        self.view.set_pdf(document.pdf)
        self.view.zoom_changed.connect(self._zoom_changed)
        f.zoomInButton.clicked.connect(self.view.zoom_in)
        f.zoomOutButton.clicked.connect(self.view.zoom_out)
        f.fitButton.clicked.connect(self.view.fit_width)
        f.printButton.clicked.connect(self.print_)
        f.saveButton.clicked.connect(self.save)
        f.closeButton.clicked.connect(self.reject)
        f.messageLabel.hide()
        self._fitted = False
        self.allowed: bool | None = None
        self.retranslate()
        self._zoom_changed(self.view.zoom)
        worker.call(may_print, on_done=self._permission)

    @property
    def page_count(self) -> int:
        return self.view.page_count

    def _permission(self, allowed: bool) -> None:
        self.allowed = bool(allowed)
        self._update_buttons()

    def _update_buttons(self) -> None:
        f = self.form
        for button in (f.printButton, f.saveButton):
            button.setEnabled(bool(self.allowed))
            button.setToolTip("" if self.allowed else _("Tài khoản của bạn không được in."))

    def _zoom_changed(self, zoom: float) -> None:
        self.form.zoomLabel.setText(f"{round(zoom * 100)}%")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.view.fitting = True
            QTimer.singleShot(0, self.view.fit_width)

    def print_(self) -> None:
        print_document(self.worker, self, self.document, self._printed)

    def _printed(self, pages: int) -> None:
        self._message(
            ngettext("Đã gửi {n} trang tới máy in.", "Đã gửi {n} trang tới máy in.", pages).format(
                n=pages
            )
        )
        self.printed.emit(pages)

    def save(self) -> None:
        save_document(self.worker, self, self.document, on_saved=self._saved)

    def _saved(self, path: Path) -> None:
        self._message(_("Đã lưu {name}.").format(name=str(path)))
        self.saved.emit(path)

    def _message(self, text: str) -> None:
        self.form.messageLabel.setText(text)
        self.form.messageLabel.setVisible(bool(text))

    def retranslate(self) -> None:
        f = self.form
        title = self.document.title()
        f.titleLabel.setText(title)
        self.setWindowTitle(_("Xem trước: {title}").format(title=title))
        f.pagesLabel.setText(
            ngettext("{n} trang", "{n} trang", self.page_count).format(n=self.page_count)
        )
        if self.allowed is not None:
            self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
            self.retranslate()
        super().changeEvent(event)


def open_preview(
    worker,
    build: Callable[..., Any],
    document: Callable[[Any], PrintDocument],
    parent: QWidget | None,
    on_open: Callable[[PrintPreviewDialog], None] | None,
    *args: Any,
) -> None:
    """Build a document in the worker (``build(*args)``), then show ``document(built)`` in the
    print preview; a refusal is shown in a message box."""

    def done(built: Any) -> None:
        dialog = PrintPreviewDialog(worker, document(built), parent)
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    worker.call(build, *args, on_done=done, on_error=lambda exc: show_refusal(parent, exc))


def open_case_sheet(
    worker,
    case_id: str,
    parent: QWidget | None,
    on_open: Callable[[PrintPreviewDialog], None] | None = None,
) -> None:
    """Build a case's tracking sheet in the worker and show it in the print preview."""
    open_preview(worker, build_case_sheet, case_sheet_document, parent, on_open, case_id)
