"""A year of work of each kind in two communes and a social-work centre, entered through the
services in one day, sent to the office and imported: every breakdown of the indicator table comes
back in the consolidated PDF (text) and xlsx equal to the sum of the units' ``ctxh stats``, the
centre counted apart (its own subtotal beside the communes'); and the office files the months by
the dates of the work, not by the day it was typed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ctxh_desktop.core import centres, codes, workforce_figures
from ctxh_desktop.core.indicator_table import BREAKDOWNS, INDICATORS
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.services import (
    activities,
    cases,
    children,
    counselling,
    exchange,
    office,
    people,
    providers,
    reporting,
    session,
    stats,
    workforce,
)
from ctxh_desktop.storage import keyfile
from ctxh_desktop.sync import keys

KEYPASS = "khóa của đơn vị"  # the office_unit fixture's
COMMUNES = ("00004", "00025")
CENTRE = centres.centre_code("01")  # the office's province's social-work centre
UNITS = (*COMMUNES, CENTRE)
TODAY = dt.date(2026, 1, 20)  # the year's work is typed on this one day
YEAR = [f"2025-{m:02d}" for m in range(1, 13)]
CHANNELS = ("at_home", "phone", "hotline_111", "community", "facility")


def _enter_a_year(s, n: int) -> None:
    """Work of each kind dated across 2025 (``n`` varies the amounts between communes)."""
    kid = people.register_person(
        s,
        {
            "full_name": "Lò Thị Dung",
            "birth_date": "2015-04-02",
            "target_groups": ["children"],
            "registered_on": "2025-01-05",
        },
        today=TODAY,
    )
    risk = people.register_person(
        s, {"full_name": "Lò Văn Hải", "birth_date": "2013-06-09"}, today=TODAY
    )
    adult = people.register_person(
        s,
        {
            "full_name": "Trần Văn Bình",
            "birth_date": "1950-01-01",
            "target_groups": ["elderly", "poor"],
        },
        today=TODAY,
    )
    child = children.register_child(
        s, kid["id"], {"groups": ["a_no_carer", "d_severe"], "registered_on": "2025-01-10"}, TODAY
    )
    children.register_child(
        s, risk["id"], {"groups": ["at_risk_violence"], "registered_on": "2025-02-03"}, TODAY
    )
    # a case received before the year, with a step in it: an intervention, not a new case
    old = cases.open_case(
        s,
        {
            "kind": "child_protection",
            "received_at": "2024-12-20T09:00",
            "source": "school",
            "problem_types": ["street_children"],
            "person_id": kid["id"],
        },
        at="2024-12-20T09:05",
    )
    cases.apply_action(
        s,
        old["id"],
        "assess",
        {"risk_level": "high", "summary": "Trẻ lang thang", "when": "2025-02-02T10:00"},
        at="2025-02-02T10:00",
    )
    for i in range(n):
        cases.open_case(
            s,
            {
                "kind": "child_protection",
                "received_at": f"2025-{3 + i:02d}-05T08:00",
                "source": "hotline_111",
                "problem_types": ["violence", "sexual_abuse"][: 1 + i % 2],
                "person_id": risk["id"],
            },
            at=f"2025-{3 + i:02d}-05T08:05",
        )
    for k, month in enumerate(YEAR):  # counselling every month, by every channel
        channel = CHANNELS[(k + n) % len(CHANNELS)]
        counselling.log_consultation(
            s,
            {
                "at": f"{month}-15T09:00",
                "channel": channel,
                "person_id": adult["id"],
                "target_group": "elderly",
                "duration_min": 30,
            },
            now=dt.datetime(2026, 1, 20, 17, 0),
        )
    counselling.log_consultation(
        s,
        {
            "at": "2025-06-01T14:00",
            "channel": "group",
            "group_size": 12 + n,
            "target_group": "parents_of_children_in_need",
            "duration_min": 90,
        },
        now=dt.datetime(2026, 1, 20, 17, 0),
    )
    for month, source in (("2025-03", "state_budget"), ("2025-09", "socialised")):
        children.add_support(
            s,
            child["id"],
            {"month": month, "kind": "monthly_allowance", "amount": 500_000 * n, "source": source},
            TODAY,
        )
    for k, kind in enumerate(("class", "meeting", "broadcast", "materials")):  # awareness work
        activities.add_activity(
            s,
            {
                "held_on": f"2025-{2 + 3 * k:02d}-1{k}",
                "kind": kind,
                "topic": "Phòng, chống xâm hại trẻ em",
                "target_group": "children",
                "participants_male": 10 * n + k,
                "participants_female": 12 * n,
                "participants_children": 5 * n,
            },
            TODAY,
        )
    _enter_the_staff(s, n)


def _enter_the_staff(s, n: int) -> None:
    """The commune's collaborators and staff, their courses and certificates, and a facility
    offering social-work services (``n`` varies them between communes)."""
    for i in range(n):
        member = workforce.save_staff(
            s,
            {
                "full_name": f"Cộng tác viên {i + 1}",
                "role": ("collaborator", "civil_servant")[i % 2],
                "since": "2024-06-01",
                "allowance": 1_000_000,
            },
            today=TODAY,
        )
        if i:  # the first has had no course
            workforce.save_training(
                s,
                member["id"],
                {"course": "Kỹ năng CTXH", "start_on": f"2025-0{i + 1}-10", "hours": 8 * i},
                today=TODAY,
            )
        workforce.save_certificate(
            s, member["id"], {"number": f"CC-{i}", "issued_on": "2025-05-05"}, today=TODAY
        )
    workforce.save_staff(
        s,
        {
            "full_name": "Đã nghỉ",
            "role": "collaborator",
            "since": "2020-01-01",
            "until": "2024-12-31",
        },
        today=TODAY,
    )
    providers.save_provider(
        s,
        {
            "name": f"Cơ sở trợ giúp xã hội {n}",
            "ownership": ("public", "non_public")[n % 2],
            "capacity": 50 * n,
            "sw_staff": n,
            "offers_sw": True,
        },
    )


@pytest.fixture
def province(office_unit, tmp_path):
    """The office of the service tests, two communes and a social-work centre; each unit's year
    sent in one file and imported."""
    folder = tmp_path
    office_session = office_unit
    config = folder / "office.ctxhcfg"
    config.write_bytes(exchange.office_config(office_session))
    identities = exchange.unlock_office(office_session, KEYPASS)
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(config))
    figures = {}
    office.update_expected_communes(office_session, [CENTRE])
    for n, code in enumerate(UNITS, start=1):
        if code == CENTRE:
            centre = centres.new_centre("01", "Trung tâm Công tác xã hội thành phố Hà Nội")
            s, _recovery = session.create_centre(
                folder / "centre.db", "mật khẩu của trung tâm", centre, kdf=keyfile.FAST_KDF
            )
        else:
            s, _recovery = session.create_commune(
                folder / f"{code}.db", "mật khẩu của xã thử", code, kdf=keyfile.FAST_KDF
            )
        s.user, s.role = "ctv", "admin"
        exchange.trust_office(s, config, fp.lower())
        _enter_a_year(s, n + 1)
        enrolment = folder / f"{code}.ctxhdev"
        exchange.enrol_device(office_session, enrolment, exchange.write_enrolment(s, enrolment))
        sent = exchange.export(s, folder)
        got = exchange.import_file(office_session, sent.path, identities)
        assert got.status == "accepted", got.message
        figures[code] = stats.compute_stats(s, date_from="2025-01", date_to="2025-12")["counts"]
        s.close()
    return office_session, figures


def _sum(figures, key, units=UNITS):
    return sum(counts.get(key, 0) for code, counts in figures.items() if code in units)


#: the bold rows under the units, as labelled, and the units each one adds up
SUMS = (
    ("Cộng các xã, phường, đặc khu", COMMUNES),
    ("Cộng các trung tâm công tác xã hội", (CENTRE,)),
    ("Tổng cộng", UNITS),
)


def test_every_breakdown_comes_back_in_the_pdf_and_xlsx_as_the_sum_of_the_communes(province):
    office_session, figures = province
    data = reporting.consolidated_report(office_session, "2025-01", "2025-12", "xlsx")
    wb = load_workbook(io.BytesIO(data))
    summary = wb["Tổng hợp"]
    heads = [c.value for c in summary[4]]
    lines = {r[1]: r for r in summary.iter_rows(min_row=5, values_only=True)}
    assert lines["Trung tâm Công tác xã hội thành phố Hà Nội"][0] == CENTRE
    for label, units in SUMS:
        for item in INDICATORS:
            assert lines[label][heads.index(item.label)] == _sum(figures, item.key, units), label
    shown = 0
    for item in BREAKDOWNS:
        parts = {
            k
            for c in figures.values()
            for k, v in c.items()
            if k.startswith(item.prefix + ".") and v
        }
        if not parts:
            continue
        shown += 1
        ws = wb[item.sheet]
        labels = [c.value for c in ws[1]]
        lines = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
        for key in parts:
            code = key.split(".", 1)[1]
            column = labels.index(codes.label(item.codes, code))
            for label, units in SUMS:
                assert lines[label][column] == _sum(figures, key, units), (label, key)
    assert shown == len(BREAKDOWNS)  # work of every kind: every breakdown has figures
    assert all(_sum(figures, key) for key in workforce_figures.MAIN)  # staff, courses, facilities

    data = reporting.consolidated_report(office_session, "2025-01", "2025-12", "pdf")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )
    assert "NGƯỜI LÀM CÔNG TÁC XÃ HỘI VÀ CƠ SỞ" in text  # the section of staff and facilities
    staff_total = " ".join(format_number(_sum(figures, k)) for k in ("staff", "collaborators"))
    assert f"Tổng cộng {staff_total}" in text
    for item in BREAKDOWNS:
        assert item.label.upper() in text, item.prefix
        present = {
            k.split(".", 1)[1]
            for c in figures.values()
            for k, v in c.items()
            if k.startswith(item.prefix + ".") and v
        }
        order = [i["code"] for i in codes.all_items(item.codes) if i["code"] in present]
        for start in range(0, len(order), 9):  # nine codes to a table
            chunk = order[start : start + 9]
            for label, units in SUMS:
                printed = " ".join(
                    format_number(_sum(figures, f"{item.prefix}.{c}", units)) for c in chunk
                )
                assert f"{label} {printed}" in text, (label, item.prefix)


def test_the_office_files_a_year_typed_in_one_day_by_the_dates_of_the_work(province):
    office_session, _figures = province
    rows = {r["commune"]: r for r in office.completeness(office_session, "2025-01", "2025-12")}
    for code in UNITS:  # the centre's months are filed like a commune's
        row = rows[code]
        assert row["months_with_work"] == YEAR  # counselling every month of 2025
        assert row["missing_months"] == []  # the file came after every month ended: late
        assert not row["nil_report"] and not any(m["nil"] for m in row["months"])
        assert {m["deadline"] for m in row["months"]} == {"late"}
    data = reporting.consolidated_report(office_session, "2025-01", "2025-12", "xlsx")
    done = load_workbook(io.BytesIO(data))["Đầy đủ"]
    heads = [c.value for c in done[1]]
    for line in done.iter_rows(min_row=2, values_only=True):
        if line[0] in UNITS:
            assert line[heads.index("Số tháng có dữ liệu")] == 12
            assert line[heads.index("Báo cáo không phát sinh")] in ("", None)
