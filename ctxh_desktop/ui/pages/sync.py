"""The "Đồng bộ" page.

On a commune database: the trusted receiving office (or installing its config after typing the
start of its fingerprint), this device's enrolment file, the export wizard, the history of exports
and the office's receipt (what it holds for the commune). On an office database the same navigation
entry shows :class:`~ctxh_desktop.ui.pages.office.OfficePage` instead (:class:`ExchangePage`
chooses once the session is known).
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_datetime, format_number
from ctxh_desktop.paths import export_dir
from ctxh_desktop.services import exchange, sync_state
from ctxh_desktop.ui.common import error_text
from ctxh_desktop.ui.forms.pages.ui_sync import Ui_SyncPage
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.pages.transfer_files import ReceiveTransfers

HISTORY_COLUMNS = (N_("Ngày giờ"), N_("Loại"), N_("Số dòng"), N_("Tệp"))
KINDS = {"snapshot": N_("Toàn bộ dữ liệu"), "delta": N_("Phần thay đổi")}
FILE_FILTER = N_("Tất cả các tệp (*)")
TABLES = {
    "person": N_("Đối tượng"),
    "case_file": N_("Trường hợp"),
    "case_event": N_("Diễn biến trường hợp"),
    "consultation": N_("Buổi tư vấn"),
    "child_profile": N_("Trẻ em"),
    "child_support": N_("Lượt hỗ trợ trẻ em"),
    "referral": N_("Chuyển gửi"),
    "service_provider": N_("Cơ sở cung cấp dịch vụ"),
    "case_service": N_("Dịch vụ đã cung cấp"),
    "case_conference": N_("Họp ca, họp liên ngành"),
    "safety_plan": N_("Kế hoạch an toàn"),
    "consent": N_("Sự đồng ý"),
    "staff": N_("Người làm công tác xã hội"),
    "staff_training": N_("Khóa tập huấn đã tham gia"),
    "staff_certificate": N_("Chứng chỉ hành nghề"),
}


# -- worker-side reads --------------------------------------------------------------------------
def session_kind(session) -> str:
    """``"commune"`` or ``"office"``."""
    return session.kind


def receipt_summary(got: dict[str, Any]) -> str:
    """The receipt as a few lines of HTML: rows held per table, unacknowledged changes."""
    lines = [
        "<b>"
        + escape(
            _("Biên nhận ngày {date}: đơn vị đang giữ dữ liệu sau của xã.").format(
                date=format_datetime(got.get("issued_at"))
            )
        )
        + "</b>"
    ]
    for table, info in (got.get("tables") or {}).items():
        label = _(TABLES[table]) if table in TABLES else table
        lines.append(f"{escape(label)}: {format_number(int(info.get('count') or 0))}")
    missing = got.get("unacknowledged") or []
    if missing:
        ranges = ", ".join(f"{lo}–{hi}" for lo, hi in missing)
        lines.append(
            "<span style='color:#b3261e'>"
            + escape(
                _(
                    "Đơn vị chưa nhận các thay đổi {ranges}. Hãy xuất và gửi lại toàn bộ dữ liệu."
                ).format(ranges=ranges)
            )
            + "</span>"
        )
    else:
        lines.append(escape(_("Đơn vị đã nhận đủ các lần gửi của máy này.")))
    return "<br>".join(lines)


# -- the commune page ---------------------------------------------------------------------------
class SyncPage(Page):
    """The commune's side of the exchange."""

    form_class = Ui_SyncPage
    changed = Signal()

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        f.titleLabel.setProperty("role", "title")
        f.subtitleLabel.setProperty("role", "subtitle")
        f.historyTitle.setProperty("role", "section")
        f.historyTable.setColumnCount(len(HISTORY_COLUMNS))
        f.historyTable.verticalHeader().hide()
        header = f.historyTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = self.layout()
        last = layout.itemAt(layout.count() - 1)
        if last is not None and last.spacerItem() is not None:  # the base page's filler
            layout.removeItem(last)
        layout.setStretchFactor(f.historyTable, 1)
        f.trustButton.clicked.connect(self.install_config)
        f.enrolButton.clicked.connect(self.write_enrolment)
        f.exportButton.clicked.connect(self.export)
        f.receiptButton.clicked.connect(self.load_receipt)
        self.transfers = ReceiveTransfers(self, f.receiptLabel)  # cases moved to this commune
        for widget in (f.trustButton, f.enrolButton, f.exportButton):
            widget.setProperty("needs", "export")
        self.status: dict[str, Any] | None = None
        self.last_export: dict[str, Any] | None = None
        self.receipt: dict[str, Any] | None = None
        self.loading = False
        self.dialog = None
        self.retranslate()

    # -- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.loading = True
        self.worker.call(sync_state.sync_status, on_done=self._loaded, on_error=self._load_failed)

    @property
    def idle(self) -> bool:
        return not self.loading

    def _loaded(self, status: dict[str, Any]) -> None:
        self.loading = False
        self.status = status
        self._show_status()

    def _load_failed(self, exc: Exception) -> None:
        self.loading = False
        self.form.officeLabel.setText(error_text(exc))

    def _show_status(self) -> None:
        f = self.form
        status = self.status or {}
        office = status.get("office")
        if office:
            f.officeLabel.setText(
                _("<b>{name}</b> (mã {code})<br>Dấu vân tay: <tt>{fingerprint}</tt>").format(
                    name=escape(office.get("unit_name") or ""),
                    code=escape(office.get("unit_code") or ""),
                    fingerprint=escape(office.get("fingerprint") or ""),
                )
            )
        elif self.status is not None:
            f.officeLabel.setText(
                _(
                    "Chưa cài cấu hình của đơn vị tiếp nhận. Hãy chọn tệp cấu hình do đơn vị gửi"
                    " và gõ dấu vân tay in trên công văn của đơn vị."
                )
            )
        f.exportButton.setEnabled(bool(office))
        f.receiptButton.setEnabled(bool(office))
        fp = status.get("device_fingerprint")
        f.deviceLabel.setText(
            _("Dấu vân tay của máy này: <tt>{fingerprint}</tt>").format(fingerprint=fp)
            if fp
            else ""
        )
        if self.last_export:
            info = self.last_export
            f.lastExportLabel.setText(
                _("Tệp vừa xuất: {path} ({size})").format(
                    path=str(info["path"]), size=_size(info["size"])
                )
            )
        else:
            f.lastExportLabel.setText(
                "" if office else _("Cần cài cấu hình đơn vị trước khi xuất.")
            )
        self._fill_history(status.get("history") or [])

    def _fill_history(self, rows: list[dict[str, Any]]) -> None:
        table = self.form.historyTable
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            kind = row.get("kind")
            cells = (
                format_datetime(row.get("at")),
                _(KINDS[kind]) if kind in KINDS else str(kind or ""),
                format_number(int(row.get("rows") or 0)),
                str(row.get("file") or ""),
            )
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))

    # -- office config ----------------------------------------------------------------------
    def install_config(self) -> None:
        """Choose the office's config file, show its unit, ask for the fingerprint."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn tệp cấu hình của đơn vị tiếp nhận"), str(export_dir()), _(FILE_FILTER)
        )
        if not path:
            return
        self.worker.run(
            exchange.describe_config,
            path,
            on_done=lambda info: self._ask_fingerprint(path, info),
            on_error=self._error,
        )

    def _ask_fingerprint(self, path: str, info: dict[str, Any]) -> None:
        from ctxh_desktop.ui.dialogs.fingerprint import FingerprintDialog

        subject = _("Tệp cấu hình của đơn vị: <b>{name}</b> (mã {code})<br>Tệp: {file}").format(
            name=escape(info["unit_name"]), code=escape(info["unit_code"]), file=escape(path)
        )

        def submit(typed, on_done, on_error) -> None:
            self.worker.call(exchange.trust_office, path, typed, on_done=on_done, on_error=on_error)

        dialog = FingerprintDialog(
            subject, submit, self, title=_("Cài đặt cấu hình đơn vị tiếp nhận")
        )
        dialog.accepted.connect(self._installed)
        self.dialog = dialog
        dialog.open()

    def _installed(self) -> None:
        self.refresh()
        self.changed.emit()

    # -- enrolment --------------------------------------------------------------------------
    def write_enrolment(self) -> None:
        """Save this device's enrolment file and show its fingerprint."""
        default = export_dir() / "dang-ky-thiet-bi.ctxhdev"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Lưu tệp đăng ký thiết bị"), str(default), _(FILE_FILTER)
        )
        if not path:
            return
        self.worker.call(
            exchange.write_enrolment,
            path,
            on_done=lambda fp: self._enrolment_written(path, fp),
            on_error=self._error,
        )

    def _enrolment_written(self, path: str, fingerprint: str) -> None:
        self.refresh()
        QMessageBox.information(
            self,
            _("Tệp đăng ký thiết bị"),
            _(
                "Đã lưu {path}.\n\nDấu vân tay của máy này: {fingerprint}\n"
                "Gửi tệp cho đơn vị tiếp nhận, và báo dấu vân tay qua điện thoại hoặc công văn"
                " để đơn vị kiểm tra."
            ).format(path=path, fingerprint=fingerprint),
        )

    # -- export -----------------------------------------------------------------------------
    def export(self) -> None:
        """Open the export wizard."""
        from ctxh_desktop.ui.dialogs.export_wizard import ExportWizard

        full = bool((self.status or {}).get("snapshot_suggested"))
        dialog = ExportWizard(self.worker, self, full=full)
        dialog.exported.connect(self._exported)
        self.dialog = dialog
        dialog.open()

    def _exported(self, info: dict[str, Any]) -> None:
        self.last_export = info
        self.refresh()
        self.changed.emit()

    # -- receipt ----------------------------------------------------------------------------
    def load_receipt(self) -> None:
        """Open a receipt from the office and show what it holds."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn biên nhận của đơn vị tiếp nhận"), str(export_dir()), _(FILE_FILTER)
        )
        if not path:
            return
        self.worker.call(exchange.read_receipt, path, on_done=self._receipt, on_error=self._error)

    def _receipt(self, got: dict[str, Any]) -> None:
        self.receipt = got
        self.form.receiptLabel.setText(receipt_summary(got))

    # -- misc -------------------------------------------------------------------------------
    def _error(self, exc: Exception) -> None:
        QMessageBox.warning(self, _("Đồng bộ"), error_text(exc))

    def retranslate(self) -> None:
        self.transfers.retranslate()
        self.form.historyTable.setHorizontalHeaderLabels([_(h) for h in HISTORY_COLUMNS])
        if self.status is not None:
            self._show_status()
        if self.receipt is not None:
            self._receipt(self.receipt)


def _size(size: int) -> str:
    from ctxh_desktop.ui.dialogs.export_wizard import size_text

    return size_text(size)


# -- the navigation entry: commune page or office page ------------------------------------------
class ExchangePage(QWidget):
    """Shows :class:`SyncPage` on a commune database and the office page on an office one."""

    #: data came in (an import at the office, a restore at a commune)
    changed = Signal()

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ctxh_desktop.ui.pages.office import OfficePage

        self.worker = worker
        self.commune_page = SyncPage(worker)
        self.office_page = OfficePage(worker)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.commune_page)
        self.stack.addWidget(self.office_page)
        self.commune_page.changed.connect(self.changed)
        self.office_page.changed.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.kind: str | None = None
        self.setProperty("page", True)

    @property
    def current(self) -> Page:
        return self.office_page if self.kind == "office" else self.commune_page

    @property
    def idle(self) -> bool:
        return self.kind is not None and self.current.idle

    def refresh(self) -> None:
        self.kind = None
        self.worker.call(session_kind, on_done=self._kind)

    def _kind(self, kind: str) -> None:
        self.kind = kind
        self.stack.setCurrentWidget(self.current)
        self.current.refresh()
