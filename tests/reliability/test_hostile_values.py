"""Hostile values: files signed with a real enrolled commune's key whose rows hold values no form
could have saved. Each is refused whole (exit 2, a message naming table, row and field) and leaves
the office byte-identical: same database file, same received folder, no backup, no audit entry."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import exchange
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.sync import bundle, bundle_format, bundle_writer, config
from ctxh_desktop.sync.errors import DamagedFile

BAD_VALUES = [
    ("child_support", "amount", "abc"),
    ("child_support", "amount", float("inf")),
    ("consultation", "group_size", "many"),
    ("case_file", "problem_types", "["),
    ("case_file", "plan", "{{{"),
    ("person", "full_name", "x" * 200_000),
    ("person", "full_name", "Nguyễn\x01Văn"),
    ("case_file", "code", "2026\x01"),
]


def _sealed(setup, table: str, field: str, value, **header) -> bytes:
    """The good snapshot with one row of ``table`` holding ``value`` in ``field``, re-signed."""
    opened = bundle.open_bundle(
        setup["good"],
        setup["identities"],
        lambda commune, device: setup["device"].signing_public_b64,
        max_schema=SCHEMA_VERSION,
    )
    rows, changed = [], False
    for name, row in opened.rows():
        if name == table and not changed:
            row, changed = {**row, field: value}, True
        rows.append((name, row))
    assert changed, table
    head = {k: opened.header[k] for k in ("commune", "device_id", "kind", "schema", "epoch")}
    data, _header = bundle_writer.seal(
        {**head, "seq_lo": 1, "seq_hi": 1, **header}, rows, [setup["recipient"]], setup["device"]
    )
    return data


def _fingerprint(db: Path) -> tuple:
    """The database file's hash and every file under the office's folder, with sizes."""
    listing = sorted(
        (str(p.relative_to(db.parent)), p.stat().st_size)
        for p in db.parent.rglob("*")
        if p.is_file()
    )
    return hashlib.sha256(db.read_bytes()).hexdigest(), listing


def _cli(setup, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTXH_PASSPHRASE": setup["pass"], "CTXH_KEY_PASSPHRASE": setup["keypass"]}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=env
    )


@pytest.fixture
def office_copy(setup, tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    copy = folder / "office.db"
    setup["office"].store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("", ".keys"):
        shutil.copyfile(str(setup["office"].store.path) + suffix, str(copy) + suffix)
    return copy


def test_bad_values_are_refused_whole_and_leave_the_office_byte_identical(
    setup, office_copy, tmp_path
):
    before = _fingerprint(office_copy)
    for i, (table, field, value) in enumerate(BAD_VALUES):
        bad = tmp_path / f"bad{i}.ctxh"
        bad.write_bytes(_sealed(setup, table, field, value))
        out = _cli(setup, "import", str(office_copy), str(bad))
        err = out.stderr.decode()
        assert out.returncode == 2, (table, field, err)
        assert "Traceback" not in err
        assert table in err and field in err, err
        assert _fingerprint(office_copy) == before, (table, field)
    for args in (["stats", str(office_copy), "--json"], ["todo", str(office_copy), "--json"]):
        assert _cli(setup, *args).returncode == 0, args


def test_header_numbers_beyond_64_bits_are_refused_leaving_no_copy(setup, office_copy, tmp_path):
    before = _fingerprint(office_copy)
    for i, header in enumerate(({"seq_hi": 2**70}, {"epoch": 2**64})):
        bad = tmp_path / f"big{i}.ctxh"
        bad.write_bytes(_sealed(setup, "person", "notes", None, **header))
        out = _cli(setup, "import", str(office_copy), str(bad))
        assert out.returncode == 2, (header, out.stderr.decode())
        assert b"Traceback" not in out.stderr
        assert _fingerprint(office_copy) == before, header


def test_a_line_one_byte_over_the_cap_is_damaged(setup):
    cap = bundle_format.DEFAULT_LIMITS.max_line
    row = {"id": "x", "commune": "00004", "rev": 1, "notes": ""}
    line = json.dumps({"table": "person", "row": row}, separators=(",", ":"))
    overhead = len(line.encode())  # without the newline, which ends the line
    for size, ok in ((cap, True), (cap + 1, False)):
        data, _h = bundle_writer.seal(
            {
                "commune": "00004",
                "device_id": "d",
                "kind": "delta",
                "schema": SCHEMA_VERSION,
                "epoch": 0,
                "seq_lo": 1,
                "seq_hi": 1,
            },
            [("person", {**row, "notes": "n" * (size - overhead)})],
            [setup["recipient"]],
            setup["device"],
        )
        opened = bundle.open_bundle(
            data,
            setup["identities"],
            lambda c, d: setup["device"].signing_public_b64,
            max_schema=SCHEMA_VERSION,
        )
        if ok:
            assert len(list(opened.rows())) == 1
        else:
            with pytest.raises(DamagedFile):
                list(opened.rows())


def test_a_key_enrolled_for_one_device_cannot_enrol_as_another_nor_be_swapped(setup):
    office = setup["office"]
    data = (setup["folder"] / "enrol.json").read_bytes()
    info = config.read_enrolment(data)
    exchange.save_enrolled_device(office, info, data)  # the same enrolment again: accepted
    with pytest.raises(UserError, match="đã đăng ký cho thiết bị"):
        exchange.save_enrolled_device(office, {**info, "device_id": "other"}, data)
    with pytest.raises(UserError, match="đã đăng ký với khóa khác"):
        exchange.save_enrolled_device(office, {**info, "fingerprint": "X" * 16}, data)
    with pytest.raises(UserError, match="khóa hoặc xã khác"):
        exchange.save_enrolled_device(office, {**info, "commune_code": "00008"}, data)
