"""The figures of the provincial plan that the commune's periodic report prints in its own section
(after cases, counselling and children): people by target group, interventions by problem, people counselled counted once
by channel, children at risk, children by sub-group, children supported by source, and the people
who do the work (staff, collaborators, trained, certified, facilities by kind) — read from the
indicator table, so the report, ``ctxh stats`` and the consolidated report name them alike."""

from __future__ import annotations

from collections.abc import Mapping

from ctxh_desktop.core.indicator_table import (
    BREAKDOWNS,
    GROUPS,
    breakdowns_in,
    in_group,
    indicator,
    parts,
)
from ctxh_desktop.i18n import _
from ctxh_desktop.reports.figures import Labels

#: main figures printed in the section (the others are in sections I–III)
FIGURES = ("interventions", "consultation_persons", "children_at_risk")
#: breakdowns printed in the section
SPLITS = (
    "people_by_target_group",
    "interventions_by_problem",
    "consultation_persons_by_channel",
    "children_by_subgroup",
    "children_supported_by_source",
)


def groups(counts: Mapping[str, int], label: Labels) -> list[tuple[str, list[tuple[str, int]]]]:
    """``(title, [(label, count)])`` groups: the main figures first, then one group per
    breakdown (codes labelled by their code list, largest first)."""
    out = [
        (
            _("Chỉ số chung"),
            [(_(indicator(key).label), int(counts.get(key, 0))) for key in FIGURES],
        )
    ]
    for item in BREAKDOWNS:
        if item.prefix in SPLITS:
            out.append(
                (
                    _(item.label),
                    [(label(item.codes, c), v) for c, v in parts(counts, item.prefix)],
                )
            )
    heading = GROUPS["workforce"]
    out.append(
        (
            _(heading),
            [(_(i.label), int(counts.get(i.key, 0))) for i in in_group("workforce")],
        )
    )
    for item in breakdowns_in("workforce"):
        out.append(
            (_(item.label), [(label(item.codes, c), v) for c, v in parts(counts, item.prefix)])
        )
    return out
