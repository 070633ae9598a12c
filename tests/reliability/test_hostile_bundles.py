"""Hostile bundles: thousands of damaged, forged or absurd files offered to an office.

Each must be refused (or quarantined) with a clear Vietnamese sentence, never a traceback, and leave
the office database unchanged; memory stays bounded (a decompression bomb stops at its cap).
Reduced count by default; ``pytest -m slow tests/reliability`` runs the full 2,000+ mutations.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tracemalloc

import pyrage
import pytest

from ctxh_desktop.services import exchange
from ctxh_desktop.sync import bundle_format, bundle_writer, keys, signed


def _state(office) -> tuple:
    store = office.store
    tables = ("person", "case_file", "consultation", "bundle_received", "audit_log", "conflict")
    counts = [store.scalar(f"SELECT count(*) FROM {t}") for t in tables]
    return (*counts, store.scalar("SELECT coalesce(max(seq), 0) FROM change_log"))


def _inner(setup) -> dict[str, bytes]:
    data = pyrage.decrypt(setup["good"], [setup["identities"][0].identity])
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def _tar(members: list[tuple[str, bytes]]) -> bytes:
    return bundle_writer._tar(members)


def _encrypt(setup, inner: bytes) -> bytes:
    return pyrage.encrypt(inner, [keys.load_recipient(setup["recipient"])])


def mutations(setup, count: int, seed: int):
    """(category, bytes) pairs: ``count`` random byte-level mutations plus the structural cases."""
    rng = random.Random(seed)
    good = setup["good"]
    parts = _inner(setup)
    header = signed.parse_json(parts["header.json"])
    payload_name = next(n for n in parts if n not in ("header.json", "header.sig"))
    other = keys.KeyPair.generate("device")

    def resign(h: dict, signer) -> bytes:
        body = signed.canonical(h)
        sig = signer.sign(bundle_format.SIGNATURE_DOMAIN + body)
        return _encrypt(
            setup,
            _tar([("header.json", body), ("header.sig", sig), (payload_name, parts[payload_name])]),
        )

    yield "empty", b""
    yield "not_age", b"hello, this is not an age file\n" * 10
    yield "wrong_magic", b"age-encryption.org/v2\n" + good[22:]
    yield "resigned_other_key", resign(header, other)
    yield (
        "resigned_unknown_device",
        resign({**header, "device_id": "ffffffff-0000-0000-0000-000000000000"}, other),
    )
    for field, value in (
        ("commune", "00008"),
        ("rows", {"person": 1}),
        ("payload_sha256", "0" * 64),
        ("schema", 999),
        ("kind", "forward"),
        ("epoch", -1),
        ("format", "x"),
    ):
        if field != "kind":  # a kind the device may legitimately send is not hostile when signed
            yield f"header_{field}", resign({**header, field: value}, setup["device"])
        altered = signed.canonical({**header, field: value})
        yield (
            f"header_{field}_unsigned",
            _encrypt(
                setup,
                _tar(
                    [
                        ("header.json", altered),
                        ("header.sig", parts["header.sig"]),
                        (payload_name, parts[payload_name]),
                    ]
                ),
            ),
        )
    huge = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    yield (
        "absurd_header_length",
        _encrypt(
            setup,
            _tar(
                [
                    ("header.json", huge),
                    ("header.sig", parts["header.sig"]),
                    (payload_name, parts[payload_name]),
                ]
            ),
        ),
    )
    import gzip

    bomb = gzip.compress(b"\n" * (300 * 1024 * 1024), compresslevel=9)
    bomb_header = {
        **header,
        "payload_sha256": __import__("hashlib").sha256(bomb).hexdigest(),
        "payload_length": len(bomb),
    }
    body = signed.canonical(bomb_header)
    sig = setup["device"].sign(bundle_format.SIGNATURE_DOMAIN + body)
    yield (
        "decompression_bomb",
        _encrypt(setup, _tar([("header.json", body), ("header.sig", sig), (payload_name, bomb)])),
    )
    yield "inner_not_tar", _encrypt(setup, b"plain text inside age")
    yield "missing_members", _encrypt(setup, _tar([("header.json", parts["header.json"])]))
    for i in range(count):
        kind = rng.choice(("flip", "truncate", "append", "splice"))
        data = bytearray(good)
        if kind == "flip":
            for _ in range(rng.randint(1, 8)):
                pos = rng.randrange(len(data))
                data[pos] ^= 1 << rng.randrange(8)
        elif kind == "truncate":
            data = data[: rng.randrange(len(data))]
        elif kind == "append":
            data += os.urandom(rng.randint(1, 4096))
        else:
            a = rng.randrange(len(data))
            data[a : a + rng.randint(1, 64)] = os.urandom(rng.randint(0, 64))
        yield f"{kind}_{i}", bytes(data)


def _offer_all(setup, tmp_path, count: int, seed: int) -> dict:
    office, ids = setup["office"], setup["identities"]
    before = _state(office)
    tried, by_status = 0, {}
    tracemalloc.start()
    for category, data in mutations(setup, count, seed):
        path = tmp_path / f"m_{tried}.ctxh"
        path.write_bytes(data)
        result = exchange.import_file(office, path, ids)
        assert result.status in ("refused", "quarantined"), (category, result.status)
        assert result.message and "Traceback" not in result.message, category
        assert result.message[0].isupper(), (category, result.message)
        by_status[result.status] = by_status.get(result.status, 0) + 1
        path.unlink()
        tried += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert _state(office) == before
    quarantine = exchange.received_folder(office) / "quarantine"
    shutil.rmtree(quarantine, ignore_errors=True)
    return {"tried": tried, "by_status": by_status, "peak_mb": peak / 2**20}


def test_hostile_bundles_are_refused_and_change_nothing(setup, tmp_path):
    result = _offer_all(setup, tmp_path, count=150, seed=1)
    assert result["tried"] > 150
    assert result["peak_mb"] < 400


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_hostile_bundles_full(setup, tmp_path):
    result = _offer_all(setup, tmp_path, count=2000, seed=2)
    print(f"bundles tried={result['tried']} {result['by_status']} peak={result['peak_mb']:.0f} MiB")


def test_command_line_refuses_with_exit_2_and_no_traceback(setup, tmp_path):
    office_copy = tmp_path / "office.db"
    setup["office"].store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("", ".keys"):
        shutil.copyfile(str(setup["office"].store.path) + suffix, str(office_copy) + suffix)
    before = office_copy.read_bytes()
    for i, (category, data) in enumerate(mutations(setup, 3, seed=3)):
        if i % 4:
            continue
        bad = tmp_path / f"bad{i}.ctxh"
        bad.write_bytes(data)
        out = subprocess.run(
            [sys.executable, "-m", "ctxh_desktop.cli", "import", str(office_copy), str(bad)],
            capture_output=True,
            env={
                **os.environ,
                "CTXH_PASSPHRASE": setup["pass"],
                "CTXH_KEY_PASSPHRASE": setup["keypass"],
            },
        )
        assert out.returncode == 2, (category, out.stderr.decode())
        assert b"Traceback" not in out.stderr + out.stdout, category
    assert office_copy.read_bytes() == before
