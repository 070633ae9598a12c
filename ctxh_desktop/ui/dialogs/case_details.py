"""Edit a case's details: the facts the intake recorded that are not steps of the workflow.

Source, problem types, emergency or not, the protection level of a child-protection case (Law on
Children 2016, Art. 47) and the short summary, pre-filled with the case's values; one call to
``services.case_corrections.update_case_details``, checked by the intake's rules. The moments of
the steps are corrected on the timeline ("Ghi đính chính…"), never here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.services import case_corrections
from ctxh_desktop.ui.common import checked_codes, fill_checklist, fill_combo, set_combo
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors


class _Form:
    """The dialog's widgets by name (as a Designer form would hold them)."""


def error_label() -> QLabel:
    """An empty message line under a field (shown by ``show_error``)."""
    label = QLabel("")
    label.setWordWrap(True)
    return label


class CaseDetailsDialog(FieldErrors, QDialog):
    """``saved`` carries the case as ``cases.get_case`` gives it."""

    ERROR_LABELS: ClassVar[dict[str, str]] = {
        "source": "sourceError",
        "problem_types": "problemsError",
        "protection_level": "levelError",
        "emergency": "emergencyError",
        "summary": "summaryError",
    }
    saved = Signal(dict)

    def __init__(self, worker, case: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker, self.case = worker, case
        self.child = case.get("kind") == "child_protection"
        f = self.form = _Form()
        self.setWindowTitle(_("Sửa thông tin ca {code}").format(code=case.get("code", "")))
        layout = QVBoxLayout(self)
        f.hintLabel = QLabel(
            _(
                "Sửa những thông tin về ca đã ghi khi tiếp nhận. Thời điểm của các bước (tiếp nhận, "
                "đánh giá, kế hoạch…) không sửa ở đây: chọn bước trên dòng thời gian rồi bấm "
                "«Ghi đính chính…»."
            )
        )
        f.hintLabel.setWordWrap(True)
        f.hintLabel.setProperty("role", "caption")
        layout.addWidget(f.hintLabel)
        grid = QFormLayout()
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f.sourceCombo = QComboBox()
        f.sourceCombo.setAccessibleName(_("Nguồn thông tin"))
        fill_combo(f.sourceCombo, "case_sources")
        set_combo(f.sourceCombo, case.get("source"))
        f.sourceError = error_label()
        grid.addRow(_("Nguồn thông tin"), f.sourceCombo)
        grid.addRow("", f.sourceError)
        f.problemsList = QListWidget()
        f.problemsList.setAccessibleName(_("Vấn đề"))
        f.problemsList.setWrapping(True)
        f.problemsList.setMinimumHeight(120)
        fill_checklist(f.problemsList, "problem_types", list(case.get("problem_types") or []))
        f.problemsError = error_label()
        grid.addRow(_("Vấn đề"), f.problemsList)
        grid.addRow("", f.problemsError)
        f.emergencyCheck = QCheckBox(_("Khẩn cấp: cần can thiệp trong 12 giờ"))
        f.emergencyCheck.setAccessibleName(_("Khẩn cấp"))
        f.emergencyCheck.setChecked(bool(case.get("emergency")))
        f.emergencyError = error_label()
        grid.addRow("", f.emergencyCheck)
        grid.addRow("", f.emergencyError)
        f.levelCombo = QComboBox()
        f.levelCombo.setAccessibleName(_("Cấp độ bảo vệ trẻ em"))
        fill_combo(f.levelCombo, "protection_levels", blank=_("Chưa xác định"))
        set_combo(f.levelCombo, case.get("protection_level"))
        f.levelCombo.setEnabled(self.child)
        f.levelError = error_label()
        grid.addRow(_("Cấp độ bảo vệ trẻ em"), f.levelCombo)
        grid.addRow("", f.levelError)
        grid.setRowVisible(f.levelCombo, self.child)  # child protection only (Art. 47)
        f.summaryEdit = QPlainTextEdit(case.get("summary") or "")
        f.summaryEdit.setAccessibleName(_("Tóm tắt sự việc"))
        f.summaryEdit.setTabChangesFocus(True)
        f.summaryEdit.setMinimumHeight(70)
        f.summaryError = error_label()
        grid.addRow(_("Tóm tắt sự việc"), f.summaryEdit)
        grid.addRow("", f.summaryError)
        layout.addLayout(grid, 1)
        f.generalError = error_label()
        layout.addWidget(f.generalError)
        f.buttonBox = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        f.buttonBox.accepted.connect(self.save)
        f.buttonBox.rejected.connect(self.reject)
        layout.addWidget(f.buttonBox)
        self.clear_errors()
        self.setMinimumSize(440, 360)
        self.resize(560, 560)

    @property
    def save_button(self):
        return self.form.buttonBox.button(QDialogButtonBox.StandardButton.Save)

    def data(self) -> dict[str, Any]:
        """What the form holds, as ``update_case_details`` expects it."""
        f = self.form
        return {
            "source": f.sourceCombo.currentData(),
            "problem_types": checked_codes(f.problemsList),
            "emergency": f.emergencyCheck.isChecked(),
            "protection_level": f.levelCombo.currentData() if self.child else None,
            "summary": f.summaryEdit.toPlainText().strip() or None,
        }

    def save(self) -> None:
        """Save in the background; the dialog closes only when the case is stored."""
        if not self.save_button.isEnabled():
            return
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.worker.call(
            case_corrections.update_case_details,
            self.case["id"],
            self.data(),
            on_done=self._on_saved,
            on_error=self._on_error,
        )
