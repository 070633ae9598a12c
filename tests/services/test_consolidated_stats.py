"""An office's figures per commune, read once for all communes, equal those read one by one."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop import demo as generator
from ctxh_desktop.core.periods import make_period
from ctxh_desktop.services import exchange, stats
from ctxh_desktop.services.demo import TABLE_ORDER
from ctxh_desktop.storage.keyfile import FAST_KDF

AS_OF = dt.date(2026, 11, 1)
COMMUNES = ("00004", "00008", "00025")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    created = exchange.create_office(
        tmp_path_factory.mktemp("office") / "office.db",
        "mật khẩu văn phòng",
        "khóa văn phòng",
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=FAST_KDF,
    )
    s = created.session
    with s.store.atomic():
        for seed, code in enumerate(COMMUNES, start=1):
            tables = generator.generate(code, "small", seed, AS_OF)
            for table in TABLE_ORDER:
                s.store.insert_many(table, tables.get(table, []))
    yield s
    s.close()


@pytest.mark.parametrize(
    "period",
    [make_period("2026-10"), make_period(None, "2026-01", "2026-10"), make_period()],
    ids=["month", "range", "all-time"],
)
def test_per_commune_figures_equal_one_by_one(office, period):
    together = stats.compute_stats_per_commune(office, period, list(COMMUNES))
    assert list(together) == list(COMMUNES)
    for code in COMMUNES:
        alone = stats.compute_stats(office, period=period, commune=code)
        assert together[code] == alone
    assert any(together[c]["counts"]["cases_open"] for c in COMMUNES)
    # the communes differ, so a mix-up would show
    assert together["00004"]["counts"] != together["00008"]["counts"]


def test_consolidated_rows_name_every_commune(office):
    rows = stats.consolidated_rows(office, make_period("2026-10"))
    assert [r["commune"] for r in rows] == list(COMMUNES)
    assert all(r["commune_name"] and r["commune_name"] != r["commune"] for r in rows)


MONTHS = [f"2025-{m:02d}" for m in range(11, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]


@pytest.mark.parametrize("month", MONTHS)
def test_rows_read_for_a_period_give_the_figures_of_every_row(office, month):
    """Reading only what a period needs (people pre-counted, cases closed before it left out,
    timelines of the cases that need them) changes no figure against reading every row."""
    from ctxh_desktop.core import indicators
    from ctxh_desktop.storage import figures

    calendar = stats.working_calendar(office)
    for period in (make_period(month), make_period(None, "2025-06", month)):
        trimmed = figures.indicator_rows(
            office.store, period.end, start=period.start, today=AS_OF.isoformat()
        )
        every = figures.indicator_rows(office.store, period.end)
        sessions = office.store.scalar(  # every commune's sessions of the period, none lost
            "SELECT count(*) FROM consultation WHERE deleted = 0 AND at BETWEEN ? AND ?",
            [period.start, period.end + "T23:59:59"],
        )
        assert len(trimmed["consultations"]) == sessions
        assert {r["commune"] for r in trimmed["supports"]} == set(COMMUNES)
        if month == MONTHS[-1] and period.kind == "month":  # the trimming did happen
            assert len(trimmed["people"]) < len(every["people"]) / 3
            assert len(trimmed["cases"]) < len(every["cases"])
        counts = indicators.compute_counts(indicators.IndicatorData(**trimmed), period, calendar)
        assert counts == indicators.compute_counts(
            indicators.IndicatorData(**every), period, calendar
        )
        if month == MONTHS[-1]:  # figures that a mistake would change
            assert counts["people_new"] and counts["cases_open"] and counts["cases_new"]
            assert period.kind == "month" or counts["cases_closed"]
