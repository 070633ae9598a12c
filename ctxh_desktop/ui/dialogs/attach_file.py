"""Attach a file chosen on disk to a case or a person: its title, the decision it is the scan of
(on a case that records one), and whether it goes to the office; the file is checked by its
content when saved (``services.attachments``), and a refusal is shown here, changing nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core import attachments as rules
from ctxh_desktop.i18n import _
from ctxh_desktop.services import attachments
from ctxh_desktop.ui.common import error_text, show_error


class AttachFileDialog(QDialog):
    """``saved`` carries the stored attachment."""

    saved = Signal(dict)

    def __init__(
        self,
        worker,
        path: Path,
        owner: dict,
        decisions: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker, self.path, self.owner = worker, path, owner
        self.setWindowTitle(_("Đính kèm tệp"))
        layout = QVBoxLayout(self)
        chosen = QLabel(_("Tệp: {name}").format(name=path.name))
        chosen.setWordWrap(True)
        layout.addWidget(chosen)
        form = QFormLayout()
        self.titleEdit = QLineEdit(path.stem)
        self.titleEdit.setMaxLength(rules.MAX_TITLE)
        self.titleEdit.setAccessibleName(_("Tiêu đề tệp đính kèm"))
        form.addRow(_("Tiêu đề:"), self.titleEdit)
        self.decisionCombo = QComboBox()
        self.decisionCombo.setAccessibleName(_("Bản quét của quyết định"))
        self.decisionCombo.addItem(_("(không gắn với quyết định)"), None)
        for code, label in decisions.items():
            self.decisionCombo.addItem(label, code)
        if decisions:
            form.addRow(_("Bản quét của:"), self.decisionCombo)
        else:
            self.decisionCombo.hide()
        self.officeCheck = QCheckBox(_("Gửi văn phòng"))
        self.officeCheck.setAccessibleName(_("Gửi văn phòng"))
        form.addRow("", self.officeCheck)
        layout.addLayout(form)
        note = QLabel(
            _(
                "Chỉ ảnh JPEG, PNG hoặc tệp PDF, tối đa 3 MB. Tệp được lưu trong cơ sở dữ liệu đã"
                " mã hóa. Tệp chỉ gửi lên văn phòng khi chọn «Gửi văn phòng» và người này đã đồng"
                " ý chia sẻ thông tin."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.errorLabel = QLabel("")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setAccessibleName(_("Lỗi đính kèm tệp"))
        show_error(self.errorLabel, None)
        layout.addWidget(self.errorLabel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.saveButton = self.buttons.addButton(
            _("Đính kèm"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    def _damaged_image(self) -> bool:
        """An image whose first bytes look right but which Qt's decoder cannot read."""
        try:
            with self.path.open("rb") as fh:
                head = fh.read(16)
        except OSError:
            return False  # the service says why
        if rules.sniff(head) not in (rules.JPEG, rules.PNG):
            return False
        size = self.path.stat().st_size
        return size <= rules.MAX_BYTES and QImage(str(self.path)).isNull()

    def _save(self) -> None:
        if self._damaged_image():
            show_error(self.errorLabel, _("Ảnh bị hỏng, không đọc được. Hãy chụp hoặc quét lại."))
            return
        self.saveButton.setEnabled(False)
        self.worker.call(
            attachments.add_attachment,
            self.path,
            **self.owner,
            title=self.titleEdit.text(),
            for_office=self.officeCheck.isChecked(),
            decision=self.decisionCombo.currentData(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, row: dict) -> None:
        self.accept()
        self.saved.emit(row)

    def _failed(self, exc: Exception) -> None:
        self.saveButton.setEnabled(True)
        show_error(self.errorLabel, error_text(exc))
