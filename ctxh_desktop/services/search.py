"""Search across people and cases, Vietnamese-aware (tones and đ ignored, word prefixes)."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import queries


def search(session: Session, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """People and cases matching ``text``, best first (see :func:`storage.queries.search`)."""
    return queries.search(session.store, text, max(1, min(int(limit), 500)))
