"""The database worker: one thread owns the session; the GUI thread never waits on the database.

SQLite connections belong to the thread that opened them, so the session is opened *in* the
worker thread (:meth:`Worker.open`) and every service call runs there. A call is queued with
:meth:`Worker.call` (``fn(session, *args)``) or :meth:`Worker.run` (``fn(*args)``); its result or
exception comes back to the GUI thread through a queued signal and is handed to ``on_done`` or
``on_error``. Calls run one after another in the order they were queued.

Long tasks receive a :class:`Task` (``progress`` / ``cancelled``) when queued with
``with_task=True``: they report progress with ``task.progress(done, total)`` and stop early when
``task.cancelled`` is true (the GUI calls :meth:`Task.cancel`).

The only time the GUI thread waits is :meth:`Worker.wait_idle`, used when the application closes
(and by the ``--screenshot`` mode, which has nothing to show until the data is there).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ctxh_desktop.logs import crash_summary

log = logging.getLogger("ctxh.worker")


class Task:
    """A handle on one queued call: progress reports and cooperative cancellation."""

    def __init__(self, worker: Worker, task_id: int) -> None:
        self._worker = worker
        self.id = task_id
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the task to stop at its next check (safe from any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        """Report progress from the worker thread (delivered to the GUI thread)."""
        self._worker._executor.progressed.emit(self.id, int(done), int(total))


class _Executor(QObject):
    """Lives in the worker thread and runs the queued calls."""

    submitted = Signal(object)
    finished = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int)

    def __init__(self) -> None:
        super().__init__()
        self.session: Any = None
        self.submitted.connect(self._execute)

    @Slot(object)
    def _execute(self, job: tuple) -> None:
        task_id, fn, args, kwargs, with_session = job
        try:
            if with_session:
                if self.session is None:
                    raise RuntimeError("no open session")
                result = fn(self.session, *args, **kwargs)
            else:
                result = fn(*args, **kwargs)
        except BaseException as exc:  # handed to the GUI thread, never lost
            if not isinstance(exc, Exception):
                raise
            self.failed.emit(task_id, exc)
        else:
            self.finished.emit(task_id, result)


class Worker(QObject):
    """The GUI thread's handle on the database thread."""

    busy_changed = Signal(bool)
    error = Signal(object)  # errors of calls queued without on_error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("ctxh-db")
        self._executor = _Executor()
        self._executor.moveToThread(self._thread)
        self._executor.finished.connect(self._on_finished)
        self._executor.failed.connect(self._on_failed)
        self._executor.progressed.connect(self._on_progress)
        self._callbacks: dict[int, tuple[Callable | None, Callable | None, Callable | None]] = {}
        self._ids = itertools.count(1)
        self._pending = 0
        self.session: Any = None
        self._thread.start()

    # -- queueing ---------------------------------------------------------------------------
    def run(
        self,
        fn: Callable,
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        with_task: bool = False,
        _with_session: bool = False,
        **kwargs: Any,
    ) -> Task:
        """Run ``fn(*args, **kwargs)`` in the worker thread; results come back to the GUI thread."""
        task = Task(self, next(self._ids))
        if with_task:
            kwargs["task"] = task
        self._callbacks[task.id] = (on_done, on_error, on_progress)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._executor.submitted.emit((task.id, fn, args, kwargs, _with_session))
        return task

    def call(self, fn: Callable, *args: Any, **kwargs: Any) -> Task:
        """Run ``fn(session, *args, **kwargs)``: a service call on the open session."""
        return self.run(fn, *args, _with_session=True, **kwargs)

    def open(
        self,
        opener: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        """Open a session in the worker thread with ``opener(*args)``; it becomes the current one."""

        def _open() -> Any:
            session = opener(*args, **kwargs)
            self._executor.session = session
            return session

        def _done(session: Any) -> None:
            self.session = session
            if on_done:
                on_done(session)

        return self.run(_open, on_done=_done, on_error=on_error)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    # -- results ----------------------------------------------------------------------------
    def _settle(self, task_id: int) -> tuple:
        callbacks = self._callbacks.pop(task_id, (None, None, None))
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        return callbacks

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: Any) -> None:
        on_done, _on_error, _progress = self._settle(task_id)
        if on_done is not None:
            try:
                on_done(result)
            except RuntimeError as exc:  # the receiving widget is already gone
                if "already deleted" not in str(exc):
                    raise

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: Exception) -> None:
        _on_done, on_error, _progress = self._settle(task_id)
        if on_error is not None:
            on_error(exc)
        else:
            # type and places only: the message could hold what a person typed
            log.error("background call failed: %s", crash_summary(type(exc), exc.__traceback__))
            self.error.emit(exc)

    @Slot(int, int, int)
    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        callbacks = self._callbacks.get(task_id)
        if callbacks and callbacks[2] is not None:
            callbacks[2](done, total)

    # -- shutting down ----------------------------------------------------------------------
    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Process events until every queued call has come back (closing, screenshots, tests)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self._pending and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(5)
        return self._pending == 0

    def shutdown(self) -> None:
        """Close the session in its own thread, then stop the thread."""
        if self._thread.isRunning():
            if self._executor.session is not None:

                def _close(session: Any) -> None:
                    session.close()
                    self._executor.session = None

                self.call(_close)
                self.wait_idle()
            self._thread.quit()
            self._thread.wait()
        self.session = None
