"""Qt strings through our catalogs: uic forms (Vietnamese sources) and Qt's own (English sources).

Forms are written in Vietnamese, so ``translate("PeoplePage", "Người dân")`` is answered by the
application's ``_()`` (English catalog when English is chosen). Qt's own texts ("OK", "&Cancel",
"&Copy" …) are English; Qt ships no Vietnamese for them (no ``qtbase_vi.qm`` among PySide6's
translations), so ``resources/locale/vi/LC_MESSAGES/qt*.po`` (``qt.po``; ``qt_print.po`` for the
print and page setup dialogs) map them to Vietnamese when Vietnamese is chosen.

:func:`install` puts the translator on the application and re-installs it on every language
change, which sends ``LanguageChange`` to every widget: pages answer by calling their form's
``retranslateUi`` and refreshing their own texts.
"""

from __future__ import annotations

import re

from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QTranslator

from ctxh_desktop import i18n
from ctxh_desktop.paths import resource_path

_ACCEL = re.compile(r"&(?!&)")


def load_qt_vi() -> dict[str, str]:
    """English Qt source text → Vietnamese, from ``locale/vi/LC_MESSAGES/qt*.po``."""
    table: dict[str, str] = {}
    for path in sorted(resource_path("locale", "vi", "LC_MESSAGES").glob("qt*.po")):
        with path.open("rb") as fh:
            for msg in read_po(fh, locale="vi"):
                if msg.id and msg.string and not msg.fuzzy:
                    table[str(msg.id)] = str(msg.string)
    return table


class GettextTranslator(QTranslator):
    """A QTranslator answering from the application's catalogs instead of ``.qm`` files."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._qt_vi = load_qt_vi()

    def isEmpty(self) -> bool:
        return False

    def translate(self, context, source_text, disambiguation=None, n=-1):
        """Translate one Qt string; unknown texts come back unchanged (the source is the fallback).

        Always a string: answering ``None`` from a Python override corrupts reference counts.
        """
        if not source_text:
            return source_text or ""
        if i18n.current_language() == "vi":
            found = self._qt_vi.get(source_text)
            if found is None and "&" in source_text:
                found = self._qt_vi.get(_ACCEL.sub("", source_text))
            return found or source_text
        return i18n.gettext(source_text)


_installed: dict[str, GettextTranslator] = {}


def install(app: QCoreApplication) -> GettextTranslator:
    """Install the translator once; it follows :func:`ctxh_desktop.i18n.set_language`."""
    if "t" in _installed:
        return _installed["t"]
    translator = GettextTranslator(app)
    app.installTranslator(translator)
    _installed["t"] = translator

    def _relanguage(_lang: str) -> None:
        # Re-installing posts LanguageChange to every widget, which retranslates itself.
        current = QCoreApplication.instance()
        if current is None:
            return
        current.removeTranslator(translator)
        current.installTranslator(translator)

    i18n.on_language_changed(_relanguage)
    return translator
