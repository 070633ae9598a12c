"""An office's figures per commune, read once for all communes, equal those read one by one."""

from __future__ import annotations

import datetime as dt

import pytest

from ctxh_desktop.core import demo as generator
from ctxh_desktop.core.periods import make_period
from ctxh_desktop.services import exchange, reporting, stats
from ctxh_desktop.services.demo import TABLE_ORDER
from ctxh_desktop.storage.keyfile import FAST_KDF

AS_OF = dt.date(2026, 11, 1)
COMMUNES = ("00004", "00008", "00025")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    created = exchange.create_office(
        tmp_path_factory.mktemp("office") / "office.db",
        "mật khẩu",
        "khóa",
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
    rows = reporting.consolidated_rows(office, make_period("2026-10"))
    assert [r["commune"] for r in rows] == list(COMMUNES)
    assert all(r["commune_name"] and r["commune_name"] != r["commune"] for r in rows)
