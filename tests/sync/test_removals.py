"""A record removed at the commune as entered by mistake reaches the office as a removal: the office
drops it from its copy and from its figures."""

from __future__ import annotations

from test_exchange_service import COMMUNE, commune, enrol, office, office_template  # noqa: F401

from ctxh_desktop.services import corrections, exchange, stats


def test_a_removal_reaches_the_office_and_its_figures_drop_it(tmp_path, office, commune):  # noqa: F811
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    assert (
        exchange.import_file(o, exchange.export(commune, tmp_path / "a.ctxh").path, ids).status
        == "accepted"
    )
    session = commune.store.records("consultation", order="at DESC")[0]
    month = session["at"][:7]

    def sessions_at_office() -> int:
        return stats.compute_stats(o, month=month, commune=COMMUNE)["counts"]["consultations"]

    before = sessions_at_office()
    corrections.remove(commune, "consultation", session["id"], "entered_by_mistake")
    delta = exchange.export(commune, tmp_path / "b.ctxh")
    assert delta.header["rows"].get("consultation") == 1
    assert exchange.import_file(o, delta.path, ids).status == "accepted"
    assert o.store.get("consultation", session["id"])["deleted"] == 1
    assert sessions_at_office() == before - 1
