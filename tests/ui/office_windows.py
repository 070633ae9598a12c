"""An office's main window over a database a test prepares (the office's rows as received)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def office_window_over(qtbot, make_session: Callable[[Path], Any], path: Path) -> Iterator[Any]:
    """Open ``make_session(path)`` in a worker and show the main window over it, 1366×768."""
    from ctxh_desktop.ui.main_window import MainWindow
    from ctxh_desktop.ui.worker import Worker

    worker = Worker()
    worker.open(make_session, path)
    assert worker.wait_idle(60_000)
    win = MainWindow(worker)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    with qtbot.waitSignal(win.data_loaded, timeout=30_000):
        win.set_session(worker.session)
    yield win
    win.close()
    worker.shutdown()
