"""Whatever is inside a well-encrypted file, opening it ends in a result or a UserError."""

from __future__ import annotations

import contextlib

import pyrage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.sync import bundle, bundle_format, bundle_writer, keys

OFFICE = keys.generate_office_keys()
DEVICE = keys.generate_device_keys()
HEADER = {
    "commune": "00004",
    "device_id": "d1",
    "kind": "delta",
    "schema": 2,
    "epoch": 0,
    "seq_lo": 1,
    "seq_hi": 2,
}
ROWS = [("person", {"id": f"p{i}", "rev": 1, "full_name": "Hà"}) for i in range(20)]
SEALED, _ = bundle_writer.seal(HEADER, ROWS, [OFFICE.recipient], DEVICE)
INNER = pyrage.decrypt(SEALED, [OFFICE.identity])
RECIPIENT = keys.load_recipient(OFFICE.recipient)


def lookup(commune, device):
    return DEVICE.signing_public if device == "d1" else None


def attempt(inner: bytes) -> None:
    data = pyrage.encrypt(inner, [RECIPIENT])
    try:
        opened = bundle.open_bundle(data, [OFFICE], lookup, max_schema=2)
        list(opened.rows())
    except UserError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(INNER) - 1), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_byte_changes_never_crash(changes):
    inner = bytearray(INNER)
    for pos, value in changes:
        inner[pos] = value
    attempt(bytes(inner))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(INNER)), st.binary(max_size=600))
def test_truncation_and_insertion_never_crash(cut, extra):
    attempt(INNER[:cut] + extra)


def signed_with_payload(payload: bytes, rows: dict[str, int]) -> bytes:
    """A correctly signed bundle around any payload (what a hostile enrolled device could send)."""
    header = bundle_writer.build_header(HEADER, payload, rows, [OFFICE.recipient], DEVICE)
    hb = bundle.signed.canonical(header)
    inner = bundle_writer._tar(
        [
            ("header.json", hb),
            ("header.sig", DEVICE.sign(bundle_format.SIGNATURE_DOMAIN + hb)),
            ("rows.jsonl.gz", payload),
        ]
    )
    return pyrage.encrypt(inner, [RECIPIENT])


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.lists(
            st.sampled_from(
                [
                    b'{"table":"person","row":{"id":"x","rev":1}}',
                    b"[]",
                    b"{}",
                    b'{"table":1}',
                    b'{"table":"person","row":[]}',
                    b"\xff",
                    b"",
                    b"null",
                    b'"s"',
                ]
            ),
            max_size=6,
        ).map(b"\n".join),
    ),
    st.booleans(),
    st.dictionaries(st.sampled_from(["person", "case_file"]), st.integers(0, 3), max_size=2),
)
def test_any_signed_payload_is_read_or_refused(body, compress, counts):
    import gzip

    payload = gzip.compress(body, mtime=0) if compress else body
    data = signed_with_payload(payload, counts)
    with contextlib.suppress(UserError):
        list(bundle.open_bundle(data, [OFFICE], lookup, max_schema=2).rows())
