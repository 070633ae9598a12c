"""The counselling log: filters by month, channel, topic and target group, a lazy table, the details
of a session, and quick entry of a new one (Ctrl+N)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QPushButton

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_datetime, format_number
from ctxh_desktop.services import counselling, providers
from ctxh_desktop.ui.common import add_beside, code_label, error_text, fill_combo
from ctxh_desktop.ui.forms.pages.ui_counselling import Ui_CounsellingPage
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.pages.filtered import FilteredList
from ctxh_desktop.ui.table_model import Column, LazyTableModel, size_columns


def who(row: dict[str, Any]) -> str:
    """Who was counselled: the person, "Ẩn danh", or "Nhóm (n người)"."""
    size = row.get("group_size") or 1
    if size > 1 or (row.get("channel") == "group" and not row.get("person_id")):
        group = ngettext("Nhóm ({n} người)", "Nhóm ({n} người)", size).format(n=format_number(size))
        name = row.get("person_name")
        return f"{group} — {name}" if name else group
    if row.get("person_name"):
        return str(row["person_name"])
    if row.get("anonymous"):
        return _("Ẩn danh")
    return ""


def topics_text(row: dict[str, Any]) -> str:
    return ", ".join(code_label("consultation_topics", t) for t in row.get("topics") or [])


def duration_text(row: dict[str, Any]) -> str:
    minutes = row.get("duration_min")
    return _("{n} phút").format(n=format_number(minutes)) if minutes else ""


def columns() -> list[Column]:
    """The counselling table's columns."""
    return [
        Column("at", N_("Thời gian"), lambda r: format_datetime(r.get("at")), whole=True),
        Column("person_name", N_("Người được tư vấn"), who),
        Column(
            "channel",
            N_("Hình thức"),
            lambda r: code_label("consultation_channels", r.get("channel")),
        ),
        Column("topics", N_("Chủ đề"), topics_text),
        Column(
            "target_group",
            N_("Nhóm đối tượng"),
            lambda r: code_label("target_groups", r.get("target_group")),
        ),
        Column("duration_min", N_("Thời lượng"), duration_text, whole=True),
        Column(
            "outcome",
            N_("Kết quả"),
            lambda r: code_label("consultation_outcomes", r.get("outcome")),
        ),
    ]


def consultation_html(row: dict[str, Any], providers: dict[str, str] | None = None) -> str:
    """The detail panel's text for one session."""
    provider = (providers or {}).get(row.get("referral_provider_id") or "", "")
    items = [
        (_("Thời gian"), format_datetime(row.get("at"))),
        (_("Người được tư vấn"), who(row)),
        (_("Hình thức"), code_label("consultation_channels", row.get("channel"))),
        (_("Chủ đề"), topics_text(row)),
        (_("Nhóm đối tượng"), code_label("target_groups", row.get("target_group"))),
        (_("Thời lượng"), duration_text(row)),
        (_("Kết quả"), code_label("consultation_outcomes", row.get("outcome"))),
        (_("Chuyển gửi tới"), provider or (_("Có") if row.get("referral_provider_id") else "")),
        (_("Người tư vấn"), row.get("counsellor_name") or row.get("counsellor") or ""),
        (_("Nội dung tóm tắt"), row.get("summary") or ""),
    ]
    html = "".join(
        f"<tr><td style='color:#5f6b7a;padding-right:10px'>{escape(k)}</td>"
        f"<td>{escape(str(v))}</td></tr>"
        for k, v in items
        if v
    )
    return f"<table cellspacing='3'>{html}</table>"


class CounsellingPage(FilteredList, Page):
    """The counselling log."""

    form_class = Ui_CounsellingPage
    changed = Signal()

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        f.titleLabel.setProperty("role", "title")
        f.detailTitle.setProperty("role", "section")
        f.detailArea.setProperty("role", "detail")
        self.model = LazyTableModel(
            worker,
            columns(),
            counselling.list_consultations,
            counselling.count_consultations,
            self,
        )
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(lambda exc: f.countLabel.setText(error_text(exc)))
        f.table.setModel(self.model)
        f.table.verticalHeader().hide()
        f.table.verticalHeader().setDefaultSectionSize(26)
        size_columns(f.table, (125, 190, 140, 200, 170, 80))
        f.splitter.setStretchFactor(0, 3)
        f.splitter.setStretchFactor(1, 1)
        f.splitter.setSizes([760, 300])
        today = QDate.currentDate()
        f.monthEdit.setDate(QDate(today.year(), today.month(), 1))
        f.monthEdit.setMaximumDate(QDate(today.year(), 12, 31))
        self._fill_filters()
        f.monthEdit.dateChanged.connect(lambda _d: self.apply_filters())
        f.allMonthsCheck.toggled.connect(self._all_months)
        for combo in self._combos():
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        f.table.selectionModel().selectionChanged.connect(self._selected)
        f.addButton.clicked.connect(self.add_consultation)
        self.edit_button = QPushButton(_("Sửa…"), self)
        self.edit_button.setAccessibleName(_("Sửa buổi tư vấn"))
        self.remove_button = QPushButton(_("Xóa…"), self)
        self.remove_button.setAccessibleName(_("Xóa buổi tư vấn"))
        for button in (self.edit_button, self.remove_button):
            button.setProperty("needs", "edit")
        add_beside(f.addButton, self.edit_button, self.remove_button)
        self.edit_button.clicked.connect(self.edit_consultation)
        self.remove_button.clicked.connect(self.remove_consultation)
        self.shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        self.shortcut.activated.connect(self.add_consultation)
        self.current: dict[str, Any] | None = None
        self._filters: dict[str, Any] | None = None
        self._providers: dict[str, str] = {}
        self.editor = None
        self._show(None)

    def _combos(self) -> tuple[QComboBox, ...]:
        f = self.form
        return (f.channelCombo, f.topicCombo, f.targetCombo)

    # -- filters ----------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        f = self.form
        fill_combo(f.channelCombo, "consultation_channels", blank=_("Tất cả"))
        fill_combo(f.topicCombo, "consultation_topics", blank=_("Tất cả"))
        fill_combo(f.targetCombo, "target_groups", blank=_("Tất cả"))

    def _all_months(self, on: bool) -> None:
        self.form.monthEdit.setEnabled(not on)
        self.apply_filters()

    def filters(self) -> dict[str, Any]:
        f = self.form
        month = None if f.allMonthsCheck.isChecked() else f.monthEdit.date().toString("yyyy-MM")
        return {
            "month": month,
            "channel": f.channelCombo.currentData(),
            "topic": f.topicCombo.currentData(),
            "target_group": f.targetCombo.currentData(),
        }

    def refresh(self) -> None:
        self.apply_filters(force=True)
        self._load_providers()

    def _load_providers(self) -> None:
        self.worker.call(
            providers.list_providers,
            on_done=lambda rows: setattr(
                self, "_providers", {r["id"]: r.get("name") or "" for r in rows}
            ),
        )

    def _update_count(self) -> None:
        total = self.model.total
        self.form.countLabel.setText(
            ""
            if total is None
            else ngettext("{n} buổi tư vấn", "{n} buổi tư vấn", total).format(
                n=format_number(total)
            )
        )

    # -- details ----------------------------------------------------------------------------
    def _selected(self, *_args) -> None:
        rows = self.form.table.selectionModel().selectedRows()
        self._show(self.model.row_data(rows[0].row()) if rows else None)

    def _show(self, row: dict[str, Any] | None) -> None:
        self.current = row
        self.edit_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        if row is None:
            self.form.detailText.setText(_("Chọn một buổi tư vấn trong danh sách để xem chi tiết."))
        else:
            self.form.detailText.setText(consultation_html(row, self._providers))

    # -- entry ------------------------------------------------------------------------------
    def add_consultation(self) -> None:
        """Open the quick-entry dialog."""
        from ctxh_desktop.ui.dialogs.consultation_editor import ConsultationEditor

        if self.editor is not None and self.editor.isVisible():
            self.editor.activateWindow()
            return
        dialog = ConsultationEditor(self.worker, self)
        self.open_editor(dialog, self._after_save)

    def edit_consultation(self) -> None:
        """Open the selected session in the entry form to correct it (button "Sửa…")."""
        from ctxh_desktop.ui.dialogs.consultation_editor import ConsultationEditor

        if self.current is None:
            return
        dialog = ConsultationEditor(self.worker, self, existing=self.current)
        self.open_editor(dialog, self._after_save)

    def remove_consultation(self) -> None:
        """Remove the selected session entered by mistake, with a reason (button "Xóa…")."""
        from ctxh_desktop.ui.dialogs.remove_record import ask_to_remove

        row = self.current
        if row is None:
            return
        name = f"{format_datetime(row['at'])} — {who(row)}"
        ask_to_remove(self.worker, "consultation", row["id"], name, self._after_remove, self)

    def _after_remove(self) -> None:
        self.model.reload()
        self._show(None)
        self.changed.emit()

    def _after_save(self, _row: dict[str, Any]) -> None:
        self.model.reload()
        self._load_providers()
        self.changed.emit()

    def retranslate(self) -> None:
        self.edit_button.setText(_("Sửa…"))
        self.remove_button.setText(_("Xóa…"))
        self._fill_filters()
        self.model.retranslate()
        self._update_count()
        self._show(self.current)
