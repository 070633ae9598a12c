"""Moments of the case workflow: ``YYYY-MM-DDTHH:MM`` text, parsed, written and shown.

The one place that reads a moment leniently (:func:`parse_moment`, ``None`` when unreadable) or
strictly (:func:`require_moment`, a refusal naming the value). Typed input in the forms, which also
accepts ``dd/mm/yyyy HH:MM``, is checked by :func:`ctxh_desktop.core.values.parse_moment`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _


def parse_moment(value: Any) -> dt.datetime | None:
    """``YYYY-MM-DDTHH:MM`` (seconds ignored; a bare date means 00:00) → datetime, else ``None``."""
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    if not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "T")
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        if len(text) < 16 or text[10] != "T":
            return None
        return dt.datetime.fromisoformat(text[:16])
    except ValueError:
        return None


def format_moment(moment: dt.datetime) -> str:
    """A moment as stored: ``2026-01-05T14:30``."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def show_moment(moment: str) -> str:
    """A moment as people read it: ``05/01/2026 14:30``."""
    parsed = parse_moment(moment)
    return parsed.strftime("%d/%m/%Y %H:%M") if parsed else str(moment)


def require_moment(value: str | None, field: str = "at") -> dt.datetime | None:
    """``None`` for ``None``; else the moment of ``value`` or a clear refusal (``UserError``)."""
    if value is None:
        return None
    moment = parse_moment(value)
    if moment is None:
        raise UserError(
            _("Thời điểm không hợp lệ: {value} (cần dạng YYYY-MM-DDTHH:MM).").format(value=value),
            field=field,
        )
    return moment
