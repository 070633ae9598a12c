"""The demo's register of children in special circumstances and their supports, month by month
(the monthly allowance from the social-assistance standard level in force)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.periods import months_between
from ctxh_desktop.demo.generation import Generation, code_list

#: How often each group of children is registered (codes of the list ``child_groups``).
CHILD_GROUP_WEIGHTS = {
    "a": 8,
    "b": 2,
    "c": 3,
    "d": 30,
    "dd": 3,
    "e": 4,
    "g": 1,
    "h": 6,
    "i": 5,
    "k": 2,
    "l": 4,
    "m": 1,
    "n": 20,
    "o": 2,
}
_ALLOWANCE_GROUPS = ("a", "b", "c", "d", "dd")


def _standard_level(month: str) -> int:
    """The social-assistance standard level in force that month (VND)."""
    return 500_000 if month >= "2024-07" else 360_000


def children(
    g: Generation, people: list[dict], children: list[int]
) -> tuple[list[dict], list[dict]]:
    """The register of children in special circumstances and the supports they received."""
    rng = g.rng
    groups = code_list("child_groups")
    top = [c for c in groups if c in CHILD_GROUP_WEIGHTS]
    weights = [CHILD_GROUP_WEIGHTS[c] for c in top]
    subgroups = _subgroups(groups)
    kinds = code_list("support_kinds")
    sources = code_list("support_sources")
    state, social = sources[0], sources[-1]
    last_month = g.as_of.isoformat()[:7]
    picks = rng.sample(children, min(g.size["children"], len(children)))
    profiles, supports = [], []
    for index in picks:
        person = people[index]
        registered = person["registered_on"]
        chosen = [rng.choices(top, weights)[0]]
        if rng.random() < 0.2:
            chosen.append(rng.choices(top, weights)[0])
        chosen = list(dict.fromkeys(chosen))
        listed = list(chosen)
        for code in chosen:
            if subgroups.get(code) and rng.random() < 0.7:
                listed.append(rng.choice(subgroups[code]))
        row = g.common(registered)
        row.update(
            {
                "person_id": person["id"],
                "groups": listed,
                "extra_groups": [],
                "status": "active",
                "registered_on": registered,
                "notes": None,
            }
        )
        profiles.append(row)
        birth_year = int(person["birth_date"][:4])
        allowance = any(c in _ALLOWANCE_GROUPS for c in chosen) and rng.random() < 0.85
        for month in months_between(registered[:7], last_month):
            given = f"{month}-10" if f"{month}-10" <= g.as_of.isoformat() else g.as_of.isoformat()
            if given < registered:
                given = registered
            if allowance and "monthly_allowance" in kinds:
                coefficient = 2.5 if int(month[:4]) - birth_year < 4 else 1.5
                supports.append(
                    _support(
                        g,
                        row,
                        month,
                        given,
                        "monthly_allowance",
                        state,
                        int(coefficient * _standard_level(month)),
                        "UBND xã",
                    )
                )
            mm = month[5:]
            if mm in ("01", "06", "09") and rng.random() < 0.5 and "material" in kinds:
                supports.append(
                    _support(
                        g,
                        row,
                        month,
                        given,
                        "material",
                        social,
                        rng.choice((200_000, 300_000, 500_000, 1_000_000)),
                        "Quỹ Bảo trợ trẻ em, nhà hảo tâm",
                    )
                )
            if mm == "09" and rng.random() < 0.3 and "education" in kinds:
                supports.append(
                    _support(
                        g,
                        row,
                        month,
                        given,
                        "education",
                        rng.choice((state, social)),
                        rng.choice((500_000, 1_000_000, 2_000_000)),
                        "Hội Khuyến học",
                    )
                )
            if mm == "01" and "health_insurance" in kinds and rng.random() < 0.8:
                supports.append(
                    _support(g, row, month, given, "health_insurance", state, 0, "BHXH")
                )
    return profiles, supports


def _support(
    g: Generation,
    child: dict,
    month: str,
    given: str,
    kind: str,
    source: str,
    amount: int,
    provider: str,
) -> dict[str, Any]:
    row = g.common(given)
    row.update(
        {
            "child_id": child["id"],
            "month": month,
            "given_on": given,
            "kind": kind,
            "amount": amount,
            "source": source,
            "provider": provider,
            "note": None,
        }
    )
    return row


def _subgroups(groups: Sequence[str]) -> dict[str, list[str]]:
    """Sub-group codes per group letter, when the shared code lists define them."""
    out: dict[str, list[str]] = {}
    for code in groups:
        parent = codes.parent_of("child_groups", code)
        if parent:
            out.setdefault(parent, []).append(code)
    return out
