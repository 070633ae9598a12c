"""The chairman's decisions reach the office with the case: a plan's approval decision and a
temporary separation decision (Decree 56/2017/NĐ-CP, Arts. 28(4) and 32(2)), signer included."""

from __future__ import annotations

import datetime as dt

from drafted_plans import drafted
from test_exchange_service import commune, enrol, office, office_template  # noqa: F401

from ctxh_desktop.services import access, cases, decisions, exchange


def test_decisions_reach_the_office_with_the_case(tmp_path, office, commune):  # noqa: F811
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    assert (
        exchange.import_file(o, exchange.export(commune, tmp_path / "a.ctxh").path, ids).status
        == "accepted"
    )
    drafted(commune)  # a plan waits for the chairman whatever the demo's dates give
    access.act_as(commune, "chutich")
    plan = cases.get_case(commune, decisions.waiting(commune)[0]["id"])
    decisions.approve_plan(commune, plan["id"], "12/QĐ-UBND", plan["plan_drafted_at"][:10])
    children = cases.list_cases(commune, kind="child_protection", status="open")
    child = next(c for c in children if "separate" in cases.get_case(commune, c["id"])["decisions"])
    today = dt.date.today().isoformat()
    decisions.separate(commune, child["id"], "3/QĐ-UBND", today, "Ở nhà bà ngoại")
    access.act_as(commune, "ctv")  # the collaborator sends the commune's file
    delta = exchange.export(commune, tmp_path / "b.ctxh")
    assert exchange.import_file(o, delta.path, ids).status == "accepted"
    copy = o.store.get("case_file", plan["id"])
    assert copy["plan"]["decision"]["number"] == "12/QĐ-UBND"
    assert copy["plan"]["decision"]["signed_by_user"] == "chutich"
    separated = o.store.get("case_file", child["id"])
    assert separated["separation_decision"]["number"] == "3/QĐ-UBND"
