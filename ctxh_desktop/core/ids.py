"""Record ids: unique across devices, grouped by commune and ordered by time.

An id is UUID-shaped text (``8-4-4-4-12`` hex digits) made of the commune's five-digit code,
the moment of creation in milliseconds (12 hex digits) and 60 random bits. Made on any device
without coordination, like a random UUID, but one commune's records sit together in every index
keyed by id, and new records come after old ones: an office holding a hundred communes merges
each commune's file into one region of its indexes instead of writing pages all over them, so a
file costs the same whatever the office already holds. Ids made before this scheme (random
UUIDs) stay valid; nothing reads meaning back out of an id. A social-work centre's records start
with ``f``, its province and its number (``ttxh-01-02`` → ``f0102``).
"""

from __future__ import annotations

from ctxh_desktop.core.centres import CENTRE_CODE

#: The prefix of records made without a five-digit commune (an office's own records).
NO_COMMUNE = "00000"


def record_id(commune: str | None, millis: int, random60: int) -> str:
    """The id of a record of ``commune`` made at ``millis`` (ms since 1970) with 60 random bits."""
    code = (commune or "").strip()
    centre = CENTRE_CODE.fullmatch(code)
    if centre:  # a social-work centre: "f" and its province and number, never a commune's digits
        prefix = "f" + centre.group(1) + centre.group(2)
    else:
        prefix = code if code.isdigit() and len(code) == 5 else NO_COMMUNE
    hexes = f"{prefix}{millis & (2**48 - 1):012x}{random60 & (2**60 - 1):015x}"
    return f"{hexes[:8]}-{hexes[8:12]}-{hexes[12:16]}-{hexes[16:20]}-{hexes[20:]}"
