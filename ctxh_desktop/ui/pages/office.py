"""The receiving office's page: which communes sent what, importing their files, the indicators per
commune with a totals row, and a read-only list of one commune's records. "Lưu tệp cấu hình cho
xã…" saves the office's signed config file again (for a commune that lost it, or when the clerk
skipped it at the end of the first-run wizard) and shows its fingerprint.

The office's records (expected communes, received bundles, months covered, quarantined files) are
read in the worker by :func:`office_overview`; the figures are those of the consolidated report
(:func:`ctxh_desktop.services.stats.consolidated_rows`), so the page and the printed report
always agree.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QListView,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_date, format_datetime, format_number
from ctxh_desktop.paths import export_dir
from ctxh_desktop.services import exchange
from ctxh_desktop.ui.common import ERROR_COLOR, add_beside, error_text
from ctxh_desktop.ui.forms.pages.ui_office import Ui_OfficePage
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.pages.office_figures import FiguresTable
from ctxh_desktop.ui.pages.office_lists import DUPLICATE_COLUMNS, CommuneListsTabs
from ctxh_desktop.ui.pages.office_purge import PurgeAction
from ctxh_desktop.ui.pages.office_receipt import ReceiptAction
from ctxh_desktop.ui.pages.office_status import (
    STATUS_COLUMNS,
    SubmissionTable,
)
from ctxh_desktop.ui.pages.office_targets import TargetsTab
from ctxh_desktop.ui.pages.transfer_files import add_transfer_file_button
from ctxh_desktop.ui.table_model import size_columns

DRILL_COLUMNS = (N_("Loại"), N_("Họ tên / mã"), N_("Ngày"), N_("Tình trạng"))
RESULT_LABELS = {
    "accepted": N_("Đã nhận"),
    "duplicate": N_("Đã nhập trước đây"),
    "quarantined": N_("Tạm giữ"),
    "refused": N_("Bị từ chối"),
}
RESULT_COLORS = {"accepted": "#1b7f3b", "duplicate": "#5f6b7a", "quarantined": "#a35f00"}
FILE_FILTER = N_("Tệp dữ liệu của xã (*.ctxh);;Tất cả các tệp (*)")
CONFIG_FILTER = N_("Tệp cấu hình CTXH (*.ctxhcfg);;Tất cả các tệp (*)")
ANY_FILE = N_("Tất cả các tệp (*)")


from ctxh_desktop.services.office import (  # noqa: E402
    commune_records,
    describe_enrolment,
    office_overview,
    run_import,
)


# -- the page -----------------------------------------------------------------------------------
class OfficePage(CommuneListsTabs, Page):
    """The office's view of its communes."""

    form_class = Ui_OfficePage
    #: files were imported: the Home page's figures and to-do list are read again
    changed = Signal()

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        f.titleLabel.setProperty("role", "title")
        f.summaryLabel.setProperty("role", "subtitle")
        layout = self.layout()
        last = layout.itemAt(layout.count() - 1)
        if last is not None and last.spacerItem() is not None:  # the base page's filler
            layout.removeItem(last)
        layout.setStretchFactor(f.tabs, 1)
        layout.removeItem(f.periodLayout)
        layout.insertLayout(layout.indexOf(f.tabs), f.periodLayout)
        for table, count, widths in (
            (f.communesTable, len(STATUS_COLUMNS), ()),
            (f.indicatorsTable, 2, (0, 180)),
            (f.drillTable, len(DRILL_COLUMNS), (0, 300)),
            (f.duplicatesTable, len(DUPLICATE_COLUMNS), (180, 0, 260)),
        ):
            table.setColumnCount(count)
            table.verticalHeader().hide()
            table.verticalHeader().setDefaultSectionSize(26)
            size_columns(table, widths)
        f.communesTable.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        f.communesTable.horizontalHeader().setStretchLastSection(False)  # never squeezed
        today = QDate.currentDate()
        previous = QDate(today.year(), today.month(), 1).addMonths(-1)
        for edit in (f.fromEdit, f.toEdit):
            edit.setDate(previous)
            edit.setMaximumDate(QDate(today.year(), 12, 31))
        f.refreshButton.clicked.connect(self.refresh)
        f.importButton.clicked.connect(self.import_files)
        f.enrolButton.clicked.connect(self.enrol_device)
        f.configButton.clicked.connect(self.save_config)
        f.configButton.setProperty("needs", "office")
        f.cancelButton.clicked.connect(self.cancel_import)
        f.communesTable.cellDoubleClicked.connect(lambda r, _c: self._drill(f.communesTable, r))
        f.indicatorsTable.cellDoubleClicked.connect(lambda r, _c: self._drill(f.indicatorsTable, r))
        f.importButton.setProperty("needs", "import")
        f.enrolButton.setProperty("needs", "office")
        f.saveExpectedButton.clicked.connect(self.save_expected)
        f.saveExpectedButton.setProperty("needs", "office")
        f.tabs.currentChanged.connect(self._tab_changed)
        f.progressBar.hide()
        f.cancelButton.hide()
        f.resultList.hide()
        f.resultList.setWordWrap(True)
        f.resultList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        f.resultList.setResizeMode(QListView.ResizeMode.Adjust)
        self.submissions = SubmissionTable(f.communesTable, f.statusLayout)
        self.figures = FiguresTable(f.indicatorsTable, f.indicatorsLayout)
        self.targets = TargetsTab(worker, f.tabs, self.period)
        self.receipts = ReceiptAction(self, worker, self._receipt_written, self._error)
        f.actionsLayout.insertWidget(
            f.actionsLayout.indexOf(f.configButton) + 1, self.receipts.button
        )
        self.key_button = QPushButton(_("Quên mật khẩu khóa?"))
        self.key_button.setProperty("needs", "office")
        self.key_button.clicked.connect(self.recover_key)
        add_beside(f.resultList, self.key_button, left=True)
        # Under the results, beside the key button: the office's own row is full at 1024 px.
        self.purges = PurgeAction(self, worker, self._purged, self._error)
        add_beside(self.key_button, self.purges.button, left=True)
        self.transfer_files = add_transfer_file_button(self, self.purges.button)
        self.receipt_written: Path | None = None
        self.duplicates: list[dict[str, Any]] | None = None
        self.expected: list[dict[str, Any]] | None = None
        self.overview: dict[str, Any] | None = None
        self.results: list[dict[str, Any]] = []
        self.config_saved: tuple[str, str] | None = None  # (path, fingerprint)
        self.drill: tuple[str, str, list[dict[str, Any]]] | None = None
        self.loading = False
        self.importing = None
        self.dialog = None
        self.retranslate()

    # -- loading ----------------------------------------------------------------------------
    def period(self) -> tuple[str, str]:
        f = self.form
        a, b = f.fromEdit.date().toString("yyyy-MM"), f.toEdit.date().toString("yyyy-MM")
        return (a, b) if a <= b else (b, a)

    def refresh(self) -> None:
        self.loading = True
        self.worker.call(
            office_overview, *self.period(), on_done=self._loaded, on_error=self._load_failed
        )

    @property
    def idle(self) -> bool:
        return not self.loading and self.importing is None and not self.targets.loading

    def _loaded(self, overview: dict[str, Any]) -> None:
        self.loading = False
        self.overview = overview
        self._show()
        if self.form.tabs.currentWidget() is self.targets:
            self.targets.load()

    def _load_failed(self, exc: Exception) -> None:
        self.loading = False
        self.form.summaryLabel.setText(error_text(exc))

    def _show(self) -> None:
        data = self.overview
        if data is None:
            return
        rows = data["communes"]
        sent = sum(1 for r in rows if r["bundles"])
        self.form.summaryLabel.setText(
            _(
                "{name} (mã {code}) — {sent}/{total} xã đã gửi dữ liệu; hạn nộp: ngày {due}"
                " hằng tháng."
            ).format(
                name=data["unit_name"],
                code=data["unit_code"],
                sent=format_number(sent),
                total=format_number(len(rows)),
                due=data["due_day"],
            )
        )
        self.submissions.fill(rows)
        self._fill_indicators(data["indicators"])

    def _fill_indicators(self, rows: list[dict[str, Any]]) -> None:
        self.figures.fill(rows)

    # -- import -----------------------------------------------------------------------------
    def import_files(self) -> None:
        """Choose files, ask for the office key passphrase, import them in the worker."""
        if self.importing is not None:
            return
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Chọn các tệp dữ liệu của xã"), str(export_dir()), _(FILE_FILTER)
        )
        if not paths:
            return
        key, ok = QInputDialog.getText(
            self,
            _("Mật khẩu khóa của đơn vị"),
            _("Nhập mật khẩu khóa của đơn vị để mở các tệp:"),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not key:
            return
        f = self.form
        self.config_saved = None
        f.resultList.clear()
        f.resultList.show()
        f.progressBar.setRange(0, len(paths))
        f.progressBar.setValue(0)
        f.progressBar.show()
        f.cancelButton.show()
        f.importButton.setEnabled(False)
        self.importing = self.worker.call(
            run_import,
            list(paths),
            key,
            with_task=True,
            on_progress=self._progress,
            on_done=self._imported,
            on_error=self._import_failed,
        )

    def cancel_import(self) -> None:
        if self.importing is not None:
            self.importing.cancel()

    def _progress(self, done: int, total: int) -> None:
        self.form.progressBar.setRange(0, max(total, 1))
        self.form.progressBar.setValue(done)

    def _import_finished(self) -> None:
        self.importing = None
        f = self.form
        f.progressBar.hide()
        f.cancelButton.hide()
        f.importButton.setEnabled(True)

    def _imported(self, results: list[dict[str, Any]]) -> None:
        self._import_finished()
        self.results = results
        self._show_results()
        self.refresh()
        self.changed.emit()

    def _show_results(self) -> None:
        f = self.form
        f.resultList.clear()
        for result in self.results:
            label = _(RESULT_LABELS.get(result["status"], result["status"]))
            item = QListWidgetItem(f"{result['name']}: {label} — {result['message']}")
            item.setForeground(QBrush(QColor(RESULT_COLORS.get(result["status"], ERROR_COLOR))))
            f.resultList.addItem(item)
        if self.config_saved:
            path, fingerprint = self.config_saved
            item = QListWidgetItem(
                _(
                    "Đã lưu tệp cấu hình: {path}. Dấu vân tay: {fingerprint} (đọc cho từng xã"
                    " qua điện thoại)."
                ).format(path=path, fingerprint=fingerprint)
            )
            item.setForeground(QBrush(QColor(RESULT_COLORS["accepted"])))
            f.resultList.addItem(item)

    def _import_failed(self, exc: Exception) -> None:
        self._import_finished()
        self.results = []
        item = QListWidgetItem(error_text(exc))
        item.setForeground(QBrush(QColor(ERROR_COLOR)))
        self.form.resultList.addItem(item)

    # -- the config file for the communes ---------------------------------------------------
    def save_config(self) -> None:
        """Save the office's signed config file again (for a new commune, or one that lost it)."""
        unit = self.overview or {}
        name = exchange.config_file_name(unit.get("unit_code", ""), unit.get("unit_name", ""))
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lưu tệp cấu hình cho các xã"), str(export_dir() / name), _(CONFIG_FILTER)
        )
        if not path:
            return
        if not Path(path).suffix:
            path += exchange.CONFIG_EXTENSION
        self.worker.call(
            exchange.save_office_config,
            path,
            on_done=lambda fingerprint: self._config_saved(path, fingerprint),
            on_error=self._error,
        )

    def _config_saved(self, path: str, fingerprint: str) -> None:
        self.config_saved = (path, fingerprint)
        self.form.resultList.show()
        self._show_results()

    # -- enrolment --------------------------------------------------------------------------
    def enrol_device(self) -> None:
        """Choose a commune's enrolment file and check its fingerprint before registering it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn tệp đăng ký thiết bị của xã"), str(export_dir()), _(ANY_FILE)
        )
        if not path:
            return
        self.worker.run(
            describe_enrolment,
            path,
            on_done=lambda info: self._ask_fingerprint(path, info),
            on_error=self._error,
        )

    def _ask_fingerprint(self, path: str, info: dict[str, Any]) -> None:
        from ctxh_desktop.ui.dialogs.fingerprint import FingerprintDialog

        subject = _("Tệp đăng ký thiết bị của xã <b>{name}</b> (mã {code})<br>Tệp: {file}").format(
            name=escape(info["name"]), code=escape(info["commune"]), file=escape(path)
        )

        def submit(typed, on_done, on_error) -> None:
            self.worker.call(exchange.enrol_device, path, typed, on_done=on_done, on_error=on_error)

        dialog = FingerprintDialog(subject, submit, self, title=_("Đăng ký thiết bị của xã"))
        dialog.accepted.connect(self.refresh)
        self.dialog = dialog
        dialog.open()

    # -- drill-down -------------------------------------------------------------------------
    def _drill(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        code = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not code:
            return
        name = table.item(row, 1).text() if table.item(row, 1) else code
        self.show_commune(code, name)

    def show_commune(self, code: str, name: str = "") -> None:
        """List a commune's people and cases (read only) in the third tab."""
        self.form.tabs.setCurrentWidget(self.form.drillTab)
        self.loading = True
        self.worker.call(
            commune_records,
            code,
            on_done=lambda rows: self._drilled(code, name or code, rows),
            on_error=self._load_failed,
        )

    def _drilled(self, code: str, name: str, rows: list[dict[str, Any]]) -> None:
        self.loading = False
        self.drill = (code, name, rows)
        self._show_drill()

    def _show_drill(self) -> None:
        if self.drill is None:
            return
        code, name, rows = self.drill
        f = self.form
        people = sum(1 for r in rows if r["type"] == "person")
        f.drillLabel.setText(
            _("{name} (mã {code}): {people} đối tượng, {cases} trường hợp (chỉ xem).").format(
                name=name,
                code=code,
                people=format_number(people),
                cases=format_number(len(rows) - people),
            )
        )
        f.drillTable.setRowCount(len(rows))
        for r, row in enumerate(rows):
            kind = _("Đối tượng") if row["type"] == "person" else _("Trường hợp")
            date = (
                format_date(row["date"])
                if row["type"] == "person"
                else format_datetime(row["date"])
            )
            for c, text in enumerate((kind, row["name"], date or "", row["state"] or "")):
                f.drillTable.setItem(r, c, QTableWidgetItem(text))

    # -- receipts ---------------------------------------------------------------------------
    def _receipt_written(self, path: Path) -> None:
        self.receipt_written = path
        item = QListWidgetItem(_("Đã lưu biên nhận: {path}").format(path=path))
        item.setForeground(QBrush(QColor(RESULT_COLORS["accepted"])))
        self.form.resultList.addItem(item)
        self.form.resultList.show()

    def _purged(self, done: dict[str, Any]) -> None:
        item = QListWidgetItem(
            ngettext(
                "Đã xóa {files} tệp ({rows} dòng) nhận từ thiết bị {device}.",
                "Đã xóa {files} tệp ({rows} dòng) nhận từ thiết bị {device}.",
                done["files"],
            ).format(files=done["files"], rows=done["rows"], device=done["device_id"])
        )
        item.setForeground(QBrush(QColor(RESULT_COLORS["accepted"])))
        self.form.resultList.addItem(item)
        self.form.resultList.show()
        self.refresh()
        self.changed.emit()

    # -- misc -------------------------------------------------------------------------------
    def _error(self, exc: Exception) -> None:
        QMessageBox.warning(self, _("Tiếp nhận dữ liệu các xã"), error_text(exc))

    def recover_key(self) -> None:
        """The key passphrase was lost: the printed recovery sheet sets a new one."""
        from ctxh_desktop.ui.dialogs.office_key_recovery import OfficeKeyRecoveryDialog

        dialog = OfficeKeyRecoveryDialog(self.worker, self)
        dialog.open()
        self.key_dialog = dialog

    def retranslate(self) -> None:
        f = self.form
        self.submissions.retranslate()
        self.receipts.retranslate()
        self.transfer_files.retranslate()
        self.purges.retranslate()
        self.key_button.setText(_("Quên mật khẩu khóa?"))
        self.figures.retranslate()
        self.targets.retranslate()
        f.drillTable.setHorizontalHeaderLabels([_(h) for h in DRILL_COLUMNS])
        f.duplicatesTable.setHorizontalHeaderLabels([_(h) for h in DUPLICATE_COLUMNS])
        self._show_duplicates()
        self._show()
        self._show_results()
        self._show_drill()
