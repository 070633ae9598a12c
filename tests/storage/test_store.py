"""The encrypted store: keys, recovery, tombstones, change log, search index, NFC text."""

from __future__ import annotations

import unicodedata

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.storage import queries
from ctxh_desktop.storage.keyfile import FAST_KDF
from ctxh_desktop.storage.schema import (
    CHANGE_LOG_TRIGGER_NAMES,
    SEARCH_TRIGGER_NAMES,
    SEARCH_TRIGGERS,
    expected_triggers,
    missing_triggers,
)
from ctxh_desktop.storage.store import Store


@pytest.fixture
def store(tmp_path):
    s, _code = Store.create(tmp_path / "x.db", "mật khẩu đúng", commune="00004", kdf=FAST_KDF)
    yield s
    s.close()


def test_file_holds_no_readable_text(tmp_path, store):
    store.insert("person", {"full_name": "Nguyễn Văn Đức", "phone": "0912345678"})
    store.close()
    raw = (tmp_path / "x.db").read_bytes()
    assert b"SQLite format 3" not in raw
    assert "Đức".encode() not in raw and b"0912345678" not in raw
    Store.open(tmp_path / "x.db", "mật khẩu đúng").close()


def test_wrong_passphrase_is_refused_and_file_unchanged(tmp_path, store):
    store.close()
    before = (tmp_path / "x.db").read_bytes()
    with pytest.raises(UserError, match="Mật khẩu không đúng"):
        Store.open(tmp_path / "x.db", "sai")
    assert (tmp_path / "x.db").read_bytes() == before


def test_recovery_code_opens_and_passphrase_can_change(tmp_path):
    s, code = Store.create(tmp_path / "y.db", "cũ", commune="00004", kdf=FAST_KDF)
    s.insert("person", {"full_name": "Lê Thị Hoa"})
    s.close()
    s = Store.open_with_recovery(tmp_path / "y.db", code.lower().replace("-", " "))
    s.change_passphrase("cũ", "mới")
    s.close()
    with pytest.raises(UserError):
        Store.open(tmp_path / "y.db", "cũ")
    s = Store.open(tmp_path / "y.db", "mới")
    assert s.scalar("SELECT count(*) FROM person") == 1
    s.close()


def test_hard_delete_is_refused_soft_delete_bumps_rev(store):
    p = store.insert("person", {"full_name": "Trần Văn An"})
    with pytest.raises(Exception, match="never deleted"):
        store.db.execute("DELETE FROM person WHERE id = ?", [p["id"]])
    store.soft_delete("person", p["id"], blank=("phone",))
    row = store.get("person", p["id"])
    assert row["deleted"] == 1 and row["rev"] == 2
    assert [r["row_id"] for r in store.rows("SELECT row_id FROM change_log")] == [p["id"], p["id"]]


def test_text_is_stored_nfc(store):
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị   Ánh ")
    p = store.insert("person", {"full_name": decomposed})
    assert store.get("person", p["id"])["full_name"] == "Nguyễn Thị Ánh"


def test_folded_search_index_finds_d_for_đ(store):
    store.insert("person", {"full_name": "Nguyễn Văn Đức"})
    store.insert("person", {"full_name": "Nguyễn Văn Dũng"})
    rows = store.rows("SELECT rowid FROM person_fts WHERE person_fts MATCH 'duc'")
    assert len(rows) == 1


def test_triggers_come_back_after_being_dropped(tmp_path, store):
    store.db.execute("DROP TRIGGER person_log_insert")
    assert missing_triggers(store.db) == {"person_log_insert"}
    store.close()
    s = Store.open(tmp_path / "x.db", "mật khẩu đúng")
    assert missing_triggers(s.db) == set()
    assert "person_bump" in expected_triggers()
    s.close()


def test_durability_settings(store):
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA synchronous") == 2  # FULL
    assert store.scalar("PRAGMA foreign_keys") == 1


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.atomic():
        store.insert("person", {"full_name": "Phạm Minh Tuấn"})
        raise RuntimeError("boom")
    assert store.scalar("SELECT count(*) FROM person") == 0


def test_not_a_database_gives_a_clear_message(tmp_path, store):
    store.close()
    (tmp_path / "x.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(UserError, match="bị hỏng"):
        Store.open(tmp_path / "x.db", "mật khẩu đúng")


def test_case_codes_are_unique_per_commune_only(store):
    base = {"kind": "general", "received_at": "2026-11-01T08:00", "step": "intake"}
    store.insert("case_file", {**base, "code": "2026-0001-DM"})
    store.insert(
        "case_file", {**base, "code": "2026-0001-DM", "commune": "00008"}
    )  # an office holds both
    with pytest.raises(Exception, match="UNIQUE"):
        store.insert("case_file", {**base, "code": "2026-0001-DM"})


def test_an_office_keeps_no_search_index_and_no_change_log(tmp_path):
    office, _code = Store.create(tmp_path / "o.db", "pw", commune="01", kind="office", kdf=FAST_KDF)
    try:
        names = {r[0] for r in office.db.execute("SELECT name FROM sqlite_master")}
        assert not names & SEARCH_TRIGGER_NAMES and "person_sort" not in names
        assert expected_triggers("office") <= names
        assert not names & CHANGE_LOG_TRIGGER_NAMES
        office.insert("person", {"full_name": "Nguyễn Văn Đức", "commune": "00004"})
        assert office.scalar("SELECT count(*) FROM person_fts") == 0
        assert office.scalar("SELECT count(*) FROM change_log") == 0
        with pytest.raises(UserError, match="không tìm người theo tên"):
            queries.search(office, "duc")
        with pytest.raises(UserError, match="không tìm người theo tên"):
            queries.list_people(office, "duc")
        # the commune's records are still listed, in register order
        office.insert("person", {"full_name": "Trần Thị An", "commune": "00004"})
        listed = queries.list_people(office, commune="00004")
        assert [p["full_name"] for p in listed] == ["Trần Thị An", "Nguyễn Văn Đức"]
        # an office made before this rule loses its search and change-log triggers when opened
        for sql in SEARCH_TRIGGERS:
            office.db.execute(sql)
        office.db.execute(
            "CREATE TRIGGER person_log_insert AFTER INSERT ON person"
            " BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('person', NEW.id); END"
        )
        office.insert("person", {"full_name": "Lê Văn Bình", "commune": "00004"})
        assert office.scalar("SELECT count(*) FROM change_log") == 1
        assert missing_triggers(office.db) == SEARCH_TRIGGER_NAMES | {"person_log_insert"}
    finally:
        office.close()
    reopened = Store.open(tmp_path / "o.db", "pw")
    try:
        assert missing_triggers(reopened.db) == set()
        triggers = {r[0] for r in reopened.db.execute("SELECT name FROM sqlite_master")}
        assert not triggers & (SEARCH_TRIGGER_NAMES | CHANGE_LOG_TRIGGER_NAMES)
        assert reopened.scalar("SELECT count(*) FROM change_log") == 0
        assert reopened.scalar("SELECT count(*) FROM person") == 3
    finally:
        reopened.close()


def test_new_records_take_ids_of_their_commune_newest_last(store, monkeypatch):
    import types

    from ctxh_desktop.storage import store as store_module

    # a clock that moves one millisecond per id (no waiting for the real one)
    ticks = iter(range(1_767_225_600_000, 1_767_225_700_000))
    clock = types.SimpleNamespace(time_ns=lambda: next(ticks) * 1_000_000)
    monkeypatch.setattr(store_module, "time", clock)
    first = store.insert("person", {"full_name": "Trần Văn An"})
    second = store.insert("person", {"full_name": "Lê Thị Bình"})
    elsewhere = store.insert("person", {"full_name": "Phạm Văn Cường", "commune": "00008"})
    assert first["id"].startswith("00004") and second["id"].startswith("00004")
    assert first["id"] < second["id"]
    assert elsewhere["id"].startswith("00008")
    from ctxh_desktop.storage import audit

    assert audit.append(store, "cb1", "person.create", "person", first["id"])["id"][:5] == "00004"


def test_nothing_outside_the_store_reads_its_key():
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "ctxh_desktop"
    readers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "store.py" and re.search(r"\._key(_content)?\b", path.read_text("utf-8"))
    ]
    assert readers == []
