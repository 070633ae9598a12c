"""What a list page with filters shares: the table reloads when the filters change, and says when
it shows the answer to them."""

from __future__ import annotations

from typing import Any


class FilteredList:
    """Mixin for a page with ``filters()`` (a dict), a ``model`` (``LazyTableModel``) and
    ``_show(row)`` for the details of the selected row."""

    _filters: dict[str, Any] | None = None

    def apply_filters(self, force: bool = False) -> None:
        """Reload the table when the filters changed (or always, with ``force``)."""
        filters = self.filters()
        if force or filters != self._filters:
            self._filters = filters
            self.model.set_filters(**filters)
            self._show(None)

    @property
    def idle(self) -> bool:
        """The table shows the answer to the filters (tests and screenshots wait on this)."""
        return self._filters == self.filters() and self.model.idle
