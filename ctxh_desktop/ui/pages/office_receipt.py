"""The office page's "Viết biên nhận…" button: choose a commune device (the one of the last import
first), a folder and the office key passphrase; the receipt is written by the same service as
``ctxh office receipt`` (``services.exchange.write_receipt``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.paths import export_dir
from ctxh_desktop.services import exchange


def device_label(device: dict[str, Any]) -> str:
    """How a device is named in the choice: commune, device name, and whether it was last imported."""
    text = f"{device['commune_name']} ({device['commune']})"
    if device.get("name"):
        text += f" — {device['name']}"
    if device.get("last_import"):
        text += " " + _("(lần nhập gần nhất)")
    return text


class ReceiptAction:
    """Owns the button; reports the written file (or the error) through ``on_written``/``on_error``.
    A file for one commune device written the same way (a transfer file) changes ``TEXTS`` and
    :meth:`write`."""

    TEXTS: ClassVar[dict[str, str]] = {
        "title": N_("Viết biên nhận"),
        "device": N_("Biên nhận cho thiết bị của xã:"),
        "folder": N_("Chọn thư mục lưu biên nhận"),
        "key": N_("Nhập mật khẩu khóa của đơn vị để ký biên nhận:"),
    }

    def __init__(
        self,
        parent: QWidget,
        worker,
        on_written: Callable[[Path], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self.parent = parent
        self.worker = worker
        self.on_written = on_written
        self.on_error = on_error
        self.button = QPushButton()
        self.button.setObjectName("receiptButton")
        self.button.setProperty("needs", "office")
        self.button.clicked.connect(self.start)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(_("Viết biên nhận cho xã…"))
        self.button.setAccessibleName(_("Viết biên nhận cho xã"))
        self.button.setToolTip(
            _("Biên nhận cho xã biết đơn vị đã nhận những gì, để xã gửi lại phần còn thiếu.")
        )

    def start(self) -> None:
        """Load the devices, then ask which one."""
        self.worker.call(exchange.receipt_devices, on_done=self._choose, on_error=self.on_error)

    def _choose(self, devices: list[dict[str, Any]]) -> None:
        if not devices:
            QMessageBox.information(
                self.parent, self.text("title"), _("Chưa có thiết bị nào của xã được đăng ký.")
            )
            return
        labels = [device_label(d) for d in devices]
        chosen, ok = QInputDialog.getItem(
            self.parent, self.text("title"), self.text("device"), labels, 0, False
        )
        if not ok:
            return
        device = devices[labels.index(chosen)]
        folder = QFileDialog.getExistingDirectory(
            self.parent, self.text("folder"), str(export_dir())
        )
        if not folder:
            return
        key, ok = QInputDialog.getText(
            self.parent,
            _("Mật khẩu khóa của đơn vị"),
            self.text("key"),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not key:
            return
        self.worker.call(
            self.write,
            device["device_id"],
            key,
            folder,
            on_done=self.on_written,
            on_error=self.on_error,
        )

    def text(self, name: str) -> str:
        """One of :attr:`TEXTS` in the current language."""
        return _(self.TEXTS[name])

    @staticmethod
    def write(session, device_id: str, key: str, folder: str) -> Path:
        """The service writing the file (``session`` first, as the worker calls it)."""
        return exchange.write_receipt(session, device_id, key, folder)
