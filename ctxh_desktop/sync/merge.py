"""Which version of a row wins: a pure, deterministic decision.

Versions are ordered by ``(epoch, rev)``: ``rev`` is bumped on every local change and ``epoch`` by a
restore from backup, so edits made after a restore beat what the office already held. Laptop clocks
are not trusted, so ``modified_at`` never decides. Two versions with the same ``(epoch, rev)`` but
different content cannot both be the owner's latest: that is a *conflict*, recorded for a person to
review. So that import stays order-independent and idempotent even then, the tie is still broken the
same way everywhere: by device id, then by content hash (the greater wins). Applying any set of
versions in any order, any number of times, leaves the same winner.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

#: Columns that do not take part in the content hash (display-only, or set by the receiver).
VOLATILE = frozenset({"modified_at", "origin_commune", "imported_at"})


def content_hash(row: dict[str, Any]) -> str:
    """SHA-256 of the row's canonical JSON (sorted keys), volatile columns left out."""
    body = {k: v for k, v in row.items() if k not in VOLATILE}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, order=True)
class Version:
    """A row version's ordering key: ``(epoch, rev)``, then the tie-break ``(device, hash)``."""

    epoch: int
    rev: int
    device: str = ""
    hash: str = ""

    @classmethod
    def of(cls, row: dict[str, Any], device: str = "") -> Version:
        """The version of a full row image sent by ``device``."""
        return cls(int(row.get("epoch") or 0), int(row["rev"]), device, content_hash(row))


def _key(version: Version | tuple | None) -> tuple:
    if version is None:
        return (-1,)
    if isinstance(version, Version):
        return (version.epoch, version.rev, version.device, version.hash)
    epoch, rev, *rest = version
    return (int(epoch), int(rev), *(str(x) for x in rest))


def incoming_wins(local: Version | tuple | None, incoming: Version | tuple) -> bool:
    """True when ``incoming`` should replace ``local`` (``None``: no local copy yet).

    Strictly greater wins; an identical version does not (re-importing changes nothing).
    Tuples ``(epoch, rev[, device, hash])`` are accepted as well as :class:`Version`.
    """
    return _key(incoming) > _key(local)


def is_conflict(local: Version | tuple | None, incoming: Version | tuple) -> bool:
    """Same ``(epoch, rev)`` but different content: a person should review it."""
    if local is None:
        return False
    a, b = _key(local), _key(incoming)
    return a[:2] == b[:2] and len(a) > 3 and len(b) > 3 and a[3] != b[3]


def winner(versions: list[Version | tuple]) -> Version | tuple | None:
    """The version that wins among several (what any import order ends with)."""
    best = None
    for version in versions:
        if incoming_wins(best, version):
            best = version
    return best
