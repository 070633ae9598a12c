"""What every page shares: its compiled form, the worker, and retranslation on language change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ctxh_desktop.ui.flow_layout import flow_row

#: rows of filters or buttons that wrap onto a second line when the window is narrow
FLOW_ROWS = (
    "filterLayout",
    "toolbarLayout",
    "buttonsLayout",
    "actionsLayout",
    "officeButtons",
    "exportButtons",
    "periodLayout",
    "coverageHeader",
)


class Page(QWidget):
    """A page of the main window. Subclasses set ``form_class`` and fill in :meth:`refresh`."""

    form_class: type | None = None

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        if self.form_class is not None:
            self.form = self.form_class()
            self.form.setupUi(self)
            layout = self.layout()
            if layout is not None:
                layout.setContentsMargins(24, 16, 24, 16)
                # The page's main area (a splitter or a list) takes the extra height.
                for name in ("splitter", "todoList"):
                    widget = getattr(self.form, name, None)
                    if widget is not None and layout.indexOf(widget) >= 0:
                        layout.setStretchFactor(widget, 1)
                if not any(layout.stretch(i) for i in range(layout.count())):
                    layout.addStretch(1)
        self.setProperty("page", True)
        self._rows_wrap = False

    def showEvent(self, event: QShowEvent) -> None:
        # Done when first shown, so that buttons a page adds to a row in its own __init__
        # wrap with the others.
        if not self._rows_wrap and self.form_class is not None:
            self._rows_wrap = True
            for name in FLOW_ROWS:
                row = getattr(self.form, name, None)
                if isinstance(row, QHBoxLayout):
                    flow_row(row, self)
        super().showEvent(event)

    def open_editor(self, dialog: Any, on_saved: Callable[[Any], None]) -> None:
        """Open an editor ``dialog`` (window-modal) kept as ``self.editor``; ``on_saved`` gets
        what it stored."""
        dialog.saved.connect(on_saved)
        dialog.open()
        self.editor = dialog

    def refresh(self) -> None:
        """Load or reload the page's data (in the background)."""

    def retranslate(self) -> None:
        """Re-set the texts built in Python (the form's own are done by ``retranslateUi``)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.form_class is not None:
            self.form.retranslateUi(self)
            self.retranslate()
        super().changeEvent(event)
