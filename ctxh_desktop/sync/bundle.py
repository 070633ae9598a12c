"""An opened bundle: the file decrypted, its container parsed strictly, its header verified, its
rows streamed with caps (the layout is described in :mod:`ctxh_desktop.sync.bundle_format`).

The inner ustar container is read by a small strict parser (below) rather than :mod:`tarfile`, which
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

import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage

from ctxh_desktop.core.centres import UNIT_CODE
from ctxh_desktop.i18n import _
from ctxh_desktop.sync import keys, signed
from ctxh_desktop.sync.bundle_format import (
    CONTAINER_VERSION,
    DEFAULT_LIMITS,
    FORMAT_ID,
    KINDS,
    MEMBERS,
    SIGNATURE_DOMAIN,
    Limits,
)
from ctxh_desktop.sync.errors import (
    BadSignature,
    DamagedFile,
    NewerSchema,
    NotForThisOffice,
    SyncError,
    UnknownDevice,
)

_AGE_MAGIC = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
_BLOCK = 512
_CODE = UNIT_CODE  # a 2–5 digit official code or a social-work centre's

#: Looks up a device's Ed25519 public key (raw 32 bytes or base64) by (commune, device id);
#: ``None`` when the device is not enrolled (or revoked).
DeviceKeyLookup = Callable[[str, str], "bytes | str | None"]


# -- messages ---------------------------------------------------------------------------------------
def _damaged() -> DamagedFile:
    return DamagedFile(_("Tệp dữ liệu bị hỏng hoặc đã bị sửa đổi. Hãy đề nghị gửi lại tệp."))


def _not_bundle() -> DamagedFile:
    return DamagedFile(_("Tệp này không phải tệp dữ liệu đồng bộ của phần mềm."))


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


__all__ = ["Bundle", "DeviceKeyLookup", "open_bundle", "peek_sender"]
