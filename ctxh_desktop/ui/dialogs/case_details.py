"""Edit a case's details: the facts the intake recorded that are not steps of the workflow.

Source, a new reporter (recorded by a confidential correcting entry of the report received),
problem types, emergency or not, the protection level of a child-protection case (Law on
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
    QLineEdit,
    QListView,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.services import case_corrections
from ctxh_desktop.ui.common import checked_codes, fill_checklist, fill_combo, set_combo
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors
from ctxh_desktop.ui.dialogs.form_rows import (
    Widgets,
    add_field,
    add_footer,
    caption,
    error_label,
    fields_grid,
    text_box,
)


class CaseDetailsDialog(FieldErrors, QDialog):
    """``saved`` carries the case as ``cases.get_case`` gives it."""

    ERROR_LABELS: ClassVar[dict[str, str]] = {
        "source": "sourceError",
        "problem_types": "problemsError",
        "protection_level": "levelError",
        "emergency": "emergencyError",
        "summary": "summaryError",
        "reporter_name": "reporter_nameError",
        "reporter_contact": "reporter_contactError",
        "reporter_relation": "reporter_relationError",
    }
    saved = Signal(dict)

    def __init__(self, worker, case: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker, self.case = worker, case
        self.child = case.get("kind") == "child_protection"
        f = self.form = Widgets()
        self.setWindowTitle(_("Sửa thông tin ca {code}").format(code=case.get("code", "")))
        layout = QVBoxLayout(self)
        f.hintLabel = caption(
            _(
                "Sửa những thông tin về ca đã ghi khi tiếp nhận. Thời điểm của các bước (tiếp nhận, "
                "đánh giá, kế hoạch…) không sửa ở đây: chọn bước trên dòng thời gian rồi bấm "
                "«Ghi đính chính…»."
            )
        )
        layout.addWidget(f.hintLabel)
        grid = fields_grid()
        source = add_field(grid, f, _("Nguồn thông tin"), "sourceCombo", QComboBox(), "sourceError")
        fill_combo(source, "case_sources")
        set_combo(source, case.get("source"))
        problems = add_field(grid, f, _("Vấn đề"), "problemsList", QListWidget(), "problemsError")
        problems.setFlow(QListView.Flow.TopToBottom)
        problems.setWrapping(True)  # two columns: every problem in sight
        problems.setResizeMode(QListView.ResizeMode.Adjust)
        problems.setMinimumHeight(120)
        fill_checklist(problems, "problem_types", list(case.get("problem_types") or []))
        f.emergencyCheck = QCheckBox(_("Khẩn cấp: cần can thiệp trong 12 giờ"))
        f.emergencyCheck.setAccessibleName(_("Khẩn cấp"))
        f.emergencyCheck.setChecked(bool(case.get("emergency")))
        f.emergencyError = error_label()
        grid.addRow("", f.emergencyCheck)
        grid.addRow("", f.emergencyError)
        level = add_field(
            grid, f, _("Cấp độ bảo vệ trẻ em"), "levelCombo", QComboBox(), "levelError"
        )
        fill_combo(level, "protection_levels", blank=_("Chưa xác định"))
        set_combo(level, case.get("protection_level"))
        grid.setRowVisible(level, self.child)  # child protection only (Art. 47)
        add_field(
            grid,
            f,
            _("Tóm tắt sự việc"),
            "summaryEdit",
            text_box(case.get("summary") or "", 70),
            "summaryError",
        )
        grid.addRow(caption(_("Người báo tin mới (để trống nếu không đổi; được giữ kín):")))
        for label, name, key in (
            (_("Người báo tin"), "reporterNameEdit", "reporter_name"),
            (_("Liên hệ người báo tin"), "reporterContactEdit", "reporter_contact"),
            (_("Quan hệ với người được hỗ trợ"), "reporterRelationEdit", "reporter_relation"),
        ):
            add_field(grid, f, label, name, QLineEdit(), f"{key}Error")
        layout.addLayout(grid, 1)
        add_footer(self, layout, f)
        self.clear_errors()
        self.setMinimumSize(440, 360)
        self.resize(560, 560)

    @property
    def save_button(self):
        return self.form.saveButton

    def data(self) -> dict[str, Any]:
        """What the form holds, as ``update_case_details`` expects it."""
        f = self.form
        return {
            "source": f.sourceCombo.currentData(),
            "problem_types": checked_codes(f.problemsList),
            "emergency": f.emergencyCheck.isChecked(),
            "protection_level": f.levelCombo.currentData() if self.child else None,
            "summary": f.summaryEdit.toPlainText().strip() or None,
            "reporter_name": f.reporterNameEdit.text().strip() or None,
            "reporter_contact": f.reporterContactEdit.text().strip() or None,
            "reporter_relation": f.reporterRelationEdit.text().strip() or None,
        }

    def save(self) -> None:
        """Save in the background; the dialog closes only when the case is stored."""
        self.start_save(case_corrections.update_case_details, self.case["id"], self.data())
