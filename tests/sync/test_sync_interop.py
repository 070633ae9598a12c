"""Interoperability with the standard ``age`` tool: the data is never locked into this app."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile

import pyrage
import pytest

from ctxh_desktop.sync import bundle_writer, keys

pytestmark = pytest.mark.interop

AGE = shutil.which("age")


@pytest.fixture
def age_tool():
    if AGE is None:
        if os.environ.get("CTXH_REQUIRE_INTEROP") == "1":
            pytest.fail("the age tool is required (CTXH_REQUIRE_INTEROP=1) but missing")
        pytest.skip("the age tool is not installed")
    return AGE


HEADER = {
    "commune": "00004",
    "device_id": "d",
    "kind": "snapshot",
    "schema": 2,
    "epoch": 0,
    "seq_lo": 0,
    "seq_hi": 1,
}


def test_age_cli_decrypts_our_bundle_and_tar_reads_it(tmp_path, age_tool):
    office, device = keys.generate_office_keys(), keys.generate_device_keys()
    path = tmp_path / "b.ctxh"
    rows = [("person", {"id": "p1", "rev": 1, "full_name": "Lê Thị Hoa"})]
    bundle_writer.write_bundle(path, HEADER, rows, [office.recipient], device)
    key = tmp_path / "office.key"
    key.write_text(office.secret_text())  # our key file is a valid age identity file
    out = subprocess.run(
        [age_tool, "-d", "-i", str(key), str(path)], capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(out.stdout)) as tar:
        assert tar.getnames() == ["header.json", "header.sig", "rows.jsonl.gz"]
        import gzip

        text = gzip.decompress(tar.extractfile("rows.jsonl.gz").read()).decode()
    assert "Lê Thị Hoa" in text


def test_file_encrypted_by_age_cli_opens_with_pyrage(tmp_path, age_tool):
    office = keys.generate_office_keys()
    plain = tmp_path / "plain.txt"
    plain.write_bytes("xin chào".encode())
    enc = tmp_path / "plain.age"
    subprocess.run([age_tool, "-r", office.recipient, "-o", str(enc), str(plain)], check=True)
    assert pyrage.decrypt(enc.read_bytes(), [office.identity]) == "xin chào".encode()
