"""The Settings page's box opening the register of the people who do the work."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ctxh_desktop.i18n import _


class StaffBox(QGroupBox):
    """A line of text and a button opening :class:`~ctxh_desktop.ui.dialogs.staff.StaffDialog`
    (``dialog`` holds it while open)."""

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.dialog = None
        layout = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.open)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.retranslate()

    def open(self) -> None:
        """Open the staff register."""
        from ctxh_desktop.ui.dialogs.staff import StaffDialog

        self.dialog = StaffDialog(self.worker, self.window())
        self.dialog.open()

    def retranslate(self) -> None:
        self.setTitle(_("Người làm công tác xã hội và cơ sở"))
        self.text.setText(
            _(
                "Cộng tác viên và nhân viên công tác xã hội của xã, các khóa tập huấn, chứng chỉ"
                " hành nghề; cơ sở cung cấp dịch vụ công tác xã hội."
            )
        )
        self.button.setText(_("Người làm công tác xã hội…"))
        self.button.setAccessibleName(self.button.text())
