"""The transfer files in the window: the office page's «Viết tệp chuyển hồ sơ…» (the cases
transferred to a commune, for one of its devices, like a receipt) and the Sync page's «Nhận hồ sơ
chuyển đến…» (the receiving commune takes them); ``services.exchange.transfers``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.paths import export_dir
from ctxh_desktop.services.exchange import transfers
from ctxh_desktop.ui.common import add_beside, error_text
from ctxh_desktop.ui.pages.office_receipt import ReceiptAction


class TransferFileAction(ReceiptAction):
    """The office's button writing the transfer file for a commune device."""

    TEXTS: ClassVar[dict[str, str]] = {
        "title": N_("Viết tệp chuyển hồ sơ"),
        "device": N_("Tệp chuyển hồ sơ cho thiết bị của xã nhận:"),
        "folder": N_("Chọn thư mục lưu tệp chuyển hồ sơ"),
        "key": N_("Nhập mật khẩu khóa của đơn vị để ký tệp chuyển hồ sơ:"),
    }

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.button.setObjectName("transferFileButton")
        self.button.setText(_("Viết tệp chuyển hồ sơ…"))
        self.button.setAccessibleName(_("Viết tệp chuyển hồ sơ cho xã nhận"))
        self.button.setToolTip(
            _("Các ca một xã chuyển đi, gửi tiếp cho xã nơi đối tượng chuyển đến.")
        )

    @staticmethod
    def write(session, device_id: str, key: str, folder: str) -> Path:
        """The office's transfer file for the device."""
        return transfers.write_transfer_file(session, device_id, key, folder)


def add_transfer_file_button(page, anchor: QWidget) -> TransferFileAction:
    """The office page's button, under ``anchor`` in its column (the page fits 1024 px); the
    written file is announced."""

    def written(path: Path) -> None:
        QMessageBox.information(
            page, _("Viết tệp chuyển hồ sơ"), _("Đã lưu {path}.").format(path=str(path))
        )

    def failed(exc: Exception) -> None:
        QMessageBox.warning(page, _("Viết tệp chuyển hồ sơ"), error_text(exc))

    action = TransferFileAction(page, page.worker, written, failed)
    add_beside(anchor, action.button, left=True)
    return action


class ReceiveTransfers:
    """The Sync page's button taking the office's transfer file, under ``anchor``."""

    def __init__(self, page, anchor: QWidget) -> None:
        self.page = page
        self.button = QPushButton()
        self.button.setObjectName("receiveTransfersButton")
        self.button.setProperty("needs", "edit")
        self.button.clicked.connect(self.start)
        add_beside(anchor, self.button, left=True)  # a row of its own: the page fits 1024 px
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.button.setText(_("Nhận hồ sơ chuyển đến…"))
        self.button.setAccessibleName(_("Nhận hồ sơ chuyển đến từ tệp của văn phòng"))

    def start(self) -> None:
        """Choose the file, then take its cases (one service call)."""
        path, _filter = QFileDialog.getOpenFileName(
            self.page, _("Chọn tệp chuyển hồ sơ của văn phòng"), str(export_dir())
        )
        if path:
            self.page.worker.call(
                transfers.receive_transfers, path, on_done=self._done, on_error=self._failed
            )

    def _done(self, counts: dict[str, Any]) -> None:
        text = ngettext(
            "Đã nhận {received} ca chuyển đến; {unchanged} ca đã nhận từ trước.",
            "Đã nhận {received} ca chuyển đến; {unchanged} ca đã nhận từ trước.",
            counts["received"],
        ).format(**counts)
        QMessageBox.information(self.page, _("Nhận hồ sơ chuyển đến"), text)
        self.page.changed.emit()

    def _failed(self, exc: Exception) -> None:
        QMessageBox.warning(self.page, _("Nhận hồ sơ chuyển đến"), error_text(exc))
