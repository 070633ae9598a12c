"""The register of awareness and communication activities (a tab beside the counselling log):
filters by month and kind, a lazy table, and buttons to add, correct and remove an activity."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_date, format_number
from ctxh_desktop.services import activities
from ctxh_desktop.ui.common import code_label, error_text, fill_combo
from ctxh_desktop.ui.flow_layout import flow_row
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.pages.filtered import FilteredList
from ctxh_desktop.ui.table_model import Column, LazyTableModel, size_columns


def _count(row: dict[str, Any], field: str) -> str:
    return format_number(int(row.get(field) or 0))


def participants_text(row: dict[str, Any]) -> str:
    """ "30 (nam 14, nữ 16; trẻ em 22)": the participants of an activity."""
    male, female = int(row.get("participants_male") or 0), int(row.get("participants_female") or 0)
    return _("{total} (nam {male}, nữ {female}; trẻ em {children})").format(
        total=format_number(male + female),
        male=_count(row, "participants_male"),
        female=_count(row, "participants_female"),
        children=_count(row, "participants_children"),
    )


def columns() -> list[Column]:
    """The activities table's columns."""
    return [
        Column("held_on", N_("Ngày"), lambda r: format_date(r.get("held_on")), whole=True),
        Column("kind", N_("Loại"), lambda r: code_label("activity_kinds", r.get("kind"))),
        Column("topic", N_("Chủ đề")),
        Column(
            "target_group",
            N_("Nhóm đối tượng"),
            lambda r: code_label("target_groups", r.get("target_group")),
        ),
        Column("participants_male", N_("Người tham gia"), participants_text, whole=True),
        Column("place", N_("Địa điểm")),
        Column("organiser", N_("Người tổ chức")),
    ]


class ActivitiesPage(FilteredList, Page):
    """Awareness and communication activities, counted apart from counselling."""

    changed = Signal()

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "caption")
        layout.addWidget(self.hint)
        filters = QHBoxLayout()
        self.month_label = QLabel()
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("MM/yyyy")
        today = QDate.currentDate()
        self.month_edit.setDate(QDate(today.year(), today.month(), 1))
        self.all_months = QCheckBox()
        self.kind_label = QLabel()
        self.kind_combo = QComboBox()
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.remove_button = QPushButton()
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setProperty("needs", "edit")
        for widget in (self.month_label, self.month_edit, self.all_months, self.kind_label):
            filters.addWidget(widget)
        filters.addWidget(self.kind_combo, 1)
        for button in (self.add_button, self.edit_button, self.remove_button):
            filters.addWidget(button)
        layout.addLayout(filters)
        flow_row(filters, self)  # wraps onto a second line on a narrow screen
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.model = LazyTableModel(
            worker, columns(), activities.list_activities, activities.count_activities, self
        )
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        size_columns(self.table, (90, 160, 200, 130, 190, 140))
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(lambda exc: self.count_label.setText(error_text(exc)))
        self.month_edit.dateChanged.connect(lambda _d: self.apply_filters())
        self.all_months.toggled.connect(self._all_months)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.add_button.clicked.connect(self.add_activity)
        self.edit_button.clicked.connect(self.edit_activity)
        self.remove_button.clicked.connect(self.remove_activity)
        self.current: dict[str, Any] | None = None
        self._filters: dict[str, Any] | None = None
        self.editor = None
        self.retranslate()
        self._show(None)

    # -- filters ----------------------------------------------------------------------------
    def _all_months(self, on: bool) -> None:
        self.month_edit.setEnabled(not on)
        self.apply_filters()

    def filters(self) -> dict[str, Any]:
        month = None if self.all_months.isChecked() else self.month_edit.date().toString("yyyy-MM")
        return {"month": month, "kind": self.kind_combo.currentData()}

    def refresh(self) -> None:
        self.apply_filters(force=True)

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText(
            ""
            if total is None
            else ngettext("{n} hoạt động", "{n} hoạt động", total).format(n=format_number(total))
        )

    def _selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show(self.model.row_data(rows[0].row()) if rows else None)

    def _show(self, row: dict[str, Any] | None) -> None:
        self.current = row
        self.edit_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)

    # -- entry ------------------------------------------------------------------------------
    def add_activity(self) -> None:
        """Open the form for a new activity (button "Thêm hoạt động…")."""
        from ctxh_desktop.ui.dialogs.activity_editor import ActivityEditor

        self.open_editor(ActivityEditor(self.worker, self), self._after_change)

    def edit_activity(self) -> None:
        """Open the selected activity to correct it (button "Sửa…")."""
        from ctxh_desktop.ui.dialogs.activity_editor import ActivityEditor

        if self.current is not None:
            dialog = ActivityEditor(self.worker, self, existing=self.current)
            self.open_editor(dialog, self._after_change)

    def remove_activity(self) -> None:
        """Remove the selected activity entered by mistake, with a reason (button "Xóa…")."""
        from ctxh_desktop.ui.dialogs.remove_record import ask_to_remove

        row = self.current
        if row is not None:
            name = f"{format_date(row.get('held_on'))} — {row.get('topic') or ''}"
            ask_to_remove(self.worker, "activity", row["id"], name, self._after_change, self)

    def _after_change(self, *_args) -> None:
        self.model.reload()
        self._show(None)
        self.changed.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.hint.setText(
            _(
                "Lớp tập huấn, sinh hoạt chuyên đề, họp, phát thanh, phát tài liệu: tính riêng, "
                "không tính vào số buổi tư vấn."
            )
        )
        self.month_label.setText(_("Tháng"))
        self.month_edit.setAccessibleName(_("Tháng của hoạt động"))
        self.all_months.setText(_("Mọi tháng"))
        self.kind_label.setText(_("Loại"))
        self.kind_combo.setAccessibleName(_("Loại hoạt động"))
        fill_combo(self.kind_combo, "activity_kinds", blank=_("Tất cả"))
        self.add_button.setText(_("Thêm hoạt động…"))
        self.add_button.setAccessibleName(_("Thêm hoạt động truyền thông"))
        self.edit_button.setText(_("Sửa…"))
        self.edit_button.setAccessibleName(_("Sửa hoạt động truyền thông"))
        self.remove_button.setText(_("Xóa…"))
        self.remove_button.setAccessibleName(_("Xóa hoạt động truyền thông"))
        self.table.setAccessibleName(_("Danh sách hoạt động truyền thông"))
        self.model.retranslate()
        self._update_count()
