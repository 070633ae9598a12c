"""Office tools: people who appear in two communes, the expected communes, and the command lines
of forwarding (trust, enrolment, forward, import) with their exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import office, session

PASS = "mật khẩu của xã"
KEYPASS = "khóa của đơn vị"
ENV = {"CTXH_PASSPHRASE": PASS, "CTXH_KEY_PASSPHRASE": KEYPASS, "CTXH_LANG": "vi"}


def ctxh(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *map(str, args)],
        capture_output=True,
        env={**os.environ, **ENV},
    )


def ok(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode("utf-8")


def refused(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 2, (out.returncode, out.stderr.decode())
    err = out.stderr.decode("utf-8").strip()
    assert err and "\n" not in err and "Traceback" not in err
    return err


def person(commune: str, name: str, birth: str, id_number: str | None = None) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "commune": commune,
        "rev": 1,
        "epoch": 0,
        "deleted": 0,
        "full_name": name,
        "birth_date": birth,
        "id_number": id_number,
        "target_groups": "[]",
    }


@pytest.fixture(scope="module")
def office_db(tmp_path_factory, new_office):
    folder = tmp_path_factory.mktemp("tools")
    created = new_office(folder / "office.db", passphrase=PASS, key_passphrase=KEYPASS)
    s = created.session
    people = [
        person("00004", "Nguyễn Văn Đức", "2010-03-01", "001210000001"),
        person("00007", "NGUYEN VAN DUC", "2010", "001210000001"),  # same ID, same name
        person("00004", "Trần Thị Hoa", "1985-01-01"),
        person("00008", "Tran Thi  Hoa", "1985-07-07"),  # same folded name and year
        person("00008", "Trần Thị Hoa", "1986-01-01"),  # another year
        person("00004", "Lê Văn Nam", "1990-01-01", "001090000002"),
        person("00007", "Phạm Văn Bình", "1970-01-01", "001090000002"),  # same ID only
        person("00004", "N.V.Đ.", "2000-01-01"),  # initials are not compared
        person("00007", "N.V.Đ.", "2000-05-05"),
        person("00004", "Hoàng Văn An", "2001-01-01"),  # same commune only
        person("00004", "Hoang Van An", "2001-02-02"),
    ]
    with s.store.atomic():
        s.store.insert_many("person", people)
    s.close()
    return folder / "office.db"


@pytest.fixture
def office_session(office_db):
    s = session.open_session(office_db, PASS)
    yield s
    s.close()


def test_cross_commune_duplicates(office_session):
    groups = office.cross_commune_duplicates(office_session)
    reasons = [(g["reason"], sorted(p["commune"] for p in g["people"])) for g in groups]
    assert reasons == [
        ("id_number", ["00004", "00007"]),
        ("id_number", ["00004", "00007"]),
        ("name_birth", ["00004", "00008"]),
    ]
    hoa = groups[2]
    assert hoa["key"] == "name_birth:tran thi hoa|1985"
    assert set(hoa["people"][0]) == {"commune", "id", "name", "birth"}


def test_duplicates_over_a_province_of_a_hundred_communes(tmp_path, new_office):
    """100 communes × 400 people, one ID number shared across all of them every 50 people."""
    created = new_office(tmp_path / "big.db", "01", "Sở", PASS, KEYPASS)
    s = created.session
    try:
        rows = []
        for c in range(100):
            commune = f"{c + 1:05d}"
            for i in range(400):
                number = f"0012{c:03d}{i:05d}" if i % 50 else f"0019{i:08d}"
                rows.append(
                    person(commune, f"Nguyễn Văn {c}x{i}", f"{1950 + i % 60}-01-01", number)
                )
        with s.store.atomic():
            s.store.insert_many("person", rows)
        groups = office.cross_commune_duplicates(s)
    finally:
        s.close()
    assert len(groups) == 8 and all(g["reason"] == "id_number" for g in groups)


def test_expected_communes_service(office_session):
    listed = office.expected_commune_list(office_session)
    communes = [r for r in listed if r["kind"] == "commune"]
    assert len(communes) > 50 and all(r["expected"] for r in communes)
    # the province's social-work centre is offered, expected only once the office ticks it
    assert [r["expected"] for r in listed if r["kind"] == "centre"] == [False]
    office.update_expected_communes(office_session, remove=["00004"])
    listed = {r["commune"]: r["expected"] for r in office.expected_commune_list(office_session)}
    assert listed["00004"] is False
    with pytest.raises(UserError, match="không hợp lệ: 99999"):
        office.update_expected_communes(office_session, add=["00004", "99999"])
    with pytest.raises(UserError, match="không có trong danh sách"):
        office.update_expected_communes(office_session, remove=["00004"])
    office.update_expected_communes(office_session, add=["00004"])
    assert office.expected_commune_list(office_session)[0]["expected"]


def test_cli_duplicates_and_communes(office_db):
    got = json.loads(ok(ctxh("office", "duplicates", office_db, "--json")))
    assert [g["reason"] for g in got] == ["id_number", "id_number", "name_birth"]
    text = ok(ctxh("office", "duplicates", office_db))
    assert "Trần Thị Hoa" in text
    err = refused(ctxh("office", "communes", office_db, "--add", "12345x"))
    assert "12345x" in err
    refused(ctxh("office", "communes", office_db, "--add", "99999"))
    before = json.loads(ok(ctxh("office", "communes", office_db, "--json")))
    ok(ctxh("office", "communes", office_db, "--remove", "00004", "00008"))
    after = json.loads(ok(ctxh("office", "communes", office_db, "--json")))
    assert len(after) == len(before) - 2 and "00004" not in {r["commune"] for r in after}
    ok(ctxh("office", "communes", office_db, "--add", "00004", "00008"))
    assert len(json.loads(ok(ctxh("office", "communes", office_db, "--json")))) == len(before)
    refused(ctxh("office", "communes", office_db, "--remove", "00005"))


def test_cli_forward_chain(tmp_path):
    higher, lower = tmp_path / "tinh.db", tmp_path / "xa-office.db"
    ok(
        ctxh(
            "office",
            "init",
            higher,
            "--unit",
            "01",
            "--name",
            "Sở",
            "--config-out",
            tmp_path / "tinh.cfg",
        )
    )
    ok(
        ctxh(
            "office",
            "init",
            lower,
            "--unit",
            "00004",
            "--name",
            "VP xã",
            "--config-out",
            tmp_path / "xa.cfg",
        )
    )
    refused(ctxh("office", "forward", lower, "--out", tmp_path))  # nothing trusted yet
    fp = ok(ctxh("fingerprint", tmp_path / "tinh.cfg")).strip()
    refused(ctxh("office", "trust", lower, tmp_path / "tinh.cfg", "--fingerprint", "AAAAAAAA"))
    ok(ctxh("office", "trust", lower, tmp_path / "tinh.cfg", "--fingerprint", fp))
    out = ok(ctxh("office", "enrolment", lower, "--out", tmp_path / "vp.enrol"))
    office_fp = out.strip().split()[-1]
    refused(ctxh("office", "enrol", higher, tmp_path / "vp.enrol", "--fingerprint", office_fp))
    assert "không" in ok(ctxh("office", "lower-offices", higher))
    ok(ctxh("office", "lower-offices", higher, "--allow"))
    ok(ctxh("office", "enrol", higher, tmp_path / "vp.enrol", "--fingerprint", office_fp))
    refused(ctxh("office", "forward", lower, "--out", tmp_path, "--from", "2025-13"))
    path = ok(
        ctxh("office", "forward", lower, "--out", tmp_path, "--from", "2025-01", "--to", "2025-03")
    ).strip()
    assert path.endswith(".ctxh") and "forward" in path
    ok(ctxh("import", higher, path))
    ok(ctxh("import", higher, path))  # already imported
    stats = json.loads(ok(ctxh("stats", higher, "--json")))
    assert all(isinstance(v, int) for v in stats["counts"].values())
    records = ok(
        ctxh("office", "forward", lower, "--out", tmp_path / "r.ctxh", "--records")
    ).strip()
    assert "\taccepted\t" in ok(ctxh("import", higher, records))


def test_office_page_duplicates_tab_and_communes_editor(office_db, qtbot):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt

    from ctxh_desktop.ui.build_forms import build_forms

    build_forms()
    from ctxh_desktop.ui.pages.office import OfficePage
    from ctxh_desktop.ui.worker import Worker

    worker = Worker()
    worker.open(session.open_session, office_db, PASS)
    assert worker.wait_idle(60_000)
    try:
        page = OfficePage(worker)
        qtbot.addWidget(page)
        page.resize(1200, 800)
        page.show()
        page.form.tabs.setCurrentWidget(page.form.duplicatesTab)
        qtbot.waitUntil(lambda: page.idle and page.duplicates is not None, timeout=30_000)
        table = page.form.duplicatesTable
        assert table.rowCount() == 6
        assert table.item(0, 0).text() == "Cùng số định danh"
        assert "Trần Thị Hoa" in {table.item(r, 2).text() for r in range(table.rowCount())}
        assert page.form.duplicatesLabel.text().startswith("3 nhóm")

        page.form.tabs.setCurrentWidget(page.form.expectedTab)
        qtbot.waitUntil(lambda: page.idle and page.expected is not None, timeout=30_000)
        box = page.form.expectedList
        assert box.count() > 50 and box.item(0).checkState() == Qt.CheckState.Checked
        code = box.item(0).data(Qt.ItemDataRole.UserRole)
        box.item(0).setCheckState(Qt.CheckState.Unchecked)
        page.expected_before = page.expected
        qtbot.mouseClick(page.form.saveExpectedButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: page.idle and page.expected is not page.expected_before, timeout=30_000
        )
        assert page.form.expectedList.item(0).checkState() == Qt.CheckState.Unchecked
        s = session.open_session(office_db, PASS)
        try:
            listed = {r["commune"] for r in office.expected_commune_list(s) if r["expected"]}
            assert code not in listed
            office.update_expected_communes(s, add=[code])
        finally:
            s.close()
        page.grab().save("/tmp/ctxh_office_expected.png")
    finally:
        worker.shutdown()
