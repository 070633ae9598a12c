"""Dates, times, numbers and money in the current language (babel)."""

from __future__ import annotations

import datetime as dt

from babel.numbers import format_decimal

from ctxh_desktop.i18n import current_language

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


def format_date(value: dt.date | str | None) -> str:
    """``dd/MM/yyyy`` in both languages; partial dates (``2012`` or ``2012-03``) as ``2012``, ``03/2012``."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    parts = text[:10].split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[1]}/{parts[0]}"
    return f"{parts[2]}/{parts[1]}/{parts[0]}"


def format_datetime(value: dt.datetime | str | None) -> str:
    """``dd/MM/yyyy HH:mm``."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.strftime("%d/%m/%Y %H:%M")


def format_number(value: int | float) -> str:
    """Grouped number: ``1.234`` in Vietnamese, ``1,234`` in English."""
    return format_decimal(value, locale=_LOCALES[current_language()])


def format_money(value: int | float | None) -> str:
    """An amount in đồng, grouped, with the ₫ sign after it."""
    if value is None:
        return ""
    return f"{format_number(round(value))} ₫"
