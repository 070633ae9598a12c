"""Children in special circumstances: the register by group and status, a child's groups and
supports, adding a child, recording a support, and the coverage of the target groups by month
(its table in :mod:`~ctxh_desktop.ui.pages.child_coverage`)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QPushButton

from ctxh_desktop.core import codes
from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_date, format_money, format_number
from ctxh_desktop.services import children
from ctxh_desktop.ui.common import add_beside, code_label, error_text, fill_combo, item_label
from ctxh_desktop.ui.dialogs.child_editor import age_text, group_letter
from ctxh_desktop.ui.forms.pages.ui_children import Ui_ChildrenPage
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.pages.child_coverage import (
    COVERAGE_HEADERS,
    coverage_summary,
    fill_coverage_table,
    setup_coverage_table,
)
from ctxh_desktop.ui.table_model import Column, LazyTableModel, size_columns
from ctxh_desktop.ui.table_widgets import cell, setup_table

SUPPORT_HEADERS = (N_("Tháng"), N_("Hình thức"), N_("Số tiền"), N_("Nguồn"), N_("Đơn vị hỗ trợ"))


def _order(list_name: str) -> dict[str, int]:
    return {item["code"]: i for i, item in enumerate(codes.all_items(list_name))}


def groups_text(row: dict[str, Any]) -> str:
    """The groups as the law's letters, then the sub-groups' and extra groups' names."""
    order = _order("child_groups")
    chosen = sorted(row.get("groups") or [], key=lambda c: order.get(c, 999))
    tops = [c for c in chosen if not codes.parent_of("child_groups", c)]
    subs = [c for c in chosen if codes.parent_of("child_groups", c)]
    for sub in subs:
        parent = codes.parent_of("child_groups", sub)
        if parent not in tops:
            tops.append(parent)
    tops.sort(key=lambda c: order.get(c, 999))
    parts = [", ".join(group_letter(c) for c in tops)] if tops else []
    parts += [code_label("child_groups", c) for c in subs]
    parts += [code_label("child_extra_groups", c) for c in row.get("extra_groups") or []]
    return " · ".join(parts)


def columns() -> list[Column]:
    """The register's columns."""
    return [
        Column("full_name", N_("Họ và tên")),
        Column(
            "birth_date", N_("Ngày sinh"), lambda r: format_date(r.get("birth_date")), whole=True
        ),
        Column("age", N_("Tuổi"), lambda r: age_text(r.get("birth_date")), whole=True),
        Column("groups", N_("Nhóm"), groups_text),
        Column(
            "last_support_month",
            N_("Hỗ trợ gần nhất"),
            lambda r: format_date(r.get("last_support_month")),
        ),
    ]


def child_html(child: dict[str, Any]) -> str:
    """The detail panel's text for one child: who, status, and every group and sub-group."""
    person = child.get("person") or {}
    order = _order("child_groups")
    groups = []
    for code in sorted(child.get("groups") or [], key=lambda c: order.get(c, 999)):
        parent = codes.parent_of("child_groups", code)
        label = code_label("child_groups", code)
        if parent:
            groups.append(f"<li style='margin-left:14px'>{escape(label)}</li>")
        else:
            groups.append(f"<li><b>{escape(group_letter(code))}.</b> {escape(label)}</li>")
    for code in child.get("extra_groups") or []:
        groups.append(f"<li>{escape(code_label('child_extra_groups', code))}</li>")
    born = person.get("birth_date")
    rows = [
        (_("Ngày sinh"), f"{format_date(born)} ({age_text(born)})" if born else ""),
        (_("Giới tính"), code_label("genders", person.get("gender"))),
        (_("Trạng thái"), code_label("child_statuses", child.get("status"))),
        (_("Ngày đăng ký"), format_date(child.get("registered_on"))),
        (_("Người giám hộ"), person.get("guardian_name") or ""),
        (_("Địa chỉ"), person.get("address_detail") or ""),
        (_("Ghi chú"), child.get("notes") or ""),
    ]
    table = "".join(
        f"<tr><td style='color:#5f6b7a;padding-right:10px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
        for k, v in rows
        if v
    )
    return (
        f"<p style='font-size:15pt;font-weight:600'>{escape(person.get('full_name') or '')}</p>"
        f"<table cellspacing='3'>{table}</table>"
        f"<p style='margin-bottom:0'><b>{escape(_('Nhóm hoàn cảnh đặc biệt'))}</b></p>"
        f"<ul style='margin-top:2px'>{''.join(groups)}</ul>"
    )


class ChildrenPage(Page):
    """The register of children in special circumstances."""

    form_class = Ui_ChildrenPage
    changed = Signal()

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        f.titleLabel.setProperty("role", "title")
        for label in (f.detailTitle, f.supportsTitle):
            label.setProperty("role", "section")
        f.detailArea.setProperty("role", "detail")
        f.coverageNote.setProperty("role", "caption")
        self.model = LazyTableModel(
            worker, columns(), children.list_children, children.count_children, self
        )
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(lambda exc: f.countLabel.setText(error_text(exc)))
        f.table.setModel(self.model)
        f.table.verticalHeader().hide()
        f.table.verticalHeader().setDefaultSectionSize(26)
        size_columns(f.table, (180, 90, 70, 150))
        setup_table(f.supportsTable, SUPPORT_HEADERS, (72, 140, 100, 110))
        self._group_column = setup_coverage_table(f.coverageTable)
        f.splitter.setStretchFactor(0, 3)
        f.splitter.setStretchFactor(1, 2)
        f.splitter.setSizes([620, 440])
        f.leftSplitter.setStretchFactor(0, 3)
        f.leftSplitter.setStretchFactor(1, 2)
        f.leftSplitter.setSizes([360, 300])
        today = QDate.currentDate()
        f.coverageMonthEdit.setDate(QDate(today.year(), today.month(), 1))
        f.coverageMonthEdit.setMaximumDate(QDate(today.year(), 12, 31))
        self.current: dict[str, Any] | None = None
        self.coverage: dict[str, Any] | None = None
        self._coverage_month: str | None = None
        self._filters: dict[str, Any] | None = None
        self.editor = None
        self._fill_filters()
        f.groupCombo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        f.statusCombo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        f.coverageMonthEdit.dateChanged.connect(lambda _d: self.load_coverage())
        f.table.selectionModel().selectionChanged.connect(self._selected)
        f.addButton.clicked.connect(self.add_child)
        f.supportButton.clicked.connect(self.add_support)
        self.remove_button = QPushButton(_("Xóa khỏi sổ…"), self)
        self.remove_button.setAccessibleName(_("Xóa trẻ khỏi sổ theo dõi"))
        self.remove_button.setProperty("needs", "edit")
        self.support_edit_button = QPushButton(_("Sửa lần hỗ trợ…"), self)
        self.support_remove_button = QPushButton(_("Xóa lần hỗ trợ…"), self)
        for button in (self.support_edit_button, self.support_remove_button):
            button.setProperty("needs", "edit")
            button.setEnabled(False)
        add_beside(f.supportsTable, self.support_edit_button, self.support_remove_button, left=True)
        self.support_edit_button.clicked.connect(self.edit_support)
        self.support_remove_button.clicked.connect(self.remove_support)
        f.supportsTable.itemSelectionChanged.connect(self._support_selected)
        self.edit_button = QPushButton(_("Sửa…"), self)
        self.edit_button.setAccessibleName(_("Sửa mục trong sổ theo dõi"))
        self.edit_button.setProperty("needs", "edit")
        self.edit_button.clicked.connect(self.edit_child)
        add_beside(f.detailText, self.edit_button, self.remove_button, left=True)
        self.remove_button.clicked.connect(self.remove_child)
        self._retranslate_tables()
        self._show_child(None)

    # -- filters ----------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        f = self.form
        combo = f.groupCombo
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("Tất cả các nhóm"), None)
        for entry in codes.items("child_groups"):
            combo.addItem(f"{group_letter(entry['code'])}. {item_label(entry)}", entry["code"])
            combo.setItemData(combo.count() - 1, item_label(entry), Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(keep) if keep else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        first = self._filters is None and f.statusCombo.count() == 0
        fill_combo(f.statusCombo, "child_statuses", blank=_("Tất cả"))
        if first:
            f.statusCombo.setCurrentIndex(max(f.statusCombo.findData("active"), 0))

    def filters(self) -> dict[str, Any]:
        return {
            "group": self.form.groupCombo.currentData(),
            "status": self.form.statusCombo.currentData(),
        }

    def apply_filters(self, force: bool = False) -> None:
        filters = self.filters()
        if force or filters != self._filters:
            self._filters = filters
            self.model.set_filters(**filters)
            self._show_child(None)

    def refresh(self) -> None:
        self.apply_filters(force=True)
        self.load_coverage()

    @property
    def idle(self) -> bool:
        """The table and the coverage answer the filters (tests and screenshots wait on this)."""
        return (
            self._filters == self.filters()
            and self.model.idle
            and self._coverage_month == self.coverage_month()
            and self.coverage is not None
            and self.coverage.get("month") == self._coverage_month
        )

    def _update_count(self) -> None:
        total = self.model.total
        self.form.countLabel.setText(
            ""
            if total is None
            else ngettext("{n} trẻ", "{n} trẻ", total).format(n=format_number(total))
        )

    # -- one child --------------------------------------------------------------------------
    def _selected(self, *_args) -> None:
        rows = self.form.table.selectionModel().selectedRows()
        row = self.model.row_data(rows[0].row()) if rows else None
        if row is None:
            self._show_child(None)
        else:
            self.show_child_id(row["id"])

    def show_child_id(self, child_id: str) -> None:
        """Load one child into the detail panel."""
        self.worker.call(
            children.get_child,
            child_id,
            on_done=self._show_child,
            on_error=lambda exc: self.form.detailText.setText(escape(error_text(exc))),
        )

    def _show_child(self, child: dict[str, Any] | None) -> None:
        self.current = child
        f = self.form
        f.supportButton.setEnabled(child is not None)
        self.remove_button.setEnabled(child is not None)
        self.edit_button.setEnabled(child is not None)
        f.supportsTitle.setVisible(child is not None)
        f.supportsTable.setVisible(child is not None)
        if child is None:
            f.detailTitle.setText(_("Chi tiết trẻ"))
            f.detailText.setText(_("Chọn một trẻ trong danh sách để xem chi tiết."))
            f.supportsTable.setRowCount(0)
            return
        f.detailTitle.setText(_("Chi tiết trẻ"))
        f.detailText.setText(child_html(child))
        supports = child.get("supports") or []
        table = f.supportsTable
        table.clearSelection()
        table.setRowCount(len(supports))
        for r, support in enumerate(supports):
            values = (
                (format_date(support.get("month")), False),
                (code_label("support_kinds", support.get("kind")), False),
                (format_money(support.get("amount")) if support.get("amount") else "", True),
                (code_label("support_sources", support.get("source")), False),
                (support.get("provider") or "", False),
            )
            for c, (text, right) in enumerate(values):
                table.setItem(r, c, cell(text, right))
            if support.get("note"):
                table.item(r, 1).setToolTip(support["note"])
        f.supportsTitle.setText(
            _("Các lần hỗ trợ ({n})").format(n=format_number(len(supports)))
            if supports
            else _("Chưa ghi nhận lần hỗ trợ nào")
        )

    # -- coverage ---------------------------------------------------------------------------
    def coverage_month(self) -> str:
        return self.form.coverageMonthEdit.date().toString("yyyy-MM")

    def load_coverage(self) -> None:
        month = self.coverage_month()
        self._coverage_month = month
        self.worker.call(
            children.coverage,
            month,
            on_done=self._show_coverage,
            on_error=lambda exc: self.form.coverageSummary.setText(error_text(exc)),
        )

    def _show_coverage(self, data: dict[str, Any]) -> None:
        if data.get("month") != self._coverage_month:
            return
        self.coverage = data
        fill_coverage_table(self.form.coverageTable, data)
        self.form.coverageSummary.setText(coverage_summary(data))

    # -- editing ----------------------------------------------------------------------------
    def add_child(self) -> None:
        """Open the "Thêm trẻ" form."""
        from ctxh_desktop.ui.dialogs.child_editor import ChildEditor

        dialog = ChildEditor(self.worker, self)
        self.open_editor(dialog, self._after_child)

    def add_support(self) -> None:
        """Open the "Ghi hỗ trợ" form for the selected child."""
        from ctxh_desktop.ui.dialogs.support_editor import SupportEditor

        if self.current is None:
            return
        dialog = SupportEditor(self.worker, self.current, self)
        self.open_editor(dialog, self._after_support)

    def _after_child(self, row: dict[str, Any]) -> None:
        self.model.reload()
        self.show_child_id(row["id"])
        self.load_coverage()
        self.changed.emit()

    def selected_support(self) -> dict[str, Any] | None:
        rows = self.form.supportsTable.selectionModel().selectedRows()
        supports = (self.current or {}).get("supports") or []
        return supports[rows[0].row()] if rows and rows[0].row() < len(supports) else None

    def _support_selected(self) -> None:
        chosen = self.selected_support() is not None
        self.support_edit_button.setEnabled(chosen)
        self.support_remove_button.setEnabled(chosen)

    def edit_support(self) -> None:
        """Correct the chosen support of the child shown (button "Sửa lần hỗ trợ…")."""
        from ctxh_desktop.ui.dialogs.support_editor import SupportEditor

        support = self.selected_support()
        if support is None or self.current is None:
            return
        dialog = SupportEditor(self.worker, self.current, self, existing=support)
        self.open_editor(dialog, self._after_support)

    def remove_support(self) -> None:
        """Remove a support entered by mistake, with a reason (button "Xóa lần hỗ trợ…")."""
        from ctxh_desktop.ui.dialogs.remove_record import ask_to_remove

        support = self.selected_support()
        if support is None or self.current is None:
            return
        child_id = self.current["id"]
        name = f"{format_date(support.get('month'))} — {code_label('support_kinds', support.get('kind'))}"
        ask_to_remove(
            self.worker,
            "child_support",
            support["id"],
            name,
            lambda: self._after_support({"child_id": child_id}),
            self,
        )

    def edit_child(self) -> None:
        """Correct the register entry shown (groups, registration date, notes): button "Sửa…"."""
        from ctxh_desktop.ui.dialogs.child_editor import ChildEditor

        if self.current is None:
            return
        dialog = ChildEditor(self.worker, self, existing=self.current)
        self.open_editor(dialog, self._after_child)

    def remove_child(self) -> None:
        """Remove a register entry made by mistake, and its supports (button "Xóa khỏi sổ…")."""
        from ctxh_desktop.ui.dialogs.remove_record import ask_to_remove

        child = self.current
        if child is not None:
            name = child.get("full_name") or ""
            ask_to_remove(self.worker, "child_profile", child["id"], name, self._after_remove, self)

    def _after_remove(self) -> None:
        self.model.reload()
        self._show_child(None)
        self.load_coverage()
        self.changed.emit()

    def _after_support(self, row: dict[str, Any]) -> None:
        self.model.reload()
        self.show_child_id(row["child_id"])
        self.load_coverage()
        self.changed.emit()

    def _retranslate_tables(self) -> None:
        f = self.form
        f.supportsTable.setHorizontalHeaderLabels([_(h) for h in SUPPORT_HEADERS])
        f.coverageTable.setHorizontalHeaderLabels([_(h) for h in COVERAGE_HEADERS])

    def retranslate(self) -> None:
        self.remove_button.setText(_("Xóa khỏi sổ…"))
        self.edit_button.setText(_("Sửa…"))
        self.support_edit_button.setText(_("Sửa lần hỗ trợ…"))
        self.support_remove_button.setText(_("Xóa lần hỗ trợ…"))
        self.remove_button.setAccessibleName(_("Xóa trẻ khỏi sổ theo dõi"))
        self._fill_filters()
        self._retranslate_tables()
        self.model.retranslate()
        self._update_count()
        self._show_child(self.current)
        if self.coverage is not None:
            self._show_coverage(self.coverage)
