"""A case's timeline as the Cases page lists it: each event with its step, narrative and, for a
corrected step or a correction, what was corrected (the statutory record is never rewritten)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_date, format_datetime
from ctxh_desktop.ui.common import code_label, step_label

#: Where each item keeps its event.
EVENT_ROLE = Qt.ItemDataRole.UserRole
CORRECTION = "correction"
_CORRECTED_COLOR = "#92400e"


def moment_text(value: str | None) -> str:
    """A moment or a day as the case page shows it (nothing for nothing)."""
    if not value:
        return ""
    return format_datetime(value[:16]) if "T" in value else format_date(value)


def _narrative(event: dict[str, Any]) -> str:
    if event.get("narrative"):
        return f"\n{event['narrative']}"
    return "\n" + _("(nội dung nhạy cảm được ẩn)") if event.get("hidden") else ""


def event_text(case: dict[str, Any], event: dict[str, Any]) -> str:
    """The lines of one timeline item."""
    if event.get("kind") == CORRECTION:
        text = f"{moment_text(event.get('at'))} — {code_label('event_kinds', CORRECTION)}"
        text += "\n" + (event.get("correction_note") or "")
        text += "\n" + _("Lý do: {reason}").format(reason=_(event.get("summary") or ""))
        return text + _narrative(event)
    text = f"{moment_text(event.get('at'))} — {event.get('summary') or ''}"
    if event.get("corrected"):
        text += " " + _("(đã được đính chính)")
    if event.get("step"):
        text += f"\n{step_label(case.get('kind'), event.get('step'))}"
    text += _narrative(event)
    if event.get("correction_note"):
        text += "\n" + event["correction_note"]
    return text


def fill_timeline(widget: QListWidget, case: dict[str, Any]) -> None:
    """List the case's events (newest first), each item holding its event."""
    widget.clear()
    for event in case.get("events") or []:
        item = QListWidgetItem(event_text(case, event))
        item.setData(EVENT_ROLE, event)
        if event.get("corrected") or event.get("kind") == CORRECTION:
            item.setForeground(QColor(_CORRECTED_COLOR))
        item.setToolTip(item.text())
        widget.addItem(item)


def selected_event(widget: QListWidget) -> dict[str, Any] | None:
    """The event of the selected item, unless it is itself a correction (those are not corrected)."""
    item = widget.currentItem()
    if item is None or not item.isSelected():
        return None
    event = item.data(EVENT_ROLE)
    return event if isinstance(event, dict) and event.get("kind") != CORRECTION else None


_FOLLOWUP_COLOR = "#1e3a8a"
#: Where a follow-up item keeps its day (it holds no event).
_DAY_ROLE = Qt.ItemDataRole.UserRole + 1


def add_followup(widget: QListWidget, entries: list[tuple[str, str]]) -> None:
    """Put the case's follow-up (``(day, text)``: a referral answered or done, a service, a
    meeting, a safety plan, a consent) among its events, newest first; they are not steps, so
    they are never offered for correction."""
    for day, text in sorted(entries, key=lambda e: e[0]):
        row = 0
        while row < widget.count():
            event = widget.item(row).data(EVENT_ROLE)
            at = event.get("at") if isinstance(event, dict) else widget.item(row).data(_DAY_ROLE)
            if str(at or "")[:10] <= day:
                break
            row += 1
        item = QListWidgetItem(f"{moment_text(day)} — {text}")
        item.setData(_DAY_ROLE, day)
        item.setForeground(QColor(_FOLLOWUP_COLOR))
        item.setToolTip(item.text())
        widget.insertItem(row, item)
