"""The plan's targets in the consolidated report: for each target of the year, each commune and
the whole unit against the base year and the target (achieved, target, % of target). The rows
are those of :func:`ctxh_desktop.services.targets.progress`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.reports import frame
from ctxh_desktop.reports.figures import DASH, num

_SIZE = 10


def goal_text(value: float | None) -> str:
    """A target figure ("60", "12,5"), or "—" when there is none."""
    return DASH if value is None else format_number(value)


def percent_text(value: float | None) -> str:
    """ "80%", or "—" when there is nothing to measure against."""
    return DASH if value is None else f"{format_number(value)}%"


def source_of(result: Mapping[str, Any]) -> str:
    """The target's own source when the office gave one, else its indicator's."""
    target = result["target"]
    return target.get("source") or target.get("indicator_source") or ""


def rows_of(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The communes' rows, then the whole unit's (named "Toàn đơn vị")."""
    unit = {**result["unit"], "commune_name": _("Toàn đơn vị")}
    return [*result["communes"], unit]


def heading(year: int) -> str:
    """The section's title (upper-cased by the caller)."""
    return _("Mục tiêu kế hoạch và kết quả thực hiện năm {year}").format(year=year)


def through_text(progress: Sequence[Mapping[str, Any]]) -> str:
    """ "Kết quả thực hiện tính từ tháng 01 đến tháng 06/2026."."""
    last = progress[0]["to_month"]
    return _("Kết quả thực hiện tính từ tháng 01 đến tháng {month}/{year}.").format(
        month=last[5:7], year=last[:4]
    )


def _table(result: Mapping[str, Any], width: float) -> Flowable:
    target = result["target"]
    base_year = target.get("base_year")
    headers = [
        _("STT"),
        _("Đơn vị"),
        _("Năm gốc {year}").format(year=base_year) if base_year else _("Năm gốc"),
        _("Thực hiện"),
        _("Mục tiêu (số)"),
        _("% mục tiêu"),
    ]
    rows = rows_of(result)
    body = []
    for i, row in enumerate(rows, start=1):
        body.append(
            [
                num(i) if i < len(rows) else "",
                row["commune_name"] or row["commune"],
                DASH if row["base"] is None else num(row["base"]),
                num(row["achieved"]),
                goal_text(row["goal"]),
                percent_text(row["percent"]),
            ]
        )
    widths = [10 * mm, 0, 34 * mm, 34 * mm, 34 * mm, 30 * mm]
    widths[1] = width - sum(widths)
    return frame.grid_table(
        headers,
        body,
        widths,
        numeric=range(2, 6),
        centred=[0],
        bold_rows=[len(body) - 1],
        size=_SIZE,
    )


def pdf_section(progress: Sequence[Mapping[str, Any]], width: float, number: str) -> list[Flowable]:
    """The section numbered ``number`` (a Roman numeral): one table per target (the targets of
    one year)."""
    if not progress:
        return []
    year = int(progress[0]["target"]["year"])
    # The heading stays with the first target's table (moved whole to the next page when short).
    first = len(progress[0]["communes"]) + 2
    out: list[Flowable] = [
        CondPageBreak(min(150, 30 + 7 * first) * mm),
        *frame.table_section(
            f"{number}. {heading(year).upper()}", frame.para(through_text(progress))
        ),
    ]
    for i, result in enumerate(progress, start=1):
        target = result["target"]
        out.append(
            frame.subheading(
                f"{i}. {target['label']} — {target['described']}. "
                + _("Nguồn: {source}").format(source=source_of(result))
            )
        )
        out.append(_table(result, width))
    return out
