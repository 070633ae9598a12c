"""The office's plan targets: add, change, remove (each one transaction, audited), load the
shipped example plan, and progress of every target of a year against its base year.

Progress reads the figures of the consolidated report
(:func:`ctxh_desktop.services.stats.consolidated_rows`) for the target's year, from January to
the month asked (the whole year at most), and for the whole base year; the arithmetic is
:func:`ctxh_desktop.core.targets.progress` (``docs/INDICATORS.md``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ctxh_desktop.core import targets as plan
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import make_period
from ctxh_desktop.i18n import _
from ctxh_desktop.paths import resource_path
from ctxh_desktop.services import access, stats
from ctxh_desktop.services.context import Session
from ctxh_desktop.services.exchange.common import require_office
from ctxh_desktop.storage import store as stores
from ctxh_desktop.storage import targets as db

EXAMPLE_FILE = ("data", "plan_targets_example.json")


def _may_edit(session: Session) -> None:
    require_office(session)
    access.require(session, "office")


def list_targets(session: Session, year: int | None = None) -> list[dict[str, Any]]:
    """The office's targets (of ``year``, or all), each with its ``label`` and ``described``."""
    access.require(session, "view")
    require_office(session)
    return [_dressed(t) for t in db.list_targets(session.store, year)]


def _dressed(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["label"] = plan.indicator_label(row["indicator"])
    out["described"] = plan.describe(row)
    out["indicator_source"] = plan.indicator_source(row["indicator"])
    return out


def _refuse_twice(session: Session, row: Mapping[str, Any], other_than: str | None) -> None:
    if db.find_target(session.store, row["indicator"], row["year"], row["scope"], other_than):
        raise UserError(
            _("Đã có mục tiêu cho chỉ tiêu này trong năm {year}; hãy sửa mục tiêu đó.").format(
                year=row["year"]
            ),
            field="indicator",
        )


def add_target(session: Session, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Add a target (checked by :func:`ctxh_desktop.core.targets.check_target`); the stored row.
    One target per indicator, year and scope."""
    _may_edit(session)
    row = plan.check_target(raw)
    _refuse_twice(session, row, None)
    target_id = stores.new_id(session.commune_code)
    with session.store.atomic():
        db.insert_target(session.store, target_id, row, stores.now_iso())
        access.record(session, "create", "plan_target", target_id, _audit(row))
    return _dressed(db.get_target(session.store, target_id) or {})


def _audit(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("indicator", "year", "kind", "value", "base_year", "scope")}


def _existing(session: Session, target_id: str) -> dict[str, Any]:
    found = db.get_target(session.store, target_id)
    if found is None:
        raise UserError(_("Không tìm thấy mục tiêu này (có thể đã bị xóa)."), field="id")
    return found


def update_target(session: Session, target_id: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Change a target (every column given again); the stored row."""
    _may_edit(session)
    _existing(session, target_id)
    row = plan.check_target(raw)
    _refuse_twice(session, row, target_id)
    with session.store.atomic():
        db.update_target(session.store, target_id, row, stores.now_iso())
        access.record(session, "update", "plan_target", target_id, _audit(row))
    return _dressed(db.get_target(session.store, target_id) or {})


def remove_target(session: Session, target_id: str) -> None:
    """Remove a target."""
    _may_edit(session)
    found = _existing(session, target_id)
    with session.store.atomic():
        db.delete_target(session.store, target_id)
        access.record(session, "delete", "plan_target", target_id, _audit(found))


def example_plan() -> dict[str, Any]:
    """The shipped example plan (``resources/data/plan_targets_example.json``)."""
    with resource_path(*EXAMPLE_FILE).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_example(session: Session) -> int:
    """Add the example plan's targets the office does not have yet (same indicator, year and
    scope), all in one transaction; how many were added. The office then edits them."""
    _may_edit(session)
    rows = [plan.check_target(t) for t in example_plan()["targets"]]
    store = session.store
    added = 0
    with store.atomic():
        for row in rows:
            if db.find_target(store, row["indicator"], row["year"], row["scope"]):
                continue
            target_id = stores.new_id(session.commune_code)
            db.insert_target(store, target_id, row, stores.now_iso())
            added += 1
        access.record(session, "load_example", "plan_target", None, {"added": added})
    return added


def _communes(session: Session, period_from: str, period_to: str) -> list[dict[str, Any]]:
    """The communes' rows of the consolidated report for the months (none when the office
    holds no commune's data: the report's fallback to the unit itself is left out)."""
    rows = stats.consolidated_rows(session, make_period(None, period_from, period_to))
    return [r for r in rows if r["commune"] != session.commune_code]


def progress(session: Session, year: int, month_to: str | None = None) -> list[dict[str, Any]]:
    """Progress of every target of ``year`` (:func:`ctxh_desktop.core.targets.progress`), the
    year's figures counted from January to ``month_to`` (``YYYY-MM``; the whole year when
    omitted or later), each base year's over the whole base year."""
    access.require(session, "view")
    require_office(session)
    found = db.list_targets(session.store, year)
    if not found:
        return []
    last = f"{year}-12"
    if month_to and month_to[:4] == str(year) and month_to < last:
        last = month_to
    achieved = _communes(session, f"{year}-01", last)
    bases: dict[int, list[dict[str, Any]]] = {}
    out = []
    for target in found:
        base_year = target.get("base_year")
        base = None
        if base_year:
            if base_year not in bases:
                bases[base_year] = _communes(session, f"{base_year}-01", f"{base_year}-12")
            base = bases[base_year]
        result = plan.progress(target, achieved, base)
        result["target"] = _dressed(target)
        result["to_month"] = last
        out.append(result)
    return out


def report_progress(session: Session, month_to: str) -> list[dict[str, Any]]:
    """The progress printed in the consolidated report ending in ``month_to``: the targets of
    that month's year (none at a commune, or for a user who may not read them)."""
    if session.kind != "office" or not access.can(session, "view"):
        return []
    return progress(session, int(month_to[:4]), month_to)
