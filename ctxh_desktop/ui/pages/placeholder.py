"""A page whose work is not available in this version yet: it says what will come."""

from __future__ import annotations

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.forms.pages.ui_placeholder import Ui_PlaceholderPage
from ctxh_desktop.ui.pages.base import Page


class PlaceholderPage(Page):
    """Title and a sentence about what the page will do."""

    form_class = Ui_PlaceholderPage

    def __init__(self, worker, title: str, message: str, parent=None) -> None:
        super().__init__(worker, parent)
        self._title = title
        self._message = message
        self.form.titleLabel.setProperty("role", "title")
        self.form.messageLabel.setProperty("role", "subtitle")
        self.retranslate()

    def retranslate(self) -> None:
        self.form.titleLabel.setText(_(self._title))
        self.form.messageLabel.setText(_(self._message))
