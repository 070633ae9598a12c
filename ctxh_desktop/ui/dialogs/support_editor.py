"""Record one support given to a child: month, kind, amount (typed as people write it), source,
who gave it and a note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.services import children, providers
from ctxh_desktop.ui.common import fill_combo, set_combo
from ctxh_desktop.ui.dialogs.consultation_editor import TypeAhead
from ctxh_desktop.ui.dialogs.field_errors import FieldErrors
from ctxh_desktop.ui.forms.dialogs.ui_support_editor import Ui_SupportEditor

FIELDS = ("month", "kind", "amount", "source", "provider", "note")
ERROR_LABELS = {name: f"{name}Error" for name in FIELDS}


class SupportEditor(FieldErrors, QDialog):
    """The "Ghi hỗ trợ" form for one child. ``saved`` carries the stored support."""

    ERROR_LABELS = ERROR_LABELS

    saved = Signal(dict)

    def __init__(
        self,
        worker,
        child: dict[str, Any],
        parent: QWidget | None = None,
        existing: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.child = child
        f = self.set_up_form(Ui_SupportEditor(), worker, existing)
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
        self.clear_errors()
        f.monthEdit.setFocus()
        if existing is not None:
            self._fill_from(existing)

    def _fill_from(self, support: dict[str, Any]) -> None:
        """Correcting a support: the form shows it as saved."""
        f = self.form
        self.setWindowTitle(_("Sửa lần hỗ trợ"))
        f.headerLabel.setText(_("Sửa lần hỗ trợ"))
        month = QDate.fromString((support.get("month") or "")[:7] + "-01", "yyyy-MM-dd")
        if month.isValid():
            f.monthEdit.setDate(month)
        set_combo(f.kindCombo, support.get("kind"))
        set_combo(f.sourceCombo, support.get("source"))
        f.amountEdit.setText(str(support.get("amount") or ""))
        f.providerCombo.setCurrentText(support.get("provider") or "")
        f.noteEdit.setText(support.get("note") or "")

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
        if self.existing is not None:
            self.start_save(children.update_support, self.existing["id"], self.data())
            return
        self.start_save(children.add_support, self.child["id"], self.data())
