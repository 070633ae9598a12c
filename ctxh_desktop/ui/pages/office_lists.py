"""The office page's "Có thể trùng người" and "Xã phải báo cáo" tabs: people who may appear in two
communes, and the communes the office expects reports from (check to add, uncheck to remove).
Mixed into ``OfficePage``, whose form, worker and loading flag they use."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidgetItem

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_date, format_number
from ctxh_desktop.services.office import (
    cross_commune_duplicates,
    expected_commune_list,
    update_expected_communes,
)
from ctxh_desktop.ui.pages.office_status import item as _item
from ctxh_desktop.ui.pages.office_status import unit_name

DUPLICATE_COLUMNS = (N_("Lý do"), N_("Mã xã"), N_("Họ tên"), N_("Ngày sinh"))
DUPLICATE_REASONS = {
    "id_number": N_("Cùng số định danh"),
    "name_birth": N_("Cùng họ tên, năm sinh"),
}


class CommuneListsTabs:
    """The two list tabs of the office page (loaded when their tab is opened)."""

    def _tab_changed(self, _index: int) -> None:
        current = self.form.tabs.currentWidget()
        if current is self.form.duplicatesTab:
            self.load_duplicates()
        elif current is self.form.expectedTab:
            self.load_expected()

    def load_duplicates(self) -> None:
        """Find people who may appear in two communes (in the worker)."""
        self.loading = True
        self.worker.call(
            cross_commune_duplicates, on_done=self._duplicates_loaded, on_error=self._load_failed
        )

    def _duplicates_loaded(self, groups: list[dict[str, Any]]) -> None:
        self.loading = False
        self.duplicates = groups
        self._show_duplicates()

    def _show_duplicates(self) -> None:
        if self.duplicates is None:
            return
        f = self.form
        lines = [(g, p) for g in self.duplicates for p in g["people"]]
        f.duplicatesLabel.setText(
            ngettext(
                "{groups} nhóm có thể là cùng một người ở hai xã trở lên.",
                "{groups} nhóm có thể là cùng một người ở hai xã trở lên.",
                len(self.duplicates),
            ).format(groups=format_number(len(self.duplicates)))
        )
        f.duplicatesTable.setRowCount(len(lines))
        shade = QBrush(QColor("#f3f5f8"))
        previous, band = None, False
        for r, (group, person) in enumerate(lines):
            if group is not previous:
                band, previous = not band, group
            reason = DUPLICATE_REASONS[group["reason"]]
            cells = (
                _item(_(reason)),
                _item(person["commune"], data=person["commune"]),
                _item(person["name"] or ""),
                _item(format_date(person["birth"]) if person["birth"] else ""),
            )
            for c, item in enumerate(cells):
                if band:
                    item.setBackground(shade)
                f.duplicatesTable.setItem(r, c, item)

    def load_expected(self) -> None:
        """The communes the office may expect, checked when on the list."""
        self.loading = True
        self.worker.call(
            expected_commune_list, on_done=self._expected_loaded, on_error=self._load_failed
        )

    def _expected_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.loading = False
        self.expected = rows
        box = self.form.expectedList
        box.clear()
        for row in rows:
            name = unit_name({"commune": row["commune"], "commune_name": row["name"]})
            item = QListWidgetItem(f"{row['commune']} — {name}")
            item.setData(Qt.ItemDataRole.UserRole, row["commune"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if row["expected"] else Qt.CheckState.Unchecked
            )
            box.addItem(item)

    def save_expected(self) -> None:
        """Add the newly checked communes, remove the unchecked ones."""
        if self.expected is None:
            return
        box = self.form.expectedList
        was = {r["commune"]: r["expected"] for r in self.expected}
        add, remove = [], []
        for i in range(box.count()):
            item = box.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            checked = item.checkState() == Qt.CheckState.Checked
            if checked and not was.get(code):
                add.append(code)
            elif not checked and was.get(code):
                remove.append(code)
        if not add and not remove:
            return
        self.loading = True
        self.worker.call(
            update_expected_communes,
            add,
            remove,
            on_done=lambda _rows: (self.load_expected(), self.refresh()),
            on_error=self._save_failed,
        )

    def _save_failed(self, exc: Exception) -> None:
        self.loading = False
        self._error(exc)
