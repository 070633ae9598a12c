"""Export wizard: what to send (changes since the last export, or everything), where to save it,
the export itself in the worker with a progress bar, and the written file with "Mở thư mục"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.paths import export_dir
from ctxh_desktop.services import exchange
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.forms.dialogs.ui_export_wizard import Ui_ExportWizard

CHOOSE, PROGRESS, DONE = range(3)


def size_text(size: int) -> str:
    """ "82 KB", "1,4 MB" in the current language's number format."""
    if size < 1024 * 1024:
        return _("{n} KB").format(n=format_number(max(1, round(size / 1024))))
    return _("{n} MB").format(n=format_number(round(size / (1024 * 1024), 1)))


def run_export(session, folder: str, full: bool, task=None) -> dict[str, Any]:
    """Write the bundle into ``folder`` (worker thread); its path, size, kind and row count."""
    if task is not None:
        task.progress(0, 0)
    result = exchange.export(session, Path(folder), full=full)
    size = result.path.stat().st_size
    if task is not None:
        task.progress(1, 1)
    return {
        "path": result.path,
        "size": size,
        "rows": result.rows,
        "kind": result.header.get("kind"),
        "created_at": result.header.get("created_at"),
    }


class ExportWizard(QDialog):
    """Choose, export, show the result."""

    exported = Signal(dict)

    def __init__(
        self,
        worker,
        parent: QWidget | None = None,
        folder: Path | None = None,
        full: bool = False,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_ExportWizard()
        self.form.setupUi(self)
        self.result_info: dict[str, Any] | None = None
        self.running = False
        f = self.form
        f.folderEdit.setText(str(folder or export_dir()))
        f.browseButton.clicked.connect(self.choose_folder)
        f.exportButton.clicked.connect(self.start)
        f.closeButton.clicked.connect(self.reject)
        f.openFolderButton.clicked.connect(self.open_folder)
        show_error(f.errorLabel, None)
        # the first export of a database sends everything; later ones the changes
        (f.fullRadio if full else f.deltaRadio).setChecked(True)
        f.steps.setCurrentIndex(CHOOSE)

    @property
    def full(self) -> bool:
        return self.form.fullRadio.isChecked()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Chọn thư mục lưu tệp"), self.form.folderEdit.text()
        )
        if folder:
            self.form.folderEdit.setText(folder)

    def start(self) -> None:
        """Run the export in the worker."""
        if self.running:
            return
        folder = self.form.folderEdit.text().strip()
        if not folder or not Path(folder).is_dir():
            show_error(self.form.errorLabel, _("Hãy chọn một thư mục có sẵn để lưu tệp."))
            return
        show_error(self.form.errorLabel, None)
        self.running = True
        f = self.form
        f.steps.setCurrentIndex(PROGRESS)
        f.progressBar.setRange(0, 0)
        f.exportButton.setEnabled(False)
        f.closeButton.setEnabled(False)
        self.worker.call(
            run_export,
            folder,
            self.full,
            with_task=True,
            on_progress=self._progress,
            on_done=self._done,
            on_error=self._failed,
        )

    def _progress(self, done: int, total: int) -> None:
        self.form.progressBar.setRange(0, total)
        self.form.progressBar.setValue(done)

    def _done(self, info: dict[str, Any]) -> None:
        self.running = False
        self.result_info = info
        f = self.form
        f.steps.setCurrentIndex(DONE)
        f.exportButton.hide()
        f.closeButton.setEnabled(True)
        f.closeButton.setText(_("Xong"))
        kind = _("toàn bộ dữ liệu") if info["kind"] == "snapshot" else _("phần thay đổi")
        f.resultLabel.setText(
            ngettext(
                "Đã xuất {kind}: {rows} dòng.\nTệp: {path}\nDung lượng: {size}\n"
                "Hãy gửi tệp này cho đơn vị tiếp nhận.",
                "Đã xuất {kind}: {rows} dòng.\nTệp: {path}\nDung lượng: {size}\n"
                "Hãy gửi tệp này cho đơn vị tiếp nhận.",
                info["rows"],
            ).format(
                kind=kind,
                rows=format_number(info["rows"]),
                path=str(info["path"]),
                size=size_text(info["size"]),
            )
        )
        self.exported.emit(info)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        f = self.form
        f.steps.setCurrentIndex(CHOOSE)
        f.exportButton.setEnabled(True)
        f.closeButton.setEnabled(True)
        show_error(f.errorLabel, error_text(exc))

    def open_folder(self) -> None:
        if self.result_info is not None:
            folder = Path(self.result_info["path"]).parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reject(self) -> None:
        if not self.running:
            super().reject()
