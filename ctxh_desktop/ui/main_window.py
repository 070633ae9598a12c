"""The main window: navigation on the left, pages in the middle, who/where in the status bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from ctxh_desktop.core import centres
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import role_label
from ctxh_desktop.ui.common import error_text, icon, scrolled
from ctxh_desktop.ui.forms.ui_main_window import Ui_MainWindow
from ctxh_desktop.ui.help import HelpMenu
from ctxh_desktop.ui.lock import IdleLock
from ctxh_desktop.ui.pages.activities import ActivitiesPage
from ctxh_desktop.ui.pages.audit import AuditPage
from ctxh_desktop.ui.pages.cases import CasesPage
from ctxh_desktop.ui.pages.children import ChildrenPage
from ctxh_desktop.ui.pages.counselling import CounsellingPage
from ctxh_desktop.ui.pages.counselling_tabs import CounsellingTabs
from ctxh_desktop.ui.pages.home import HomePage
from ctxh_desktop.ui.pages.people import PeoplePage
from ctxh_desktop.ui.pages.reports import ReportsPage
from ctxh_desktop.ui.pages.settings import SettingsPage
from ctxh_desktop.ui.pages.sync import ExchangePage

#: navigation row → icon name (texts come from the form)
NAV_ICONS = ("home", "people", "cases", "consult", "children", "reports", "sync", "settings")
HOME, PEOPLE, CASES, CONSULT, CHILDREN, REPORTS, SYNC, SETTINGS = range(8)
AUDIT = 8  # added after the form's rows; shown to administrators only


def session_info(session: Any) -> dict[str, Any]:
    """What the status bar shows, read in the worker thread (session attributes read the database)."""
    return {
        "commune_name": session.commune_name,
        "commune_code": session.commune_code,
        "user": session.user,
        "path": getattr(session, "path", None),
        "demo": getattr(session, "temp_folder", None) is not None,
        "role": getattr(session, "role", "admin"),
        "kind": session.kind,
    }


class MainWindow(QMainWindow):
    """The application's window over one open session."""

    data_loaded = Signal()
    open_requested = Signal()
    demo_requested = Signal()

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.session: Any = None
        self.form = Ui_MainWindow()
        self.form.setupUi(self)
        f = self.form
        f.navList.setObjectName("navList")
        f.navList.setIconSize(QSize(22, 22))
        f.navList.setFixedWidth(210)
        for row, name in enumerate(NAV_ICONS):
            f.navList.item(row).setIcon(icon(name))
        self.home = HomePage(worker)
        self.people = PeoplePage(worker)
        self.cases = CasesPage(worker)
        self.counselling = CounsellingPage(worker)
        self.activities = ActivitiesPage(worker)
        self.children_page = ChildrenPage(worker)
        self.settings = SettingsPage(worker)
        self.pages: list[QWidget] = [
            self.home,
            self.people,
            self.cases,
            CounsellingTabs(self.counselling, self.activities),
            self.children_page,
        ]
        self.reports = ReportsPage(worker)
        self.pages.append(self.reports)
        self.sync = ExchangePage(worker)
        self.pages.append(self.sync)
        self.pages.append(self.settings)
        self.audit = AuditPage(worker)
        self.pages.append(self.audit)
        f.navList.addItem(_("Nhật ký"))
        f.navList.item(AUDIT).setIcon(icon("audit"))
        f.navList.item(AUDIT).setHidden(True)
        for page in self.pages:
            # A long page (Settings) scrolls rather than making the window taller than the screen.
            f.pages.addWidget(scrolled(page))
        f.navList.currentRowChanged.connect(self.show_page)
        f.navList.setCurrentRow(HOME)
        self.home.loaded.connect(self.data_loaded.emit)
        self.home.open_case.connect(self.open_case)
        self.people.changed.connect(self.home.refresh)
        self.people.case_opened.connect(self.show_new_case)
        self.cases.changed.connect(self.home.refresh)
        self.counselling.changed.connect(self.home.refresh)
        self.activities.changed.connect(self.home.refresh)
        self.children_page.changed.connect(self.home.refresh)
        self.sync.changed.connect(self.home.refresh)
        self.settings.saved.connect(self._profile_saved)
        f.actionAbout.triggered.connect(self.about)
        f.actionQuit.triggered.connect(self.close)
        f.actionOpen.triggered.connect(self.open_requested.emit)
        f.actionDemo.triggered.connect(self.demo_requested.emit)
        self.import_action = QAction(_("Nhập danh sách từ Excel…"), self)
        menu_actions = f.menuFile.actions()
        f.menuFile.insertAction(
            menu_actions[menu_actions.index(f.actionDemo) + 1], self.import_action
        )
        self.import_action.triggered.connect(self.import_list)
        self.commune_label = QLabel()
        self.user_label = QLabel()
        self.db_label = QLabel()
        self.busy_label = QLabel()
        for label in (self.commune_label, self.user_label, self.db_label):
            f.statusbar.addWidget(label)
        f.statusbar.addPermanentWidget(self.busy_label)
        worker.busy_changed.connect(self._busy)
        worker.error.connect(self._background_error)
        self._loaded_pages: set[int] = set()
        self._profile: dict[str, Any] = {}
        self._info: dict[str, Any] = {}
        self.help_menu = HelpMenu(self)
        self.idle_lock = IdleLock(self, worker)
        self.idle_lock.unlocked.connect(lambda _user: self.refresh_user())
        self.settings.lock_changed.connect(self.idle_lock.set_minutes)
        self.settings.session_reopened.connect(self.set_session)
        for widget in (self.people.form.addButton, self.people.form.editButton):
            widget.setProperty("needs", "edit")
        self.cases.form.actionsBox.setProperty("needs", "edit")

    # -- session ----------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        """Show a freshly opened session: status bar, then load the visible pages."""
        self.session = session
        self._profile = {}
        self._info = {}
        self._loaded_pages.clear()
        self._update_status()
        self.idle_lock.session_changed(session)
        if session is not None:
            self.worker.call(session_info, on_done=self._on_info)
        self.show_page(self.form.navList.currentRow())
        if self.form.navList.currentRow() != HOME:
            self.home.refresh()
            self._loaded_pages.add(HOME)

    def _on_info(self, info: dict[str, Any]) -> None:
        self._info = info
        self._update_status()
        office = info.get("kind") == "office"
        self.apply_role(info.get("role"), office)
        self.cases.set_read_only(office)
        self.import_action.setVisible(not office)  # a list of people is imported by a commune
        for row in (PEOPLE, CASES, CONSULT, CHILDREN):
            self.form.navList.item(row).setHidden(office)
        if office and self.form.navList.currentRow() in (PEOPLE, CASES, CONSULT, CHILDREN):
            self.show_page(SYNC)

    def refresh_user(self) -> None:
        """Show who is signed in now (after unlocking, possibly as another user)."""
        if self.session is not None:
            self.worker.call(session_info, on_done=self._on_info)

    def apply_role(self, role: str | None, office: bool = False) -> None:
        """Hide what the signed-in role may not use (the services refuse it anyway); at an office
        nobody edits the communes' people and cases."""
        from ctxh_desktop.ui.dialogs.login import allowed_for, apply_permissions

        allowed = allowed_for(role) - ({"edit"} if office else set())
        apply_permissions(self, allowed)
        self.form.navList.item(AUDIT).setHidden("users" not in allowed)
        if "users" not in allowed and self.form.pages.currentIndex() == AUDIT:
            self.show_page(HOME)

    def _update_status(self) -> None:
        info = self._info if self.session is not None else {}
        if not info:
            for label in (self.commune_label, self.user_label, self.db_label):
                label.setText("")
            return
        commune = self._profile.get("commune_name") or info.get("commune_name", "")
        if info.get("kind") == "office" or centres.is_centre(info.get("commune_code")):
            self.commune_label.setText(_("Đơn vị: {name}").format(name=commune))
        else:
            self.commune_label.setText(_("Xã: {name}").format(name=commune))
        user = info.get("user", "")
        if info.get("role"):
            user = f"{user} — {role_label(info['role'])}"
        self.user_label.setText(_("Người dùng: {user}").format(user=user))
        path = info.get("path")
        db = _("dữ liệu mẫu") if info.get("demo") else (path.name if path is not None else "")
        self.db_label.setText(_("Cơ sở dữ liệu: {name}").format(name=db))
        self.db_label.setToolTip(str(path or ""))

    def _profile_saved(self, data: dict[str, Any]) -> None:
        self._profile = data
        self._update_status()

    # -- navigation -------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        """Show a page; its data is loaded the first time it is shown."""
        if index < 0:
            return
        self.form.pages.setCurrentIndex(index)
        if self.form.navList.currentRow() != index:
            self.form.navList.setCurrentRow(index)
        if self.session is not None and index not in self._loaded_pages:
            self._loaded_pages.add(index)
            page = self.pages[index]
            refresh = getattr(page, "refresh", None)
            if refresh is not None:
                refresh()

    def current_page(self) -> QWidget:
        """The page shown now (the stack holds each page inside its scroll area)."""
        return self.pages[self.form.pages.currentIndex()]

    def open_case(self, case_id: str) -> None:
        """Go to the cases page showing one case."""
        self.show_page(CASES)
        self.cases.show_case_id(case_id)

    def show_new_case(self, case: dict[str, Any]) -> None:
        """Go to the cases page with a just-opened case selected."""
        self.show_page(CASES)
        self.cases.show_new_case(case)

    # -- misc -------------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(_("Đang xử lý…") if busy else "")
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _background_error(self, exc: Exception) -> None:
        self.statusBar().showMessage(error_text(exc), 10000)

    def import_list(self) -> None:
        """File ▸ Import a list from Excel: shown over the People page."""
        if self.session is None:
            return
        self.show_page(PEOPLE)
        self.people.import_list()

    def about(self) -> None:
        from ctxh_desktop.ui.dialogs.about import AboutDialog

        AboutDialog(self).exec()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
            self.form.navList.item(AUDIT).setText(_("Nhật ký"))
            self.import_action.setText(_("Nhập danh sách từ Excel…"))
            self._update_status()
            self._busy(self.worker.busy)
        super().changeEvent(event)

    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes
