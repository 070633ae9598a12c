"""An auditor opens a bundle with the standard ``age`` tool: the office writes its age identity
(``ctxh office age-identity``, after the key passphrase, mode 0600) and the printed key recovery
sheet holds the key on one line."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import tarfile

import pyrage
import pytest
from pyrage import x25519
from test_cli_exchange import ctxh, ok, refused, setup  # noqa: F401  (an office, its commune)


def _members(tar_bytes: bytes) -> list[str]:
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        return tar.getnames()


def test_the_age_identity_opens_a_bundle_with_the_standard_tool(setup):  # noqa: F811
    d, office, commune = setup
    bundle = d / "for-audit.ctxh"
    ok(ctxh("export", commune, "--out", bundle, "--full"))
    refused(ctxh("office", "age-identity", office, "--out", d / "age.txt",
                 env={"CTXH_KEY_PASSPHRASE": "không phải khóa này"}))  # fmt: skip
    assert not (d / "age.txt").exists()
    path = ok(ctxh("office", "age-identity", office, "--out", d / "age.txt")).strip()
    assert path.endswith("age.txt")
    if os.name == "posix":
        assert stat.S_IMODE((d / "age.txt").stat().st_mode) == 0o600
    lines = (d / "age.txt").read_text().splitlines()
    secrets = [line for line in lines if line.startswith("AGE-SECRET-KEY-1")]
    assert secrets and all(line.startswith("#") or line in secrets for line in lines)
    age = shutil.which("age")
    if age is not None:
        out = subprocess.run(
            f"'{age}' -d -i '{d / 'age.txt'}' '{bundle}' | tar t",
            shell=True,
            capture_output=True,
            check=True,
        )
        names = out.stdout.decode().split()
    else:
        identities = [x25519.Identity.from_str(s) for s in secrets]
        names = _members(pyrage.decrypt(bundle.read_bytes(), identities))
    assert "header.json" in names, names


def test_the_recovery_sheet_prints_the_age_key_on_one_line(setup):  # noqa: F811
    d, _office, _commune = setup
    sheet = (d / "recovery.txt").read_text()
    line = next(x.strip() for x in sheet.splitlines() if "AGE-SECRET-KEY-1" in x)
    assert x25519.Identity.from_str(line)  # the whole key, usable as it stands


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_recovery_sheet_line_is_an_age_identity_file(setup, tmp_path):  # noqa: F811
    d, _office, commune = setup
    sheet = (d / "recovery.txt").read_text()
    line = next(x.strip() for x in sheet.splitlines() if "AGE-SECRET-KEY-1" in x)
    (tmp_path / "id.txt").write_text(line + "\n")
    bundle = tmp_path / "b.ctxh"
    ok(ctxh("export", commune, "--out", bundle, "--full"))
    out = subprocess.run(
        ["age", "-d", "-i", str(tmp_path / "id.txt"), str(bundle)], capture_output=True, check=True
    )
    assert "header.json" in _members(out.stdout)
