"""Reports: choose a report and its period, see the main figures, preview, print or save; trends.

The monthly, 6-month and annual reports are the commune's administrative report
(:func:`services.reporting.monthly_report`) over one month, January–June or the whole year; an office
database also offers the consolidated report over a range of months, as PDF or Excel. Everything is
generated in the worker (:mod:`~ctxh_desktop.ui.pages.report_output`); the page shows a busy bar
meanwhile. The table of the main figures is in :mod:`~ctxh_desktop.ui.pages.report_figures`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QTimer

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import Period, make_period, previous_month
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.services import access, stats, trends
from ctxh_desktop.ui.charts import TrendCharts, month_label
from ctxh_desktop.ui.common import error_text
from ctxh_desktop.ui.dialogs.print_preview import (
    PrintDocument,
    PrintPreviewDialog,
    print_document,
    save_document,
)
from ctxh_desktop.ui.forms.pages.ui_reports import Ui_ReportsPage
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.pages.report_figures import fill_figures, setup_figures_table
from ctxh_desktop.ui.pages.report_output import (
    ANNUAL,
    CONSOLIDATED,
    FORMATS,
    HALF_YEAR,
    KINDS,
    MONTHLY,
    build_report,
    report_document,
    write_registers,
)


# -- in the worker thread ---------------------------------------------------------------------
def page_context(session) -> dict[str, Any]:
    """What the page needs to know about the session: database kind and what the account may do."""
    return {
        "kind": session.kind,
        "can_print": access.can(session, "print"),
        "can_export_registers": access.can(session, "registers"),
    }


# -- helpers ----------------------------------------------------------------------------------
def _month(edit) -> str:
    date = edit.date()
    return f"{date.year():04d}-{date.month():02d}"


def _qdate(month: str) -> QDate:
    return QDate(int(month[:4]), int(month[5:7]), 1)


class ReportsPage(Page):
    """Report choice, main figures, preview/print/save, and the trends tab."""

    form_class = Ui_ReportsPage

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        layout = self.layout()
        last = layout.itemAt(layout.count() - 1)
        if last is not None and last.spacerItem() is not None:
            layout.takeAt(layout.count() - 1)
        layout.setStretchFactor(f.tabs, 1)
        f.choiceColumn.setStretch(f.choiceColumn.count() - 1, 1)
        f.reportTabLayout.setStretch(0, 2)
        f.reportTabLayout.setStretch(1, 3)
        setup_figures_table(f.figuresTable)
        self.charts = TrendCharts()
        f.trendsLayout.addWidget(self.charts, 1)
        today = QDate.currentDate()
        last_month = previous_month(dt.date.today())
        for edit in (f.monthEdit, f.fromEdit, f.toEdit):
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.setMaximumDate(QDate(today.year(), today.month(), 1))
        f.monthEdit.setDate(_qdate(last_month))
        f.fromEdit.setDate(_qdate(last_month[:4] + "-01"))
        f.toEdit.setDate(_qdate(last_month))
        for year in range(today.year(), 1999, -1):
            f.yearCombo.addItem(str(year), year)
        f.yearCombo.setCurrentIndex(max(0, f.yearCombo.findData(int(last_month[:4]))))
        self.office = False
        self.can_print = True
        self.can_export_registers = True
        self.counts: dict[str, int] | None = None
        self.period: Period | None = None
        self.preview: PrintPreviewDialog | None = None
        self.document: PrintDocument | None = None
        self.generating = False
        self._figures_for: str | None = None
        self._trends_for: str | None = None
        self._fill_combos()
        f.progressBar.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._load_figures)
        f.kindCombo.currentIndexChanged.connect(self._choice_changed)
        f.formatCombo.currentIndexChanged.connect(self._choice_changed)
        for edit in (f.monthEdit, f.fromEdit, f.toEdit):
            edit.dateChanged.connect(self._choice_changed)
        f.yearCombo.currentIndexChanged.connect(self._choice_changed)
        f.previewButton.clicked.connect(self.show_preview)
        f.printButton.clicked.connect(self.print_report)
        f.saveButton.clicked.connect(self.save_report)
        f.registersButton.clicked.connect(self.export_registers)
        f.tabs.currentChanged.connect(lambda _i: self._load_trends())
        self._update_choice()

    # -- choice -----------------------------------------------------------------------------
    def _fill_combos(self) -> None:
        f = self.form
        keep = f.kindCombo.currentData() or MONTHLY
        f.kindCombo.blockSignals(True)
        f.kindCombo.clear()
        for code, label in KINDS:
            if code != CONSOLIDATED or self.office:
                f.kindCombo.addItem(_(label), code)
        f.kindCombo.setCurrentIndex(max(0, f.kindCombo.findData(keep)))
        f.kindCombo.blockSignals(False)
        keep_fmt = f.formatCombo.currentData() or "pdf"
        f.formatCombo.blockSignals(True)
        f.formatCombo.clear()
        for code, label in FORMATS:
            f.formatCombo.addItem(_(label), code)
        f.formatCombo.setCurrentIndex(max(0, f.formatCombo.findData(keep_fmt)))
        f.formatCombo.blockSignals(False)

    @property
    def kind(self) -> str:
        return self.form.kindCombo.currentData() or MONTHLY

    @property
    def fmt(self) -> str:
        return (
            (self.form.formatCombo.currentData() or "pdf") if self.kind == CONSOLIDATED else "pdf"
        )

    def spec(self) -> dict[str, Any]:
        """The chosen report: kind and months (``month``, or ``from``/``to``)."""
        f = self.form
        kind = self.kind
        year = f"{f.yearCombo.currentData() or dt.date.today().year:04d}"
        if kind == MONTHLY:
            return {"kind": kind, "month": _month(f.monthEdit)}
        if kind == HALF_YEAR:
            return {"kind": kind, "from": f"{year}-01", "to": f"{year}-06"}
        if kind == ANNUAL:
            return {"kind": kind, "from": f"{year}-01", "to": f"{year}-12"}
        return {"kind": kind, "from": _month(f.fromEdit), "to": _month(f.toEdit)}

    def _spec_period(self) -> Period:
        spec = self.spec()
        return make_period(spec.get("month"), spec.get("from"), spec.get("to"))

    def select(self, kind: str, month: str | None = None, year: int | None = None) -> None:
        """Choose a report (as a user would with the controls)."""
        f = self.form
        f.kindCombo.setCurrentIndex(max(0, f.kindCombo.findData(kind)))
        if month:
            f.monthEdit.setDate(_qdate(month))
        if year:
            f.yearCombo.setCurrentIndex(max(0, f.yearCombo.findData(year)))

    def _choice_changed(self, *_args) -> None:
        self._update_choice()

    def _update_choice(self) -> None:
        f = self.form
        kind = self.kind
        rows = {
            "month": (f.monthLabel, f.monthEdit, kind == MONTHLY),
            "year": (f.yearLabel, f.yearCombo, kind in (HALF_YEAR, ANNUAL)),
            "from": (f.fromLabel, f.fromEdit, kind == CONSOLIDATED),
            "to": (f.toLabel, f.toEdit, kind == CONSOLIDATED),
            "format": (f.formatLabel, f.formatCombo, kind == CONSOLIDATED),
        }
        for label, widget, visible in rows.values():
            label.setVisible(visible)
            widget.setVisible(visible)
        f.saveButton.setText(_("Lưu Excel…") if self.fmt == "xlsx" else _("Lưu PDF…"))
        try:
            self.period = self._spec_period()
        except UserError as exc:  # a range the wrong way round
            self.period = None
            f.periodLabel.setText(error_text(exc))
            self._set_figures(None)
        else:
            f.periodLabel.setText(
                _("Kỳ báo cáo: {label} (từ {start} đến {end})").format(
                    label=self.period.label(),
                    start=format_date(self.period.start),
                    end=format_date(self.period.end),
                )
            )
            f.figuresTitle.setText(_("Số liệu chính — {period}").format(period=self.period.label()))
        self._update_buttons()
        if self.worker.session is not None and self.period is not None:
            self._timer.start()

    def _update_buttons(self) -> None:
        f = self.form
        ready = self.period is not None and not self.generating
        f.previewButton.setEnabled(ready)
        for button in (f.printButton, f.saveButton):
            button.setEnabled(ready and self.can_print)
            button.setToolTip("" if self.can_print else _("Tài khoản của bạn không được in."))
        f.registersButton.setEnabled(self.can_export_registers)
        f.registersButton.setToolTip(
            ""
            if self.can_export_registers
            else _(
                "Chỉ cộng tác viên và quản trị viên được xuất sổ theo dõi có họ tên, số định danh "
                "và số điện thoại."
            )
        )

    # -- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._figures_for = None
        self._trends_for = None
        self.worker.call(page_context, on_done=self._context)

    def _context(self, context: dict[str, Any]) -> None:
        self.office = context.get("kind") == "office"
        self.can_print = bool(context.get("can_print"))
        self.can_export_registers = bool(context.get("can_export_registers"))
        self._fill_combos()
        self._update_choice()
        self._load_figures()
        self._load_trends()

    def _load_figures(self) -> None:
        if self.period is None or self.worker.session is None:
            return
        first, last = self.period.months
        key = f"{first}/{last}"
        if key == self._figures_for:
            return
        self._figures_for = key
        self.worker.call(
            stats.compute_stats,
            date_from=first,
            date_to=last,
            on_done=lambda result, k=key: self._figures_loaded(k, result),
            on_error=self._failed,
        )

    def _figures_loaded(self, key: str, result: dict[str, Any]) -> None:
        if key == self._figures_for:
            self._set_figures(result["counts"])

    def _set_figures(self, counts: dict[str, int] | None) -> None:
        self.counts = counts
        fill_figures(self.form.figuresTable, counts)

    def trend_month(self) -> str:
        """The last month the trend charts show: the report's last month, not after last month."""
        last = previous_month(dt.date.today())
        if self.period is None:
            return last
        return min(self.period.months[1], last)

    def _load_trends(self) -> None:
        if self.worker.session is None or self.form.tabs.currentWidget() is not self.form.trendsTab:
            return
        month = self.trend_month()
        if month == self._trends_for:
            return
        self._trends_for = month
        self.worker.call(
            trends.monthly_series,
            month,
            12,
            on_done=self._trends_loaded,
            on_error=self._failed,
        )

    def _trends_loaded(self, data: dict[str, Any]) -> None:
        self.charts.set_data(data)
        self._trends_label()

    def _trends_label(self) -> None:
        data = self.charts.data
        if not data or not data["months"]:
            self.form.trendsLabel.setText("")
            return
        self.form.trendsLabel.setText(
            _("12 tháng từ {first} đến {last}.").format(
                first=month_label(data["months"][0]), last=month_label(data["months"][-1])
            )
        )

    def _failed(self, exc: Exception) -> None:
        self.form.statusLabel.setText(error_text(exc))

    # -- generating -------------------------------------------------------------------------
    def generate(self, then: Callable[[PrintDocument], None]) -> None:
        """Generate the chosen report in the worker (busy bar meanwhile), then ``then(document)``."""
        if self.period is None or self.generating:
            return
        spec, fmt = self.spec(), self.fmt
        f = self.form
        self.generating = True
        self._update_buttons()
        f.progressBar.setRange(0, 0)
        f.progressBar.show()
        f.statusLabel.setText(_("Đang lập báo cáo…"))

        def done(result: dict[str, Any]) -> None:
            self._finished()
            self.document = report_document(spec, result)
            f.statusLabel.setText("")
            then(self.document)

        def failed(exc: Exception) -> None:
            self._finished()
            f.statusLabel.setText(error_text(exc))

        def progress(step: int, steps: int) -> None:
            if steps > 1:
                f.progressBar.setRange(0, steps)
                f.progressBar.setValue(step)

        self.worker.call(
            build_report,
            spec,
            fmt,
            with_task=True,
            on_done=done,
            on_error=failed,
            on_progress=progress,
        )

    def _finished(self) -> None:
        self.generating = False
        self.form.progressBar.hide()
        self._update_buttons()

    def show_preview(self) -> None:
        """Generate, then show the pages (button "Xem trước")."""
        self.generate(self._open_preview)

    def _open_preview(self, document: PrintDocument) -> None:
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        self.preview = PrintPreviewDialog(self.worker, document, self.window())
        self.preview.saved.connect(self._saved)
        self.preview.open()

    def print_report(self) -> None:
        """Generate, then choose a printer and print (button "In…")."""
        self.generate(
            lambda doc: print_document(
                self.worker,
                self,
                doc,
                lambda n: self.form.statusLabel.setText(
                    ngettext(
                        "Đã gửi {n} trang tới máy in.", "Đã gửi {n} trang tới máy in.", n
                    ).format(n=n)
                ),
            )
        )

    def save_report(self) -> None:
        """Generate, then choose where to save (button "Lưu PDF…" / "Lưu Excel…")."""
        fmt = self.fmt
        self.generate(lambda doc: save_document(self.worker, self, doc, fmt, self._saved))

    def export_registers(self) -> None:
        """Ask where, then write the registers workbook in the worker (button "Xuất sổ theo dõi")."""
        from PySide6.QtWidgets import QFileDialog

        from ctxh_desktop.ui.dialogs.print_preview import default_folder

        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Lưu sổ theo dõi"),
            str(default_folder() / "so-theo-doi.xlsx"),
            _("Tệp Excel (*.xlsx)"),
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.form.statusLabel.setText(_("Đang xuất sổ theo dõi…"))
        self.worker.call(
            write_registers,
            path,
            on_done=self._saved,
            on_error=lambda exc: self.form.statusLabel.setText(error_text(exc)),
        )

    def _saved(self, path) -> None:
        self.form.statusLabel.setText(_("Đã lưu {name}.").format(name=str(path)))

    # -- language ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._fill_combos()
        self._update_choice()
        self._set_figures(self.counts)
        self.charts.retranslate()
        self._trends_label()
