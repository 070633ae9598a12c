"""Vietnamese text handling: NFC normalisation and search folding.

Vietnamese keyboards produce both precomposed and decomposed characters; everything stored is NFC.
Search folds tones and marks away and maps đ/Đ to d (SQLite's FTS5 folds tones but not đ), so that
"nguyen van duc" finds "Nguyễn Văn Đức". The same folding is applied when indexing and querying.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(value: str | None) -> str | None:
    """NFC-normalise and trim a text; ``None`` stays ``None``."""
    if value is None:
        return None
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str | None) -> str:
    """Lower-case, strip every diacritic and map đ to d: ``"Nguyễn Văn Đức"`` → ``"nguyen van duc"``."""
    if not value:
        return ""
    text = value.replace("đ", "d").replace("Đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text.lower()).strip()


def search_words(value: str | None) -> list[str]:
    """The folded words of a text, punctuation removed."""
    return [w for w in _NON_WORD.split(fold(value)) if w]


def digits(value: str | None) -> str:
    """Only the digits of a text (phone and ID numbers are compared this way)."""
    return "".join(ch for ch in (value or "") if ch.isdigit())


def sort_key(full_name: str | None) -> str:
    """Vietnamese list order: by given name (the last word), then the whole name, folded.

    ``"Trần Thị Bình"`` sorts under "binh", as registers in Vietnam are ordered.
    """
    words = fold(full_name).split()
    if not words:
        return ""
    return f"{words[-1]} {' '.join(words)}"


def initials(full_name: str | None) -> str:
    """``"Nguyễn Văn Đức"`` → ``"N.V.Đ."`` (what travels for a person without consent)."""
    words = (full_name or "").split()
    return "".join(w[0].upper() + "." for w in words) if words else ""
