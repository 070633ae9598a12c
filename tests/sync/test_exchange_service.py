"""The exchange between a commune and its office, through the services."""

from __future__ import annotations

import json
import shutil

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import exchange, session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import received_audit as db_audit
from ctxh_desktop.sync import bundle, bundle_writer, keys

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"
COMMUNE = "00004"


@pytest.fixture(scope="module")
def office_template(tmp_path_factory, new_office):
    folder = tmp_path_factory.mktemp("office")
    created = new_office(folder / "office.db", passphrase=PASS, key_passphrase=KEYPASS)
    config = created.config
    identities = exchange.unlock_office(created.session, KEYPASS)
    created.session.close()
    return folder, config, identities, created


@pytest.fixture
def office(office_template, tmp_path):
    folder, config, identities, _created = office_template
    for f in folder.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    s = session.open_session(tmp_path / "office.db", PASS)
    (tmp_path / "config.json").write_bytes(config)
    yield s, identities, tmp_path / "config.json"
    s.close()


@pytest.fixture
def commune(tmp_path, office):
    s = session.create_demo_database(tmp_path / "xa.db", commune=COMMUNE)
    s.user, s.role = "demo", "admin"
    _off, _ids, config_path = office
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(config_path))
    exchange.trust_office(s, config_path, fp.lower())
    yield s
    s.close()


def enrol(office_session, commune_session, tmp_path):
    out = tmp_path / "enrol.json"
    fp = exchange.write_enrolment(commune_session, out)
    exchange.enrol_device(office_session, out, fp)


def count(s, table, where="1", params=()):
    return s.store.scalar(f"SELECT count(*) FROM {table} WHERE {where}", params)


def test_office_has_keys_config_and_expected_communes(office):
    s, identities, _config_path = office
    info = db_exchange.office(s.store)
    assert info["unit_code"] == "01" and s.kind == "office"
    assert identities[0].fingerprint == info["fingerprint"]
    assert len(db_exchange.expected_communes(s.store)) > 50
    with pytest.raises(UserError):
        exchange.unlock_office(s, "sai mật khẩu")


def test_created_office_recovery_sheet_matches(office_template):
    *_rest, created = office_template
    assert keys.keys_from_recovery_text(created.recovery_sheet).fingerprint == created.fingerprint


def test_trust_refuses_a_wrong_fingerprint(tmp_path, office):
    _s, _ids, config_path = office
    c = session.create_demo_database(tmp_path / "c.db")
    try:
        with pytest.raises(UserError, match="không khớp"):
            exchange.trust_office(c, config_path, "AAAA-AAAA-AAAA-AAAA-AAAA")
        with pytest.raises(UserError, match="đủ 20 ký tự"):
            exchange.trust_office(c, config_path, "AAAA-AAAA-AAAA-AAAA")
        with pytest.raises(UserError, match="Chưa cài cấu hình"):
            exchange.export(c, tmp_path)
    finally:
        c.close()


def test_full_cycle_export_import_delta_and_duplicate(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    first = exchange.export(commune, tmp_path)
    assert first.path.name.startswith("ctxh_00004_") and first.header["kind"] == "delta"
    r = exchange.import_file(o, first.path, ids)
    assert r.status == "accepted", r.message
    assert count(o, "person") == count(commune, "person") == 300
    assert count(o, "case_file", "commune = ?", [COMMUNE]) == 40
    assert r.kept_at.exists()
    # Importing again changes nothing.
    again = exchange.import_file(o, first.path, ids)
    assert again.status == "duplicate"
    # A delta carries only what changed, and it wins at the office.
    person = commune.store.records("person", order="rowid")[0]
    commune.store.update("person", person["id"], {"household_status": "poor"})
    second = exchange.export(commune, tmp_path / "second.ctxh")
    # one changed person, plus the audit entry of the previous export
    assert second.header["rows"] == {"audit_log": 1, "person": 1}
    assert second.header["seq_lo"] == first.header["seq_hi"] + 1
    assert exchange.import_file(o, second.path, ids).status == "accepted"
    got = o.store.get("person", person["id"])
    assert got["household_status"] == "poor" and got["rev"] == person["rev"] + 1
    assert exchange.gaps(o) == []
    assert db_exchange.coverage(o.store)


def test_privacy_filter_keeps_identities_at_the_commune(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    p = commune.store.insert(
        "person",
        {"full_name": "Nguyễn Văn Đức", "phone": "0912345678", "id_number": "001200000001"},
    )
    ok = commune.store.insert(
        "person", {"full_name": "Lê Thị Hoa", "phone": "0987654321", "consent_share": True}
    )
    r = exchange.import_file(o, exchange.export(commune, tmp_path).path, ids)
    assert r.status == "accepted"
    there = o.store.get("person", p["id"])
    assert there["full_name"] == "N.V.Đ." and there["phone"] is None and there["id_number"] is None
    assert o.store.get("person", ok["id"])["full_name"] == "Lê Thị Hoa"
    narratives = o.store.scalar(
        "SELECT count(*) FROM case_event WHERE sensitive = 1 AND narrative IS NOT NULL"
    )
    assert narratives == 0
    assert commune.store.get("person", p["id"])["full_name"] == "Nguyễn Văn Đức"


def test_unknown_device_is_quarantined_without_changing_the_database(tmp_path, office, commune):
    o, ids, _cfg = office
    path = exchange.export(commune, tmp_path).path
    before = o.store.scalar("SELECT count(*) FROM audit_log")
    r = exchange.import_file(o, path, ids)
    assert r.status == "quarantined" and "chưa đăng ký" in r.message
    assert r.kept_at.exists() and r.kept_at.with_name(r.kept_at.name + ".json").exists()
    assert count(o, "person") == 0
    assert o.store.scalar("SELECT count(*) FROM audit_log") == before
    enrol(o, commune, tmp_path)
    assert exchange.import_file(o, r.kept_at, ids).status == "accepted"


def test_revoked_device_and_foreign_files_are_refused(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    path = exchange.export(commune, tmp_path).path
    exchange.revoke_device(o, commune.store.device_id)
    r = exchange.import_file(o, path, ids)
    assert r.status == "refused" and "thu hồi" in r.message
    junk = tmp_path / "junk.ctxh"
    junk.write_bytes(b"not a bundle")
    assert exchange.import_file(o, junk, ids).status == "refused"
    assert exchange.import_file(o, tmp_path / "missing.ctxh", ids).status == "refused"
    assert count(o, "person") == 0


def test_import_is_order_independent(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    first = exchange.export(commune, tmp_path / "a.ctxh")
    person = commune.store.records("person", order="rowid")[0]
    commune.store.update("person", person["id"], {"notes": "x", "consent_share": True})
    second = exchange.export(commune, tmp_path / "b.ctxh")
    assert exchange.import_file(o, second.path, ids).status == "accepted"
    assert exchange.import_file(o, first.path, ids).status == "accepted"
    got = o.store.get("person", person["id"])
    assert got["rev"] == person["rev"] + 1 and got["notes"] == "x"
    assert db_exchange.conflicts(o.store) == []


def test_restore_epoch_beats_older_higher_rev_and_equal_versions_conflict(
    tmp_path, office, commune
):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    person = commune.store.insert("person", {"full_name": "A", "consent_share": True})
    for i in range(3):
        commune.store.update("person", person["id"], {"notes": f"v{i}"})
    exchange.import_file(o, exchange.export(commune, tmp_path / "a.ctxh").path, ids)
    # Simulate a restore: new epoch, rev back to 2, then an edit made after the restore.
    commune.store.set_meta("epoch", "1")
    commune.store.db.execute(
        "UPDATE person SET rev = 1, epoch = 1, notes = 'after' WHERE id = ?", [person["id"]]
    )
    r = exchange.import_file(o, exchange.export(commune, tmp_path / "b.ctxh").path, ids)
    assert r.status == "accepted"
    got = o.store.get("person", person["id"])
    assert (got["epoch"], got["rev"], got["notes"]) == (1, 1, "after")
    # Same (epoch, rev) with different content: a conflict to review, decided deterministically.
    commune.store.db.execute(
        "UPDATE person SET rev = 0, notes = 'other' WHERE id = ?", [person["id"]]
    )
    commune.store.db.execute("UPDATE person SET rev = 1 WHERE id = ?", [person["id"]])
    exchange.import_file(o, exchange.export(commune, tmp_path / "c.ctxh").path, ids)
    conflicts = db_exchange.conflicts(o.store)
    assert len(conflicts) == 1 and conflicts[0]["row_id"] == person["id"]


def test_snapshot_and_receipt(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    snap = exchange.export(commune, tmp_path / "s.ctxh", full=True)
    assert snap.header["kind"] == "snapshot"
    assert exchange.import_file(o, snap.path, ids).status == "accepted"
    data = exchange.make_receipt(o, commune.store.device_id, KEYPASS)
    (tmp_path / "r.json").write_bytes(data)
    got = exchange.read_receipt(commune, tmp_path / "r.json")
    assert got["tables"]["person"]["count"] == 300
    assert got["unacknowledged"] == []


def test_bundle_of_another_commune_rows_is_refused(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    commune.store.db.execute("UPDATE person SET commune = '00007' WHERE rowid = 1")
    r = exchange.import_file(o, exchange.export(commune, tmp_path).path, ids)
    assert r.status == "refused" and "xã khác" in r.message
    assert count(o, "person") == 0 and list((tmp_path / "office_received").rglob("*.ctxh")) == []


def test_restore_bundle_gives_the_commune_back_what_the_office_held(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    person = commune.store.insert("person", {"full_name": "Phạm Thị Lan", "phone": "0900000000"})
    commune.store.update("person", person["id"], {"notes": "mới nhất", "household_status": "poor"})
    assert exchange.import_file(o, exchange.export(commune, tmp_path / "a.ctxh").path, ids).ok
    # The commune goes back to an older state (a restore from an old backup).
    commune.store.db.execute(
        "UPDATE person SET rev = 1, household_status = NULL WHERE id = ?", [person["id"]]
    )
    restore = exchange.make_restore_bundle(o, commune.store.device_id, tmp_path, KEYPASS)
    assert restore.header["kind"] == "restore"
    # Only the commune's device can open it; the office itself cannot.
    assert exchange.import_file(o, restore.path, ids).status == "refused"
    counts = exchange.apply_restore(commune, restore.path)
    assert counts["updated"] >= 1
    got = commune.store.get("person", person["id"])
    assert got["household_status"] == "poor" and got["rev"] == 2
    # What never left the commune is kept: the full name and the phone number.
    assert got["full_name"] == "Phạm Thị Lan" and got["phone"] == "0900000000"


def test_every_import_order_ends_in_the_same_office_state(
    tmp_path, office_template, commune, office
):
    import itertools

    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    enrolment = tmp_path / "enrol.json"
    person = commune.store.insert("person", {"full_name": "B", "consent_share": True})
    files = [exchange.export(commune, tmp_path / "1.ctxh").path]
    commune.store.update("person", person["id"], {"notes": "two"})
    files.append(exchange.export(commune, tmp_path / "2.ctxh").path)
    # A conflicting version: same (epoch, rev) as file 2, other content.
    commune.store.db.execute(
        "UPDATE person SET rev = 0, notes = 'rival' WHERE id = ?", [person["id"]]
    )
    commune.store.db.execute("UPDATE person SET rev = 2 WHERE id = ?", [person["id"]])
    files.append(exchange.export(commune, tmp_path / "3.ctxh", full=True).path)
    folder, *_ = office_template
    states = set()
    for n, order in enumerate(itertools.permutations(files)):
        target = tmp_path / f"perm{n}"
        target.mkdir()
        for f in folder.iterdir():
            if f.is_file():
                shutil.copy(f, target / f.name)
        s = session.open_session(target / "office.db", PASS)
        try:
            exchange.enrol_device(s, enrolment, commune_fp(commune))
            for path in order + order:  # and each file twice
                assert exchange.import_file(s, path, ids).ok
            rows = s.store.rows("SELECT id, rev, epoch, notes, full_name FROM person ORDER BY id")
            states.add(json.dumps(rows, sort_keys=True))
            assert len(db_exchange.conflicts(s.store)) == 1
        finally:
            s.close()
    assert len(states) == 1


def commune_fp(commune):
    return exchange.device_keys(commune).fingerprint


def test_key_rotation_keeps_old_files_readable_and_communes_follow(
    tmp_path, office, commune, new_office
):
    o, _ids, _cfg = office
    enrol(o, commune, tmp_path)
    old_file = exchange.export(commune, tmp_path / "old.ctxh").path
    new_cfg, fingerprint, sheet = exchange.rotate_office_keys(o, KEYPASS)
    (tmp_path / "new.json").write_bytes(new_cfg)
    assert fingerprint in sheet
    cfg = exchange.trust_office(commune, tmp_path / "new.json", None)
    assert cfg["fingerprint"] == fingerprint
    new_file = exchange.export(commune, tmp_path / "new.ctxh").path
    results = exchange.import_files(o, [old_file, new_file], KEYPASS)
    assert [r.status for r in results] == ["accepted", "accepted"]
    stranger = new_office(tmp_path / "x.db", "01", "X", PASS, KEYPASS)
    stranger.session.close()
    (tmp_path / "stranger.json").write_bytes(stranger.config)
    with pytest.raises(UserError):
        exchange.trust_office(commune, tmp_path / "stranger.json", None)


@pytest.mark.parametrize(
    "rows",
    [
        [("person", {"id": "h1", "commune": COMMUNE, "rev": 2**70, "full_name": "x"})],
        [("person", {"id": "h2", "commune": COMMUNE, "rev": 1, "full_name": None})],
        [("person", {"id": "h3", "commune": COMMUNE, "rev": 1, "full_name": "x", "evil": 1})],
        [("sqlite_master", {"id": "h4", "commune": COMMUNE, "rev": 1})],
        [("person", {"id": "h5", "commune": COMMUNE, "rev": "1", "full_name": "x"})],
        [("person", {"id": "h6", "commune": COMMUNE, "rev": 1, "full_name": ["x"]})],
        [("person", {"id": 7, "commune": COMMUNE, "rev": 1, "full_name": "x"})],
        [("person", {"id": "h8", "commune": "00007", "rev": 1, "full_name": "x"})],
    ],
)
def test_hostile_rows_from_an_enrolled_device_are_refused_whole(tmp_path, office, commune, rows):
    from ctxh_desktop.storage.schema import SCHEMA_VERSION

    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    good = ("person", {"id": "ok", "commune": COMMUNE, "rev": 1, "full_name": "y"})
    header = {
        "commune": COMMUNE,
        "device_id": commune.store.device_id,
        "kind": "delta",
        "schema": SCHEMA_VERSION,
        "epoch": 0,
        "seq_lo": 1,
        "seq_hi": 1,
    }
    path = tmp_path / "hostile.ctxh"
    cfg = exchange.trusted_config(commune)
    bundle_writer.write_bundle(
        path, header, [good, *rows], cfg["recipients"], exchange.device_keys(commune)
    )
    r = exchange.import_file(o, path, ids)
    assert r.status == "refused", r.message
    assert count(o, "person") == 0 and count(o, "bundle_received") == 0


def test_children_arriving_before_their_parents_are_accepted(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    case = commune.store.records("case_file", order="rowid")[0]
    base = exchange.export(commune, tmp_path / "base.ctxh")
    commune.store.insert(
        "case_event", {"case_id": case["id"], "at": "2026-11-01T08:00", "kind": "note"}
    )
    child = exchange.export(commune, tmp_path / "child.ctxh")
    assert exchange.import_file(o, child.path, ids).status == "accepted"
    assert exchange.import_file(o, base.path, ids).status == "accepted"
    assert count(o, "case_event") == count(commune, "case_event")
    assert o.store.scalar("PRAGMA foreign_keys") == 1


def test_gaps_are_reported_until_a_snapshot_closes_them(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    people = commune.store.records("person", order="rowid")
    files = []
    for i in range(3):
        commune.store.update("person", people[i]["id"], {"household_status": "poor"})
        files.append(exchange.export(commune, tmp_path / f"{i}.ctxh"))
    exchange.import_file(o, files[0].path, ids)
    exchange.import_file(o, files[2].path, ids)
    gap = files[1].header["seq_lo"], files[1].header["seq_hi"]
    assert exchange.gaps(o)[0]["missing"] == [gap]
    exchange.import_file(o, exchange.export(commune, tmp_path / "s.ctxh", full=True).path, ids)
    assert exchange.gaps(o) == []


def test_coverage_months():
    assert exchange.coverage_months("2026-09-15", "2026-11-02") == ["2026-09", "2026-10", "2026-11"]
    assert len(exchange.coverage_months("2000-01-01", "2026-11-02")) == exchange.MAX_COVERAGE_MONTHS
    assert exchange.coverage_months("2000-01-01", "2026-11-02")[-1] == "2026-11"
    assert exchange.coverage_months("x", "y") == []


def test_first_export_after_a_restore_is_a_snapshot(tmp_path, office, commune):
    exchange.export(commune, tmp_path / "a.ctxh")
    assert exchange.export(commune, tmp_path / "b.ctxh").header["kind"] == "delta"
    commune.store.set_meta("epoch", "1")  # what a restore from backup does
    after = exchange.export(commune, tmp_path / "c.ctxh")
    assert after.header["kind"] == "snapshot" and after.header["epoch"] == 1
    assert exchange.export(commune, tmp_path / "d.ctxh").header["kind"] == "delta"


def test_an_import_run_backs_up_once_and_only_when_something_changes(office, commune, tmp_path):
    from ctxh_desktop.storage import backup

    o, _ids, _config = office
    enrol(o, commune, tmp_path)
    first = exchange.export(commune, tmp_path).path
    junk = tmp_path / "junk.ctxh"
    junk.write_bytes(b"not a bundle")
    exchange.import_files(o, [junk], KEYPASS)
    assert backup.list_backups(o.store.path) == []  # a refused file changes nothing
    results = exchange.import_files(o, [first, junk], KEYPASS)
    assert [r.status for r in results] == ["accepted", "refused"]
    made = backup.list_backups(o.store.path)
    assert len(made) == 1 and "-import" in made[0].name
    exchange.import_files(o, [first], KEYPASS)  # already imported: no new backup
    assert len(backup.list_backups(o.store.path)) == 1


def test_restore_then_edit_then_export_reaches_the_office(office, commune, tmp_path):
    """A commune restored from an older backup: its new edits still win at the office."""
    from ctxh_desktop.services import backups as backup_service
    from ctxh_desktop.services import people

    o, ids, _config = office
    enrol(o, commune, tmp_path)
    saved = backup_service.backup_now(commune, reason="manual")
    person = next(  # one whose notes may leave the commune
        p
        for p in people.list_people(commune, limit=100)
        if commune.store.get("person", p["id"])["consent_share"]
    )
    for _ in range(3):  # edits the office receives, then the commune loses them
        commune.store.update("person", person["id"], {"notes": "trước khi hỏng máy"})
    assert (
        exchange.import_file(o, exchange.export(commune, tmp_path).path, ids).status == "accepted"
    )
    path = commune.store.path
    commune.close()
    epoch = backup_service.restore(path, saved, "demo")
    assert epoch == 1
    again = session.open_session(path, "demo")
    try:
        again.store.update("person", person["id"], {"notes": "sửa sau khi khôi phục"})
        bundle_path = exchange.export(again, tmp_path).path
    finally:
        again.close()
    result = exchange.import_file(o, bundle_path, ids)
    assert result.status == "accepted", result.message
    held = o.store.get("person", person["id"])
    assert held["notes"] == "sửa sau khi khôi phục"
    assert (held["epoch"], held["rev"]) == (1, 2)


def test_the_communes_audit_trail_travels_with_its_bundles(office, commune, tmp_path):
    from ctxh_desktop.services import people

    o, ids, _config = office
    enrol(o, commune, tmp_path)
    assert (
        exchange.import_file(o, exchange.export(commune, tmp_path).path, ids).status == "accepted"
    )
    first = exchange.received_audit(o, COMMUNE)
    assert first and {e["action"] for e in first} >= {"user_saved"}
    people.register_person(commune, {"full_name": "Hà Thị Nhung"})
    assert (
        exchange.import_file(o, exchange.export(commune, tmp_path).path, ids).status == "accepted"
    )
    entries = exchange.received_audit(o, COMMUNE)
    assert any(e["action"] == "create" and e["entity"] == "person" for e in entries)
    assert len({(e["origin_seq"]) for e in entries}) == len(entries)  # each entry kept once
    assert "Nhung" not in str(entries)  # ids and codes only


@pytest.mark.parametrize("share", [False, True])
def test_exported_rows_are_the_stored_rows_through_the_privacy_filter(
    tmp_path, office, commune, share
):
    """Export reads rows as JSON made by SQLite; what arrives must be exactly the stored rows
    passed through ``privacy_filter`` (every table, every column, awkward text included)."""
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    store = commune.store
    tricky = store.insert(
        "person",
        {
            "full_name": 'Đỗ "Bé" Na\nmới 😊',
            "notes": "tab\tand \\ backslash",
            "phone": "0912 345 678",
            "target_groups": ["tt07_1", "tt07_2"],
        },
    )
    case_id = store.scalar("SELECT id FROM case_file LIMIT 1")
    store.insert(
        "case_event",
        {
            "case_id": case_id,
            "at": "2026-10-01",
            "kind": "note",
            "narrative": "kín",
            "sensitive": 1,
        },
    )
    # a case's follow-up: its minutes and its safety plan stay at the commune unless shared
    store.insert(
        "case_conference",
        {
            "case_id": case_id,
            "held_on": "2026-10-02",
            "kind": "case_meeting",
            "participants": "CTV",
            "minutes": "biên bản kín",
        },
    )
    store.insert(
        "consent",
        {
            "case_id": case_id,
            "given_by": "parent",
            "given_on": "2026-10-02",
            "purposes": ["share_office"],
            "child_view": "agrees",
            "giver_name": "Mẹ",
        },
    )
    mai = store.insert(
        "staff", {"full_name": "Hà Thị Mai", "role": "collaborator", "phone": "0912345678"}
    )
    store.insert(
        "staff_certificate", {"staff_id": mai["id"], "number": "CC-1", "issued_on": "2025-01-02"}
    )
    if share:
        store.set_setting(exchange.SHARE_IDENTIFYING, "1")
        store.set_setting(exchange.SHARE_SENSITIVE, "1")
    keep = exchange.privacy_filter(commune)
    hi = db_exchange.last_change_seq(store)
    expected = [(t, keep(t, r)) for t, r in db_exchange.changed_rows(store, 0, hi, full=True)]
    assert any(t == "case_event" and r["sensitive"] for t, r in expected)
    assert any(t == "person" and not r["consent_share"] for t, r in expected)
    staff = next(r for t, r in expected if t == "staff" and r["id"] == mai["id"])
    assert (staff["full_name"] == "Hà Thị Mai") is share and (staff["phone"] is None) is not share

    result = exchange.export(commune, tmp_path, full=True)
    opened = bundle.open_bundle(
        result.path.read_bytes(), ids, exchange.device_lookup(o), max_schema=99
    )
    got = [(t, r) for t, r in opened.rows() if t != db_audit.AUDIT_TABLE]
    assert got == expected
    minutes = [r["minutes"] for t, r in got if t == "case_conference"]
    assert minutes == (["biên bản kín"] if share else [None])
    names = {r["full_name"] for t, r in got if t == "person"}
    assert (store.get("person", tricky["id"])["full_name"] in names) is share


def test_a_device_key_rotation_signed_by_the_old_key_replaces_it_at_the_office(
    office, commune, tmp_path
):
    s, _ids, _config_path = office
    enrol(s, commune, tmp_path)
    old = exchange.device_keys(commune).fingerprint
    out = tmp_path / "rotation.json"
    new = exchange.write_enrolment(commune, out, rotate=True)
    assert new != old and exchange.device_keys(commune).fingerprint == new
    exchange.enrol_device(s, out, new)  # no --replace needed: the old key signed it
    device = db_exchange.device(s.store, commune.store.device_id)
    assert device["fingerprint"] == new
    assert count(s, "audit_log", "action = 'rotate_device_key'") == 1
    # The commune's next bundle, signed with the new key, is accepted
    written = exchange.export(commune, tmp_path)
    assert exchange.import_files(s, [written.path], KEYPASS)[0].status == "accepted"


def test_a_purge_since_a_day_keeps_older_files_and_derives_the_view_again(
    office, commune, tmp_path
):
    s, _ids, _config_path = office
    enrol(s, commune, tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    snapshot = exchange.export(commune, tmp_path / "a", full=True)
    assert exchange.import_files(s, [snapshot.path], KEYPASS)[0].status == "accepted"
    with s.store.atomic():  # the snapshot arrived last month
        s.store.db.execute("UPDATE bundle_received SET imported_at = '2026-01-05T09:00:00'")
    person = commune.store.rows("SELECT id, full_name FROM person ORDER BY id LIMIT 1")[0]
    with commune.store.atomic():
        commune.store.update("person", person["id"], {"full_name": "Tên Bị Sửa Bậy"})
    delta = exchange.export(commune, tmp_path / "b")
    assert exchange.import_files(s, [delta.path], KEYPASS)[0].status == "accepted"
    name = lambda: s.store.scalar("SELECT full_name FROM person WHERE id = ?", [person["id"]])  # noqa: E731
    assert name() != person["full_name"] or person["full_name"] == "Tên Bị Sửa Bậy"
    held = count(s, "person")
    with pytest.raises(UserError, match="thu hồi"):
        exchange.purge_device(s, commune.store.device_id, KEYPASS, "2026-02-01")
    exchange.revoke_device(s, commune.store.device_id)
    done = exchange.purge_device(s, commune.store.device_id, KEYPASS, "2026-02-01")
    assert done["files"] == 1 and done["since"] == "2026-02-01"
    assert count(s, "person") == held  # the snapshot merged again
    assert name() == exchange.privacy_filter(commune)("person", person)["full_name"]
    assert count(s, "bundle_received", "status = 'purged'") == 1
    assert count(s, "audit_log", "action = 'purge_device'") == 1
    done = exchange.purge_device(s, commune.store.device_id, KEYPASS)  # the rest too
    assert count(s, "person") == 0


def test_an_export_and_an_import_run_are_logged_with_counts_never_names(
    office, commune, tmp_path, caplog
):
    import logging

    o, _ids, _config = office
    enrol(o, commune, tmp_path)
    caplog.set_level(logging.INFO)
    written = exchange.export(commune, tmp_path)
    junk = tmp_path / "junk.ctxh"
    junk.write_bytes(b"not a bundle")
    exchange.import_files(o, [written.path, junk], KEYPASS)
    lines = {r.name: r.getMessage() for r in caplog.records if r.name.startswith("ctxh.")}
    assert lines["ctxh.export"].startswith(f"export ok kind=delta rows={written.rows} ms=")
    assert lines["ctxh.import"].startswith(
        "import ok files=2 accepted=1 duplicate=0 quarantined=0 refused=1 rows="
    )
    names = [p["full_name"] for p in commune.store.rows("SELECT full_name FROM person LIMIT 50")]
    assert not any(n in line for n in names for line in lines.values())


def test_a_cases_follow_up_reaches_the_office_without_its_minutes(tmp_path, office, commune):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    case_id = commune.store.scalar("SELECT id FROM case_file LIMIT 1")
    with commune.store.atomic():
        meeting = commune.store.insert(
            "case_conference",
            {
                "case_id": case_id,
                "held_on": "2026-10-02",
                "kind": "interagency",
                "participants": "Công an xã",
                "minutes": "biên bản kín",
            },
        )
        consent = commune.store.insert(
            "consent",
            {
                "case_id": case_id,
                "given_by": "parent",
                "given_on": "2026-10-02",
                "purposes": ["share_office", "referral"],
                "child_view": "agrees",
            },
        )
    result = exchange.export(commune, tmp_path)
    assert exchange.import_file(o, result.path, ids).status == "accepted"
    got = o.store.get("case_conference", meeting["id"])
    assert (got["participants"], got["minutes"]) == ("Công an xã", None)
    assert o.store.get("consent", consent["id"])["purposes"] == ["share_office", "referral"]
