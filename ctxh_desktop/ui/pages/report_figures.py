"""The reports page's main figures: every main figure of the indicator table for the chosen period,
then the coverage of the target groups, as a two-column table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from ctxh_desktop.core.indicator_table import INDICATORS
from ctxh_desktop.core.indicators import coverage_percent
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_number


def _count(key: str) -> Callable[[dict[str, int]], str]:
    return lambda counts: format_number(int(counts.get(key, 0)))


def _money(counts: dict[str, int]) -> str:
    return _("{amount} đồng").format(
        amount=format_number(counts.get("child_support_amount_vnd", 0))
    )


def _coverage(counts: dict[str, int]) -> str:
    share = coverage_percent(counts)
    if share is None:
        return "—"
    return _("{supported}/{target} trẻ ({percent}%)").format(
        supported=format_number(counts.get("children_target_supported", 0)),
        target=format_number(counts.get("children_target", 0)),
        percent=format_number(round(share, 1)),
    )


#: The figures shown on the page: every main figure of the indicator table (label msgid and how
#: the value is written), then the coverage of the target groups.
FIGURES: tuple[tuple[str, Callable[[dict[str, int]], str]], ...] = (
    *((i.label, _money if i.money else _count(i.key)) for i in INDICATORS),
    (N_("Bao phủ nhóm mục tiêu"), _coverage),
)


def setup_figures_table(table: QTableWidget) -> None:
    """No row numbers; the label column takes the room the values leave."""
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)


def fill_figures(table: QTableWidget, counts: dict[str, int] | None) -> None:
    """One row per figure for ``counts``; empty when there are none."""
    table.setRowCount(0 if counts is None else len(FIGURES))
    if counts is None:
        return
    for row, (label, value) in enumerate(FIGURES):
        name = QTableWidgetItem(_(label))
        number = QTableWidgetItem(value(counts))
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, 0, name)
        table.setItem(row, 1, number)
