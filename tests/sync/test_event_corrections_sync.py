"""A correction of a case step reaches the office: the correcting event with its ``corrects``
reference and what changed, the original event unchanged, the case's milestone as corrected."""

from __future__ import annotations

from test_exchange_service import commune, enrol, office, office_template  # noqa: F401

from ctxh_desktop.services import case_corrections, cases, exchange


def test_a_correction_and_its_reference_reach_the_office(tmp_path, office, commune):  # noqa: F811
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    first = exchange.export(commune, tmp_path / "a.ctxh")
    assert exchange.import_file(o, first.path, ids).status == "accepted"
    row = commune.store.rows(
        "SELECT id, received_at FROM case_file WHERE status = 'open' AND step = 'intake'"
        " AND deleted = 0 LIMIT 1"
    )[0]
    case = cases.get_case(commune, row["id"])
    received = next(e for e in case["events"] if e["kind"] == "received")
    earlier = row["received_at"][:11] + "00:01"
    case_corrections.correct_event(
        commune, row["id"], received["id"], {"at": earlier, "reason": "Ghi nhầm giờ"}
    )
    delta = exchange.export(commune, tmp_path / "b.ctxh")
    assert delta.header["rows"].get("case_event") == 1
    assert exchange.import_file(o, delta.path, ids).status == "accepted"
    at_office = cases.get_case(o, row["id"])
    assert at_office["received_at"] == earlier
    correction = next(e for e in at_office["events"] if e["kind"] == "correction")
    assert correction["corrects"] == received["id"]
    assert correction["correction"]["at"] == [received["at"], earlier]
    original = next(e for e in at_office["events"] if e["id"] == received["id"])
    assert original["at"] == received["at"] and original["corrected"]
