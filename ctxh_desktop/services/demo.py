"""Filling a database with realistic synthetic data (for the demo, tests and benchmarks)."""

from __future__ import annotations

import datetime as dt

from ctxh_desktop import demo as generator
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.context import Session

SCALES = ("small", "commune", "large")

#: Tables in the order foreign keys need.
TABLE_ORDER = (
    "person",
    "service_provider",
    "case_file",
    "case_event",
    "consultation",
    "child_profile",
    "child_support",
    "referral",
    "staff",
    "staff_training",
    "staff_certificate",
    "activity",
)

DEMO_PROFILE = {
    "collaborator_name": "Nguyễn Thị Thu Hà",
    "chairman_name": "Trần Quốc Dũng",
    "doc_number": "15/BC-UBND",
}


def populate(
    session: Session, scale: str = "small", seed: int = 1, as_of: dt.date | None = None
) -> dict[str, int]:
    """Generate and store demo data in one transaction; returns rows written per table."""
    if scale not in SCALES:
        raise UserError(_("Quy mô không hợp lệ: {scale}.").format(scale=scale), field="scale")
    as_of = as_of or dt.date.today()
    tables = generator.generate(session.commune_code, scale, seed, as_of)
    store = session.store
    written: dict[str, int] = {}
    with store.atomic():
        for table in TABLE_ORDER:
            rows = tables.get(table, [])
            store.insert_many(table, rows)
            written[table] = len(rows)
        for key, value in DEMO_PROFILE.items():
            store.set_setting(key, value)
        store.set_meta("demo_as_of", as_of.isoformat())
    return written
