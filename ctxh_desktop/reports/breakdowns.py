"""The breakdowns of the consolidated report (the indicator table's :data:`BREAKDOWNS`), per commune
and in total: one matrix per breakdown, printed as a PDF section and written as an xlsx sheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ctxh_desktop.core import codes
from ctxh_desktop.core.indicator_table import BREAKDOWNS, Breakdown
from ctxh_desktop.i18n import _
from ctxh_desktop.reports import frame, unit_groups
from ctxh_desktop.reports.figures import LabelFn, Labels, num, totals

#: code columns per printed table (a breakdown with more codes is printed in several tables)
_PER_TABLE = 9


@dataclass
class Matrix:
    """One breakdown: its codes (columns) and labels, one row of counts per commune, the total."""

    breakdown: Breakdown
    codes: list[str]
    labels: list[str]
    rows: list[tuple[str, str, list[int]]]  # (commune code, commune name, counts by code)
    total: list[int]
    #: the communes' and the centres' subtotals when centres are present (:mod:`.unit_groups`)
    subtotals: list[tuple[str, list[int]]] = field(default_factory=list)


def _ordered(list_name: str, present: set[str]) -> list[str]:
    """The codes present, in the code list's order (unknown codes last, sorted)."""
    known = [i["code"] for i in codes.all_items(list_name)]
    return [c for c in known if c in present] + sorted(present.difference(known))


def matrices(rows: Sequence[Mapping[str, Any]], labels: LabelFn | None) -> list[Matrix]:
    """Every breakdown with at least one count, communes × codes (codes counted anywhere)."""
    label = Labels(labels)
    total = totals(rows)
    out = []
    for item in BREAKDOWNS:
        head = item.prefix + "."
        present = {k[len(head) :] for k, v in total.items() if k.startswith(head) and v}
        if not present:
            continue
        order = _ordered(item.codes, present)
        out.append(
            Matrix(
                item,
                order,
                [label(item.codes, c) for c in order],
                [
                    (
                        str(r.get("commune") or ""),
                        str(r.get("commune_name") or r.get("commune") or ""),
                        [int((r.get("counts") or {}).get(head + c, 0)) for c in order],
                    )
                    for r in unit_groups.ordered(rows)
                ],
                [int(total.get(head + c, 0)) for c in order],
                [
                    (label, [int(sub.get(head + c, 0)) for c in order])
                    for label, sub in unit_groups.subtotals(rows)
                ],
            )
        )
    return out


def pdf_sections(
    rows: Sequence[Mapping[str, Any]], labels: LabelFn | None, width: float, number: int
) -> tuple[list[Flowable], int]:
    """A section per breakdown (numbered from ``number``, Roman): communes × codes with a bold
    totals row, wide breakdowns split into tables of a few codes each; and how many sections."""
    out: list[Flowable] = []
    name_w, stt_w = 46 * mm, 10 * mm
    found = matrices(rows, labels)
    for i, matrix in enumerate(found):
        title = f"{roman(number + i)}. {_(matrix.breakdown.label).upper()}"
        for start in range(0, len(matrix.codes), _PER_TABLE):
            part = slice(start, start + _PER_TABLE)
            heads = matrix.labels[part]
            body = [
                [num(n), name] + [num(v) for v in counts[part]]
                for n, (_c, name, counts) in enumerate(matrix.rows, start=1)
            ]
            bold = []
            for label, sums in [*matrix.subtotals, (_("Tổng cộng"), matrix.total)]:
                bold.append(len(body))
                body.append(["", label] + [num(v) for v in sums[part]])
            columns = len(heads)
            each = min((width - name_w - stt_w) / columns, 40 * mm)
            widths = [stt_w, name_w] + [each] * columns
            table = frame.grid_table(
                [_("STT"), _("Đơn vị"), *heads],
                body,
                widths,
                numeric=range(2, 2 + columns),
                centred=[0],
                bold_rows=bold,
                size=9,
            )
            out += frame.table_section(title, table) if start == 0 else [table]
    return out, len(found)


def roman(n: int) -> str:
    """1 → "I", 14 → "XIV" (section numbers)."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out
