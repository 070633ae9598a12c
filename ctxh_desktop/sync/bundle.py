"""The bundle file: signed rows, sealed with age, written atomically, opened with strict checks.

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
``age -d -i office.key FILE | tar x`` recovers readable files with standard tools alone. It is written
with :mod:`tarfile` but read by a small strict parser (below) rather than :mod:`tarfile`, which
accepts many dialects (pax/GNU extensions, long names, links) that a hostile file could use: here
the first 512-byte block must be a ustar header named ``header.json`` (that is the file's magic), the
container version is checked in the header before anything else, every member size is bounded
before it is read, and nothing but zero padding may follow the third member.

Opening follows this order, each step refusing with a :class:`~ctxh_desktop.sync.errors.SyncError`:
size cap → age decrypt → container → header length cap → header parse → signature (unknown device →
:class:`UnknownDevice`, to quarantine) → recipients → payload hash → schema version (newer →
:class:`NewerSchema`, to quarantine) → rows, streamed with caps on decompressed size, line length
and row count.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import re
import tarfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage

from ctxh_desktop import files
from ctxh_desktop.core.text import fold
from ctxh_desktop.i18n import _
from ctxh_desktop.sync import keys, signed
from ctxh_desktop.sync.errors import (
    BadSignature,
    DamagedFile,
    DiskFull,
    NewerSchema,
    NotForThisOffice,
    SyncError,
    UnknownDevice,
)

FORMAT_ID = "ctxh-bundle"
CONTAINER_VERSION = 1
SIGNATURE_DOMAIN = b"ctxh-bundle-v1\0"
KINDS = ("delta", "snapshot", "restore", "receipt", "forward")
EXTENSION = ".ctxh"
MEMBERS = ("header.json", "header.sig", "rows.jsonl.gz")

_AGE_MAGIC = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
_BLOCK = 512
_CODE = re.compile(r"^[0-9]{2,5}$")

#: Looks up a device's Ed25519 public key (raw 32 bytes or base64) by (commune, device id);
#: ``None`` when the device is not enrolled (or revoked).
DeviceKeyLookup = Callable[[str, str], "bytes | str | None"]


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


# -- messages ---------------------------------------------------------------------------------------
def _damaged() -> DamagedFile:
    return DamagedFile(_("Tệp dữ liệu bị hỏng hoặc đã bị sửa đổi. Hãy đề nghị gửi lại tệp."))


def _not_bundle() -> DamagedFile:
    return DamagedFile(_("Tệp này không phải tệp dữ liệu đồng bộ của phần mềm."))


# -- names ------------------------------------------------------------------------------------------
def slug(text: str) -> str:
    """A file-name friendly ASCII form: ``"Ba Đình"`` → ``"ba-dinh"``."""
    return re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-") or "x"


def informative_name(
    commune_code: str,
    commune_name_ascii: str,
    kind: str,
    from_date: dt.date | str | None,
    to_date: dt.date | str | None,
    created: dt.datetime,
) -> str:
    """A file name people can read and sort, e.g. ``ctxh_00004_ba-dinh_2026-10_delta_20261101-1530.ctxh``.

    The period is the month of the covered changes (``2026-10``), or ``2026-09_2026-10`` when they
    span months; it is left out when unknown (an empty delta).
    """

    def month(value: dt.date | str | None) -> str | None:
        if value is None or value == "":
            return None
        return str(value)[:7]

    lo, hi = month(from_date), month(to_date)
    period = f"{min(lo, hi)}_{max(lo, hi)}" if lo and hi and lo != hi else lo or hi or ""
    parts = ["ctxh", commune_code, slug(commune_name_ascii)]
    if period:
        parts.append(period)
    parts += [kind, created.strftime("%Y%m%d-%H%M")]
    return "_".join(parts) + EXTENSION


# -- writing ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Written:
    """What :func:`write_bundle` wrote."""

    path: Path
    header: dict
    file_sha256: str
    size: int


#: gzip level of the rows. On the commune demo's snapshot, level 3 compresses in 0.09 s to 63.7
#: bytes per row, level 6 in 0.30 s to 52.9: a third of a snapshot's export time for 20% bytes.
COMPRESS_LEVEL = 3
_BATCH = 2000


def encode_rows(rows: Iterable[tuple[str, dict | str]]) -> tuple[bytes, dict[str, int]]:
    """The gzip-compressed JSON-lines payload of ``rows`` and the row count per table.

    One line per row, ``{"table":…,"row":…}``; a row is a dict, or its JSON object text already
    made (by SQLite, see ``storage.exchange.changed_rows_json``). Rows are encoded by one reused
    encoder a batch at a time, and each batch is compressed in a second thread (zlib releases the
    interpreter) while the next is read and encoded: a snapshot has a million rows."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, 31)  # 31: a gzip stream
    counts: dict[str, int] = {}
    prefixes: dict[str, str] = {}
    parts: list[bytes] = []
    batch: list[str] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        queued: deque = deque()

        def compress() -> None:
            queued.append(pool.submit(compressor.compress, "".join(batch).encode("utf-8")))
            batch.clear()
            while len(queued) > 2:  # at most two batches in flight
                parts.append(queued.popleft().result())

        for table, row in rows:
            prefix = prefixes.get(table)
            if prefix is None:
                prefix = prefixes[table] = '{"table":' + encode(table) + ',"row":'
                counts[table] = 0
            batch.append(prefix + (row if type(row) is str else encode(row)) + "}\n")
            counts[table] += 1
            if len(batch) >= _BATCH:
                compress()
        compress()
        parts.extend(future.result() for future in queued)
    parts.append(compressor.flush())
    return b"".join(parts), counts


def _tar(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def build_header(
    header: dict,
    payload: bytes,
    counts: dict[str, int],
    recipients: list[str],
    signer: keys.KeyPair,
) -> dict:
    """The full header: the caller's fields plus everything computed here."""
    required = ("commune", "device_id", "kind", "schema", "epoch", "seq_lo", "seq_hi")
    missing = [k for k in required if k not in header]
    if missing:
        raise ValueError(f"header lacks {missing}")
    if header["kind"] not in KINDS:
        raise ValueError(header["kind"])
    return {
        "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "prev_hash": None,
        **header,
        "format": FORMAT_ID,
        "container": CONTAINER_VERSION,
        "key_id": keys.key_id(signer.signing_public_b64),
        "recipients": sorted({keys.key_id(r) for r in recipients}),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_length": len(payload),
        "rows": dict(sorted(counts.items())),
        "row_total": sum(counts.values()),
    }


def seal(
    header: dict, rows: Iterable[tuple[str, dict]], recipients: list[str], signer: keys.KeyPair
) -> tuple[bytes, dict]:
    """The encrypted bundle bytes and the full header (nothing written)."""
    return seal_payload(header, *encode_rows(rows), recipients, signer)


def seal_payload(
    header: dict,
    payload: bytes,
    counts: dict[str, int],
    recipients: list[str],
    signer: keys.KeyPair,
) -> tuple[bytes, dict]:
    """:func:`seal` for a payload already made by :func:`encode_rows` (a caller that learns header
    fields while the rows stream by)."""
    if not recipients:
        raise ValueError("no recipients")
    age_recipients = [keys.load_recipient(r) for r in recipients]
    full = build_header(header, payload, counts, recipients, signer)
    header_bytes = signed.canonical(full)
    signature = signer.sign(SIGNATURE_DOMAIN + header_bytes)
    inner = _tar([("header.json", header_bytes), ("header.sig", signature), (MEMBERS[2], payload)])
    return pyrage.encrypt(inner, age_recipients), full


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` under ``path`` all or nothing (:func:`ctxh_desktop.files.atomic_write`).

    A partial file never appears under the final name. A full disk raises :class:`DiskFull`, any
    other failure :class:`SyncError`, each with a clear message.
    """
    path = Path(path)
    try:
        files.atomic_write(path, data)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(
                _(
                    "Ổ đĩa đã đầy, không ghi được tệp {name}. Hãy giải phóng chỗ trống rồi thử lại."
                ).format(name=path.name)
            ) from None
        raise SyncError(
            _("Không ghi được tệp {name} vào thư mục {folder}.").format(
                name=path.name, folder=str(path.parent)
            )
        ) from None


def write_bundle(
    path: Path | str,
    header: dict,
    rows_iter: Iterable[tuple[str, dict]],
    recipients: list[str],
    signing_key: keys.KeyPair,
) -> Written:
    """Seal ``rows_iter`` (pairs of table name and row image) and write the file atomically.

    ``header`` holds the caller's fields: ``commune``, ``device_id``, ``kind``, ``schema``,
    ``epoch``, ``seq_lo``, ``seq_hi`` and optionally ``prev_hash``, ``created_at`` and any extra
    informative field (e.g. ``period``).
    """
    payload, counts = encode_rows(rows_iter)
    return write_payload(path, header, payload, counts, recipients, signing_key)


def write_payload(
    path: Path | str,
    header: dict,
    payload: bytes,
    counts: dict[str, int],
    recipients: list[str],
    signing_key: keys.KeyPair,
) -> Written:
    """:func:`write_bundle` for a payload made by :func:`encode_rows`."""
    data, full = seal_payload(header, payload, counts, recipients, signing_key)
    atomic_write(path, data)
    return Written(Path(path), full, hashlib.sha256(data).hexdigest(), len(data))


# -- reading ----------------------------------------------------------------------------------------
def _octal(field_bytes: bytes) -> int:
    text = field_bytes.rstrip(b"\0 ").lstrip(b" ")
    if not text or not re.fullmatch(rb"[0-7]+", text):
        raise _damaged()
    return int(text, 8)


def _member(
    buf: bytes, pos: int, name: str, max_size: int, *, first: bool = False
) -> tuple[bytes, int]:
    block = buf[pos : pos + _BLOCK]
    if len(block) < _BLOCK:
        raise _not_bundle() if first else _damaged()
    if block[0:100].rstrip(b"\0") != name.encode() or block[257:263] != b"ustar\0":
        raise _not_bundle() if first else _damaged()
    if block[156:157] not in (b"0", b"\0"):
        raise _damaged()
    checksum = sum(block[:148]) + 8 * 32 + sum(block[156:])
    if _octal(block[148:156]) != checksum:
        raise _damaged()
    size = _octal(block[124:136])
    if size > max_size:
        raise _damaged()
    start = pos + _BLOCK
    data = buf[start : start + size]
    if len(data) != size:
        raise _damaged()
    return data, start + (size + _BLOCK - 1) // _BLOCK * _BLOCK


#: Largest whole number a header may hold (every one is stored in a 64-bit column).
MAX_HEADER_INT = 2**62


def _check_header(header: dict) -> None:
    def is_int(value: Any) -> bool:
        return (
            isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_HEADER_INT
        )

    ok = (
        isinstance(header.get("commune"), str)
        and bool(_CODE.match(header["commune"]))
        and isinstance(header.get("device_id"), str)
        and 0 < len(header["device_id"]) <= 64
        and header.get("kind") in KINDS
        and is_int(header.get("schema"))
        and is_int(header.get("epoch"))
        and is_int(header.get("seq_lo"))
        and is_int(header.get("seq_hi"))
        and isinstance(header.get("key_id"), str)
        and isinstance(header.get("recipients"), list)
        and isinstance(header.get("payload_sha256"), str)
        and is_int(header.get("payload_length"))
        and isinstance(header.get("rows"), dict)
        and all(isinstance(k, str) and is_int(v) for k, v in header["rows"].items())
        and is_int(header.get("row_total"))
        and header["row_total"] == sum(header["rows"].values())
    )
    if not ok:
        raise _damaged()


def _decrypt(data: bytes, identities: list) -> bytes:
    if not data:
        raise DamagedFile(_("Tệp rỗng."))
    if not data.startswith(_AGE_MAGIC):
        raise _not_bundle()
    try:
        return pyrage.decrypt(data, identities)
    except pyrage.DecryptError as exc:  # never pass the library's text on
        if "no matching keys" in str(exc).lower():
            raise NotForThisOffice(
                _("Tệp này không dành cho đơn vị này (được mã hóa cho đơn vị khác).")
            ) from None
        raise _damaged() from None


@dataclass
class Bundle:
    """An opened, verified bundle. Rows are decompressed lazily by :meth:`rows`."""

    header: dict
    header_sha256: str
    file_sha256: str
    payload: bytes = field(repr=False)
    limits: Limits = DEFAULT_LIMITS

    @property
    def kind(self) -> str:
        """What the bundle carries: one of :data:`KINDS` (``delta``, ``snapshot`` …)."""
        return self.header["kind"]

    @property
    def commune(self) -> str:
        """The commune the bundle comes from."""
        return self.header["commune"]

    @property
    def device_id(self) -> str:
        """The device that made the bundle."""
        return self.header["device_id"]

    def rows(self) -> Iterator[tuple[str, dict]]:
        """(table, row) pairs, streamed with caps; ``DamagedFile`` on any excess or malformation."""
        limits = self.limits
        expected = self.header["rows"]
        counts: dict[str, int] = {}
        total = produced = 0
        decomp = zlib.decompressobj(wbits=31)
        pending = b""
        chunk_in = 64 * 1024
        view = memoryview(self.payload)
        pos = 0

        def parse(lines: list[bytes]) -> list[tuple[str, dict]]:
            # One C-level parse per decompressed chunk rather than one call per row.
            try:
                items = json.loads(b"[" + b",".join(lines) + b"]")
            except (ValueError, RecursionError):
                raise _damaged() from None
            if len(items) != len(lines):
                raise _damaged()
            out = []
            for item in items:
                if type(item) is not dict:
                    raise _damaged()
                table, row = item.get("table"), item.get("row")
                if not isinstance(table, str) or not isinstance(row, dict):
                    raise _damaged()
                out.append((table, row))
            return out

        while not decomp.eof:
            if decomp.unconsumed_tail:
                data = decomp.unconsumed_tail
            elif pos < len(view):
                data = bytes(view[pos : pos + chunk_in])
                pos += len(data)
            else:
                data = b""
            try:
                out = decomp.decompress(data, 1024 * 1024)
            except zlib.error:
                raise _damaged() from None
            if not out and not data:
                break  # input exhausted before the end of the gzip stream
            produced += len(out)
            if produced > limits.max_decompressed:
                raise DamagedFile(_("Tệp dữ liệu quá lớn sau khi giải nén; đã dừng để bảo vệ máy."))
            pending += out
            *lines, pending = pending.split(b"\n")
            if len(pending) > limits.max_line or max(map(len, lines), default=0) > limits.max_line:
                raise _damaged()
            lines = [line for line in lines if line]
            total += len(lines)
            if total > limits.max_rows or total > self.header["row_total"]:
                raise _damaged()
            if not lines:
                continue
            for table, row in parse(lines):
                counts[table] = counts.get(table, 0) + 1
                yield table, row
        if decomp.unused_data or pos < len(view) or decomp.unconsumed_tail:
            raise _damaged()
        if pending or not decomp.eof or counts != {k: v for k, v in expected.items() if v}:
            raise _damaged()


def open_bundle(
    source: Path | str | bytes,
    identities: list,
    trusted_device_keys: DeviceKeyLookup,
    *,
    max_schema: int,
    limits: Limits = DEFAULT_LIMITS,
) -> Bundle:
    """Open and verify a bundle (see the module docstring for the order of the checks).

    ``identities`` are age identities (``pyrage.x25519.Identity`` or :class:`keys.KeyPair`; older
    identities after a key rotation may follow the current one). ``max_schema`` is the newest app
    schema version this installation understands.
    """
    ids = [i.identity if isinstance(i, keys.KeyPair) else i for i in identities]
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        if len(data) > limits.max_file:
            raise DamagedFile(_("Tệp quá lớn, không phải tệp dữ liệu đồng bộ hợp lệ."))
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limits.max_file:
                raise DamagedFile(_("Tệp quá lớn, không phải tệp dữ liệu đồng bộ hợp lệ."))
            data = path.read_bytes()
        except OSError:
            raise SyncError(_("Không đọc được tệp {name}.").format(name=path.name)) from None
    file_sha = hashlib.sha256(data).hexdigest()

    inner = _decrypt(data, ids)
    del data
    header_bytes, pos = _member(inner, 0, MEMBERS[0], limits.max_header, first=True)
    signature, pos = _member(inner, pos, MEMBERS[1], 64)
    payload, pos = _member(inner, pos, MEMBERS[2], limits.max_payload)
    if inner[pos:].strip(b"\0"):
        raise _damaged()
    del inner

    header = signed.parse_json(header_bytes, limits.max_header)
    if header.get("format") != FORMAT_ID:
        raise _not_bundle()
    if header.get("container") != CONTAINER_VERSION:
        raise NewerSchema(
            _(
                "Tệp được tạo bởi phiên bản mới hơn của phần mềm. Hãy cập nhật phần mềm rồi nhập lại."
            ),
            header,
        )
    _check_header(header)
    if signed.canonical(header) != header_bytes:
        raise _damaged()

    public = trusted_device_keys(header["commune"], header["device_id"])
    if public is None:
        raise UnknownDevice(
            _(
                "Tệp từ thiết bị chưa đăng ký của xã {commune}. Tệp đã được giữ lại; hãy đăng ký"
                " thiết bị của xã rồi nhập lại."
            ).format(commune=header["commune"]),
            header["commune"],
            header["device_id"],
            header,
        )
    if len(signature) != 64 or not keys.verify_signature(
        public, signature, SIGNATURE_DOMAIN + header_bytes
    ):
        raise BadSignature(
            _(
                "Chữ ký của tệp không hợp lệ: tệp đã bị sửa hoặc không do thiết bị đã đăng ký tạo ra."
            )
        )
    own = {keys.key_id(str(i.to_public())) for i in ids}
    if not own & set(header["recipients"]):
        raise NotForThisOffice(
            _("Tệp này không dành cho đơn vị này (được mã hóa cho đơn vị khác).")
        )
    if (
        len(payload) != header["payload_length"]
        or hashlib.sha256(payload).hexdigest() != header["payload_sha256"]
    ):
        raise _damaged()
    if header["schema"] > max_schema:
        raise NewerSchema(
            _(
                "Tệp được tạo bởi phiên bản mới hơn của phần mềm. Hãy cập nhật phần mềm rồi nhập lại."
            ),
            header,
        )
    return Bundle(
        header=header,
        header_sha256=hashlib.sha256(header_bytes).hexdigest(),
        file_sha256=file_sha,
        payload=payload,
        limits=limits,
    )


def peek_sender(source: bytes, identities: list) -> dict | None:
    """The unverified header of a bundle, or ``None`` (used only to label a quarantined file)."""
    try:
        inner = _decrypt(
            source, [i.identity if isinstance(i, keys.KeyPair) else i for i in identities]
        )
        header_bytes, _pos = _member(inner, 0, MEMBERS[0], DEFAULT_LIMITS.max_header, first=True)
        return signed.parse_json(header_bytes)
    except SyncError:
        return None


__all__ = [
    "CONTAINER_VERSION",
    "DEFAULT_LIMITS",
    "EXTENSION",
    "FORMAT_ID",
    "KINDS",
    "BadSignature",
    "Bundle",
    "Limits",
    "Written",
    "atomic_write",
    "informative_name",
    "open_bundle",
    "seal",
    "write_bundle",
]
