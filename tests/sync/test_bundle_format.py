"""Bundles: round trip, and every way a file can be wrong is refused with a clear UserError."""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import hashlib
import io
import os
from pathlib import Path

import pyrage
import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.sync import bundle, bundle_format, bundle_writer, keys, signed
from ctxh_desktop.sync.errors import (
    BadSignature,
    DamagedFile,
    DiskFull,
    NewerSchema,
    NotForThisOffice,
    UnknownDevice,
)

OFFICE = keys.generate_office_keys()
DEVICE = keys.generate_device_keys()
OTHER = keys.generate_device_keys()
HEADER = {
    "commune": "00004",
    "device_id": "dev-1",
    "kind": "delta",
    "schema": 2,
    "epoch": 0,
    "seq_lo": 1,
    "seq_hi": 3,
}
ROWS = [
    ("person", {"id": "p1", "rev": 1, "full_name": "Nguyễn Văn Đức"}),
    ("person", {"id": "p2", "rev": 4, "full_name": "Trần Thị Bình"}),
    ("case_file", {"id": "c1", "rev": 2, "code": "2026-0001-A"}),
]


def lookup(commune, device_id):
    return DEVICE.signing_public if (commune, device_id) == ("00004", "dev-1") else None


def sealed(rows=ROWS, header=HEADER, signer=DEVICE, recipients=None):
    data, _full = bundle_writer.seal(header, rows, recipients or [OFFICE.recipient], signer)
    return data


def open_(data, **kw):
    kw.setdefault("max_schema", 2)
    return bundle.open_bundle(data, [OFFICE], kw.pop("lookup", lookup), **kw)


def inner_of(data: bytes) -> bytes:
    return pyrage.decrypt(data, [OFFICE.identity])


def reseal(inner: bytes) -> bytes:
    return pyrage.encrypt(inner, [keys.load_recipient(OFFICE.recipient)])


def test_round_trip_keeps_rows_and_header(tmp_path):
    path = tmp_path / "b.ctxh"
    written = bundle_writer.write_bundle(path, HEADER, iter(ROWS), [OFFICE.recipient], DEVICE)
    assert written.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    opened = open_(path)
    assert list(opened.rows()) == ROWS
    assert opened.header["rows"] == {"case_file": 1, "person": 2}
    assert opened.header["seq_hi"] == 3 and opened.kind == "delta"
    assert opened.file_sha256 == written.file_sha256
    assert [p.name for p in tmp_path.iterdir()] == ["b.ctxh"]


def test_empty_bundle_round_trips():
    assert list(open_(sealed(rows=[])).rows()) == []


def test_escrow_recipient_can_also_decrypt():
    escrow = keys.generate_office_keys()
    data = sealed(recipients=[OFFICE.recipient, escrow.recipient])
    opened = bundle.open_bundle(data, [escrow], lookup, max_schema=2)
    assert len(list(opened.rows())) == 3


def test_wrong_office_is_told_the_file_is_not_for_it():
    other_office = keys.generate_office_keys()
    with pytest.raises(NotForThisOffice, match="không dành cho đơn vị này"):
        bundle.open_bundle(sealed(), [other_office], lookup, max_schema=2)


def test_tampered_ciphertext_is_refused():
    data = bytearray(sealed())
    data[len(data) // 2] ^= 0x01
    with pytest.raises(DamagedFile):
        open_(bytes(data))


def test_truncated_and_appended_files_are_refused():
    data = sealed()
    for bad in (data[:-1], data[: len(data) // 2], data[:40], data + b"x", data + data):
        with pytest.raises(UserError):
            open_(bad)


def test_empty_and_non_age_files_are_refused(tmp_path):
    with pytest.raises(DamagedFile, match="rỗng"):
        open_(b"")
    with pytest.raises(DamagedFile, match="không phải tệp dữ liệu"):
        open_(b"PK\x03\x04 this is a zip file")
    empty = tmp_path / "empty.ctxh"
    empty.write_bytes(b"")
    with pytest.raises(DamagedFile):
        open_(empty)


def test_age_file_without_a_bundle_inside_is_refused():
    with pytest.raises(DamagedFile, match="không phải tệp dữ liệu"):
        open_(reseal(b"hello, not a tar"))


def test_unknown_device_carries_commune_and_device_for_quarantine():
    with pytest.raises(UnknownDevice) as info:
        open_(sealed(header={**HEADER, "device_id": "dev-9"}))
    assert info.value.commune == "00004" and info.value.device_id == "dev-9"
    assert info.value.header["seq_hi"] == 3


def test_signature_by_another_key_is_refused():
    # Signed by OTHER but claiming to be dev-1, whose enrolled key is DEVICE's.
    with pytest.raises(BadSignature):
        open_(sealed(signer=OTHER))


def test_altered_header_is_refused_even_when_re_encrypted():
    inner = inner_of(sealed())
    forged = inner.replace(b'"seq_hi":3', b'"seq_hi":9')
    assert forged != inner
    with pytest.raises(UserError):
        open_(reseal(forged))


def test_altered_payload_is_refused_even_when_re_encrypted():
    inner = bytearray(inner_of(sealed()))
    start = inner.index(b"rows.jsonl.gz") + 512 + 12  # inside the gzip member's data
    inner[start] ^= 0xFF
    with pytest.raises(DamagedFile):
        open_(reseal(bytes(inner)))


def test_absurd_header_length_is_refused_before_reading():
    inner = bytearray(inner_of(sealed()))
    inner[124:136] = b"77777777777\0"
    chk = sum(inner[:148]) + 8 * 32 + sum(inner[156:512])
    inner[148:156] = f"{chk:06o}\0 ".encode()
    with pytest.raises(DamagedFile):
        open_(reseal(bytes(inner)))


def test_bundle_sent_to_another_office_cannot_be_re_encrypted_to_us():
    other = keys.generate_office_keys()
    data, _ = bundle_writer.seal(HEADER, ROWS, [other.recipient], DEVICE)
    inner = pyrage.decrypt(data, [other.identity])
    with pytest.raises(NotForThisOffice):
        open_(reseal(inner))


def test_newer_schema_is_quarantined_not_refused():
    with pytest.raises(NewerSchema) as info:
        open_(sealed(header={**HEADER, "schema": 99}))
    assert info.value.header["schema"] == 99


def _bomb_bundle(size: int) -> bytes:
    """A correctly signed bundle whose rows expand to ``size`` bytes of zeros on one line."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        chunk = b"0" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            gz.write(chunk)
    payload = buf.getvalue()
    header = bundle_writer.build_header(HEADER, payload, {"person": 1}, [OFFICE.recipient], DEVICE)
    hb = signed.canonical(header)
    inner = bundle_writer._tar(
        [
            ("header.json", hb),
            ("header.sig", DEVICE.sign(bundle_format.SIGNATURE_DOMAIN + hb)),
            ("rows.jsonl.gz", payload),
        ]
    )
    return reseal(inner)


def test_decompression_bomb_stops_at_the_cap():
    data = _bomb_bundle(64 * 1024 * 1024)
    assert len(data) < 200_000
    limits = bundle_format.Limits(max_decompressed=8 * 1024 * 1024, max_line=16 * 1024 * 1024)
    opened = open_(data, limits=limits)
    with pytest.raises(DamagedFile):
        list(opened.rows())


def test_overlong_line_is_refused():
    data = _bomb_bundle(8 * 1024 * 1024)
    with pytest.raises(DamagedFile):
        list(open_(data, limits=bundle_format.Limits(max_line=1024 * 1024)).rows())


def test_row_count_cap():
    rows = [("person", {"id": str(i), "rev": 1}) for i in range(50)]
    with pytest.raises(DamagedFile):
        list(open_(sealed(rows=rows), limits=bundle_format.Limits(max_rows=10)).rows())


def test_file_size_cap(tmp_path):
    path = tmp_path / "big.ctxh"
    path.write_bytes(sealed())
    with pytest.raises(DamagedFile, match="quá lớn"):
        open_(path, limits=bundle_format.Limits(max_file=100))


def test_informative_name():
    name = bundle_writer.informative_name(
        "00004", "Ba Đình", "delta", "2026-10-01", "2026-10-30", dt.datetime(2026, 11, 1, 15, 30)
    )
    assert name == "ctxh_00004_ba-dinh_2026-10_delta_20261101-1530.ctxh"
    span = bundle_writer.informative_name(
        "00004", "Ba Dinh", "snapshot", "2026-01-05", "2026-10-30", dt.datetime(2026, 11, 1, 9, 5)
    )
    assert span == "ctxh_00004_ba-dinh_2026-01_2026-10_snapshot_20261101-0905.ctxh"


def test_write_failure_leaves_nothing_behind(tmp_path, monkeypatch):
    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(DiskFull, match="Ổ đĩa đã đầy"):
        bundle_writer.write_bundle(tmp_path / "b.ctxh", HEADER, ROWS, [OFFICE.recipient], DEVICE)
    assert list(tmp_path.iterdir()) == []


def test_error_while_producing_rows_leaves_nothing_behind(tmp_path):
    def rows():
        yield ROWS[0]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        bundle_writer.write_bundle(tmp_path / "b.ctxh", HEADER, rows(), [OFFICE.recipient], DEVICE)
    assert list(tmp_path.iterdir()) == []


def test_rewrite_replaces_atomically(tmp_path):
    path = tmp_path / "b.ctxh"
    path.write_bytes(b"old")
    bundle_writer.write_bundle(path, HEADER, ROWS, [OFFICE.recipient], DEVICE)
    assert path.read_bytes() != b"old"
    assert [p.name for p in Path(tmp_path).iterdir()] == ["b.ctxh"]
