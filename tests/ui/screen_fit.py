"""Checks that a window fits a screen: its minimum size, and no visible text cut short.

``clipped(root)`` walks the visible labels, buttons, placeholders, table headers and the cells a
table shows whole (codes, dates, deadlines) under ``root`` and returns
one line per text that does not fit the width it is given (the widget's class, its text, the
width it needs and the width it has).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFrame,
    QTableView,
    QWidget,
)

#: pixels of slack a text may overhang its box by (font hinting differs by a pixel here and there)
SLACK = 1


def _plain(text: str, text_format=Qt.TextFormat.AutoText) -> str:
    rich = text_format == Qt.TextFormat.RichText
    if rich or (text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _mnemonic_free(text: str) -> str:
    return re.sub(r"&(.)", r"\1", text)


def _widest_line(metrics, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _shown(widget: QWidget, root: QWidget) -> bool:
    """Visible, and not scrolled or squeezed out of sight by a parent."""
    if not widget.isVisibleTo(root) or widget.width() <= 0 or widget.height() <= 0:
        return False
    area = QRect(QPoint(0, 0), widget.size())
    current = widget
    while current is not root and current.parentWidget() is not None and not current.isWindow():
        area = area.translated(current.pos()).intersected(
            QRect(QPoint(0, 0), current.parentWidget().size())
        )
        if area.isEmpty():
            return False
        current = current.parentWidget()
    return True


def fits_minimum(window: QWidget, size: QSize) -> str | None:
    """Why ``window`` cannot be made ``size`` (its minimum size is larger), or ``None``."""
    hint = window.minimumSizeHint()
    minimum = window.minimumSize()
    need = QSize(max(hint.width(), minimum.width()), max(hint.height(), minimum.height()))
    if need.width() > size.width() or need.height() > size.height():
        return f"{type(window).__name__} needs at least {need.width()}×{need.height()}"
    if window.width() > size.width() or window.height() > size.height():
        return f"{type(window).__name__} is {window.width()}×{window.height()}"
    return None


def _label_problem(label: QLabel) -> str | None:
    text = _plain(label.text(), label.textFormat())
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    rect = label.contentsRect()
    margin = label.margin() * 2 + max(label.indent(), 0)
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + SLACK:
            return f"QLabel {text!r}: needs {need} px high, has {label.height()}"
        return None
    need = _widest_line(label.fontMetrics(), text)
    have = rect.width() - margin
    if need > have + SLACK:
        return f"QLabel {text!r}: needs {need} px, has {have}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    text = _mnemonic_free(button.text())
    if not text.strip():
        return None
    need = _widest_line(button.fontMetrics(), text)
    option = QStyleOptionButton()
    option.initFrom(button)
    option.rect = button.rect()
    if isinstance(button, QCheckBox):
        element = QStyle.SubElement.SE_CheckBoxContents
    elif isinstance(button, QRadioButton):
        element = QStyle.SubElement.SE_RadioButtonContents
    elif isinstance(button, QPushButton):
        element = QStyle.SubElement.SE_PushButtonContents
    else:  # tool buttons and others: their size hint holds the whole text
        hint = button.sizeHint().width()
        if hint > button.width() + SLACK:
            return f"{type(button).__name__} {text!r}: needs {hint} px, has {button.width()}"
        return None
    have = button.style().subElementRect(element, option, button).width()
    if not button.icon().isNull():
        have -= button.iconSize().width() + 4
    if need > have + SLACK:
        return f"{type(button).__name__} {text!r}: needs {need} px, has {have}"
    return None


def _header_problems(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    out = []
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        text = model.headerData(logical, Qt.Orientation.Horizontal)
        if not text:
            continue
        need = header.sectionSizeFromContents(logical).width()
        have = header.sectionSize(logical)
        if need > have + SLACK:
            out.append(f"header {str(text)!r}: needs {need} px, has {have}")
    return out


def _placeholder_problem(edit: QLineEdit) -> str | None:
    text = edit.placeholderText()
    if edit.text() or not text:
        return None
    need = edit.fontMetrics().horizontalAdvance(text)
    margins = edit.textMargins()
    have = edit.contentsRect().width() - margins.left() - margins.right() - 4
    if not edit.styleSheet() and edit.style() is not None:
        option = QStyleOptionFrame()
        edit.initStyleOption(option)
        contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
        have = min(have, contents.width() - margins.left() - margins.right() - 4)
    if need > have + SLACK:
        return f"QLineEdit placeholder {text!r}: needs {need} px, has {have}"
    return None


def _cell_problems(view: QTableView) -> list[str]:
    """Cells of the columns a table model shows whole (codes, dates, deadlines) that are cut."""
    model = view.model()
    out = []
    for column, spec in enumerate(getattr(model, "columns", [])):
        if not getattr(spec, "whole", False) or view.isColumnHidden(column):
            continue
        need = view.sizeHintForColumn(column)
        have = view.columnWidth(column)
        if need > have + SLACK:
            out.append(f"column {spec.header!r} of a table: needs {need} px, has {have}")
    return out


def clipped(root: QWidget) -> list[str]:
    """Every visible label, button or column header under ``root`` whose text is cut short."""
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget, root):
            continue
        problem = None
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button_problem(widget)
        elif isinstance(widget, QLineEdit):
            problem = _placeholder_problem(widget)
        elif isinstance(widget, QHeaderView):
            problems.extend(_header_problems(widget))
        elif isinstance(widget, QTableView):
            problems.extend(_cell_problems(widget))
        elif isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            inner = widget.widget()
            problem = (
                f"QScrollArea {widget.objectName()!r} scrolls sideways: its contents need "
                f"{inner.minimumSizeHint().width() if inner else 0} px, it shows "
                f"{widget.viewport().width()}"
            )
        if problem:
            problems.append(problem)
    return problems


def cut_off_columns(view: QAbstractItemView) -> list[str]:
    """Headers of the columns of a table that lie (partly) beyond its visible width."""
    header = getattr(view, "horizontalHeader", lambda: None)()
    if header is None or not isinstance(view, QAbstractScrollArea):
        return []
    width = view.viewport().width()
    out = []
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        right = header.sectionViewportPosition(logical) + header.sectionSize(logical)
        if right > width + SLACK:
            out.append(str(view.model().headerData(logical, Qt.Orientation.Horizontal)))
    return out
