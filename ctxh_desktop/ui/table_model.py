"""A lazy table over a paged service call: rows arrive 200 at a time as the view scrolls.

The model never touches the database itself: it asks the :class:`~ctxh_desktop.ui.worker.Worker`
for the count and for pages (``list_fn(session, **filters, offset=, limit=)``) and inserts the rows
when they arrive. A new filter starts a new *generation*; late answers of an older one are dropped,
so typing fast in a search box never shows stale rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableView

from ctxh_desktop.i18n import _

PAGE_SIZE = 200
_ROOT = QModelIndex()


@dataclass
class Column:
    """One column: its key, its Vietnamese header (translated when shown) and how to show a row.

    ``whole`` columns (codes, dates, deadlines) are always as wide as their widest text; the others
    (names, free text) keep the width given and cut long texts with "…".
    """

    key: str
    header: str
    text: Callable[[dict[str, Any]], str] | None = None
    color: Callable[[dict[str, Any]], str | None] | None = None
    whole: bool = False

    def display(self, row: dict[str, Any]) -> str:
        limit = MAX_WHOLE_TEXT if self.whole else MAX_CELL_TEXT
        if self.text is not None:
            return _shown(self.text(row), limit)
        value = row.get(self.key)
        return "" if value is None else _shown(str(value), limit)


#: Longest text a list cell shows: a database may hold far longer (received before every value
#: was checked); the rest is cut with "…", control characters shown as "?".
MAX_CELL_TEXT = 200
#: The same for a column as wide as its widest text (codes, dates).
MAX_WHOLE_TEXT = 160  # a deadline with its rule reads in full in either language
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _shown(text: str, limit: int) -> str:
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _CONTROL.sub("?", text)


class LazyTableModel(QAbstractTableModel):
    """Rows of a paged, filtered list, fetched in the background on demand."""

    loaded = Signal()  # a page (or the count) arrived
    failed = Signal(object)

    def __init__(self, worker, columns: list[Column], list_fn, count_fn, parent=None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.columns = columns
        self._list_fn = list_fn
        self._count_fn = count_fn
        self._rows: list[dict[str, Any]] = []
        self._total: int | None = None
        self._filters: dict[str, Any] = {}
        self._generation = 0
        self._fetching = False

    # -- loading ----------------------------------------------------------------------------
    def set_filters(self, **filters: Any) -> None:
        """Start over with new filters: count, then the first page."""
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self._filters = dict(filters)
        self._rows = []
        self._total = None
        self._fetching = False
        self.endResetModel()
        self.worker.call(
            self._count_fn,
            **self._filters,
            on_done=lambda total: self._on_count(generation, total),
            on_error=self.failed.emit,
        )
        self._request(generation)

    def reload(self) -> None:
        """Fetch again with the same filters (after an edit)."""
        self.set_filters(**self._filters)

    @property
    def total(self) -> int | None:
        """How many rows match the filters (``None`` until counted)."""
        return self._total

    @property
    def idle(self) -> bool:
        """Nothing is being fetched and the count is known."""
        return not self._fetching and self._total is not None

    def _request(self, generation: int) -> None:
        self._fetching = True
        self.worker.call(
            self._list_fn,
            **self._filters,
            offset=len(self._rows),
            limit=PAGE_SIZE,
            on_done=lambda rows: self._on_page(generation, rows),
            on_error=self._on_error,
        )

    def _on_error(self, exc: Exception) -> None:
        self._fetching = False
        self.failed.emit(exc)

    def _on_count(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._total = int(total)
        self.loaded.emit()

    def _on_page(self, generation: int, rows: list[dict[str, Any]]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if len(rows) < PAGE_SIZE:
            self._total = len(self._rows) if self._total is None else self._total
        self.loaded.emit()

    def canFetchMore(self, parent=_ROOT) -> bool:
        if parent.isValid() or self._fetching or self._total is None:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent=_ROOT) -> None:
        if self.canFetchMore(parent):
            self._request(self._generation)

    # -- reading ----------------------------------------------------------------------------
    def row_data(self, row: int) -> dict[str, Any] | None:
        """The service's dict behind a row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(row)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return _(self.columns[section].header)
            return str(section + 1)
        return None

    def retranslate(self) -> None:
        """Headers and coded cells follow a language change."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )


class _HeaderFit(QObject):
    """Keeps every column at least as wide as its header text, in every language.

    The last column fills the rest of the view, but only while the view is wide enough for it:
    otherwise it keeps the width of its header and the view scrolls sideways.
    """

    def __init__(self, view: QTableView, widths: tuple[int, ...]) -> None:
        super().__init__(view)
        self.setObjectName("headerFit")
        self.view = view
        self.widths = widths
        header = view.horizontalHeader()
        header.sectionCountChanged.connect(lambda *_args: self.fit(given_widths=True))
        header.model().headerDataChanged.connect(lambda *_args: self.fit())
        view.viewport().installEventFilter(self)
        self.fit(given_widths=True)

    def _need(self, column: int) -> int:
        return self.view.horizontalHeader().sectionSizeFromContents(column).width()

    def fit(self, given_widths: bool = False) -> None:
        """Widen the columns whose header does not fit; decide whether the last one stretches.

        With ``given_widths`` every column is first set to the width it was given.
        """
        header = self.view.horizontalHeader()
        count = header.count()
        for column in range(count):
            if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
                continue
            given = self.widths[column] if column < len(self.widths) else 0
            wanted = max(given, self._need(column))
            if given_widths or column == count - 1 or header.sectionSize(column) < wanted:
                header.resizeSection(column, wanted)
        self._stretch()

    def _stretch(self) -> None:
        header = self.view.horizontalHeader()
        last = header.count() - 1
        if last < 0 or header.sectionResizeMode(last) != QHeaderView.ResizeMode.Interactive:
            return
        others = sum(header.sectionSize(c) for c in range(last) if not header.isSectionHidden(c))
        room = self.view.viewport().width() - others
        header.setStretchLastSection(room >= self._need(last))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._stretch()
        return False


def size_columns(view: QTableView, widths: tuple[int, ...]) -> None:
    """Columns the user can widen, starting at ``widths``; the last fills the rest of the view.

    The ``whole`` columns of a :class:`LazyTableModel` follow their contents instead, so a code,
    a date or a deadline is never cut; the header's own text always fits its column.
    """
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model = view.model()
    whole = [c for c, spec in enumerate(getattr(model, "columns", [])) if spec.whole]
    for column in whole:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    if whole:
        # rows arrive page by page: widen the whole columns to the rows as they come
        for signal in (model.rowsInserted, model.modelReset, model.dataChanged):
            signal.connect(lambda *_args: header.resizeSections())
    fit = view.findChild(QObject, "headerFit")
    if isinstance(fit, _HeaderFit):  # sized again (new rows): the same keeper, new widths
        fit.widths = widths
        fit.fit(given_widths=True)
    else:
        _HeaderFit(view, widths)
