"""The one typeface of every report: Liberation Serif (Times New Roman metrics, full Vietnamese).

Decree 30/2020 asks for Times New Roman; Liberation Serif is metric-compatible, covers Vietnamese
and is shipped with its licence in ``resources/fonts/``. The four faces are registered once with
reportlab as a family, so ``<b>``/``<i>`` in paragraphs pick the right file, and every PDF embeds
the subsets it uses (no reliance on fonts installed on the reader's machine).
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ctxh_desktop.paths import resource_path

#: Family name to use in styles and ``canvas.setFont``.
FAMILY = "CtxhSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_lock = threading.Lock()
_done = {"registered": False}


def register_fonts() -> str:
    """Register the Liberation Serif family with reportlab (once per process); return its name."""
    with _lock:
        if not _done["registered"]:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            addMapping(FAMILY, 0, 0, REGULAR)
            addMapping(FAMILY, 1, 0, BOLD)
            addMapping(FAMILY, 0, 1, ITALIC)
            addMapping(FAMILY, 1, 1, BOLD_ITALIC)
            _done["registered"] = True
    return FAMILY


def face(bold: bool = False, italic: bool = False) -> str:
    """The registered font name of one face of the family."""
    register_fonts()
    if bold and italic:
        return BOLD_ITALIC
    if bold:
        return BOLD
    return ITALIC if italic else REGULAR
