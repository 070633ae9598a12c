"""One plan target of the office: the indicator, the year, a value to reach or a rise in percent
over a base year, for the whole unit or each commune, a note and its source. "Lưu" saves it
through :mod:`ctxh_desktop.services.targets` (one call); a refused field shows its message."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core import targets as plan
from ctxh_desktop.i18n import _
from ctxh_desktop.services import targets
from ctxh_desktop.ui.common import error_text, show_error

NO_BASE = 0


class TargetEditor(QDialog):
    """Add a target (``target`` None) or change one; ``saved`` is the stored row once saved."""

    def __init__(
        self, worker, year: int, target: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.target = target
        self.saved: dict[str, Any] | None = None
        self.setWindowTitle(_("Sửa mục tiêu") if target else _("Thêm mục tiêu"))
        self.indicator = QComboBox()
        self.indicator.setAccessibleName(_("Chỉ tiêu"))
        for key in plan.indicator_keys():
            self.indicator.addItem(plan.indicator_label(key), key)
        self.indicator.setMaximumWidth(520)
        self.year = self._year(_("Năm của mục tiêu"), year)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Loại mục tiêu"))
        for code, text in plan.KINDS.items():
            self.kind.addItem(_(text), code)
        self.value = QLineEdit()
        self.value.setAccessibleName(_("Giá trị hoặc tỷ lệ tăng (%)"))
        self.base_year = self._year(_("Năm gốc"), year - 1)
        self.base_year.setMinimum(NO_BASE)
        self.base_year.setSpecialValueText(_("Không có"))
        self.scope = QComboBox()
        self.scope.setAccessibleName(_("Phạm vi"))
        for code, text in plan.SCOPES.items():
            self.scope.addItem(_(text), code)
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Ghi chú"))
        self.source = QLineEdit()
        self.source.setAccessibleName(_("Nguồn (văn bản kế hoạch)"))
        form = QFormLayout()
        for text, field in (
            (_("Chỉ tiêu:"), self.indicator),
            (_("Năm:"), self.year),
            (_("Loại:"), self.kind),
            (_("Giá trị / tỷ lệ tăng (%):"), self.value),
            (_("Năm gốc:"), self.base_year),
            (_("Phạm vi:"), self.scope),
            (_("Ghi chú:"), self.note),
            (_("Nguồn:"), self.source),
        ):
            form.addRow(text, field)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if target:
            self._show(target)

    @staticmethod
    def _year(name: str, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(plan.FIRST_YEAR, plan.LAST_YEAR)
        box.setValue(value)
        box.setAccessibleName(name)
        return box

    def _show(self, target: dict[str, Any]) -> None:
        for combo, value in (
            (self.indicator, target["indicator"]),
            (self.kind, target["kind"]),
            (self.scope, target["scope"]),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.year.setValue(int(target["year"]))
        self.value.setText(f"{float(target['value']):g}")
        self.base_year.setValue(int(target.get("base_year") or NO_BASE))
        self.note.setText(target.get("note") or "")
        self.source.setText(target.get("source") or "")

    def values(self) -> dict[str, Any]:
        """What is typed, as the service takes it."""
        base = self.base_year.value()
        return {
            "indicator": self.indicator.currentData(),
            "year": self.year.value(),
            "kind": self.kind.currentData(),
            "value": self.value.text(),
            "base_year": None if base == NO_BASE else base,
            "scope": self.scope.currentData(),
            "note": self.note.text(),
            "source": self.source.text(),
        }

    def save(self) -> None:
        """Save through the service; stay open with the message when refused."""
        self.save_button.setEnabled(False)
        if self.target:
            self.worker.call(
                targets.update_target,
                self.target["id"],
                self.values(),
                on_done=self._saved,
                on_error=self._refused,
            )
        else:
            self.worker.call(
                targets.add_target, self.values(), on_done=self._saved, on_error=self._refused
            )

    def _saved(self, row: dict[str, Any]) -> None:
        self.saved = row
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        show_error(self.error, error_text(exc))
