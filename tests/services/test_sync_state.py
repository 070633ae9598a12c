"""The Sync page's reads through the services: past exports from the audit log."""

from __future__ import annotations

from ctxh_desktop.services import access, sync_state


def test_export_history_lists_exports_newest_first(demo):
    with demo.store.atomic():
        access.record(demo, "export", "bundle", "a.ctxh", {"kind": "snapshot", "rows": 12})
        access.record(demo, "export", "bundle", "b.ctxh", {"kind": "delta", "rows": 3})
    history = sync_state.export_history(demo)
    assert [(h["file"], h["kind"], h["rows"]) for h in history[:2]] == [
        ("b.ctxh", "delta", 3),
        ("a.ctxh", "snapshot", 12),
    ]


def test_the_status_says_no_office_before_its_config_is_installed(demo):
    status = sync_state.sync_status(demo)
    assert status["office"] is None and status["snapshot_suggested"] is False
    assert isinstance(status["history"], list)
