"""Translations: Vietnamese msgids, an English catalog, locale-aware dates and numbers.

``_()`` translates at call time into the current language, so switching language needs no restart:
call ``_()`` when a text is shown, not at import. ``N_()`` only marks a string for extraction.
The English catalog is a set of plain ``.po`` files, one per area, read with babel (no compile step).
A count is shown with :func:`ngettext`: the ``msgid_plural`` entries of the catalog give each plural
form, chosen by the language's plural rule (babel's; Vietnamese has one form, English two).
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from ctxh_desktop.paths import resource_path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_current = {"lang": os.environ.get("CTXH_LANG", DEFAULT_LANGUAGE)}
_catalogs: dict[str, dict[str, str | tuple[str, ...]]] = {}
_plural_rules: dict[str, Callable[[int], int]] = {}
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
                    key = msg.id if isinstance(msg.id, str) else msg.id[0]
                    if isinstance(msg.string, tuple | list):
                        if all(msg.string):
                            table[key] = tuple(msg.string)
                    elif msg.string and not isinstance(table.get(key), tuple):
                        table[key] = msg.string  # a plural entry wins over a plain one
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


def plural_index(lang: str, n: int) -> int:
    """Which plural form a count takes in a language (babel's plural rule: ``(n != 1)`` in
    English, always 0 in Vietnamese)."""
    if lang not in _plural_rules:
        _plural_rules[lang] = _gettext.c2py(get_plural(lang).plural_expr)
    return int(_plural_rules[lang](abs(int(n))))


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that shows the count ``n``: the catalog's plural form for ``n``
    (``msgid_plural``/``msgstr[i]``). Vietnamese has one form, the msgid itself; without a
    translation the English rule picks between the two msgids."""
    lang = current_language()
    if lang == DEFAULT_LANGUAGE:
        return singular
    index = plural_index(lang, n)
    found = _catalog(lang).get(singular)
    if isinstance(found, tuple):
        return found[min(index, len(found) - 1)]
    if isinstance(found, str):
        return found
    return singular if index == 0 else plural


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
    "plural_index",
    "set_language",
]
