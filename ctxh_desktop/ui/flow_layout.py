"""A layout that places its items left to right and wraps them onto new lines when space runs out.

Filter rows and button rows of the pages use it (:func:`flow_row` turns a form's row into one), so a
narrow window shows two short lines instead of cutting texts or widening the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

#: what a label keeps on its line when a row wraps
FIELDS = (QComboBox, QLineEdit, QAbstractSpinBox)


class FlowLayout(QLayout):
    """Items left to right, wrapped to the next line; the height follows the width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in self._visible())
        width += self._spacing * max(len(self._visible()) - 1, 0)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _place(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        line: list[tuple[QLayoutItem, QPoint, QSize]] = []

        def finish_line() -> None:
            for item, point, size in line:
                # centre each item vertically on its line
                offset = (line_height - size.height()) // 2
                item.setGeometry(QRect(point + QPoint(0, offset), size))

        for item in self._visible():
            size = _item_size(item, max(area.width(), 1))
            if line and x + size.width() > area.right() + 1:
                if move:
                    finish_line()
                line = []
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            line.append((item, QPoint(x, y), size))
            x += size.width() + self._spacing
            line_height = max(line_height, size.height())
        if move:
            finish_line()
        return y + line_height - rect.y() + margins.bottom()


def _item_size(item: QLayoutItem, room: int) -> QSize:
    """An item's size on a line ``room`` pixels wide: a wrapping label takes the lines it needs."""
    hint = item.sizeHint().expandedTo(item.minimumSize())
    label = item.widget()
    if isinstance(label, QLabel) and label.wordWrap():
        whole = label.fontMetrics().horizontalAdvance(label.text()) + 2 * label.margin() + 4
        width = min(max(hint.width(), whole), room)
        return QSize(
            width, max(label.heightForWidth(width), hint.height() if width >= whole else 0)
        )
    return QSize(min(hint.width(), room), hint.height())


class PlaceholderWidth(QObject):
    """Keeps a search field wide enough for its whole placeholder, in every language."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        edit.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        """Set the field's minimum width from its placeholder text."""
        text = self.edit.placeholderText()
        if text:
            self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(text) + 30)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.Polish):
            QTimer.singleShot(0, self, self.fit)  # after the form has set the new placeholder
        return False


def _pair(label: QLabel, field: QWidget) -> QWidget:
    """A label and its field kept together on one line of a flow."""
    box = QWidget()
    box.setObjectName(f"{field.objectName() or 'field'}Pair")
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    row.addWidget(label)
    row.addWidget(field)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return box


def flow_row(row: QBoxLayout, host: QWidget) -> FlowLayout:
    """Replace a horizontal row of a form by a flow holding the same widgets, in the same place.

    A label directly followed by a field stays on the same line as it; stretches and spacers are
    dropped (a flow packs its items to the left). The row keeps its place and holds the flow, so
    widgets added to the row later still show (after the flow); add them to the flow to wrap.
    """
    parent = row.parentWidget() or host
    items = []
    while row.count():
        item = row.takeAt(0)
        if item.widget() is not None:
            items.append(item.widget())
    flow = FlowLayout(spacing=max(row.spacing(), 8))
    index = 0
    while index < len(items):
        widget = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(widget, QLabel) and isinstance(following, FIELDS):
            flow.addWidget(_pair(widget, following))
            index += 2
            continue
        if isinstance(widget, QLineEdit):
            PlaceholderWidth(widget)
        elif isinstance(widget, QLabel):
            widget.setWordWrap(True)
        flow.addWidget(widget)
        index += 1
    holder = QWidget(parent)
    holder.setObjectName(f"{row.objectName() or 'row'}Flow")
    holder.setLayout(flow)
    row.addWidget(holder, 1)
    return flow
