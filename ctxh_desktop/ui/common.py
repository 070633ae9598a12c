"""Small helpers shared by pages and dialogs: code lists in combo boxes, icons, error labels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QWidget,
)

from ctxh_desktop.core import codes
from ctxh_desktop.i18n import _
from ctxh_desktop.paths import resource_path
from ctxh_desktop.ui.field_watch import clear_when_field_changes

ERROR_COLOR = "#b3261e"


def code_items(list_name: str) -> list[dict[str, Any]]:
    """The entries of a code list (``code``, ``vi``, ``en`` …); empty when the list is unknown."""
    try:
        return codes.items(list_name)
    except KeyError:  # no such list shipped
        return []


def code_label(list_name: str, code: str | None) -> str:
    """A code's label in the current language (the code itself when unknown)."""
    if code in (None, ""):
        return ""
    try:
        return codes.label(list_name, code) or str(code)
    except KeyError:  # no such list shipped
        return str(code)


def step_label(kind: str | None, step: str | None) -> str:
    """The name of a case step in the current language."""
    if not step:
        return ""
    return codes.step_label(kind, step) or code_label("case_steps", step)


def item_label(entry: dict[str, Any]) -> str:
    """The label of a code-list entry in the current language."""
    from ctxh_desktop.i18n import current_language

    return entry.get(current_language()) or entry.get("vi") or entry["code"]


def fill_combo(
    combo: QComboBox, list_name: str, blank: str | None = "", selected: str | None = None
) -> None:
    """Fill a combo box with a code list (the code as item data); keep or set the selection."""
    keep = selected if selected is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if blank is not None:
        combo.addItem(blank, None)
    for entry in code_items(list_name):
        combo.addItem(item_label(entry), entry["code"])
    set_combo(combo, keep)
    combo.blockSignals(False)


def set_combo(combo: QComboBox, code: str | None) -> None:
    """Select the item holding ``code`` (the first, blank item when not found)."""
    index = combo.findData(code) if code is not None else -1
    if index < 0 and code:
        combo.addItem(str(code), code)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def fill_checklist(widget: QListWidget, list_name: str, checked: list[str] | None = None) -> None:
    """Fill a list with checkable code-list entries."""
    keep = set(checked if checked is not None else checked_codes(widget))
    widget.clear()
    for entry in code_items(list_name):
        item = QListWidgetItem(item_label(entry))
        item.setData(Qt.ItemDataRole.UserRole, entry["code"])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(
            Qt.CheckState.Checked if entry["code"] in keep else Qt.CheckState.Unchecked
        )
        widget.addItem(item)


def checked_codes(widget: QListWidget) -> list[str]:
    """The codes of the checked entries of a check list."""
    out = []
    for row in range(widget.count()):
        item = widget.item(row)
        if item.checkState() == Qt.CheckState.Checked:
            out.append(item.data(Qt.ItemDataRole.UserRole))
    return out


def keep_at_top(layout: QBoxLayout, grow: QWidget | None = None) -> None:
    """Lay a column out from the top at its natural heights: the height left over stays empty
    at the bottom (or goes to ``grow`` while it is shown), so a page with little in it reads as
    deliberate rather than spread out."""
    layout.addStretch(1)
    if grow is not None:
        layout.setStretchFactor(grow, 1000)


def show_error(label: QLabel, message: str | None) -> None:
    """Show (or hide, when empty) a red message under a field; it goes when the field changes."""
    label.setText(message or "")
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setVisible(bool(message))
    if message:
        clear_when_field_changes(label)


def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (``name`` without extension)."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def error_text(exc: Exception) -> str:
    """A sentence for the screen: a user error's own message, else a general one."""
    from ctxh_desktop.core.errors import UserError

    if isinstance(exc, UserError):
        return exc.message
    return _("Đã xảy ra lỗi: {error}").format(error=exc)


class ColumnScrollArea(QScrollArea):
    """A scroll area that scrolls up and down only: it is never narrower than its contents need."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        need = inner.minimumSizeHint().expandedTo(inner.minimumSize()).width()
        width = need + bar + 2 * self.frameWidth()
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # new contents (other buttons): the splitter looks again
        return super().eventFilter(watched, event)


def scrolled(widget: QWidget, name: str = "pageScroll", sideways: bool = True) -> QScrollArea:
    """``widget`` inside a frameless scroll area: it scrolls when the window is smaller than it.

    With ``sideways=False`` it only scrolls up and down and asks for the width its contents need.
    """
    area = QScrollArea() if sideways else ColumnScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


def add_beside(anchor: QWidget, *widgets: QWidget, left: bool = False) -> None:
    """Put ``widgets`` right after ``anchor`` in the layout that holds it (a row of buttons, which
    may be a wrapping row that only appends); ``left``: each keeps its own width at the left of a
    column."""
    from PySide6.QtWidgets import QLayout

    root = anchor
    while root.parentWidget() is not None:
        root = root.parentWidget()
    holders = [lay for lay in root.findChildren(QLayout) if lay.indexOf(anchor) >= 0]
    if not holders:
        raise ValueError("the anchor is in no layout")
    layout = holders[0]
    at = layout.indexOf(anchor)
    for offset, widget in enumerate(widgets, 1):
        if hasattr(layout, "insertWidget"):
            if left:
                layout.insertWidget(at + offset, widget, 0, Qt.AlignmentFlag.AlignLeft)
            else:
                layout.insertWidget(at + offset, widget)
        else:
            layout.addWidget(widget)
