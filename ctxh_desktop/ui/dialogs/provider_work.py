"""A provider's social-work fields in the provider directory's form: ownership (public /
non-public), capacity, number of social-work staff, and whether it offers social-work services."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.ui.common import fill_combo, set_combo, show_error

#: record key → label (msgid)
LABELS = {
    "ownership": N_("Loại hình"),
    "capacity": N_("Công suất (số chỗ)"),
    "sw_staff": N_("Số nhân viên công tác xã hội"),
    "offers_sw": N_("Có cung cấp dịch vụ công tác xã hội"),
}


class ProviderWorkFields:
    """The four inputs, put in columns 2–3 of the directory form's grid (each with an error
    label under it, as the form's own fields)."""

    def __init__(self, grid: QGridLayout) -> None:
        self.ownership = QComboBox()
        fill_combo(self.ownership, "provider_ownership")
        self.capacity = QLineEdit()
        self.sw_staff = QLineEdit()
        self.offers_sw = QCheckBox()
        self.inputs = {
            "ownership": self.ownership,
            "capacity": self.capacity,
            "sw_staff": self.sw_staff,
            "offers_sw": self.offers_sw,
        }
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        for i, (key, widget) in enumerate(self.inputs.items()):
            row = i * 2
            if key != "offers_sw":
                label = QLabel()
                label.setBuddy(widget)
                self.labels[key] = label
                grid.addWidget(label, row, 2)
            grid.addWidget(widget, row, 3)
            error = QLabel()
            error.setWordWrap(True)
            self.errors[key] = error
            grid.addWidget(error, row + 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        self.retranslate()
        self.clear_errors()

    def data(self) -> dict[str, Any]:
        """The fields as the service takes them."""
        return {
            "ownership": self.ownership.currentData(),
            "capacity": self.capacity.text().strip() or None,
            "sw_staff": self.sw_staff.text().strip() or None,
            "offers_sw": self.offers_sw.isChecked(),
        }

    def load(self, row: dict[str, Any]) -> None:
        """Show a provider's values (an empty form for a new one)."""
        set_combo(self.ownership, row.get("ownership"))
        for key in ("capacity", "sw_staff"):
            value = row.get(key)
            self.inputs[key].setText("" if value is None else str(value))  # type: ignore[attr-defined]
        self.offers_sw.setChecked(bool(row.get("offers_sw")))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show the messages of these fields under them."""
        for key, message in errors.items():
            if key in self.errors:
                show_error(self.errors[key], message)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            show_error(label, None)

    def retranslate(self) -> None:
        for key, widget in self.inputs.items():
            widget.setAccessibleName(_(LABELS[key]))
            if key in self.labels:
                self.labels[key].setText(_(LABELS[key]) + ":")
        self.offers_sw.setText(self.offers_sw.accessibleName())
        fill_combo(self.ownership, "provider_ownership")
