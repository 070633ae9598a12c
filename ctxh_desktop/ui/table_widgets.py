"""Small read-only tables (``QTableWidget``) filled by hand: their set-up and their cells."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from ctxh_desktop.ui.table_model import size_columns


def setup_table(table: QTableWidget, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    """Columns for ``headers`` at ``widths``, no row numbers, rows of one line."""
    table.setColumnCount(len(headers))
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    size_columns(table, widths)


def cell(text: str, right: bool = False) -> QTableWidgetItem:
    """A cell of ``text``, right-aligned for figures."""
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
