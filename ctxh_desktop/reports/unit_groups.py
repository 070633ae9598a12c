"""Communes and social-work centres in the consolidated report: the communes first, then the
centres, and, when centres are present, a subtotal for each group above the province's total
(:mod:`ctxh_desktop.core.centres`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ctxh_desktop.core import centres
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.reports.figures import totals

COMMUNES_SUBTOTAL = N_("Cộng các xã, phường, đặc khu")
CENTRES_SUBTOTAL = N_("Cộng các trung tâm công tác xã hội")


def _is_centre(row: Mapping[str, Any]) -> bool:
    return centres.is_centre(row.get("commune"))


def ordered(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The units as printed: communes first, then centres, each group in the given order."""
    return [r for r in rows if not _is_centre(r)] + [r for r in rows if _is_centre(r)]


def subtotals(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, int]]]:
    """``[(label, counts)]`` for the communes and for the centres; empty without centres (the
    total alone says it all)."""
    found = [r for r in rows if _is_centre(r)]
    if not found:
        return []
    communes = [r for r in rows if not _is_centre(r)]
    return [(_(COMMUNES_SUBTOTAL), totals(communes)), (_(CENTRES_SUBTOTAL), totals(found))]


def sum_lines(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, int]]]:
    """The bold lines under the units: the groups' subtotals (when centres are present), then
    "Tổng cộng", the total of every unit."""
    return [*subtotals(rows), (_("Tổng cộng"), totals(rows))]
