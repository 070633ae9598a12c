"""The audit log (administrators): who did what and when, filters, and the integrity check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidgetItem

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_datetime, format_number
from ctxh_desktop.services import access
from ctxh_desktop.ui.common import ERROR_COLOR, error_text
from ctxh_desktop.ui.forms.pages.ui_audit import Ui_AuditPage
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.table_model import size_columns

OK_COLOR = "#1b7f3b"
LIMIT = 1000

#: action code → what it means, in Vietnamese
ACTIONS = {
    "login": N_("Đăng nhập"),
    "login_failed": N_("Đăng nhập sai"),
    "create": N_("Thêm mới"),
    "update": N_("Sửa"),
    "remove": N_("Xóa (nhập nhầm)"),
    "view_sensitive": N_("Xem nội dung bảo mật"),
    "settings": N_("Đổi cài đặt"),
    "user_saved": N_("Tạo hoặc sửa tài khoản"),
    "backup": N_("Sao lưu"),
    "restore": N_("Khôi phục từ bản sao lưu"),
    "passphrase_changed": N_("Đổi mật khẩu cơ sở dữ liệu"),
    "export": N_("Xuất gói dữ liệu"),
    "import": N_("Nhập gói dữ liệu"),
    "trust_office": N_("Tin cậy cơ quan tiếp nhận"),
    "office_init": N_("Khởi tạo đơn vị tổng hợp"),
    "enrol_device": N_("Đăng ký máy"),
    "revoke_device": N_("Thu hồi máy"),
    "save_copy": N_("Lưu bản sao tệp đính kèm"),
}

#: entity (table) → what it is, in Vietnamese
ENTITIES = {
    "person": N_("Người dân"),
    "case_file": N_("Hồ sơ ca"),
    "consultation": N_("Buổi tư vấn"),
    "child_profile": N_("Hồ sơ trẻ em"),
    "child_support": N_("Hỗ trợ trẻ em"),
    "service_provider": N_("Cơ sở cung cấp dịch vụ"),
    "staff": N_("Người làm công tác xã hội"),
    "staff_training": N_("Khóa tập huấn đã tham gia"),
    "staff_certificate": N_("Chứng chỉ hành nghề"),
    "user": N_("Tài khoản"),
    "bundle": N_("Gói dữ liệu"),
    "office": N_("Đơn vị tổng hợp"),
    "device": N_("Máy"),
    "attachment": N_("Tệp đính kèm"),
}

COLUMNS = (
    N_("Thời gian"),
    N_("Người dùng"),
    N_("Hành động"),
    N_("Đối tượng"),
    N_("Mã"),
)


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


def entity_label(entity: str | None) -> str:
    if not entity:
        return ""
    return _(ENTITIES[entity]) if entity in ENTITIES else entity


def audit_users(session) -> list[str]:
    """The user names offered by the filter: every account, and "system" (start-up work)."""
    return sorted({u["username"] for u in access.list_users(session)} | {"system"})


def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """A filter's choices after "Tất cả", keeping the one chosen when it is still there."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(_("Tất cả"), None)
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(keep) if keep else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class AuditPage(Page):
    """Newest entries first, filtered by user and action; "Kiểm tra toàn vẹn" checks the chain."""

    form_class = Ui_AuditPage

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        f.titleLabel.setProperty("role", "title")
        layout = self.layout()
        layout.setStretchFactor(f.table, 1)
        last = layout.itemAt(layout.count() - 1)
        if last is not None and last.spacerItem() is not None:
            layout.setStretch(layout.count() - 1, 0)
        f.table.setColumnCount(len(COLUMNS))
        f.table.verticalHeader().hide()
        f.table.verticalHeader().setDefaultSectionSize(26)
        size_columns(f.table, (140, 120, 220, 160))
        self.entries: list[dict[str, Any]] = []
        self.verify_result: tuple | None = None
        self._loading = False
        self._fill_actions()
        self._set_headers()
        f.userCombo.addItem(_("Tất cả"), None)
        f.userCombo.currentIndexChanged.connect(lambda _i: self.load_entries())
        f.actionCombo.currentIndexChanged.connect(lambda _i: self.load_entries())
        f.reloadButton.clicked.connect(self.refresh)
        f.verifyButton.clicked.connect(self.verify)

    # -- filters ----------------------------------------------------------------------------
    def _fill_actions(self) -> None:
        _refill(self.form.actionCombo, [(action_label(code), code) for code in ACTIONS])

    def _set_headers(self) -> None:
        self.form.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])

    def _fill_users(self, users: list[str]) -> None:
        _refill(self.form.userCombo, [(name, name) for name in users])

    def filters(self) -> dict[str, Any]:
        return {
            "user": self.form.userCombo.currentData(),
            "action": self.form.actionCombo.currentData(),
        }

    # -- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.worker.call(audit_users, on_done=self._fill_users, on_error=self._error)
        self.load_entries()

    def load_entries(self) -> None:
        self._loading = True
        self.worker.call(
            access.audit_entries,
            **self.filters(),
            limit=LIMIT,
            on_done=self._show,
            on_error=self._error,
        )

    @property
    def idle(self) -> bool:
        return not self._loading

    def _show(self, entries: list[dict[str, Any]]) -> None:
        self._loading = False
        self.entries = entries
        table = self.form.table
        table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (
                format_datetime(entry.get("at")),
                entry.get("user") or "",
                action_label(entry.get("action") or ""),
                entity_label(entry.get("entity")),
                entry.get("entity_id") or "",
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, entry.get("seq"))
                    item.setToolTip(_("Dòng số {n}").format(n=entry.get("seq")))
                if column == 4 and entry.get("detail"):
                    item.setToolTip(str(entry["detail"]))
                table.setItem(row, column, item)
        shown = format_number(len(entries))
        self.form.countLabel.setText(
            _("{n} dòng (tối đa {limit} dòng mới nhất)").format(n=shown, limit=LIMIT)
            if len(entries) >= LIMIT
            else ngettext("{n} dòng", "{n} dòng", len(entries)).format(n=shown)
        )

    def _error(self, exc: Exception) -> None:
        self._loading = False
        self.form.countLabel.setText(error_text(exc))

    # -- integrity --------------------------------------------------------------------------
    def verify(self) -> None:
        self.form.verifyLabel.setText(_("Đang kiểm tra…"))
        self.form.verifyLabel.setStyleSheet("")
        self.form.verifyButton.setEnabled(False)
        self.worker.call(access.verify_audit, on_done=self._verified, on_error=self._verify_failed)

    def _verified(self, result: tuple[bool, int | None, int]) -> None:
        self.verify_result = tuple(result)
        self.form.verifyButton.setEnabled(True)
        self._show_verify()

    def _show_verify(self) -> None:
        if self.verify_result is None:
            self.form.verifyLabel.setText("")
            return
        ok, bad, count = self.verify_result
        label = self.form.verifyLabel
        if ok:
            text = ngettext(
                "✔ Nhật ký toàn vẹn: đã kiểm tra {n} dòng, không dòng nào bị sửa.",
                "✔ Nhật ký toàn vẹn: đã kiểm tra {n} dòng, không dòng nào bị sửa.",
                count,
            ).format(n=format_number(count))
            color = OK_COLOR
        elif bad is not None:
            text = _(
                "✘ Nhật ký đã bị can thiệp: dòng số {n} bị sửa, chèn hoặc xóa. "
                "Hãy báo ngay cho cơ quan tiếp nhận; bản sao nhật ký ở đó dùng để đối chiếu."
            ).format(n=bad)
            color = ERROR_COLOR
        else:
            text = _(
                "✘ Nhật ký đã bị can thiệp: các dòng cuối cùng đã bị cắt bớt. "
                "Hãy báo ngay cho cơ quan tiếp nhận."
            )
            color = ERROR_COLOR
        label.setText(text)
        label.setStyleSheet(f"color: {color}; font-weight: 600;")

    def _verify_failed(self, exc: Exception) -> None:
        self.form.verifyButton.setEnabled(True)
        self.form.verifyLabel.setText(error_text(exc))
        self.form.verifyLabel.setStyleSheet(f"color: {ERROR_COLOR};")

    def retranslate(self) -> None:
        self._fill_actions()
        self._set_headers()
        self.form.userCombo.setItemText(0, _("Tất cả"))
        self._show(self.entries)
        self._show_verify()
