"""The awareness and communication activities in the commune's periodic report (its own section,
counted apart from counselling): activities and participants by kind, participants by sex and by
age — read from the indicator table, so the report, ``ctxh stats`` and the consolidated report
name them alike."""

from __future__ import annotations

from collections.abc import Mapping

from ctxh_desktop.core.indicator_table import BREAKDOWNS, in_group, parts
from ctxh_desktop.i18n import _
from ctxh_desktop.reports.figures import Labels


def groups(counts: Mapping[str, int], label: Labels) -> list[tuple[str, list[tuple[str, int]]]]:
    """``(title, [(label, count)])`` groups: the main figures, then one group per breakdown."""
    out = [
        (
            _("Chỉ số chung"),
            [(_(i.label), int(counts.get(i.key, 0))) for i in in_group("activities")],
        )
    ]
    for item in BREAKDOWNS:
        if item.group == "activities":
            out.append(
                (_(item.label), [(label(item.codes, c), v) for c, v in parts(counts, item.prefix)])
            )
    return out
