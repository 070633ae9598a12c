"""A person in front of the window: finds what is on screen by its text, clicks, types, reads.

Journeys act only through this: a control is found by the text a person reads on it (a button,
a tab, a menu entry, a navigation entry, the label next to a field, a row of a table) or by its
accessible name, never by its object name. Texts are given as the Vietnamese msgid and looked up
through ``_()``, so the same journey runs in English (``CTXH_JOURNEY_LANG=en``); the data a journey
typed itself (names, codes) is matched as it is (``_()`` leaves unknown text unchanged).

The "top" of the screen is the dialog a person is looking at: the active modal dialog or wizard,
else the last dialog opened on the window and still visible, else the main window.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeWidget,
    QWidget,
    QWizard,
)

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.translator import load_qt_vi

SCREEN = (1366, 768)
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView)
_TRAILING = re.compile(r"[\s:*…>.]+$")
_LEADING = re.compile(r"^[\s<]+")


_QT_SOURCES: dict[str, list[str]] = {}
_STEPS: dict[str, int] = {}  # journey → steps taken


def plain(text: str) -> str:
    """What a person reads in a label: rich text rendered to plain text, spaces collapsed."""
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return " ".join(text.split())


def norm(text: str) -> str:
    """Text compared without accelerators, trailing colon/star/ellipsis/arrows, case or spacing."""
    text = plain(text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
    return _LEADING.sub("", _TRAILING.sub("", text)).casefold()


def wanted(text: str) -> set[str]:
    """The normalised on-screen forms of a text given as its Vietnamese msgid, written with or
    without its colon, star or ellipsis (``"Tỉnh/thành phố"`` finds ``"Tỉnh/thành phố:"``)."""
    forms = {_(text + tail) for tail in ("", ":", " *", "…", " *:")}
    for source in (text, *_QT_SOURCES.get(norm(text), ())):  # Qt's own buttons: "OK", "Lưu"
        forms.add(QCoreApplication.translate("QPlatformTheme", source))
    return {norm(f) for f in forms}


def _qt_sources() -> dict[str, list[str]]:
    """Qt's own texts by their Vietnamese translation ("lưu" → ["Save", "&Save"])."""
    found: dict[str, list[str]] = {}
    for source, vietnamese in load_qt_vi().items():
        found.setdefault(norm(vietnamese), []).append(source)
    return found


def shown(widget: QWidget) -> bool:
    """Visible on screen (itself and every parent)."""
    try:
        return widget.isVisible()
    except RuntimeError:  # deleted on the C++ side
        return False


_QT_SOURCES.update(_qt_sources())


class User:
    """Drives one application (its main window and its dialogs) like a person does."""

    def __init__(self, qtbot, app, journey: str, files, who: str = "") -> None:
        self.qtbot = qtbot
        self.app = app
        self.window: QMainWindow = app.window
        self.journey = journey
        self.who = who
        self.files = files
        folder = os.environ.get("CTXH_JOURNEY_SHOTS")
        self.shots = Path(folder) / journey if folder else None

    # -- where a person looks ---------------------------------------------------------------
    def top(self) -> QWidget:
        """The window a person acts in now: the modal dialog, the wizard, or the main window."""
        modal = QApplication.activeModalWidget()
        if modal is not None and shown(modal):
            return modal
        wizard = getattr(self.app, "wizard", None)
        if wizard is not None and shown(wizard):
            return wizard
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and shown(w) and self._mine(w)
        ]
        return dialogs[-1] if dialogs else self.window

    def _mine(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self.window:
                return True
            parent = parent.parentWidget()
        return False

    def _scope(self, within: QWidget | None) -> QWidget:
        return within if within is not None else self.top()

    def _all(self, kind, within: QWidget | None) -> list:
        root = self._scope(within)
        found = [root] if isinstance(root, kind) else []
        return found + [w for w in root.findChildren(kind) if shown(w)]

    # -- finding controls -------------------------------------------------------------------
    def button(self, text: str, within: QWidget | None = None) -> QAbstractButton:
        """A visible button, checkbox or radio button by its text or accessible name (Qt's own
        buttons by their English text: "OK", "Cancel" … as translated on screen)."""
        forms = wanted(text)
        found = [
            b
            for b in self._all(QAbstractButton, within)
            if forms & {norm(b.text()), norm(b.accessibleName())}
        ]
        assert found, f"no button «{_(text)}» on {self._title(within)}: {self.button_texts(within)}"
        return found[0]

    def has_button(self, text: str, within: QWidget | None = None) -> bool:
        try:
            self.button(text, within)
        except AssertionError:
            return False
        return True

    def button_texts(self, within: QWidget | None = None) -> list[str]:
        """The texts of every visible button (what a person could press)."""
        return [b.text() or b.accessibleName() for b in self._all(QAbstractButton, within)]

    def label(self, text: str, within: QWidget | None = None) -> QLabel:
        """A visible label by its text (compared as in :func:`norm`)."""
        forms = wanted(text)
        found = [lb for lb in self._all(QLabel, within) if norm(lb.text()) in forms]
        assert found, f"no label «{_(text)}» on {self._title(within)}"
        return found[0]

    def field(self, label: str, within: QWidget | None = None) -> QWidget:
        """The input next to a label: its buddy, its neighbour in the layout, or by position.

        An input whose accessible name is the text is found directly."""
        forms = wanted(label)
        for widget in self._all(QWidget, within):
            if isinstance(widget, INPUTS) and norm(widget.accessibleName()) in forms:
                return widget
        lab = self.label(label, within)
        buddy = lab.buddy()
        if buddy is not None and shown(buddy):
            return buddy
        near = _layout_neighbour(lab) or self._by_position(lab)
        assert near is not None, f"no field next to «{_(label)}»"
        return near

    def _by_position(self, lab: QLabel) -> QWidget | None:
        window = lab.window()
        here = lab.mapTo(window, QPoint(0, 0))
        middle = here.y() + lab.height() // 2
        best = None
        for widget in window.findChildren(QWidget):
            if not isinstance(widget, INPUTS) or not shown(widget):
                continue
            pos = widget.mapTo(window, QPoint(0, 0))
            same_line = pos.y() <= middle <= pos.y() + widget.height()
            right = pos.x() >= here.x() + lab.width() - 2
            below = abs(pos.x() - here.x()) < 40 and 0 <= pos.y() - (here.y() + lab.height()) < 40
            if same_line and right:
                distance = pos.x() - here.x()
            elif below:
                distance = 10_000 + pos.y()
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, widget)
        return best[1] if best else None

    def _title(self, within: QWidget | None) -> str:
        root = self._scope(within)
        return f"«{root.windowTitle()}»" if root.isWindow() else type(root).__name__

    # -- acting -----------------------------------------------------------------------------
    def click(self, text: str, within: QWidget | None = None) -> None:
        """Click a button (or tick a checkbox / radio button) found by its text."""
        button = self.button(text, within)
        assert button.isEnabled(), f"«{_(text)}» is disabled"
        if button.isCheckable() and not isinstance(button.parentWidget(), QWizard):
            pos = QPoint(8, button.height() // 2)  # on the box, where a person clicks
            if button.metaObject().className() == "QPushButton":
                pos = button.rect().center()
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos)
        else:
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def tick(self, text: str, within: QWidget | None = None, on: bool = True) -> None:
        """Make a checkbox or radio button checked (or unchecked) by clicking it."""
        button = self.button(text, within)
        if button.isChecked() != on:
            self.click(text, within)
        assert button.isChecked() == on, f"«{_(text)}» did not change"

    def type(self, label: str, text: str, within: QWidget | None = None, clear: bool = True):
        """Type into the field next to a label (select all first unless ``clear=False``)."""
        widget = self.field(label, within)
        self.type_into(widget, text, clear)
        return widget

    def type_into(self, widget: QWidget, text: str, clear: bool = True) -> None:
        """Type as a keyboard does: ASCII with ``qtbot.keyClicks``, other letters (ư, đ, ạ …)
        as key events carrying their text, as a Vietnamese input method sends them."""
        target = (
            widget.lineEdit() if isinstance(widget, QComboBox) and widget.isEditable() else widget
        )
        target.setFocus()
        if clear:
            self.qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            self.qtbot.keyClick(target, Qt.Key.Key_Delete)
        for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]", text):
            if run.isascii():
                self.qtbot.keyClicks(target, run)
            else:
                for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target,
                        QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, run),
                    )

    def set_date(self, label: str, text: str, within: QWidget | None = None) -> None:
        """Bring the date field next to a label to ``text`` (as the field shows it) with the
        arrow keys on its first section, as a person does (typed digits are not taken offscreen).
        """
        edit = self.field(label, within)
        assert isinstance(edit, QDateTimeEdit), f"«{_(label)}» is not a date"
        target = QDate.fromString(text, edit.displayFormat())
        assert target.isValid(), text
        edit.setFocus()
        self.qtbot.keyClick(edit, Qt.Key.Key_Home)
        for _step in range(400):
            if edit.text() == text:
                return
            key = Qt.Key.Key_Up if edit.date() < target else Qt.Key.Key_Down
            self.qtbot.keyClick(edit, key)
        raise AssertionError(f"«{_(label)}» shows {edit.text()}, not {text}")

    def press_enter(self, widget: QWidget | None = None) -> None:
        """Press Enter (a dialog's default button, a list's chosen entry)."""
        self.press(Qt.Key.Key_Return, widget)

    def press(self, key: Qt.Key, widget: QWidget | None = None) -> None:
        """Press a key where the focus is (or on a given widget)."""
        target = widget or QApplication.activePopupWidget() or QApplication.focusWidget()
        self.qtbot.keyClick(target, key)

    def choose(self, label: str, text: str, within: QWidget | None = None) -> QComboBox:
        """Choose an entry of the combo box next to a label by its visible text (opens the list
        and clicks the entry)."""
        combo = self.field(label, within)
        assert isinstance(combo, QComboBox), f"«{_(label)}» is not a list to choose from"
        self.choose_in(combo, text)
        return combo

    def choose_in(self, combo: QComboBox, text: str) -> None:
        forms = wanted(text)
        index = next((i for i in range(combo.count()) if norm(combo.itemText(i)) in forms), -1)
        assert index >= 0, (
            f"no «{_(text)}» among {[combo.itemText(i) for i in range(combo.count())]}"
        )
        if combo.currentIndex() == index:
            return
        combo.setFocus()
        combo.showPopup()
        view = combo.view()
        self.qtbot.waitUntil(view.isVisible, timeout=5_000)
        model_index = view.model().index(index, combo.modelColumn(), view.rootIndex())
        view.scrollTo(model_index)
        rect = view.visualRect(model_index)
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.qtbot.waitUntil(lambda: combo.currentIndex() == index, timeout=5_000)

    def tab(self, text: str, within: QWidget | None = None) -> None:
        """Click a tab by its title."""
        forms = wanted(text)
        for bar in self._all(QTabBar, within):
            for i in range(bar.count()):
                if norm(bar.tabText(i)) in forms:
                    self.qtbot.mouseClick(
                        bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center()
                    )
                    return
        raise AssertionError(f"no tab «{_(text)}»")

    def nav(self, text: str) -> None:
        """Click an entry of the navigation list on the left of the main window."""
        nav = self.window.form.navList
        forms = wanted(text)
        for row in range(nav.count()):
            item = nav.item(row)
            if not item.isHidden() and norm(item.text()) in forms:
                nav.scrollToItem(item)
                rect = nav.visualItemRect(item)
                self.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                self.settle()
                return
        shown_entries = [
            nav.item(r).text() for r in range(nav.count()) if not nav.item(r).isHidden()
        ]
        raise AssertionError(f"no navigation entry «{_(text)}»: {shown_entries}")

    def menu(self, *path: str) -> None:
        """Trigger a menu entry: ``menu("Tệp", "Nhập danh sách từ Excel…")``."""
        bar = self.window.menuBar()
        actions = bar.actions()
        for depth, text in enumerate(path):
            forms = wanted(text)
            action = next((a for a in actions if norm(a.text()) in forms), None)
            assert action is not None, f"no menu entry «{_(text)}»: {[a.text() for a in actions]}"
            assert action.isEnabled() and action.isVisible(), f"«{_(text)}» is not available"
            if depth == len(path) - 1:
                action.trigger()
                return
            sub: QMenu = action.menu()
            actions = sub.actions()

    # -- tables and lists -------------------------------------------------------------------
    def views(self, within: QWidget | None = None) -> list[QAbstractItemView]:
        """Visible tables, lists and trees (and the suggestion list popped up under a field)."""
        found = self._all(QAbstractItemView, within)
        popup = QApplication.activePopupWidget()
        if within is None and isinstance(popup, QAbstractItemView) and popup not in found:
            found.append(popup)
        return [v for v in found if v.model() is not None]

    def rows(self, view: QAbstractItemView) -> list[list[str]]:
        """The text of every row of a table or list as shown."""
        model = view.model()
        root = view.rootIndex()
        try:
            columns = model.columnCount(root)
        except TypeError:  # a completer's private model: one column
            columns = 1
        return [
            [
                str(model.index(r, c, root).data(Qt.ItemDataRole.DisplayRole) or "")
                for c in range(columns)
            ]
            for r in range(model.rowCount(root))
        ]

    def headers(self, view: QAbstractItemView) -> list[str]:
        model = view.model()
        return [
            str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for c in range(model.columnCount(view.rootIndex()))
        ]

    def table(self, header: str, within: QWidget | None = None) -> QAbstractItemView:
        """The visible table having a column with this header text."""
        forms = wanted(header)
        for view in self.views(within):
            if isinstance(view, QTableView) and forms & {norm(h) for h in self.headers(view)}:
                return view
        raise AssertionError(f"no table with a column «{_(header)}»")

    def find_row(self, text: str, within: QWidget | None = None, exact: bool = False):
        """``(view, row)`` of the first visible table or list row with a cell showing ``text``."""
        wanted = norm(text)
        views = self.views(within) if not isinstance(within, QAbstractItemView) else [within]
        for view in views:
            if isinstance(view, QTreeWidget | QListWidget) and view is self.window.form.navList:
                continue
            for r, cells in enumerate(self.rows(view)):
                if any((norm(c) == wanted) if exact else (wanted in norm(c)) for c in cells):
                    return view, r
        return None

    def row(self, text: str, within: QWidget | None = None, double: bool = False):
        """Click (or double-click) the row showing ``text``; returns ``(view, row)``."""
        found = self.find_row(text, within)
        assert found is not None, f"no row showing «{text}»"
        view, r = found
        index = view.model().index(r, 0, view.rootIndex())
        view.scrollTo(index)
        pos = view.visualRect(index).center()
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        if double:
            self.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        return view, r

    def activate_row(self, text: str, within: QWidget | None = None) -> None:
        """Choose a row and press Enter on it (how a list entry is opened from the keyboard)."""
        view, _r = self.row(text, within)
        view.setFocus()
        self.qtbot.keyClick(view, Qt.Key.Key_Return)

    def check_item(self, text: str, within: QWidget | None = None, on: bool = True) -> None:
        """Tick (or untick) the checkable entry of a list or tree showing ``text``: click it,
        then press Space, as a person does from the keyboard."""
        wanted = norm(text)
        for view in self._all(QAbstractItemView, within):
            model = view.model()
            if model is None or view is self.window.form.navList:
                continue
            for index in _indexes(model, view.rootIndex()):
                if norm(str(index.data() or "")) != wanted:
                    continue
                view.scrollTo(index)
                rect = view.visualRect(index)
                self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                state = index.data(Qt.ItemDataRole.CheckStateRole)
                checked = state in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
                if checked != on:
                    self.qtbot.keyClick(view, Qt.Key.Key_Space)
                state = index.data(Qt.ItemDataRole.CheckStateRole)
                checked = state in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
                assert checked == on, f"«{text}» did not change"
                return
        raise AssertionError(f"no entry «{text}» to tick")

    # -- reading ----------------------------------------------------------------------------
    def screen_text(self, within: QWidget | None = None) -> str:
        """Everything readable on the top window: labels, buttons, tables, lists, one per line."""
        parts = [plain(lb.text()) for lb in self._all(QLabel, within) if lb.text()]
        for view in self.views(within):
            parts += [" | ".join(cells) for cells in self.rows(view)]
        for edit in self._all(QTextEdit, within):
            parts.append(edit.toPlainText())
        return "\n".join(parts)

    def sees(self, text: str, within: QWidget | None = None) -> bool:
        """The text (a msgid, looked up with ``_()``, or data) is somewhere on the top window."""
        return norm(_(text)) in norm(self.screen_text(within))

    # -- dialogs ----------------------------------------------------------------------------
    @contextmanager
    def answering(
        self, handler: Callable[[QWidget], None], timeout: int = 30_000
    ) -> Iterator[None]:
        """Answer the next dialog that opens during the block (even a blocking one such as a
        message box or a question), with ``handler(dialog)``; waits for it at the end."""
        before = {id(w) for w in QApplication.topLevelWidgets() if shown(w)}
        done: list[QWidget] = []
        failed: list[BaseException] = []

        def poll() -> None:
            if done:
                return
            modal = QApplication.activeModalWidget()
            fresh = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and shown(w) and id(w) not in before
            ]
            dialog = modal if modal is not None and id(modal) not in before else None
            dialog = dialog or (fresh[-1] if fresh else None)
            if dialog is None:
                QTimer.singleShot(50, poll)
                return
            done.append(dialog)
            self.shot(f"{dialog.metaObject().className().lower()}", dialog)
            try:
                handler(dialog)
            except BaseException as exc:  # never leave a blocking dialog open on a failure
                failed.append(exc)
                dialog.reject()

        QTimer.singleShot(50, poll)
        yield
        self.qtbot.waitUntil(lambda: bool(done), timeout=timeout)
        if failed:
            raise failed[0]

    def message_text(self, box: QWidget) -> str:
        """The text of a message box (or of any dialog's labels)."""
        if isinstance(box, QMessageBox):
            return plain(box.text() + "\n" + box.informativeText())
        return self.screen_text(box)

    def accept_message(self, box: QWidget, button: str = "OK") -> None:
        """Press a message box's button by its text."""
        self.click(button, box)

    # -- waiting and pictures -----------------------------------------------------------------
    def settle(self, timeout: int = 60_000) -> None:
        """Wait until the worker has answered everything asked and the visible page is idle."""
        assert self.app.worker.wait_idle(timeout), "the worker did not become idle"
        page = self.window.current_page()
        if hasattr(page, "idle"):
            self.qtbot.waitUntil(lambda: page.idle, timeout=timeout)
        assert self.app.worker.wait_idle(timeout)
        QApplication.processEvents()

    def wait_for(self, condition: Callable[[], object], timeout: int = 30_000) -> None:
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)

    def shot(self, step: str, widget: QWidget | None = None) -> None:
        """Save what is on screen as ``<journey>/<NN>-<step>.png`` (when pictures are asked); the
        people of one journey (an office and its communes) number their steps together, each
        step named after who does it."""
        _STEPS[self.journey] = number = _STEPS.get(self.journey, 0) + 1
        if self.shots is None:
            return
        QApplication.processEvents()
        target = widget or self.top()
        self.shots.mkdir(parents=True, exist_ok=True)
        plain = unicodedata.normalize("NFKD", f"{self.who} {step}".lower().replace("đ", "d"))
        name = re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode()).strip("-")
        target.grab().save(str(self.shots / f"{number:02d}-{name}.png"))


def _indexes(model, parent) -> Iterator:
    """Every index of column 0 of a model, depth first."""
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        yield index
        yield from _indexes(model, index)


def _layout_neighbour(label: QLabel) -> QWidget | None:
    """The input laid out right of the label (grid or form layout), or under it."""
    parent = label.parentWidget()
    layout = parent.layout() if parent is not None else None
    found = _search_layout(layout, label) if layout is not None else None
    if found is None:
        return None
    owner, index = found
    if isinstance(owner, QFormLayout):
        row, _role = owner.getItemPosition(index)
        item = owner.itemAt(row, QFormLayout.ItemRole.FieldRole)
        return _input_in(item)
    if isinstance(owner, QGridLayout):
        row, column, _rs, _cs = owner.getItemPosition(index)
        for c in range(column + 1, owner.columnCount()):
            widget = _input_in(owner.itemAtPosition(row, c))
            if widget is not None:
                return widget
        return _input_in(owner.itemAtPosition(row + 1, column))
    for i in range(index + 1, owner.count()):
        widget = _input_in(owner.itemAt(i))
        if widget is not None:
            return widget
    return None


def _search_layout(layout: QLayout, label: QLabel):
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is label:
            return layout, i
        if item.layout() is not None:
            found = _search_layout(item.layout(), label)
            if found is not None:
                return found
    return None


def _input_in(item) -> QWidget | None:
    if item is None:
        return None
    widget = item.widget()
    if widget is not None:
        if isinstance(widget, INPUTS) and shown(widget):
            return widget
        if isinstance(widget, QLabel):
            return None
        inner = [w for w in widget.findChildren(QWidget) if isinstance(w, INPUTS) and shown(w)]
        return inner[0] if inner else None
    if item.layout() is not None:
        for i in range(item.layout().count()):
            found = _input_in(item.layout().itemAt(i))
            if found is not None:
                return found
    return None
