"""Registering people, duplicates, roles enforced by the services, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.services import access, people, profile
from ctxh_desktop.storage import audit

TODAY = dt.date(2026, 11, 1)


def test_register_person_normalises_and_audits(demo):
    p = people.register_person(
        demo,
        {
            "full_name": "  Đỗ   Thị Lan ",
            "birth_date": "05/03/1990",
            "phone": "+84 912 345 678",
            "gender": "female",
        },
        today=TODAY,
    )
    assert p["full_name"] == "Đỗ Thị Lan"
    assert p["birth_date"] == "1990-03-05"
    assert p["phone"] == "0912345678"
    last = audit.entries(demo.store, limit=1)[0]
    assert (last["user"], last["action"], last["entity_id"]) == ("ctv", "create", p["id"])
    assert "Lan" not in (last["detail"] or "")  # ids only, no personal data


def test_bad_person_is_refused_at_each_field_and_nothing_saved(demo):
    before = people.count_people(demo)
    with pytest.raises(ValidationError) as err:
        people.register_person(
            demo, {"full_name": "", "birth_date": "31/02/2020", "id_number": "12ab"}, today=TODAY
        )
    assert set(err.value.errors) >= {"full_name", "birth_date", "id_number"}
    with pytest.raises(ValidationError) as err:
        people.register_person(
            demo, {"full_name": "Lê Văn Tám", "birth_date": "01/01/2030"}, today=TODAY
        )
    assert "tương lai" in err.value.errors["birth_date"]
    assert people.count_people(demo) == before


def test_year_only_birth_date_is_accepted(demo):
    p = people.register_person(demo, {"full_name": "Hà Văn Sáu", "birth_date": "1948"}, today=TODAY)
    assert p["birth_date"] == "1948"


def test_duplicates_by_folded_name_and_phone(demo):
    existing = people.list_people(demo, limit=1)[0]
    person = people.get_person(demo, existing["id"])
    from ctxh_desktop.core.text import fold

    found = people.find_duplicates(
        demo, {"full_name": fold(person["full_name"]).upper(), "birth_date": person["birth_date"]}
    )
    assert existing["id"] in [f["id"] for f in found]
    if person["phone"]:
        found = people.find_duplicates(demo, {"full_name": "Ai Đó", "phone": person["phone"]})
        assert found[0]["reason"] == "phone"


def test_people_search_ignores_tones_and_d(demo):
    people.register_person(demo, {"full_name": "Đặng Văn Đức"}, today=TODAY)
    names = [p["full_name"] for p in people.list_people(demo, "dang van duc")]
    assert "Đặng Văn Đức" in names
    assert people.count_people(demo, "dang van duc") == len(names)
    assert all("dang" in n.lower().replace("đ", "d").replace("ặ", "a") for n in names)


def test_viewer_can_read_but_not_write(demo):
    access.act_as(demo, "chutich")
    assert people.count_people(demo) > 0
    with pytest.raises(UserError, match="chỉ được xem"):
        people.register_person(demo, {"full_name": "Phan Văn Bảy"}, today=TODAY)
    with pytest.raises(UserError, match="quản trị"):
        profile.save_profile(demo, {"chairman_name": "X"})


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("collaborator", {"view", "edit", "view_sensitive", "print", "export", "registers"}),
        ("viewer", {"view", "print"}),
        ("office_clerk", {"view", "print", "import", "office", "export"}),
    ],
)
def test_each_role_has_exactly_its_permissions(demo, role, allowed):
    demo.role = role
    everything = set().union(*access.PERMISSIONS.values())
    assert {p for p in everything if access.can(demo, p)} == allowed


def test_login_delay_grows_after_failures(demo):
    now = dt.datetime(2026, 11, 1, 9, 0)
    for _ in range(3):
        with pytest.raises(UserError, match="Sai tên"):
            access.login(demo, "ctv", "wrong", now)
    with pytest.raises(UserError, match="thử lại sau"):
        access.login(demo, "ctv", "demo1234", now + dt.timedelta(seconds=1))
    user = access.login(demo, "ctv", "demo1234", now + dt.timedelta(minutes=5))
    assert user["role"] == "collaborator"


def test_unknown_cli_user_is_refused_once_accounts_exist(demo):
    with pytest.raises(UserError, match="Không có tài khoản"):
        access.act_as(demo, "nobody")


def test_audit_chain_verifies_and_detects_edits(demo):
    people.register_person(demo, {"full_name": "Triệu Thị Mai"}, today=TODAY)
    assert access.verify_audit(demo)[0]
    demo.store.db.execute("UPDATE audit_log SET action = 'x' WHERE seq = 1")
    assert not access.verify_audit(demo)[0]


def test_a_damaged_database_is_named_as_such_and_its_backup_restores_it(tmp_path):
    from ctxh_desktop.core.errors import DamagedDatabase
    from ctxh_desktop.services import backups
    from ctxh_desktop.services import session as sessions

    s = sessions.create_demo_database(tmp_path / "xa.db")
    people_before = people.count_people(s)
    backups.backup_now(s, reason="daily")
    s.close()
    raw = bytearray((tmp_path / "xa.db").read_bytes())
    raw[200:4000] = b"\0" * 3800  # the first page: its authentication code no longer matches
    (tmp_path / "xa.db").write_bytes(bytes(raw))
    with pytest.raises(DamagedDatabase, match="sao lưu"):
        sessions.open_session(tmp_path / "xa.db", "demo")
    newest = backups.backups_of(tmp_path / "xa.db")[0]
    assert backups.restore(tmp_path / "xa.db", newest, "demo") == 1
    again = sessions.open_session(tmp_path / "xa.db", "demo")
    assert people.count_people(again) == people_before
    again.close()
    assert list(tmp_path.glob("xa.db.before-restore-*"))
