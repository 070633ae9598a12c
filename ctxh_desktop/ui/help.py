"""Help: short task-oriented pages in ``resources/help/<lang>/<topic>.html``, opened with F1 on
the page being used, with a contents list of every page and task."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop import i18n
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.paths import resource_path

#: navigation row of the main window → help page
NAV_TOPICS = (
    "home",
    "people",
    "cases",
    "counselling",
    "children",
    "reports",
    "sync",
    "settings",
    "audit",
)

#: every help file, in the order of the contents list
TOPICS = {
    "home": N_("Trang chủ"),
    "people": N_("Người dân"),
    "cases": N_("Hồ sơ ca"),
    "counselling": N_("Tư vấn"),
    "children": N_("Trẻ em"),
    "reports": N_("Báo cáo"),
    "sync": N_("Đồng bộ"),
    "settings": N_("Cài đặt"),
    "audit": N_("Nhật ký"),
    "record-case": N_("Việc: ghi một ca mới"),
    "monthly-report": N_("Việc: in báo cáo tháng"),
    "export": N_("Việc: gửi dữ liệu lên cơ quan tiếp nhận"),
    "import": N_("Việc: nhận dữ liệu và biên nhận"),
    "restore-backup": N_("Việc: khôi phục bản sao lưu"),
    "approve-plan": N_("Việc: phê duyệt hoặc trả lại kế hoạch"),
    "correct-case": N_("Việc: sửa thông tin ca, đính chính một bước"),
    "office-targets": N_("Việc: mục tiêu kế hoạch và kết quả thực hiện"),
    "case-followup": N_("Việc: chuyển gửi, dịch vụ, họp ca, kế hoạch an toàn, sự đồng ý"),
    "attachments": N_("Việc: đính kèm bản quét, ảnh, tài liệu"),
    "workforce": N_("Việc: ghi người làm công tác xã hội, tập huấn và cơ sở"),
    "activities": N_("Việc: ghi hoạt động truyền thông, nâng cao nhận thức"),
    "transfer-case": N_("Việc: chuyển hồ sơ ca sang xã khác"),
}


def topic_for_row(row: int) -> str:
    """The help page of a navigation row (Home when unknown)."""
    return NAV_TOPICS[row] if 0 <= row < len(NAV_TOPICS) else "home"


def help_file(topic: str, lang: str | None = None) -> Path:
    """The file of a help topic in the language (Vietnamese when there is no translation)."""
    lang = lang or i18n.current_language()
    path = resource_path("help", lang, f"{topic}.html")
    if not path.exists():
        path = resource_path("help", "vi", f"{topic}.html")
    return path


class HelpDialog(QDialog):
    """Contents on the left, the chosen page on the right; links between pages work."""

    def __init__(self, topic: str = "home", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Hướng dẫn sử dụng"))
        self.resize(860, 600)
        self.contents = QListWidget(self)
        self.contents.setFixedWidth(240)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.contents)
        body.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self._fill_contents()
        self.contents.currentItemChanged.connect(self._chosen)
        self.browser.sourceChanged.connect(self._source_changed)
        self.topic = ""
        self.show_topic(topic)

    def _fill_contents(self) -> None:
        self.contents.blockSignals(True)
        self.contents.clear()
        for topic, title in TOPICS.items():
            item = QListWidgetItem(_(title))
            item.setData(Qt.ItemDataRole.UserRole, topic)
            self.contents.addItem(item)
        self.contents.blockSignals(False)

    def show_topic(self, topic: str) -> None:
        """Show one help page (Home when the topic is unknown)."""
        if topic not in TOPICS:
            topic = "home"
        path = help_file(topic)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)))

    def _source_changed(self, url: QUrl) -> None:
        self.topic = Path(url.toLocalFile()).stem
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == self.topic:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
                break

    def _chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.show_topic(item.data(Qt.ItemDataRole.UserRole))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(_("Hướng dẫn sử dụng"))
            self._fill_contents()
            if self.topic:
                self.show_topic(self.topic)
        super().changeEvent(event)


class HelpMenu(QObject):
    """The Help menu's "Hướng dẫn sử dụng (F1)": opens the help of the page on screen."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: HelpDialog | None = None
        self.action = QAction(window)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.triggered.connect(self.show_help)
        window.addAction(self.action)
        menu = window.form.menuHelp
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.action)
        if first is not None:
            menu.insertSeparator(first)
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(_("&Hướng dẫn sử dụng (F1)"))

    def current_topic(self) -> str:
        return topic_for_row(self.window.form.pages.currentIndex())

    def show_help(self, topic: str | None = None) -> HelpDialog:
        """Open (or bring forward) the help window on ``topic`` or the current page's help."""
        topic = topic if isinstance(topic, str) else self.current_topic()
        if self.dialog is None:
            self.dialog = HelpDialog(topic, self.window)
        else:
            self.dialog.show_topic(topic)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange and obj is self.window:
            self.retranslate()
        return False
