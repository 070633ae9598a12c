"""Writing a file all or nothing, and reading a chosen file within a size limit."""

from __future__ import annotations

import errno
import os

import pytest

from ctxh_desktop import files
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.file_reads import read_limited
from ctxh_desktop.storage import keyfile


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    files.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(OSError):
        files.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_the_key_file_is_written_through_a_fresh_temporary_name(tmp_path):
    path = tmp_path / "x.db.key"
    (tmp_path / "x.db.key.tmp").write_text("a leftover of an old crash")
    keyfile.write_key_file(path, {"passphrase": {"wrapped": "w"}})
    assert keyfile.read_key_file(path)["passphrase"] == {"wrapped": "w"}
    assert (tmp_path / "x.db.key.tmp").read_text() == "a leftover of an old crash"


def test_read_limited_reads_a_small_file_and_refuses_a_large_one(tmp_path):
    small = tmp_path / "a.ctxh"
    small.write_bytes(b"12345")
    assert read_limited(small, 5, "quá lớn") == b"12345"
    with pytest.raises(UserError, match="quá lớn"):
        read_limited(small, 4, "quá lớn")


@pytest.mark.parametrize(
    ("name", "message"), [("missing.ctxh", "Không tìm thấy"), ("folder", "thư mục")]
)
def test_read_limited_says_what_is_wrong_with_the_file(tmp_path, name, message):
    (tmp_path / "folder").mkdir()
    with pytest.raises(UserError, match=message):
        read_limited(tmp_path / name, 100, "quá lớn")
