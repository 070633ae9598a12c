"""Receipts: the office's signed statement of what it holds for a commune device.

A receipt lists, per table, how many rows of that commune the office holds and the highest
``(epoch, rev)`` among them, plus the change ranges it has covered for the device. The commune imports
it to see what was acknowledged and to warn about what was not. It is a small signed JSON document
(see :mod:`ctxh_desktop.sync.signed`), short enough to paste into a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ctxh_desktop.i18n import _
from ctxh_desktop.sync import keys, signed
from ctxh_desktop.sync.errors import DamagedFile

RECEIPT_FORMAT = "ctxh-receipt"
RECEIPT_VERSION = 1
RECEIPT_DOMAIN = "ctxh-receipt-v1"


def make_receipt(
    office: keys.KeyPair,
    *,
    unit_code: str,
    commune: str,
    device_id: str,
    tables: dict[str, dict[str, int]],
    covered: Sequence[Sequence[int]] = (),
    epoch: int = 0,
    issued_at: str | None = None,
) -> bytes:
    """A signed receipt. ``tables`` maps table → ``{"count": n, "max_rev": r, "max_epoch": e}``;
    ``covered`` lists the change ranges ``[lo, hi]`` received from the device (current epoch)."""
    body = {
        "format": RECEIPT_FORMAT,
        "version": RECEIPT_VERSION,
        "unit_code": unit_code,
        "commune": commune,
        "device_id": device_id,
        "epoch": int(epoch),
        "tables": {t: {k: int(v) for k, v in sorted(c.items())} for t, c in sorted(tables.items())},
        "covered": [[int(lo), int(hi)] for lo, hi in covered],
        "issued_at": issued_at or dt.datetime.now().replace(microsecond=0).isoformat(),
    }
    return signed.sign_document(body, RECEIPT_DOMAIN, {"self": office})


def read_receipt(data: bytes, office_public_key: bytes | str) -> dict:
    """The receipt's content, after checking it was signed by the trusted office key."""
    body, sigs = signed.split_document(data, RECEIPT_FORMAT)
    signed.check_signature(body, sigs, "self", RECEIPT_DOMAIN, office_public_key)
    ok = (
        body.get("version") == RECEIPT_VERSION
        and isinstance(body.get("commune"), str)
        and isinstance(body.get("device_id"), str)
        and isinstance(body.get("tables"), dict)
        and all(
            isinstance(c, dict) and all(isinstance(v, int) for v in c.values())
            for c in body["tables"].values()
        )
        and isinstance(body.get("covered"), list)
        and all(
            isinstance(r, list) and len(r) == 2 and all(isinstance(x, int) for x in r)
            for r in body["covered"]
        )
    )
    if not ok:
        raise DamagedFile(_("Biên nhận bị hỏng hoặc không đúng định dạng."))
    return body


def unacknowledged(covered: list[list[int]], exported_hi: int) -> list[tuple[int, int]]:
    """Change ranges up to ``exported_hi`` the receipt does not cover (gaps to resend)."""
    gaps: list[tuple[int, int]] = []
    nxt = 1
    for lo, hi in sorted((int(a), int(b)) for a, b in covered):
        if lo > nxt:
            gaps.append((nxt, min(lo - 1, exported_hi)))
        nxt = max(nxt, hi + 1)
        if nxt > exported_hi:
            break
    if nxt <= exported_hi:
        gaps.append((nxt, exported_hi))
    return [g for g in gaps if g[0] <= g[1]]
