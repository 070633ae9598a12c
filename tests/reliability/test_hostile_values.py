"""Hostile values: files signed with a real enrolled commune's key whose rows hold values no form
could have saved. Each is refused whole (exit 2, a message naming table, row and field) and leaves
the office byte-identical: same database file, same received folder, no backup, no audit entry."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from office_commands import REPORTS

from ctxh_desktop.cli import main
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import exchange, session
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
    # a few per column kind: a code not in its list, a date or moment that is not one, a number
    # out of the form's range, JSON of the wrong shape, text longer than the form allows
    ("person", "gender", "robot"),
    ("case_file", "step", "limbo"),
    ("child_support", "kind", "gold_bars"),
    ("person", "birth_date", "2026-02-31"),
    ("child_support", "month", "2026-13"),
    ("case_event", "at", "yesterday"),
    ("child_support", "amount", -1),
    ("consultation", "duration_min", 601),
    ("person", "consent_share", 2),
    ("case_file", "problem_types", '{"violence": 1}'),
    ("person", "target_groups", '["not_a_group"]'),
    ("case_file", "plan", '{"activities": "many"}'),
    ("case_file", "plan", '{"activities": [{"what": "x", "start": "soon"}]}'),
    ("person", "notes", "n" * 4001),
    ("case_file", "code", "c" * 41),
    ("person", "phone", "12345"),
]


def _sealed(setup, table: str, field: str, value, **header) -> bytes:
    """The good snapshot with one row of ``table`` holding ``value`` in ``field``, re-signed."""
    return _sealed_with_id(setup, table, field, value, **header)[0]


def _sealed_with_id(setup, table: str, field: str, value, **header) -> tuple[bytes, str]:
    """:func:`_sealed` and the id of the row changed."""
    opened = bundle.open_bundle(
        setup["good"],
        setup["identities"],
        lambda commune, device: setup["device"].signing_public_b64,
        max_schema=SCHEMA_VERSION,
    )
    rows, changed = [], None
    for name, row in opened.rows():
        if name == table and not changed:
            row, changed = {**row, field: value}, str(row.get("id"))
        rows.append((name, row))
    assert changed, table
    head = {k: opened.header[k] for k in ("commune", "device_id", "kind", "schema", "epoch")}
    data, _header = bundle_writer.seal(
        {**head, "seq_lo": 1, "seq_hi": 1, **header}, rows, [setup["recipient"]], setup["device"]
    )
    return data, changed


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
    setup["copy_to"](copy)
    return copy


#: What an office must still do after refusing them.
AFTERWARDS = REPORTS


@pytest.fixture
def in_process(setup, monkeypatch):
    """Commands run in this process (the same ``main`` as ``ctxh``), under the office's secrets."""
    monkeypatch.setenv("CTXH_PASSPHRASE", setup["pass"])
    monkeypatch.setenv("CTXH_KEY_PASSPHRASE", setup["keypass"])
    monkeypatch.delenv("CTXH_DEBUG", raising=False)
    return main


@pytest.mark.parametrize(("table", "field", "value"), BAD_VALUES, ids=lambda v: str(v)[:20])
def test_a_bad_value_is_refused_whole_naming_it_and_leaves_the_office_byte_identical(
    setup, office_copy, tmp_path, in_process, capsys, table, field, value
):
    before = _fingerprint(office_copy)
    bad = tmp_path / "bad.ctxh"
    data, row_id = _sealed_with_id(setup, table, field, value)
    bad.write_bytes(data)
    code = in_process(["import", str(office_copy), str(bad)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"bảng {table}, dòng {row_id}, trường {field}:" in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert _fingerprint(office_copy) == before


def test_the_command_line_refuses_bad_values_without_a_traceback(setup, office_copy, tmp_path):
    before = _fingerprint(office_copy)
    for i, (table, field, value) in enumerate(BAD_VALUES[:8]):
        bad = tmp_path / f"bad{i}.ctxh"
        bad.write_bytes(_sealed(setup, table, field, value))
        out = _cli(setup, "import", str(office_copy), str(bad))
        err = out.stderr.decode()
        assert out.returncode == 2, (table, field, err)
        assert "Traceback" not in err and table in err and field in err, err
    assert _fingerprint(office_copy) == before


@pytest.fixture(scope="module")
def refused_office(setup, tmp_path_factory) -> Path:
    """A copy of the office that was offered a file for each bad value, and refused them all."""
    folder = tmp_path_factory.mktemp("refused")
    copy = folder / "office.db"
    setup["copy_to"](copy)
    files = []
    for i, (table, field, value) in enumerate(BAD_VALUES):
        files.append(folder / f"bad{i}.ctxh")
        files[-1].write_bytes(_sealed(setup, table, field, value))
    s = session.open_session(copy, setup["pass"])
    try:
        results = exchange.import_files(s, files, setup["keypass"])
    finally:
        s.close()
    assert [r.status for r in results] == ["refused"] * len(files)
    return copy


@pytest.mark.parametrize("command", AFTERWARDS, ids=lambda c: "-".join(c[:2]))
def test_after_refusing_them_the_office_still_reports(
    refused_office, tmp_path, in_process, capsys, command
):
    args = [a.format(db=refused_office, out=tmp_path / "out") for a in command]
    assert in_process(args) == 0, capsys.readouterr().err


def test_an_audit_entry_no_audit_log_writes_is_refused_before_anything_is_kept(
    setup, office_copy, tmp_path
):
    before = _fingerprint(office_copy)
    for i, (field, value) in enumerate((("user", "a\x01b"), ("hash", None), ("at", 5))):
        bad = tmp_path / f"audit{i}.ctxh"
        bad.write_bytes(_sealed(setup, "audit_log", field, value))
        out = _cli(setup, "import", str(office_copy), str(bad))
        assert out.returncode == 2, (field, out.stderr.decode())
        assert b"Traceback" not in out.stderr
        assert _fingerprint(office_copy) == before, field


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
