"""What a commune's Sync page shows: the trusted receiving office, this device's fingerprint and
the history of exports (read from the audit log, which records every export)."""

from __future__ import annotations

import json
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import access, exchange
from ctxh_desktop.services.session import Session


def export_history(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    """The latest exports, newest first: ``[{"at", "kind", "rows", "file"}]`` (empty for an
    account that may not view data)."""
    if not access.can(session, "view"):
        return []
    history = []
    for entry in access.audit_entries(session, action="export", limit=limit):
        try:
            detail = json.loads(entry.get("detail") or "{}")
        except ValueError:
            detail = {}
        history.append(
            {
                "at": entry.get("at"),
                "kind": detail.get("kind"),
                "rows": detail.get("rows"),
                "file": detail.get("file") or entry.get("entity_id") or "",
            }
        )
    return history


def sync_status(session: Session) -> dict[str, Any]:
    """``{"office", "device_fingerprint", "history", "snapshot_suggested"}``: the trusted office
    (``None`` before its config is installed), this device's fingerprint (``None`` before its keys
    exist), :func:`export_history`, and whether a full export is suggested."""
    try:
        cfg = exchange.trusted_config(session)
        office = {k: cfg.get(k) for k in ("unit_code", "unit_name", "fingerprint", "due_day")}
    except UserError:
        office = None
    pair = exchange.device_keys(session, create=False)
    return {
        "office": office,
        "device_fingerprint": pair.fingerprint if pair is not None else None,
        "history": export_history(session),
        "snapshot_suggested": office is not None and exchange.snapshot_suggested(session),
    }
