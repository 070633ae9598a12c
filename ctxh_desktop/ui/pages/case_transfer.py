"""«Chuyển xã» on the case page: an open case sent with its person and history to the commune
the person moved to (``services.case_transfer``), and the line telling where a transferred case
went or came from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.services import case_transfer
from ctxh_desktop.ui.common import add_beside, error_text, show_error
from ctxh_desktop.ui.dialogs.rescue import error_and_buttons


class TransferPanel:
    """The «Chuyển xã…» button beside «In phiếu ca» and the transfer's line under the case's
    facts, on the cases page ``page`` (its ``current`` case, its form and its worker)."""

    def __init__(self, page) -> None:
        self.page = page
        self.button = QPushButton()
        self.button.setObjectName("transferCaseButton")
        self.button.setProperty("needs", "edit")
        self.button.clicked.connect(self.start)
        add_beside(page.sheet_button, self.button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("transferNote")
        self.note.setProperty("role", "warning")
        self.note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        form = page.form
        form.detailLayout.insertWidget(form.detailLayout.indexOf(form.detailText) + 1, self.note)
        self.dialog: TransferDialog | None = None
        self.retranslate()

    def show_case(self, case: dict[str, Any] | None) -> None:
        """The button for an open case this account may act on; the line for a moved one."""
        self.retranslate()  # the page shows its case again when the language changes
        movable = bool(case and case.get("actions") and case.get("status") == "open")
        self.button.setVisible(movable and not self.page.read_only)
        text = case_transfer.transfer_note(case) if case else None
        self.note.setText(text or "")
        self.note.setAccessibleName(text or "")
        self.note.setVisible(bool(text))

    def start(self) -> None:
        """Open the dialog choosing the receiving commune by name."""
        if self.page.current is None:
            return
        self.dialog = TransferDialog(self.page.worker, self.page.current, self.page)
        self.dialog.saved.connect(self.page.after_decision)
        self.dialog.open()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.button.setText(_("Chuyển xã…"))
        self.button.setAccessibleName(_("Chuyển hồ sơ sang xã khác"))


class TransferDialog(QDialog):
    """The receiving commune (by name) and a note; ``saved`` carries the case, now closed here."""

    saved = Signal(dict)

    def __init__(self, worker, case: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker, self.case = worker, case
        self.setWindowTitle(_("Chuyển hồ sơ sang xã khác"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Khi người được hỗ trợ chuyển nơi ở, hồ sơ ca (cả người, dòng thời gian, kế hoạch"
                " và quyết định) được gửi qua văn phòng đến xã nhận. Ca ở xã này kết thúc với lý do"
                " «chuyển xã» và chỉ còn để xem; xã nhận tiếp tục ca, thời hạn vẫn tính từ ngày"
                " tiếp nhận ban đầu."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.commune = QComboBox()
        self.commune.setAccessibleName(_("Xã nhận hồ sơ"))
        self.commune.setToolTip(_("Gõ vài chữ đầu của tên xã để tìm nhanh."))
        form.addRow(_("Xã nhận hồ sơ"), self.commune)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Ghi chú chuyển hồ sơ"))
        form.addRow(_("Ghi chú"), self.reason)
        layout.addLayout(form)
        self.general, self.ok = error_and_buttons(self, layout, _("Chuyển hồ sơ"), self.save)
        self.resize(560, 280)
        worker.call(case_transfer.receiving_communes, on_done=self._fill)

    def _fill(self, communes: list[dict[str, str]]) -> None:
        self.commune.clear()
        for item in communes:
            self.commune.addItem(item["name"], item["code"])
        self.commune.setCurrentIndex(-1)

    def save(self) -> None:
        """Send the case (one service call); a refusal is shown in the dialog."""
        show_error(self.general, None)
        code = self.commune.currentData() or ""
        self.ok.setEnabled(False)
        self.worker.call(
            case_transfer.transfer_case,
            self.case["id"],
            code,
            self.reason.text(),
            on_done=self._on_saved,
            on_error=self._on_error,
        )

    def _on_saved(self, case: dict[str, Any]) -> None:
        self.ok.setEnabled(True)
        self.saved.emit(case)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        show_error(self.general, error_text(exc))
