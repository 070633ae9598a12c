"""Record one support given to a child: month, kind, amount (typed as people write it), source,
who gave it and a note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.services import children, providers
from ctxh_desktop.ui.common import fill_combo
from ctxh_desktop.ui.dialogs.consultation_editor import TypeAhead
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors
from ctxh_desktop.ui.forms.dialogs.ui_support_editor import Ui_SupportEditor

FIELDS = ("month", "kind", "amount", "source", "provider", "note")
ERROR_LABELS = {name: f"{name}Error" for name in FIELDS}


class SupportEditor(FieldErrors, QDialog):
    """The "Ghi hỗ trợ" form for one child. ``saved`` carries the stored support."""

    ERROR_LABELS = ERROR_LABELS

    saved = Signal(dict)

    def __init__(self, worker, child: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.child = child
        self.form = Ui_SupportEditor()
        self.form.setupUi(self)
        f = self.form
        f.headerLabel.setProperty("role", "section")
        f.fieldsGrid.setColumnStretch(1, 1)
        name = (child.get("person") or {}).get("full_name") or child.get("full_name") or ""
        f.childLabel.setText(_("Trẻ: {name}").format(name=name))
        today = QDate.currentDate()
        f.monthEdit.setDate(QDate(today.year(), today.month(), 1))
        fill_combo(f.kindCombo, "support_kinds")
        fill_combo(f.sourceCombo, "support_sources")
        self.type_ahead = TypeAhead(self)
        self.type_ahead.install(f.kindCombo, f.sourceCombo)
        f.providerCombo.setCurrentText("")
        f.providerCombo.lineEdit().setPlaceholderText(_("Tên đơn vị, tổ chức hoặc nhà hảo tâm"))
        worker.call(providers.list_providers, on_done=self._fill_providers)
        self.save_button.setDefault(True)
        f.buttonBox.accepted.connect(self.save)
        f.buttonBox.rejected.connect(self.reject)
        self.clear_errors()
        f.monthEdit.setFocus()

    @property
    def save_button(self):
        return self.form.buttonBox.button(QDialogButtonBox.StandardButton.Save)

    def _fill_providers(self, rows: list[dict[str, Any]]) -> None:
        combo = self.form.providerCombo
        typed = combo.currentText()
        combo.clear()
        combo.addItems([r["name"] for r in rows if r.get("name")])
        combo.setCurrentIndex(-1)
        combo.setCurrentText(typed)

    def data(self) -> dict[str, Any]:
        f = self.form
        return {
            "month": f.monthEdit.date().toString("yyyy-MM"),
            "kind": f.kindCombo.currentData(),
            "amount": f.amountEdit.text().strip() or None,
            "source": f.sourceCombo.currentData(),
            "provider": f.providerCombo.currentText().strip() or None,
            "note": f.noteEdit.text().strip() or None,
        }

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.worker.call(
            children.add_support,
            self.child["id"],
            self.data(),
            on_done=self._on_saved,
            on_error=self._on_error,
        )
