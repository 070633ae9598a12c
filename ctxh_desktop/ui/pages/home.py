"""Home: this month's figures as cards and the list of what is due, most urgent first."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidgetItem

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_datetime, format_number
from ctxh_desktop.services import office, stats
from ctxh_desktop.ui.common import ERROR_COLOR, error_text, keep_at_top
from ctxh_desktop.ui.forms.pages.ui_home import Ui_HomePage
from ctxh_desktop.ui.pages.base import Page

#: card → the counts key it shows.
CARDS = {
    "people": "people",
    "newCases": "cases_new",
    "openCases": "cases_open",
    "consultations": "consultations",
    "children": "children",
    "supports": "child_supports",
}


#: card → (office figure key, caption) at an office; the sixth card is not used there.
OFFICE_CARDS = {
    "people": ("expected", N_("Xã phải báo cáo")),
    "newCases": ("sent", N_("Xã đã gửi báo cáo tháng {month}")),
    "openCases": ("missing", N_("Xã chưa gửi báo cáo tháng {month}")),
    "consultations": ("quarantined", N_("Tệp đang tạm giữ")),
    "children": ("last_import", N_("Lần nhập dữ liệu gần nhất")),
}


def _home_figures(session, month: str) -> dict[str, Any]:
    """A commune's month figures, or an office's cards (``{"office": {...}}``)."""
    if session.kind == "office":
        return {"office": office.home_figures(session)}
    return stats.compute_stats(session, month=month)


def _due_text(due: str | None) -> str:
    if not due:
        return ""
    return format_datetime(due) if "T" in due else due


class HomePage(Page):
    """The first page: figures of the month and the to-do list."""

    form_class = Ui_HomePage
    loaded = Signal()
    open_case = Signal(str)

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        self.counts: dict[str, int] | None = None
        self.office: dict[str, Any] | None = None
        self.todo: list[dict[str, Any]] | None = None
        self.form.titleLabel.setProperty("role", "title")
        self.form.periodLabel.setProperty("role", "subtitle")
        self.form.todoTitle.setProperty("role", "section")
        for key in CARDS:
            getattr(self.form, f"{key}Card").setProperty("role", "card")
            getattr(self.form, f"{key}Value").setProperty("role", "figure")
            getattr(self.form, f"{key}Caption").setProperty("role", "caption")
        self.form.todoEmpty.hide()
        self.form.todoEmpty.setWordWrap(True)
        keep_at_top(self.form.homeLayout, self.form.todoList)
        self.form.calendarWarning.hide()
        self.form.todoList.itemActivated.connect(self._activate)
        self.retranslate()

    def refresh(self) -> None:
        self.counts = None
        self.todo = None
        month = dt.date.today().strftime("%Y-%m")
        self.worker.call(
            functools.partial(_home_figures, month=month),
            on_done=self._on_stats,
            on_error=self._on_error,
        )
        self.worker.call(stats.todo, on_done=self._on_todo, on_error=self._on_error)
        self.worker.call(stats.calendar_warning, on_done=self._on_calendar, on_error=self._on_error)

    @property
    def is_loaded(self) -> bool:
        return self.counts is not None and self.todo is not None

    def _on_error(self, exc: Exception) -> None:
        self.form.periodLabel.setText(error_text(exc))

    def _on_stats(self, result: dict[str, Any]) -> None:
        self.office = result.get("office")
        self.counts = dict(result.get("counts", {}) if self.office is None else self.office)
        self._show_counts()
        if self.is_loaded:
            self.loaded.emit()

    def _on_calendar(self, warning: str | None) -> None:
        self.form.calendarWarning.setText(warning or "")
        self.form.calendarWarning.setVisible(bool(warning))

    def _on_todo(self, items: list[dict[str, Any]]) -> None:
        self.todo = sorted(items, key=lambda i: (not i.get("overdue"), i.get("due") or ""))
        self._show_todo()
        if self.is_loaded:
            self.loaded.emit()

    def _show_counts(self) -> None:
        f = self.form
        f.supportsCard.setVisible(self.office is None)
        if self.office is not None:
            self._show_office(self.office)
            return
        for card, key in CARDS.items():
            value = (self.counts or {}).get(key)
            getattr(self.form, f"{card}Value").setText(
                "–" if value is None else format_number(value)
            )

    def _show_office(self, figures: dict[str, Any]) -> None:
        """The office's cards: who reported for last month, quarantined files, the last import."""
        year, mon = figures["month"].split("-")
        month = f"{mon}/{year}"
        for card, (key, caption) in OFFICE_CARDS.items():
            value = figures.get(key)
            if key == "last_import":
                text = format_datetime(value[:16]) if value else _("Chưa có")
            else:
                text = format_number(value or 0)
            label = getattr(self.form, f"{card}Value")
            label.setText(text)
            label.setAccessibleName(text)
            getattr(self.form, f"{card}Caption").setText(_(caption).format(month=month))
        self.form.openCasesValue.setStyleSheet(
            f"color: {ERROR_COLOR};" if figures.get("missing") else ""
        )
        self.form.periodLabel.setText(_("Tình hình gửi dữ liệu tháng {month}").format(month=month))

    def _show_todo(self) -> None:
        widget = self.form.todoList
        widget.clear()
        for entry in self.todo or []:
            due = _due_text(entry.get("due"))
            label = entry.get("label") or entry.get("rule", "")
            if entry.get("overdue"):
                text = _("{code} — {label}: quá hạn từ {due}").format(
                    code=entry.get("case_code", ""), label=label, due=due
                )
            else:
                text = _("{code} — {label}: hạn {due}").format(
                    code=entry.get("case_code", ""), label=label, due=due
                )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.get("case_id"))
            if entry.get("overdue"):
                item.setForeground(QBrush(QColor(ERROR_COLOR)))
            widget.addItem(item)
        self.form.todoEmpty.setVisible(self.todo is not None and not self.todo)
        widget.setVisible(bool(self.todo))

    def _activate(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if case_id:
            self.open_case.emit(case_id)

    def retranslate(self) -> None:
        today = dt.date.today()
        self.form.periodLabel.setText(
            _("Số liệu tháng {month:02d}/{year}").format(month=today.month, year=today.year)
        )
        if self.counts is not None:
            self._show_counts()
        if self.todo is not None:
            self._show_todo()
            # Deadline names come from the services in the current language: ask again.
            self.worker.call(stats.todo, on_done=self._on_todo, on_error=self._on_error)
            self.worker.call(
                stats.calendar_warning, on_done=self._on_calendar, on_error=self._on_error
            )
