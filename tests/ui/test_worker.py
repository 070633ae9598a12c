"""The database worker: a background call's unexpected failure reaches the application's log."""

from __future__ import annotations

import logging

import pytest

from ctxh_desktop.core.errors import UserError


@pytest.fixture
def worker(gui_app, caplog):
    """A worker without a session, its ``ctxh`` log lines captured."""
    from ctxh_desktop.ui.worker import Worker

    ctxh = logging.getLogger("ctxh")
    ctxh.addHandler(caplog.handler)
    worker = Worker()
    yield worker
    worker.shutdown()
    ctxh.removeHandler(caplog.handler)


def _fail(error: Exception) -> None:
    raise error


def test_an_unexpected_failure_is_logged_with_its_type_but_not_its_message(worker, qtbot, caplog):
    errors: list[Exception] = []
    worker.run(_fail, RuntimeError("Nguyễn Văn An"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], RuntimeError)
    assert "unexpected RuntimeError" in caplog.text
    assert "Nguyễn" not in caplog.text


def test_a_persons_mistake_is_shown_not_logged(worker, qtbot, caplog):
    errors: list[Exception] = []
    worker.run(_fail, UserError("Hãy nhập họ tên."), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], UserError)
    assert "unexpected" not in caplog.text
