"""The register of the people who do the work: the commune's collaborators and social-work staff
(list, add, change, remove), and for the one chosen the training courses attended and practising
certificates; a button opens the provider directory (ownership, capacity, social-work staff)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import workforce
from ctxh_desktop.ui.dialogs.record_section import Field, RecordSection

NAME = Field("full_name", N_("Họ và tên"))
ROLE = Field("role", N_("Vị trí"), "code:staff_roles")
SINCE = Field("since", N_("Làm từ ngày"), "date")
UNTIL = Field("until", N_("Thôi làm từ ngày"), "date")
ALLOWANCE = Field("allowance", N_("Phụ cấp hằng tháng (đồng)"), "money")
QUALIFICATION = Field("qualification", N_("Trình độ chuyên môn"), "code:staff_qualifications")
PHONE = Field("phone", N_("Điện thoại"))
STAFF_FIELDS = [NAME, ROLE, SINCE, UNTIL, ALLOWANCE, QUALIFICATION, PHONE]
STAFF_COLUMNS = [
    NAME,
    ROLE,
    SINCE,
    UNTIL,
    Field("allowance", N_("Phụ cấp (đồng)"), "money"),
    Field("trainings", N_("Khóa tập huấn")),
    Field("certificates", N_("Chứng chỉ")),
]

COURSE = Field("course", N_("Tên khóa tập huấn"))
ORGANISER = Field("organiser", N_("Đơn vị tổ chức"))
START = Field("start_on", N_("Ngày bắt đầu khóa"), "date")
END = Field("end_on", N_("Ngày kết thúc khóa"), "date")
HOURS = Field("hours", N_("Số giờ"), "number")
GIVEN = Field("certificate", N_("Được cấp giấy chứng nhận"), "check")
TRAINING_FIELDS = [COURSE, ORGANISER, START, END, HOURS, GIVEN]

NUMBER = Field("number", N_("Số chứng chỉ hành nghề"))
ISSUED_ON = Field("issued_on", N_("Ngày cấp"), "date")
ISSUED_BY = Field("issued_by", N_("Nơi cấp"))
CERTIFICATE_FIELDS = [NUMBER, ISSUED_ON, ISSUED_BY]

STAFF_WORDS = {
    "new": N_("Thêm người mới"),
    "save": N_("Lưu thông tin người này"),
    "remove": N_("Xóa người này…"),
    "confirm": N_("Xóa người này cùng các khóa tập huấn và chứng chỉ của họ khỏi danh sách?"),
    "adding": N_("thêm người mới"),
    "editing": N_("sửa người đã chọn"),
}
#: short button texts of the sections under the list (their full names stay accessible)
SHORT = {"new_short": N_("Thêm"), "save_short": N_("Lưu"), "remove_short": N_("Xóa…")}
TRAINING_WORDS = {
    **SHORT,
    "new": N_("Khóa mới"),
    "save": N_("Lưu khóa tập huấn"),
    "remove": N_("Xóa khóa tập huấn…"),
    "confirm": N_("Xóa khóa tập huấn đã chọn?"),
    "adding": N_("thêm khóa"),
    "editing": N_("sửa khóa đã chọn"),
}
CERTIFICATE_WORDS = {
    **SHORT,
    "new": N_("Chứng chỉ mới"),
    "save": N_("Lưu chứng chỉ"),
    "remove": N_("Xóa chứng chỉ…"),
    "confirm": N_("Xóa chứng chỉ đã chọn?"),
    "adding": N_("thêm chứng chỉ"),
    "editing": N_("sửa chứng chỉ đã chọn"),
}


class StaffDialog(QDialog):
    """The staff register (see the module docstring)."""

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.staff_id: str | None = None
        self.resize(1000, 690)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.people = RecordSection(
            N_("Người làm công tác xã hội"), STAFF_COLUMNS, STAFF_FIELDS, STAFF_WORDS, per_row=3
        )
        self.people.table.setMinimumHeight(132)
        layout.addWidget(self.people, 4)
        below = QHBoxLayout()
        self.trainings = RecordSection(
            N_("Khóa tập huấn đã tham gia"),
            [COURSE, START, HOURS, GIVEN],
            TRAINING_FIELDS,
            TRAINING_WORDS,
        )
        self.certificates = RecordSection(
            N_("Chứng chỉ hành nghề"),
            [NUMBER, ISSUED_ON],
            CERTIFICATE_FIELDS,
            CERTIFICATE_WORDS,
            per_row=1,
        )
        below.addWidget(self.trainings, 3)
        below.addWidget(self.certificates, 2)
        layout.addLayout(below, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.providers_button = QPushButton()
        buttons.addButton(self.providers_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.providers_button.clicked.connect(self.open_providers)
        layout.addWidget(buttons)
        self.people.on_save = self._save_staff
        self.people.on_remove = lambda row_id: self._remove(
            workforce.remove_staff, self.people, row_id
        )
        self.people.selected.connect(self._chosen)
        self.trainings.on_save = lambda data, row_id: self._save_child(
            workforce.save_training, self.trainings, data, row_id
        )
        self.trainings.on_remove = lambda row_id: self._remove(
            workforce.remove_training, self.trainings, row_id
        )
        self.certificates.on_save = lambda data, row_id: self._save_child(
            workforce.save_certificate, self.certificates, data, row_id
        )
        self.certificates.on_remove = lambda row_id: self._remove(
            workforce.remove_certificate, self.certificates, row_id
        )
        self.retranslate()
        self._chosen(None)
        self.reload()

    # -- reading ----------------------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        """List the staff again (keeping, or choosing, one by id)."""
        self.worker.call(
            workforce.list_staff,
            on_done=lambda rows: self.people.show_rows(rows, select_id),
            on_error=self.people.failed,
        )

    def _chosen(self, row: dict[str, Any] | None) -> None:
        self.staff_id = row["id"] if row else None
        for section in (self.trainings, self.certificates):
            section.setEnabled(row is not None)
            if row is None:
                section.show_rows([])
        if row is not None:
            self.worker.call(
                workforce.staff_detail, row["id"], on_done=self._detail, on_error=self.people.failed
            )

    def _detail(self, detail: dict[str, Any]) -> None:
        if detail["id"] != self.staff_id:
            return
        self.trainings.show_rows(detail["trainings"])
        self.certificates.show_rows(detail["certificates"])

    # -- writing ----------------------------------------------------------------------------
    def _save_staff(self, data: dict[str, Any], row_id: str | None) -> None:
        self.worker.call(
            workforce.save_staff,
            data,
            row_id,
            on_done=lambda row: self.reload(select_id=row["id"]),
            on_error=self.people.failed,
        )

    def _save_child(
        self, save: Any, section: RecordSection, data: dict[str, Any], row_id: str | None
    ) -> None:
        if self.staff_id is None:
            return
        staff_id = self.staff_id
        self.worker.call(
            save,
            staff_id,
            data,
            row_id,
            on_done=lambda row: self._saved_child(section, staff_id, row["id"]),
            on_error=section.failed,
        )

    def _saved_child(self, section: RecordSection, staff_id: str, row_id: str) -> None:
        section.current = {"id": row_id}
        self.reload(select_id=staff_id)

    def _remove(self, action: Any, section: RecordSection, row_id: str) -> None:
        self.worker.call(
            action,
            row_id,
            on_done=lambda _r: self.reload(select_id=self.staff_id),
            on_error=section.failed,
        )

    def open_providers(self) -> None:
        """The provider directory, to record facilities' ownership, capacity and staff."""
        from ctxh_desktop.ui.dialogs.providers import ProvidersDialog

        dialog = ProvidersDialog(self.worker, self)
        dialog.open()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Người làm công tác xã hội"))
        self.header.setText(
            _(
                "Cộng tác viên, công chức và nhân viên công tác xã hội của xã; chọn một người để"
                " ghi các khóa tập huấn đã tham gia và chứng chỉ hành nghề."
            )
        )
        self.providers_button.setText(_("Cơ sở cung cấp dịch vụ…"))
        self.providers_button.setAccessibleName(self.providers_button.text())
        for section in (self.people, self.trainings, self.certificates):
            section.retranslate()
