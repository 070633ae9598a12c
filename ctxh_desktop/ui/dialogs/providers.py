"""The directory of service providers: a list, a small add/edit form, and a chooser for referrals.

:class:`ProvidersDialog` lists the providers and adds or changes one; opened to *choose*, it also
offers "Chọn cơ sở này" and keeps the chosen provider in ``chosen``. :class:`ProviderChooser` drives
a combo box (blank = no referral) and a "Danh bạ…" button, as used by the counselling quick entry and
the case step dialog's referral.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import providers
from ctxh_desktop.ui.common import code_label, error_text, fill_combo, set_combo, show_error
from ctxh_desktop.ui.dialogs.provider_work import ProviderWorkFields
from ctxh_desktop.ui.forms.dialogs.ui_providers import Ui_ProvidersDialog
from ctxh_desktop.ui.table_model import size_columns

HEADERS = (N_("Tên cơ sở"), N_("Loại"), N_("Địa chỉ"), N_("Điện thoại"), N_("Dịch vụ CTXH"))
FIELDS = ("name", "kind", "address", "phone")


def provider_text(provider: dict[str, Any]) -> str:
    """A provider as one line: its name and, when known, its kind."""
    kind = code_label("provider_kinds", provider.get("kind"))
    return f"{provider.get('name') or ''} ({kind})" if kind else str(provider.get("name") or "")


class ProvidersDialog(QDialog):
    """The provider directory. ``changed`` is emitted after each save; ``chosen`` holds the provider
    picked with "Chọn cơ sở này" (choosing mode only)."""

    changed = Signal()

    def __init__(self, worker, parent: QWidget | None = None, choose: bool = False) -> None:
        super().__init__(parent)
        self.worker = worker
        self.form = Ui_ProvidersDialog()
        self.form.setupUi(self)
        f = self.form
        f.headerLabel.setProperty("role", "section")
        self.rows: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self.chosen: dict[str, Any] | None = None
        table = f.providerTable
        table.setColumnCount(len(HEADERS))
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        size_columns(table, (260, 170, 170))
        fill_combo(f.kindCombo, "provider_kinds")
        self.work = ProviderWorkFields(f.fieldsGrid)
        self.resize(max(self.width(), 960), self.height())
        self.choose_button: QPushButton | None = None
        if choose:
            self.choose_button = f.buttonBox.addButton(
                _("Chọn cơ sở này"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.choose_button.setEnabled(False)
            self.choose_button.clicked.connect(self.choose)
            table.doubleClicked.connect(lambda _index: self.choose())
        f.buttonBox.rejected.connect(self.reject)
        table.itemSelectionChanged.connect(self._selected)
        f.newButton.clicked.connect(self.new)
        f.saveButton.clicked.connect(self.save)
        f.nameEdit.returnPressed.connect(self.save)
        self._retranslate_headers()
        self.clear_errors()
        self.new()
        self.reload()

    # -- list -------------------------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        self.worker.call(
            providers.list_providers,
            on_done=lambda rows: self._show(rows, select_id),
            on_error=lambda exc: show_error(self.form.generalError, error_text(exc)),
        )

    def _show(self, rows: list[dict[str, Any]], select_id: str | None = None) -> None:
        self.rows = rows
        table = self.form.providerTable
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (
                row.get("name") or "",
                code_label("provider_kinds", row.get("kind")),
                row.get("address") or "",
                row.get("phone") or "",
                _("Có") if row.get("offers_sw") else "",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                table.setItem(r, c, item)
        table.blockSignals(False)
        if select_id:
            for r, row in enumerate(rows):
                if row["id"] == select_id:
                    table.selectRow(r)
                    break

    def _selected(self) -> None:
        rows = self.form.providerTable.selectionModel().selectedRows()
        row = self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None
        if self.choose_button is not None:
            self.choose_button.setEnabled(row is not None)
        if row is not None:
            self._load(row)

    # -- form -------------------------------------------------------------------------------
    def _load(self, row: dict[str, Any] | None) -> None:
        f = self.form
        self.current = row
        row = row or {}
        f.nameEdit.setText(row.get("name") or "")
        set_combo(f.kindCombo, row.get("kind"))
        f.addressEdit.setText(row.get("address") or "")
        f.phoneEdit.setText(row.get("phone") or "")
        self.work.load(row)
        f.editBox.setTitle(_("Sửa thông tin cơ sở") if self.current else _("Thêm cơ sở mới"))
        self.clear_errors()

    def new(self) -> None:
        """Empty the form for a new provider."""
        self.form.providerTable.clearSelection()
        self._load(None)
        self.form.nameEdit.setFocus()

    def data(self) -> dict[str, Any]:
        f = self.form
        return {
            "name": f.nameEdit.text().strip() or None,
            "kind": f.kindCombo.currentData(),
            "address": f.addressEdit.text().strip() or None,
            "phone": f.phoneEdit.text().strip() or None,
            **self.work.data(),
        }

    def clear_errors(self) -> None:
        for name in FIELDS:
            show_error(getattr(self.form, f"{name}Error"), None)
        show_error(self.form.generalError, None)
        self.work.clear_errors()

    def save(self) -> None:
        self.clear_errors()
        self.form.saveButton.setEnabled(False)
        self.worker.call(
            providers.save_provider,
            self.data(),
            self.current["id"] if self.current else None,
            on_done=self._on_saved,
            on_error=self._on_error,
        )

    def _on_saved(self, row: dict[str, Any]) -> None:
        self.form.saveButton.setEnabled(True)
        self.current = row
        self.form.editBox.setTitle(_("Sửa thông tin cơ sở"))
        self.changed.emit()
        self.reload(select_id=row["id"])

    def _on_error(self, exc: Exception) -> None:
        self.form.saveButton.setEnabled(True)
        errors = exc.errors if isinstance(exc, ValidationError) else {}
        if not errors and isinstance(exc, UserError) and exc.field:
            errors = {exc.field: exc.message}
        self.work.show_errors(errors)
        general = [m for k, m in errors.items() if k not in FIELDS and k not in self.work.inputs]
        for name, message in errors.items():
            if name in FIELDS:
                show_error(getattr(self.form, f"{name}Error"), message)
        if not errors:
            general.append(error_text(exc))
        show_error(self.form.generalError, "\n".join(general))

    def choose(self) -> None:
        """Close the directory with the selected provider as the choice."""
        rows = self.form.providerTable.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.rows[rows[0].row()]
        self.accept()

    def _retranslate_headers(self) -> None:
        self.form.providerTable.setHorizontalHeaderLabels([_(h) for h in HEADERS])


class ProviderChooser(QObject):
    """Drives a combo box of providers (first item: no referral) and a button opening the directory."""

    changed = Signal()

    def __init__(self, worker, combo: QComboBox, button: QPushButton, parent=None) -> None:
        super().__init__(parent or combo)
        self.worker = worker
        self.combo = combo
        self.button = button
        self.rows: list[dict[str, Any]] = []
        self.dialog: ProvidersDialog | None = None
        combo.addItem(_("— Không chuyển gửi —"), None)
        button.clicked.connect(self.open_directory)
        self.reload()

    def provider_id(self) -> str | None:
        return self.combo.currentData()

    def set_provider_id(self, provider_id: str | None) -> None:
        index = self.combo.findData(provider_id) if provider_id else 0
        self.combo.setCurrentIndex(max(index, 0))

    def reload(self, select_id: str | None = None) -> None:
        self.worker.call(providers.list_providers, on_done=lambda rows: self._fill(rows, select_id))

    def _fill(self, rows: list[dict[str, Any]], select_id: str | None = None) -> None:
        keep = select_id or self.combo.currentData()
        self.rows = rows
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(_("— Không chuyển gửi —"), None)
        for row in rows:
            self.combo.addItem(provider_text(row), row["id"])
        self.combo.blockSignals(False)
        self.set_provider_id(keep)
        self.changed.emit()

    def open_directory(self) -> None:
        dialog = ProvidersDialog(self.worker, self.combo.window(), choose=True)
        self.dialog = dialog

        def _closed(result: int) -> None:
            chosen = dialog.chosen["id"] if result and dialog.chosen else None
            self.reload(select_id=chosen)
            self.combo.setFocus()

        dialog.finished.connect(_closed)
        dialog.open()

    def retranslate(self) -> None:
        self._fill(self.rows)
