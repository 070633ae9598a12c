"""A case moves with its person from commune A to commune B through the office (real bundles):
history and deadlines intact, A's case closed as transferred and read-only, counted once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import make_period
from ctxh_desktop.services import case_corrections, case_transfer, cases, exchange, session, stats
from ctxh_desktop.services.exchange import transfers
from ctxh_desktop.storage import keyfile
from ctxh_desktop.sync import keys

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"
B_PASS = "mật khẩu xã B 2026"
A, B, C = "00004", "00008", "00025"
KEYS = ("cases_new", "cases_open", "cases_closed", "interventions", "plans_approved")


def _trust(s, folder):
    config = folder / "office.cfg"
    exchange.trust_office(s, config, keys.normalise_fingerprint(exchange.file_fingerprint(config)))
    out = folder / f"{s.commune_code}.enrol"
    return out, exchange.write_enrolment(s, out)


@pytest.fixture
def three(tmp_path, new_office):
    created = new_office(tmp_path / "office.db", passphrase=PASS, key_passphrase=KEYPASS)
    (tmp_path / "office.cfg").write_bytes(created.config)
    office = created.session
    a = session.create_demo_database(tmp_path / "a.db", commune=A)
    b, _code = session.create_commune(
        tmp_path / "b.db", "mật khẩu xã B 2026", B, kdf=keyfile.FAST_KDF
    )
    for s in (a, b):
        s.user, s.role = "demo", "admin"
        exchange.enrol_device(office, *_trust(s, tmp_path))
    yield office, a, b, tmp_path
    for s in (office, a, b):
        s.close()


def _counts(s, period, commune=None):
    found = stats.compute_stats(s, period=period, commune=commune)["counts"]
    return {k: found[k] for k in KEYS}


def _open_case_with_history(s):
    for row in cases.list_cases(s, kind="child_protection", status="open"):
        case = cases.get_case(s, row["id"])
        if len(case["events"]) >= 3 and any(d["met_at"] is None for d in case["deadlines"]):
            return case
    raise AssertionError("the demo has an open case with a history")


def test_a_case_moves_from_commune_a_to_b_through_the_office_history_intact_counted_once(three):
    office, a, b, folder = three
    now = dt.datetime.now().replace(microsecond=0)
    periods = [make_period(now.strftime("%Y-%m")), make_period(None)]
    case = _open_case_with_history(a)
    periods.append(make_period(case["received_at"][:7]))
    before = [_counts(a, p) for p in periods]

    case_transfer.transfer_case(a, case["id"], B, "Gia đình chuyển về phường Ngọc Hà")
    closed = cases.get_case(a, case["id"])
    assert closed["status"] == "closed" and closed["closure_reason"] == "transferred_commune"
    assert closed["transferred_to"] == B and closed["actions"] == []
    assert "Ngọc Hà" in case_transfer.transfer_note(closed)
    assert not closed["editable"]
    with pytest.raises(UserError):
        cases.apply_action(a, case["id"], "reopen", {"summary": "mở lại"})
    with pytest.raises(UserError):
        case_corrections.update_case_details(a, case["id"], {"summary": "sửa"})

    # A's bundle → office; the office's file to B → B imports it
    ids = exchange.unlock_office(office, KEYPASS)
    assert (
        exchange.import_file(office, exchange.export(a, folder / "a.ctxh").path, ids).status
        == "accepted"
    )
    b_device = b.store.device_id
    to_b = transfers.make_transfer_bundle(office, b_device, folder / "to_b.ctxh", KEYPASS)
    assert transfers.receive_transfers(b, to_b.path) == {"received": 1, "unchanged": 0}
    assert transfers.receive_transfers(b, to_b.path) == {"received": 0, "unchanged": 1}

    moved = cases.list_cases(b, status="open")
    assert len(moved) == 1
    got = cases.get_case(b, moved[0]["id"])
    assert got["received_at"] == case["received_at"] and got["transferred_from"] == A
    assert got["person"]["full_name"] == case["person"]["full_name"]
    history = [(e["at"], e["kind"], e["summary"]) for e in case["events"]]
    assert [(e["at"], e["kind"], e["summary"]) for e in got["events"]][1:] == history
    due = {d["rule"]: d["due"] for d in case["deadlines"] if d["met_at"] is None}
    assert {d["rule"]: d["due"] for d in got["deadlines"] if d["met_at"] is None} == due
    assert got["actions"]  # B continues the case

    assert (
        exchange.import_file(office, exchange.export(b, folder / "b.ctxh").path, ids).status
        == "accepted"
    )
    for period, was in zip(periods, before, strict=True):
        at_a, at_b = _counts(a, period), _counts(b, period)
        consolidated = _counts(office, period)
        assert {k: at_a[k] + at_b[k] for k in KEYS} == consolidated
        # the transfer is a step at A (an intervention of its month), not a closure
        assert {**consolidated, "interventions": 0} == {**was, "interventions": 0}
        assert _counts(office, period, A) == at_a and _counts(office, period, B) == at_b
    this_month = _counts(b, periods[0])
    assert this_month["cases_open"] == 1 and this_month["cases_new"] == 0


def test_a_transfer_addressed_to_another_commune_is_refused_and_changes_nothing(three, tmp_path):
    office, a, b, folder = three
    case = _open_case_with_history(a)
    case_transfer.transfer_case(a, case["id"], C)
    ids = exchange.unlock_office(office, KEYPASS)
    exchange.import_file(office, exchange.export(a, folder / "a.ctxh").path, ids)
    with pytest.raises(UserError):
        transfers.make_transfer_bundle(office, b.store.device_id, folder / "to_b.ctxh", KEYPASS)
    held = office.store.rows("SELECT * FROM case_transfer")
    held[0]["to_commune"] = C
    with pytest.raises(UserError):
        case_transfer.receive(b, held)
    assert cases.list_cases(b) == []


def test_only_an_open_case_goes_and_never_to_its_own_commune(three):
    _office, a, _b, _folder = three
    case = _open_case_with_history(a)
    with pytest.raises(UserError):
        case_transfer.transfer_case(a, case["id"], A)
    with pytest.raises(UserError):
        case_transfer.transfer_case(a, case["id"], "99999")
    case_transfer.transfer_case(a, case["id"], B)
    with pytest.raises(UserError):
        case_transfer.transfer_case(a, case["id"], B)


def _ctxh(*args, passphrase: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTXH_PASSPHRASE": passphrase, "CTXH_KEY_PASSPHRASE": KEYPASS}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *map(str, args)], capture_output=True, env=env
    )


def test_the_commands_move_a_case_and_a_wrong_commune_is_refused_in_one_line(three):
    office, a, b, folder = three
    case = _open_case_with_history(a)
    refused = _ctxh("transfer", folder / "a.db", case["code"], "--to", A, passphrase="demo")
    assert refused.returncode == 2 and b"Traceback" not in refused.stderr
    done = _ctxh("transfer", folder / "a.db", case["code"], "--to", B, passphrase="demo")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().startswith(case["code"] + "\t")
    ids = exchange.unlock_office(office, KEYPASS)
    exchange.import_file(office, exchange.export(a, folder / "a.ctxh").path, ids)
    out = folder / "to_b.ctxh"
    made = _ctxh(
        "transfer-file",
        folder / "office.db",
        "--device",
        b.store.device_id,
        "--out",
        out,
        passphrase=PASS,
    )
    assert made.returncode == 0, made.stderr.decode()
    for expected in ("Đã nhận 1 ca", "Đã nhận 0 ca"):
        got = _ctxh("receive-transfers", folder / "b.db", out, passphrase=B_PASS)
        assert got.returncode == 0 and expected in got.stdout.decode(), got.stderr.decode()
