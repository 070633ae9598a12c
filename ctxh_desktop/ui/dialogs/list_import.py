"""Importing a list of people from Excel: choose the file, check the columns, preview, confirm.

Every step runs its service call in the worker thread (:mod:`ctxh_desktop.services.list_import`).
Nothing is written until the person presses "Nhập N dòng hợp lệ" on the preview; rows with errors
are shown in red with their messages, likely duplicates in orange with the person they match.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QTableWidgetItem,
    QWidget,
)

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.paths import export_dir
from ctxh_desktop.services import list_import
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.forms.dialogs.ui_list_import import Ui_ListImportDialog
from ctxh_desktop.ui.table_model import size_columns

FILE, MAPPING, PREVIEW, RESULT = range(4)
ERROR_COLOR = "#b3261e"
DUPLICATE_COLOR = "#b45f06"
OK_COLOR = "#1b7f3b"
STATUS_TEXT = {
    "ok": N_("Hợp lệ"),
    "error": N_("Có lỗi"),
    "duplicate": N_("Có thể trùng"),
}
STATUS_COLOR = {"ok": OK_COLOR, "error": ERROR_COLOR, "duplicate": DUPLICATE_COLOR}
REASONS = {
    "id_number": N_("cùng số CCCD"),
    "phone": N_("cùng số điện thoại"),
    "name_birth": N_("cùng họ tên và năm sinh"),
}
PREVIEW_COLUMNS = (
    N_("Dòng"),
    N_("Tình trạng"),
    N_("Họ và tên"),
    N_("Ngày sinh"),
    N_("Số CCCD"),
    N_("Ghi chú kiểm tra"),
)
MAPPING_COLUMNS = (N_("Cột trong tệp"), N_("Là thông tin"), N_("Ví dụ"))


def problem_text(row: dict[str, Any]) -> str:
    """What is wrong with a previewed row, in one line."""
    if row["errors"]:
        return "; ".join(
            f"{list_import.field_label(field) or field}: {message}"
            for field, message in row["errors"].items()
        )
    parts = []
    for dup in row["duplicates"]:
        who = dup.get("full_name") or ""
        born = format_date(dup.get("birth_date")) if dup.get("birth_date") else ""
        who = f"{who} ({born})" if born else who
        reason = _(REASONS.get(dup.get("reason"), "")) if dup.get("reason") in REASONS else ""
        if "row" in dup:
            parts.append(
                _("Trùng với dòng {row} trong tệp: {who}, {reason}").format(
                    row=dup["row"], who=who, reason=reason
                )
            )
        else:
            parts.append(
                _("Trùng với người đã có trong sổ: {who}, {reason}").format(who=who, reason=reason)
            )
    return "; ".join(parts)


class ListImportDialog(QDialog):
    """The four-step import; ``imported`` carries the service's ``{"imported", "skipped"}``."""

    imported = Signal(dict)

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_ListImportDialog()
        self.form.setupUi(self)
        f = self.form
        f.stepLabel.setProperty("role", "section")
        self.path = ""
        self.sheet: dict[str, Any] | None = None
        self.rows: list[dict[str, Any]] = []
        self.result: dict[str, int] | None = None
        self.busy = False
        f.browseButton.clicked.connect(self.browse)
        f.sheetCombo.currentIndexChanged.connect(self._sheet_changed)
        f.backButton.clicked.connect(self.back)
        f.nextButton.clicked.connect(self.next)
        f.closeButton.clicked.connect(self.reject)
        f.problemsCheck.toggled.connect(lambda _on: self._filter_preview())
        for table in (f.mappingTable, f.previewTable):
            table.verticalHeader().hide()
            table.setEditTriggers(table.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
        f.previewTable.setWordWrap(False)
        f.mappingTable.verticalHeader().setDefaultSectionSize(34)
        f.steps.setCurrentIndex(FILE)
        self._update()

    # -- texts ------------------------------------------------------------------------------
    def _update(self) -> None:
        f = self.form
        step = f.steps.currentIndex()
        titles = {
            FILE: _("Bước 1/3: chọn tệp Excel"),
            MAPPING: _("Bước 2/3: kiểm tra các cột"),
            PREVIEW: _("Bước 3/3: xem trước và xác nhận"),
            RESULT: _("Kết quả"),
        }
        f.stepLabel.setText(titles[step])
        f.backButton.setVisible(step in (MAPPING, PREVIEW))
        f.nextButton.setVisible(step != RESULT)
        ok = list_import.summary(self.rows)["ok"] if self.rows else 0
        if step == PREVIEW:
            f.nextButton.setText(
                ngettext("Nhập {n} dòng hợp lệ", "Nhập {n} dòng hợp lệ", ok).format(n=ok)
            )
        else:
            f.nextButton.setText(_("Tiếp >"))
        enabled = {
            FILE: self.sheet is not None and bool(self.sheet["rows"]),
            MAPPING: True,
            PREVIEW: ok > 0,
        }.get(step, False)
        f.nextButton.setEnabled(enabled and not self.busy)
        f.backButton.setEnabled(not self.busy)
        f.closeButton.setText(_("Đóng") if step == RESULT else _("Hủy"))
        f.busyLabel.setText(_("Đang xử lý…") if self.busy else "")
        if self.sheet is not None:
            f.fileInfo.setText(
                ngettext(
                    "Trang «{sheet}»: {n} dòng dữ liệu, dòng tiêu đề là dòng {row}.",
                    "Trang «{sheet}»: {n} dòng dữ liệu, dòng tiêu đề là dòng {row}.",
                    len(self.sheet["rows"]),
                ).format(
                    sheet=self.sheet["sheet"],
                    n=len(self.sheet["rows"]),
                    row=self.sheet["header_row"],
                )
            )
        if self.rows:
            counts = list_import.summary(self.rows)
            f.summaryLabel.setText(
                _(
                    "{ok} dòng hợp lệ, <span style='color:{red}'>{error} dòng có lỗi</span>, "
                    "<span style='color:{orange}'>{duplicate} dòng có thể trùng</span>. "
                    "Chỉ các dòng hợp lệ được nhập; chưa có gì được ghi."
                ).format(red=ERROR_COLOR, orange=DUPLICATE_COLOR, **counts)
            )
        if self.result is not None:
            f.resultLabel.setText(
                _(
                    "Đã nhập {imported} người vào sổ. Bỏ qua {skipped} dòng (lỗi hoặc trùng)."
                ).format(**self.result)
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
            self._update()
        super().changeEvent(event)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            show_error(self.form.errorLabel, "")
        self._update()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        show_error(self.form.errorLabel, error_text(exc))

    # -- step 1: the file -------------------------------------------------------------------
    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn tệp Excel"), str(export_dir()), _("Tệp Excel (*.xlsx)")
        )
        if path:
            self.choose_file(path)

    def choose_file(self, path: str, sheet: str | None = None) -> None:
        """Read a workbook (one sheet of it) in the worker thread."""
        self.path = path
        self.form.fileEdit.setText(path)
        self.sheet = None
        self.rows = []
        self._set_busy(True)
        self.worker.run(
            list_import.read_sheet, path, sheet, on_done=self._read, on_error=self._failed
        )

    def _read(self, sheet: dict[str, Any]) -> None:
        self.sheet = sheet
        combo = self.form.sheetCombo
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(sheet["sheets"])
        combo.setCurrentText(sheet["sheet"])
        combo.blockSignals(False)
        self._set_busy(False)
        if not sheet["rows"]:
            show_error(self.form.errorLabel, _("Trang tính này không có dòng dữ liệu nào."))

    def _sheet_changed(self) -> None:
        if self.path and self.form.sheetCombo.currentText():
            self.choose_file(self.path, self.form.sheetCombo.currentText())

    # -- step 2: the columns ----------------------------------------------------------------
    def _fill_mapping(self) -> None:
        assert self.sheet is not None
        table = self.form.mappingTable
        headers = self.sheet["headers"]
        guess = list_import.guess_mapping(headers)
        table.clear()
        table.setColumnCount(len(MAPPING_COLUMNS))
        table.setHorizontalHeaderLabels([_(c) for c in MAPPING_COLUMNS])
        table.setRowCount(len(headers))
        for index, header in enumerate(headers):
            table.setItem(index, 0, QTableWidgetItem(header or _("(không có tiêu đề)")))
            combo = QComboBox()
            combo.addItem(_("Bỏ qua"), None)
            for field in list_import.FIELDS:
                combo.addItem(list_import.field_label(field), field)
            combo.setCurrentIndex(max(combo.findData(guess.get(index)), 0))
            table.setCellWidget(index, 1, combo)
            samples = [
                format_date(v) if hasattr(v, "isoformat") else str(v)
                for v in (row[index] for row in self.sheet["rows"][:20])
                if v is not None
            ][:3]
            table.setItem(index, 2, QTableWidgetItem(" · ".join(samples)))
        table.resizeColumnToContents(0)
        table.setColumnWidth(1, 300)

    def mapping(self) -> dict[int, str]:
        """The field chosen for each column (ignored columns left out)."""
        table = self.form.mappingTable
        chosen: dict[int, str] = {}
        for index in range(table.rowCount()):
            combo = table.cellWidget(index, 1)
            if combo is not None and combo.currentData():
                chosen[index] = combo.currentData()
        return chosen

    def set_field(self, column: int, field: str | None) -> None:
        """Choose the field of one column (what a person does with the combo)."""
        combo = self.form.mappingTable.cellWidget(column, 1)
        combo.setCurrentIndex(max(combo.findData(field), 0))

    # -- step 3: the preview ----------------------------------------------------------------
    def _previewed(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        table = self.form.previewTable
        table.clear()
        table.setColumnCount(len(PREVIEW_COLUMNS))
        table.setHorizontalHeaderLabels([_(c) for c in PREVIEW_COLUMNS])
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            data = row["data"]
            colour = QBrush(QColor(STATUS_COLOR[row["status"]]))
            born = data.get("birth_date")
            status_text = STATUS_TEXT[row["status"]]
            values = (
                str(row["row"]),
                _(status_text),
                str(data.get("full_name") or ""),
                format_date(born)
                if isinstance(born, str) and born[:4].isdigit()
                else str(born or ""),
                str(data.get("id_number") or ""),
                problem_text(row),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 1 or (c == 5 and row["status"] != "ok"):
                    item.setForeground(colour)
                if c == 5:
                    item.setToolTip(value)
                table.setItem(r, c, item)
        size_columns(table, (50, 110, 200, 95, 120))
        self._set_busy(False)
        self.form.steps.setCurrentIndex(PREVIEW)
        self._filter_preview()
        self._update()

    def _filter_preview(self) -> None:
        only = self.form.problemsCheck.isChecked()
        for r, row in enumerate(self.rows):
            self.form.previewTable.setRowHidden(r, only and row["status"] == "ok")

    # -- navigation -------------------------------------------------------------------------
    def next(self) -> None:
        f = self.form
        step = f.steps.currentIndex()
        if self.busy:
            return
        if step == FILE and self.sheet is not None:
            self._fill_mapping()
            f.steps.setCurrentIndex(MAPPING)
            self._update()
        elif step == MAPPING:
            mapping = self.mapping()
            if "full_name" not in mapping.values():
                show_error(f.errorLabel, _("Hãy chọn cột chứa họ và tên."))
                return
            self._set_busy(True)
            self.worker.call(
                list_import.preview,
                self.sheet,
                mapping,
                on_done=self._previewed,
                on_error=self._failed,
            )
        elif step == PREVIEW:
            self._set_busy(True)
            self.worker.call(
                list_import.commit, self.rows, on_done=self._committed, on_error=self._failed
            )

    def back(self) -> None:
        step = self.form.steps.currentIndex()
        if step in (MAPPING, PREVIEW) and not self.busy:
            self.form.steps.setCurrentIndex(step - 1)
            show_error(self.form.errorLabel, "")
            self._update()

    def _committed(self, result: dict[str, int]) -> None:
        self.result = result
        self.busy = False
        self.form.steps.setCurrentIndex(RESULT)
        self._update()
        self.imported.emit(result)

    def reject(self) -> None:
        if self.busy and self.form.steps.currentIndex() == PREVIEW:
            return  # the import is being written: wait for its end
        super().reject()


__all__ = ["ListImportDialog", "problem_text"]
