"""The bundle file's layout: format id, versions, members and the caps applied when opening one.

Layout (sign, then encrypt)::

    age( tar[ header.json | header.sig | rows.jsonl.gz ] )    to the office (+ escrow) recipients

* ``header.json`` — canonical JSON: format id and container version, app schema version, kind,
  sender (commune, device id, key id), recipients (key ids), epoch, covered change range
  ``[seq_lo, seq_hi]``, previous bundle hash, creation time (informational), payload SHA-256 and
  length, row counts per table.
* ``header.sig`` — 64 raw bytes: Ed25519 by the device key over ``b"ctxh-bundle-v1\\0" + header``.
  The header names the recipients, so a receiver cannot re-encrypt a bundle and pass it on as if the
  commune had sent it to someone else.
* ``rows.jsonl.gz`` — one JSON line per row ``{"table": …, "row": {…full row image…}}``, gzip.

The inner container is a plain ustar archive of exactly these three members in this order, so
``age -d -i office.key FILE | tar x`` recovers readable files with standard tools alone. It is
written by :mod:`ctxh_desktop.sync.bundle_writer` and opened by :mod:`ctxh_desktop.sync.bundle`.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_ID = "ctxh-bundle"
CONTAINER_VERSION = 1
SIGNATURE_DOMAIN = b"ctxh-bundle-v1\0"
KINDS = ("delta", "snapshot", "restore", "receipt", "forward", "transfer")
EXTENSION = ".ctxh"
MEMBERS = ("header.json", "header.sig", "rows.jsonl.gz")


@dataclass(frozen=True)
class Limits:
    """Hard caps applied while opening a file (a hostile file cannot exhaust memory or time)."""

    max_file: int = 256 * 1024 * 1024
    max_header: int = 64 * 1024
    max_payload: int = 128 * 1024 * 1024  # compressed rows
    max_decompressed: int = 1024 * 1024 * 1024
    max_line: int = 4 * 1024 * 1024
    max_rows: int = 5_000_000


DEFAULT_LIMITS = Limits()
