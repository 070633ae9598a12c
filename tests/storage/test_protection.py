"""Backups, restore into a new epoch, the hash-chained audit log and password hashes."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.storage import accounts, audit, backup
from ctxh_desktop.storage.keyfile import FAST_KDF
from ctxh_desktop.storage.store import Store


@pytest.fixture
def store(tmp_path):
    s, _code = Store.create(tmp_path / "x.db", "mật khẩu", commune="00004", kdf=FAST_KDF)
    yield s
    s.close()


def test_backup_is_encrypted_and_opens_with_the_same_passphrase(tmp_path, store):
    store.insert("person", {"full_name": "Hoàng Thị Đào"})
    path = backup.make_backup(store)
    assert "Đào".encode() not in path.read_bytes()
    copy = Store.open(path, "mật khẩu")
    assert copy.scalar("SELECT full_name FROM person") == "Hoàng Thị Đào"
    copy.close()
    assert not list(path.parent.glob("*.part*"))


def test_rotation_keeps_the_newest(tmp_path, store):
    for _ in range(backup.KEEP_RECENT + 3):
        backup.make_backup(store, reason="manual")
    # made within the same minute: only the newest ten are kept (the newest of the day among them)
    assert len(backup.list_backups(store.path)) == backup.KEEP_RECENT


def test_rotation_keeps_recent_dense_and_older_sparse(tmp_path):
    now = dt.datetime(2026, 12, 4, 17, 0)
    files = [
        backup.BackupFile(tmp_path / f"x-{i}.ctxhbak", now - dt.timedelta(hours=6 * i), "periodic")
        for i in range(4 * 400)  # four a day for 400 days
    ]
    kept = sorted(
        (f for f in files if f.path in backup.to_keep(files, now)), key=lambda f: f.made_at
    )
    kept_at = [f.made_at for f in kept]
    assert {f.path for f in files[: backup.KEEP_RECENT]} <= {k.path for k in kept}
    days = {d.date() for d in kept_at if (now.date() - d.date()).days < backup.KEEP_DAYS}
    assert len(days) == backup.KEEP_DAYS  # one a day for two weeks
    older = [d for d in kept_at if (now.date() - d.date()).days >= backup.KEEP_DAYS]
    assert len({(d.year, d.month) for d in older}) == len(older)  # then at most one a month
    assert min(kept_at) > now - dt.timedelta(days=366)  # nothing older than a year
    assert len(kept) <= backup.KEEP_RECENT + backup.KEEP_DAYS + backup.KEEP_MONTHS


def test_restore_starts_a_new_epoch_and_later_edits_outrank(tmp_path, store):
    p = store.insert("person", {"full_name": "Vũ Văn Nam"})
    saved = backup.make_backup(store)
    store.update("person", p["id"], {"phone": "0912345678"})
    store.close()
    epoch = backup.restore(saved, tmp_path / "x.db", "mật khẩu", live_epoch=0)
    assert epoch == 1
    s = Store.open(tmp_path / "x.db", "mật khẩu")
    assert s.get("person", p["id"])["phone"] is None  # the backup's state
    s.update("person", p["id"], {"phone": "0987654321"})
    row = s.get("person", p["id"])
    assert (row["epoch"], row["rev"]) == (1, 2)  # (1, 2) > (0, 2) held elsewhere
    s.close()


def test_restore_with_wrong_passphrase_changes_nothing(tmp_path, store):
    saved = backup.make_backup(store)
    store.close()
    before = (tmp_path / "x.db").read_bytes()
    with pytest.raises(UserError):
        backup.restore(saved, tmp_path / "x.db", "sai")
    assert (tmp_path / "x.db").read_bytes() == before


def test_audit_chain_detects_an_edited_entry(store):
    for action in ("login", "create", "update", "export"):
        audit.append(store, "ctv", action, "person", "p1")
    assert audit.verify(store) == (True, None, 4)
    store.db.execute("UPDATE audit_log SET user = 'someone' WHERE seq = 2")
    ok, bad, _count = audit.verify(store)
    assert not ok and bad == 2


def test_audit_rows_cannot_be_deleted_and_truncation_is_seen(store):
    for action in ("login", "create"):
        audit.append(store, "ctv", action)
    with pytest.raises(Exception, match="append-only"):
        store.db.execute("DELETE FROM audit_log")
    store.db.execute("DROP TRIGGER audit_no_delete")
    store.db.execute("DELETE FROM audit_log WHERE seq = 2")
    assert audit.verify(store)[0] is False


def test_password_hash_round_trip():
    stored = accounts.hash_password("đúng rồi 123")
    assert accounts.password_matches(stored, "đúng rồi 123")
    assert not accounts.password_matches(stored, "sai")
    assert not accounts.password_matches("garbage", "x")


def test_disk_full_during_backup_leaves_no_file_and_says_so(tmp_path, store, monkeypatch):
    import errno
    import shutil as shutil_module

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil_module, "copyfile", full)
    folder = tmp_path / "usb"
    with pytest.raises(UserError, match="Ổ đĩa đã đầy"):
        backup.make_backup(store, folder=folder)
    assert list(folder.iterdir()) == []


def test_a_damaged_backup_is_refused_and_changes_nothing(tmp_path, store):
    saved = backup.make_backup(store)
    raw = bytearray(saved.read_bytes())
    raw[200:4000] = b"\0" * 3800
    saved.write_bytes(bytes(raw))
    store.close()
    before = (tmp_path / "x.db").read_bytes()
    with pytest.raises(UserError, match="bị hỏng"):
        backup.restore(saved, tmp_path / "x.db", "mật khẩu")
    assert (tmp_path / "x.db").read_bytes() == before
