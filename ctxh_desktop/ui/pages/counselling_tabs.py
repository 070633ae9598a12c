"""The "Tư vấn" page of the navigation: the counselling log and, in a tab beside it, the register of
awareness and communication activities (counted apart from counselling)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTabWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.pages.activities import ActivitiesPage
from ctxh_desktop.ui.pages.counselling import CounsellingPage


class CounsellingTabs(QTabWidget):
    """Two tabs: the counselling log, the activities register; each loads when first shown."""

    def __init__(self, counselling: CounsellingPage, activities: ActivitiesPage) -> None:
        super().__init__()
        self.setObjectName("counsellingTabs")
        self.counselling, self.activities = counselling, activities
        self.addTab(counselling, "")
        self.addTab(activities, "")
        self._loaded: set[int] = set()
        self.currentChanged.connect(self._shown)
        self.retranslate()

    def refresh(self) -> None:
        """Reload the tab in view (the other reloads when it is next shown)."""
        self._loaded = set()
        self._shown(self.currentIndex())

    def _shown(self, index: int) -> None:
        if index >= 0 and index not in self._loaded:
            self._loaded.add(index)
            self.widget(index).refresh()

    def retranslate(self) -> None:
        self.setTabText(0, _("Sổ tư vấn"))
        self.setTabText(1, _("Hoạt động truyền thông"))
        self.setTabToolTip(1, _("Lớp tập huấn, họp, phát thanh, phát tài liệu"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
