"""The small directory of service providers, and referrals from a case."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.core import records, workforce
from ctxh_desktop.services.access import record, require
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import registers


def list_providers(session: Session) -> list[dict[str, Any]]:
    """Every provider, by name."""
    return registers.providers(session.store)


def save_provider(
    session: Session, data: dict[str, Any], provider_id: str | None = None
) -> dict[str, Any]:
    """Add or change a provider (name, kind, address, phone; ownership, capacity, social-work
    staff and whether it offers social-work services)."""
    require(session, "edit")
    own: dict[str, Any] = {k: data[k] for k in workforce.PROVIDER_FIELDS if k in data}
    rest = {k: v for k, v in data.items() if k not in own}
    clean = records.validate_provider(rest) | workforce.validate_provider_work(own)
    with session.store.atomic():
        if provider_id:
            row = session.store.update("service_provider", provider_id, clean)
        else:
            row = session.store.insert("service_provider", clean)
        record(session, "update" if provider_id else "create", "service_provider", row["id"])
    return row
