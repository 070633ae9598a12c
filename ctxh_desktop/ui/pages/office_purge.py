"""The office page's "Xóa dữ liệu của thiết bị đã thu hồi…" button: choose a revoked device, the
first day of reception to take back (empty: everything), read what will be removed, confirm, give
the office key passphrase; the same service as ``ctxh office purge`` does the work
(``services.exchange.purge_device``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import exchange


def device_label(device: dict[str, Any]) -> str:
    """How a revoked device is named in the choice: commune, name, id."""
    text = f"{device['commune']} — {device['device_id']}"
    return f"{text} ({device['name']})" if device.get("name") else text


def confirmation(plan: dict[str, Any]) -> str:
    """What the clerk reads before confirming: the files and rows removed, and from when."""
    removed = ngettext(
        "Sẽ xóa {files} tệp ({rows} dòng) đã nhận từ thiết bị {device} của {commune}",
        "Sẽ xóa {files} tệp ({rows} dòng) đã nhận từ thiết bị {device} của {commune}",
        plan["files"],
    ).format(
        files=plan["files"], rows=plan["rows"], device=plan["device_id"], commune=plan["commune"]
    )
    since = (
        _(", nhận từ ngày {day} trở đi.").format(day=plan["since"])
        if plan["since"]
        else _(", tất cả các lần nhận.")
    )
    return (
        removed
        + since
        + "\n\n"
        + _(
            "Dữ liệu của đơn vị được dựng lại từ các tệp còn lại; một bản sao lưu được tạo trước."
            " Việc này được ghi vào nhật ký."
        )
    )


class PurgeAction:
    """Owns the button; reports the outcome through ``on_done`` (the summary) or ``on_error``."""

    def __init__(
        self,
        parent: QWidget,
        worker,
        on_done: Callable[[dict[str, Any]], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self.parent = parent
        self.worker = worker
        self.on_done = on_done
        self.on_error = on_error
        self.button = QPushButton()
        self.button.setObjectName("purgeButton")
        self.button.setProperty("needs", "office")
        self.button.clicked.connect(self.start)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(_("Xóa dữ liệu của thiết bị đã thu hồi…"))
        self.button.setAccessibleName(_("Xóa dữ liệu của thiết bị đã thu hồi"))
        self.button.setToolTip(
            _("Gỡ khỏi đơn vị những gì một máy bị mất hoặc bị lợi dụng đã gửi lên.")
        )

    def start(self) -> None:
        """Load the revoked devices, then ask which one."""
        self.worker.call(exchange.revoked_devices, on_done=self._choose, on_error=self.on_error)

    def _choose(self, devices: list[dict[str, Any]]) -> None:
        title = _("Xóa dữ liệu của thiết bị")
        if not devices:
            QMessageBox.information(
                self.parent,
                title,
                _(
                    "Chưa có thiết bị nào bị thu hồi. Hãy thu hồi thiết bị trước (ctxh office revoke)."
                ),
            )
            return
        labels = [device_label(d) for d in devices]
        chosen, ok = QInputDialog.getItem(
            self.parent, title, _("Thiết bị đã thu hồi:"), labels, 0, False
        )
        if not ok:
            return
        device = devices[labels.index(chosen)]
        since, ok = QInputDialog.getText(
            self.parent,
            title,
            _("Xóa những gì nhận từ ngày (YYYY-MM-DD; để trống: tất cả):"),
        )
        if not ok:
            return
        self.worker.call(
            exchange.purge_plan,
            device["device_id"],
            since.strip() or None,
            on_done=self._confirm,
            on_error=self.on_error,
        )

    def _confirm(self, plan: dict[str, Any]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Xóa dữ liệu của thiết bị"),
            confirmation(plan),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(_("Xóa"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("Hủy"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName(_("Xác nhận xóa dữ liệu của thiết bị"))
        box.accepted.connect(lambda: self._confirmed(plan))
        self.box = box
        box.open()

    def _confirmed(self, plan: dict[str, Any]) -> None:
        key, ok = QInputDialog.getText(
            self.parent,
            _("Mật khẩu khóa của đơn vị"),
            _("Nhập mật khẩu khóa của đơn vị để mở lại các tệp còn lại:"),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not key:
            return
        self.worker.call(
            exchange.purge_device,
            plan["device_id"],
            key,
            plan["since"],
            on_done=self.on_done,
            on_error=self.on_error,
        )
