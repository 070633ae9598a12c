"""GUI test fixtures: forms compiled once, one demo commune opened in one worker for the session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ctxh_desktop.ui.build_forms import build_forms

build_forms()


@pytest.fixture(scope="session")
def gui_app(qapp):
    """The QApplication with our style, font and translator, as the application sets it up."""
    from ctxh_desktop.app import choose_font
    from ctxh_desktop.ui import translator
    from ctxh_desktop.ui.style import stylesheet

    choose_font(qapp)
    qapp.setStyleSheet(stylesheet())
    translator.install(qapp)
    return qapp


@pytest.fixture(scope="session")
def demo_worker(gui_app, tmp_path_factory):
    """A worker thread holding an open demo session (small scale), shared by the GUI tests."""
    from ctxh_desktop.services.session import create_demo_session
    from ctxh_desktop.ui.worker import Worker

    worker = Worker()
    folder = tmp_path_factory.mktemp("demo")
    errors = []
    worker.open(create_demo_session, folder, scale="small", on_error=errors.append)
    assert worker.wait_idle(120_000), "the demo session did not open in time"
    assert not errors, errors
    yield worker
    worker.shutdown()


@pytest.fixture
def window(demo_worker, qtbot):
    """A main window on the demo session, shown, with its Home page loaded."""
    from ctxh_desktop.ui.main_window import MainWindow

    win = MainWindow(demo_worker)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    with qtbot.waitSignal(win.data_loaded, timeout=30_000):
        win.set_session(demo_worker.session)
    return win


def wait_idle(qtbot, page, timeout=15_000):
    """Wait until a list page shows the answer to its filters."""
    qtbot.waitUntil(lambda: page.idle, timeout=timeout)


@pytest.fixture
def idle(qtbot):
    """``idle(page)`` waits until a list page shows the answer to its filters."""
    return lambda page, timeout=15_000: wait_idle(qtbot, page, timeout)


@pytest.fixture
def click_nav(qtbot):
    """``click_nav(window, row)`` clicks an entry of the navigation list."""
    from PySide6.QtCore import Qt

    def _click(win, row: int) -> None:
        nav = win.form.navList
        rect = nav.visualItemRect(nav.item(row))
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    return _click
