"""Every backup, report, import and export is logged under ``ctxh`` with counts and a duration,
never with personal data."""

from __future__ import annotations

import logging

import pytest

from ctxh_desktop import logs
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import backups, reporting


@pytest.fixture(autouse=True)
def _ctxh_log(caplog):
    """The ``ctxh`` tree stops at its own file handler once the application set it up: listen
    there too."""
    logger = logging.getLogger("ctxh")
    logger.addHandler(caplog.handler)
    yield
    logger.removeHandler(caplog.handler)


def _lines(caplog, name: str) -> list[str]:
    """The messages logged under ``name`` (after ``caplog.set_level``)."""
    return sorted({r.getMessage() for r in caplog.records if r.name == name})


def test_a_backup_is_logged_with_its_reason_and_duration(demo, caplog):
    caplog.set_level(logging.INFO)
    backups.backup_now(demo, reason="daily")
    (line,) = _lines(caplog, "ctxh.backup")
    assert line.startswith("backup ok reason=daily ms=")


def test_a_saved_report_is_logged_without_names(demo, caplog, tmp_path):
    caplog.set_level(logging.INFO)
    data = reporting.monthly_report(demo, month="2026-10")
    reporting.save_output(demo, tmp_path / "Nguyễn Văn A.pdf", data, "monthly")
    (line,) = _lines(caplog, "ctxh.report")
    assert line.startswith(f"report ok report=monthly bytes={len(data)} ms=")
    assert "Nguyễn" not in caplog.text


def test_a_failure_is_logged_with_its_type_only(caplog):
    caplog.set_level(logging.INFO)
    with pytest.raises(UserError), logs.timed("import") as log:
        log["rows"] = 3
        raise UserError("Nguyễn Thị B")
    (line,) = _lines(caplog, "ctxh.import")
    assert line.startswith("import failed UserError rows=3 ms=")
    assert "Nguyễn" not in caplog.text
