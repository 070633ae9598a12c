"""Plan targets and progress against them (``docs/INDICATORS.md``, "Targets and progress").

A target names an indicator of :mod:`ctxh_desktop.core.indicator_table` (a main figure, or one
code of a breakdown as ``<prefix>.<code>``), a year, and either a value to reach (``kind``
``"value"``) or a rise in percent over a base year's figure (``"increase"``). Its ``scope`` says
whether the value is for the whole unit (``"unit"``) or for each commune (``"commune"``).

Progress is computed here from plain counts (one ``counts`` mapping per commune, as
``services.stats.consolidated_rows`` gives them) for the target's year and for its base year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.indicator_table import BREAKDOWNS, INDICATORS
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_number

KINDS: dict[str, str] = {
    "value": N_("Đạt giá trị"),
    "increase": N_("Tăng % so với năm gốc"),
}
SCOPES: dict[str, str] = {
    "unit": N_("Toàn đơn vị"),
    "commune": N_("Mỗi xã"),
}
FIRST_YEAR, LAST_YEAR = 2000, 2100
_MAIN = {i.key: i for i in INDICATORS}
_PARTS = {b.prefix: b for b in BREAKDOWNS}


def indicator_keys() -> list[str]:
    """Every key a target may name: the main figures, then each code of each breakdown."""
    keys = [i.key for i in INDICATORS]
    for b in BREAKDOWNS:
        keys += [f"{b.prefix}.{item['code']}" for item in codes.all_items(b.codes)]
    return keys


def is_indicator(key: str) -> bool:
    """Whether ``key`` is a main figure or ``<breakdown prefix>.<code of its list>``."""
    if key in _MAIN:
        return True
    prefix, _dot, code = key.partition(".")
    breakdown = _PARTS.get(prefix)
    return breakdown is not None and codes.is_valid(breakdown.codes, code)


def indicator_label(key: str) -> str:
    """The translated label of a target's indicator ("Buổi tư vấn theo hình thức: Tại cộng
    đồng" for a breakdown's code); the key itself when unknown."""
    if key in _MAIN:
        return _(_MAIN[key].label)
    prefix, _dot, code = key.partition(".")
    breakdown = _PARTS.get(prefix)
    if breakdown is None:
        return key
    return f"{_(breakdown.label)}: {codes.label(breakdown.codes, code) or code}"


def indicator_source(key: str) -> str:
    """The indicator's source in law or plan (the indicator table's)."""
    if key in _MAIN:
        return _MAIN[key].source
    breakdown = _PARTS.get(key.partition(".")[0])
    return breakdown.source if breakdown else ""


def _year(value: Any, field: str, required: bool = True) -> int | None:
    if value in (None, "") and not required:
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UserError(
            _("Năm phải là một số từ {first} đến {last}.").format(first=FIRST_YEAR, last=LAST_YEAR),
            field=field,
        )
    return year


def check_target(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The target's columns, checked; ``UserError`` (with its field) for the first bad one."""
    indicator = str(raw.get("indicator") or "").strip()
    if not is_indicator(indicator):
        raise UserError(_("Chọn một chỉ tiêu có trong danh mục chỉ tiêu."), field="indicator")
    kind = str(raw.get("kind") or "value")
    if kind not in KINDS:
        raise UserError(_("Loại mục tiêu không hợp lệ."), field="kind")
    scope = str(raw.get("scope") or "unit")
    if scope not in SCOPES:
        raise UserError(_("Phạm vi mục tiêu không hợp lệ."), field="scope")
    year = _year(raw.get("year"), "year")
    base_year = _year(raw.get("base_year"), "base_year", required=kind == "increase")
    if base_year is not None and year is not None and base_year >= year:
        raise UserError(_("Năm gốc phải trước năm của mục tiêu."), field="base_year")
    try:
        value = float(str(raw.get("value")).replace(",", ".").strip())
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1e12 or (kind == "value" and value == 0):
        message = (
            _("Tỷ lệ tăng phải là một số không âm (phần trăm).")
            if kind == "increase"
            else _("Giá trị mục tiêu phải là một số lớn hơn 0.")
        )
        raise UserError(message, field="value")
    return {
        "indicator": indicator,
        "year": year,
        "kind": kind,
        "value": value,
        "base_year": base_year,
        "scope": scope,
        "note": str(raw.get("note") or "").strip() or None,
        "source": str(raw.get("source") or "").strip() or None,
    }


def _ratio(achieved: float, target: float | None) -> float | None:
    if not target:
        return None
    return round(100.0 * achieved / target, 1)


def _goal(target: Mapping[str, Any], base: int | None, each: bool) -> float | None:
    """What a commune (``each``) or the unit must reach."""
    value = float(target["value"])
    if target["kind"] == "increase":
        return None if base is None else round(base * (1 + value / 100.0), 1)
    if target["scope"] == "commune":
        return value if each else None  # the unit's goal is set by the caller
    return None if each else value


def progress(
    target: Mapping[str, Any],
    achieved: Sequence[Mapping[str, Any]],
    base: Sequence[Mapping[str, Any]] | None,
) -> dict[str, Any]:
    """One target's progress: ``{"target", "communes": [row…], "unit": row}``.

    ``achieved`` and ``base`` are per-commune rows ``{"commune", "commune_name", "counts"}`` for
    the target's year (to date) and its base year (``None``: no base year). A row is
    ``{"commune", "commune_name", "base", "achieved", "goal", "percent"}``; ``goal`` and
    ``percent`` are ``None`` where there is nothing to measure against (no base figure, or a
    unit-wide value for one commune). A target set for each commune ("mỗi xã") is measured over
    the communes only: a social-work centre's row (``"kind": "centre"``) is counted apart, as in
    the consolidated report."""
    key = target["indicator"]
    if target["scope"] == "commune":
        achieved = [r for r in achieved if r.get("kind") != "centre"]
        base = None if base is None else [r for r in base if r.get("kind") != "centre"]
    before = {r["commune"]: int((r.get("counts") or {}).get(key) or 0) for r in base or []}
    rows: list[dict[str, Any]] = []
    for row in achieved:
        code = row["commune"]
        got = int((row.get("counts") or {}).get(key) or 0)
        was = before.get(code, 0) if base is not None else None
        goal = _goal(target, was, each=True)
        rows.append(
            {
                "commune": code,
                "commune_name": row.get("commune_name") or code,
                "base": was,
                "achieved": got,
                "goal": goal,
                "percent": _ratio(got, goal),
            }
        )
    total = sum(r["achieved"] for r in rows)
    was_total = sum(before.values()) if base is not None else None
    if target["kind"] == "value" and target["scope"] == "commune":
        unit_goal: float | None = float(target["value"]) * len(rows)
    else:
        unit_goal = _goal(target, was_total, each=False)
    unit = {
        "commune": "",
        "commune_name": "",
        "base": was_total,
        "achieved": total,
        "goal": unit_goal,
        "percent": _ratio(total, unit_goal),
    }
    return {"target": dict(target), "communes": rows, "unit": unit}


def describe(target: Mapping[str, Any]) -> str:
    """The target in words: "+20% so với năm 2025", "≥ 12 (mỗi xã)"."""
    number = format_number(float(target["value"]))
    if target["kind"] == "increase":
        text = _("+{value}% so với năm {year}").format(value=number, year=target["base_year"])
    else:
        text = _("đạt {value}").format(value=number)
    if target["scope"] == "commune":
        text += " " + _("(mỗi xã)")
    return text
