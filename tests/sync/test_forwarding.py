"""Upward forwarding: a commune-level office sends aggregates or de-identified records to the
province office, which enrols it like a commune device and counts what it forwarded."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import initials
from ctxh_desktop.services import exchange, forwarded_figures, forwarding, session, stats
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.sync import keys

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"
COMMUNE = "00004"


def prefix(path) -> str:
    return keys.normalise_fingerprint(exchange.file_fingerprint(path))


@pytest.fixture(scope="module")
def template(tmp_path_factory, new_office):
    """A commune (sharing names, some with consent) → its commune-level office (data imported) and
    the province office, neither yet linked."""
    folder = tmp_path_factory.mktemp("forward")
    for unit, name in ((COMMUNE, "Văn phòng xã Ba Đình"), ("01", "Sở Y tế Hà Nội")):
        created = new_office(folder / f"{unit}.db", unit, name, PASS, KEYPASS)
        (folder / f"{unit}.cfg").write_bytes(created.config)
        created.session.close()
    commune = session.create_demo_database(folder / "xa.db", commune=COMMUNE)
    commune.user, commune.role = "demo", "admin"
    commune.store.set_setting(exchange.SHARE_IDENTIFYING, "1")
    people = commune.store.records("person", order="rowid")
    for person in people[:5]:
        commune.store.update("person", person["id"], {"consent_share": 1})
    lower = session.open_session(folder / f"{COMMUNE}.db", PASS)
    exchange.trust_office(commune, folder / f"{COMMUNE}.cfg", prefix(folder / f"{COMMUNE}.cfg"))
    fp = exchange.write_enrolment(commune, folder / "xa.enrol")
    exchange.enrol_device(lower, folder / "xa.enrol", fp)
    written = exchange.export(commune, folder, full=True)
    assert exchange.import_files(lower, [written.path], KEYPASS)[0].status == "accepted"
    lower.close()
    commune.close()
    return folder


@pytest.fixture
def offices(template, tmp_path):
    for f in template.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    lower = session.open_session(tmp_path / f"{COMMUNE}.db", PASS)
    higher = session.open_session(tmp_path / "01.db", PASS)
    yield lower, higher, tmp_path
    lower.close()
    higher.close()


def link(lower, higher, folder) -> None:
    forwarding.trust_higher_office(lower, folder / "01.cfg", prefix(folder / "01.cfg"))
    fp = forwarding.write_office_enrolment(lower, folder / "office.enrol", KEYPASS)
    exchange.set_lower_offices(higher, True)
    info = exchange.enrol_device(higher, folder / "office.enrol", fp)
    assert info["device_id"] == exchange.office_device_id(COMMUNE)


def months_with_data(s) -> tuple[str, str]:
    first = s.store.scalar("SELECT min(substr(received_at, 1, 7)) FROM case_file")
    last = s.store.scalar("SELECT max(substr(received_at, 1, 7)) FROM case_file")
    return first, last


def test_trust_needs_the_right_fingerprint_and_an_office(offices, tmp_path):
    lower, _higher, folder = offices
    with pytest.raises(UserError, match="không khớp"):
        forwarding.trust_higher_office(lower, folder / "01.cfg", "AAAA-AAAA-AAAA-AAAA-AAAA")
    with pytest.raises(UserError, match="chính đơn vị này"):
        forwarding.trust_higher_office(
            lower, folder / f"{COMMUNE}.cfg", prefix(folder / f"{COMMUNE}.cfg")
        )
    with pytest.raises(UserError, match="Chưa cài cấu hình của đơn vị cấp trên"):
        forwarding.forward(lower, tmp_path, KEYPASS)
    c = session.create_demo_database(tmp_path / "c.db")
    try:
        with pytest.raises(UserError, match="không phải của đơn vị tiếp nhận"):
            forwarding.trust_higher_office(c, folder / "01.cfg", prefix(folder / "01.cfg"))
    finally:
        c.close()


def test_unenrolled_office_is_quarantined(offices):
    lower, higher, folder = offices
    forwarding.trust_higher_office(lower, folder / "01.cfg", prefix(folder / "01.cfg"))
    result = forwarding.forward(lower, folder, KEYPASS, month_from="2025-01", month_to="2025-02")
    got = exchange.import_files(higher, [result.path], KEYPASS)[0]
    assert got.status == "quarantined"
    assert higher.store.scalar("SELECT count(*) FROM forwarded_aggregate") == 0


def test_aggregates_arrive_and_count_in_stats(offices):
    lower, higher, folder = offices
    link(lower, higher, folder)
    first, last = months_with_data(lower)
    result = forwarding.forward(lower, folder, KEYPASS, month_from=first, month_to=last)
    assert result.header["kind"] == "forward" and result.header["commune"] == COMMUNE
    assert result.path.name.startswith(f"ctxh_{COMMUNE}_")
    got = exchange.import_files(higher, [result.path], KEYPASS)[0]
    assert got.status == "accepted", got.message
    assert exchange.import_files(higher, [result.path], KEYPASS)[0].status == "duplicate"
    # no personal row travelled
    assert higher.store.scalar("SELECT count(*) FROM person") == 0
    # one month: the higher office's figures are exactly the lower office's
    for month in {first, last}:
        want = stats.compute_stats(lower, month=month, commune=COMMUNE)["counts"]
        assert stats.compute_stats(higher, month=month, commune=COMMUNE)["counts"] == want
        assert stats.compute_stats(higher, month=month)["counts"] == want
    # a range: events are summed, states are those at the end
    want = stats.compute_stats(lower, date_from=first, date_to=last, commune=COMMUNE)["counts"]
    have = stats.compute_stats(higher, date_from=first, date_to=last)["counts"]
    for key in ("cases_new", "consultations", "people", "cases_open", "children", "child_supports"):
        assert have[key] == want[key], key
    assert all(isinstance(v, int) and v >= 0 for v in have.values())
    period = forwarding.make_period(None, first, last)
    rows = forwarded_figures.forwarded_by_commune(higher, period)
    assert [r["commune"] for r in rows] == [COMMUNE] and rows[0]["senders"] == [COMMUNE]
    assert rows[0]["counts"]["cases_new"] == want["cases_new"]
    # the months arrived are on the higher office's coverage
    assert any(r["commune"] == COMMUNE for r in db_exchange.coverage(higher.store))


def test_forwarded_months_keep_the_newest_file(offices):
    _lower, higher, _folder = offices
    store = higher.store
    with store.atomic():
        db_exchange.store_forwarded(
            store,
            COMMUNE,
            [(COMMUNE, "2025-01", "cases_new", 5)],
            created_at="2025-02-10T00:00:00",
            bundle_sha256="b",
        )
        stale = db_exchange.store_forwarded(
            store,
            COMMUNE,
            [(COMMUNE, "2025-01", "cases_new", 3), (COMMUNE, "2025-01", "people", 9)],
            created_at="2025-02-01T00:00:00",
            bundle_sha256="a",
        )
    assert stale == []
    rows = db_exchange.forwarded_rows(store, "2025-01", "2025-01")
    assert [(r["key"], r["value"]) for r in rows] == [("cases_new", 5)]


def test_records_are_de_identified_unless_consent_and_setting(offices):
    lower, higher, folder = offices
    link(lower, higher, folder)
    consenting = lower.store.rows("SELECT id, full_name FROM person WHERE consent_share = 1")
    assert consenting
    result = forwarding.forward(lower, folder / "records.ctxh", KEYPASS, records=True)
    got = exchange.import_files(higher, [result.path], KEYPASS)[0]
    assert got.status == "accepted", got.message
    held = higher.store.scalar("SELECT count(*) FROM person WHERE commune = ?", [COMMUNE])
    assert held == lower.store.scalar("SELECT count(*) FROM person")
    assert higher.store.scalar("SELECT count(*) FROM person WHERE id_number IS NOT NULL") == 0
    assert higher.store.scalar("SELECT count(*) FROM person WHERE phone IS NOT NULL") == 0
    assert (
        higher.store.scalar(
            "SELECT count(*) FROM case_event WHERE sensitive = 1 AND narrative IS NOT NULL"
        )
        == 0
    )
    name = higher.store.scalar("SELECT full_name FROM person WHERE id = ?", [consenting[0]["id"]])
    assert name == initials(consenting[0]["full_name"])
    # consent and the office setting: the name may go up
    lower.store.set_setting(forwarding.FORWARD_IDENTIFYING, "1")
    lower.store.update("person", consenting[0]["id"], {"household_status": "poor"})
    again = forwarding.forward(lower, folder / "records2.ctxh", KEYPASS, records=True)
    assert exchange.import_files(higher, [again.path], KEYPASS)[0].status == "accepted"
    rows = higher.store.rows("SELECT full_name FROM person WHERE id = ?", [consenting[0]["id"]])
    assert rows[0]["full_name"] == consenting[0]["full_name"]


def test_a_commune_outside_the_sender_refuses_the_file(offices, monkeypatch):
    lower, higher, folder = offices
    link(lower, higher, folder)
    monkeypatch.setattr(
        forwarding,
        "aggregate_rows",
        lambda *a: [
            (
                forwarding.AGGREGATE_TABLE,
                {"commune": "00007", "month": "2025-01", "key": "cases_new", "value": 1},
            )
        ],
    )
    result = forwarding.forward(lower, folder, KEYPASS, now=dt.datetime(2025, 2, 3, 10, 0))
    before = higher.store.scalar("SELECT count(*) FROM bundle_received")
    got = exchange.import_files(higher, [result.path], KEYPASS)[0]
    assert got.status == "refused" and "không thuộc đơn vị gửi" in got.message
    assert higher.store.scalar("SELECT count(*) FROM bundle_received") == before
    assert higher.store.scalar("SELECT count(*) FROM forwarded_aggregate") == 0


def test_commune_bundles_still_import_through_the_same_entry(offices, tmp_path):
    _lower, higher, folder = offices
    assert not exchange.belongs_to("01", "99999") and exchange.belongs_to("01", COMMUNE)
    assert exchange.belongs_to(COMMUNE, COMMUNE) and not exchange.belongs_to(COMMUNE, "00007")
    got = exchange.import_files(higher, [folder / "xa.enrol"], KEYPASS)[0]
    assert got.status == "refused"


def test_a_purged_lower_office_leaves_no_forwarded_figure(offices):
    lower, higher, folder = offices
    link(lower, higher, folder)
    first, last = months_with_data(lower)
    result = forwarding.forward(lower, folder, KEYPASS, month_from=first, month_to=last)
    assert exchange.import_files(higher, [result.path], KEYPASS)[0].status == "accepted"
    assert higher.store.scalar("SELECT count(*) FROM forwarded_aggregate") > 0
    sender = exchange.office_device_id(COMMUNE)
    exchange.revoke_device(higher, sender)
    done = exchange.purge_device(higher, sender, KEYPASS)
    assert done["files"] == 1
    assert higher.store.scalar("SELECT count(*) FROM forwarded_aggregate") == 0
    assert higher.store.scalar("SELECT count(*) FROM coverage") == 0
    assert not any(stats.compute_stats(higher, month=last)["counts"].values())
