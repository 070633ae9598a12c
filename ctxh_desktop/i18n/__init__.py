"""Translations: Vietnamese msgids, an English catalog, locale-aware dates and numbers.

``_()`` translates at call time into the current language, so switching language needs no restart:
call ``_()`` when a text is shown, not at import. ``N_()`` only marks a string for extraction.
The English catalog is a set of plain ``.po`` files, one per area, read with babel (no compile step).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from babel.messages.pofile import read_po

from ctxh_desktop.paths import resource_path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_current = {"lang": os.environ.get("CTXH_LANG", DEFAULT_LANGUAGE)}
_catalogs: dict[str, dict[str, str | tuple[str, ...]]] = {}
_listeners: list[Callable[[str], None]] = []


def catalog_paths(lang: str) -> list:
    """The ``.po`` files of a language (one per area of the application), all loaded together."""
    folder = resource_path("locale", lang, "LC_MESSAGES")
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def _catalog(lang: str) -> dict[str, str | tuple[str, ...]]:
    if lang not in _catalogs:
        table: dict[str, str | tuple[str, ...]] = {}
        paths = catalog_paths(lang) if lang != DEFAULT_LANGUAGE else []
        for path in paths:
            with path.open("rb") as fh:
                for msg in read_po(fh, locale=lang):
                    if not msg.id or msg.fuzzy:
                        continue
                    key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
                    if isinstance(msg.string, tuple):
                        if all(msg.string):
                            table[key] = tuple(msg.string)
                    elif msg.string:
                        table[key] = msg.string
        _catalogs[lang] = table
    return _catalogs[lang]


def current_language() -> str:
    """The language texts are shown in now: ``"vi"`` or ``"en"``."""
    return _current["lang"]


def set_language(lang: str) -> None:
    """Switch the whole application's language; listeners (the GUI) retranslate."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current["lang"] = lang
    for listener in list(_listeners):
        listener(lang)


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Register a function called with the new language code after :func:`set_language`."""
    _listeners.append(listener)


def gettext(message: str) -> str:
    """Translate a Vietnamese msgid into the current language."""
    lang = current_language()
    if lang == DEFAULT_LANGUAGE:
        return message
    found = _catalog(lang).get(message)
    if isinstance(found, tuple):
        return found[0]
    return found or message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware translation (Vietnamese has one form; English two)."""
    lang = current_language()
    if lang == DEFAULT_LANGUAGE:
        return singular
    found = _catalog(lang).get(singular)
    if isinstance(found, tuple):
        return found[0] if n == 1 else found[-1]
    if isinstance(found, str):
        return found
    return singular if n == 1 else plural


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


_ = gettext

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "current_language",
    "gettext",
    "ngettext",
    "on_language_changed",
    "set_language",
]
