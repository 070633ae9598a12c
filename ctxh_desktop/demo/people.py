"""The demo's people (children and adults of all ages) and service providers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.demo.generation import Generation

#: Providers offering social-work services in the demo: name → (ownership, capacity, staff).
SOCIAL_WORK = {
    "Trung tâm Công tác xã hội tỉnh {province}": ("public", 60, 14),
    "Cơ sở Bảo trợ xã hội tổng hợp {province}": ("public", 120, 9),
}

PROVIDERS = (
    ("Trung tâm Công tác xã hội tỉnh {province}", "social_protection_facility"),
    ("Trạm Y tế {commune}", "health"),
    ("Công an {commune}", "police"),
    ("Trường Trung học cơ sở {commune}", "education"),
    ("Trung tâm Trợ giúp pháp lý Nhà nước {province}", "legal_aid"),
    ("Hội Liên hiệp Phụ nữ {commune}", "other"),
    ("Cơ sở Bảo trợ xã hội tổng hợp {province}", "social_protection_facility"),
    ("Bệnh viện Đa khoa {province}", "health"),
)


def people(g: Generation) -> tuple[list[dict], list[int], list[int]]:
    """People, and the indexes of children (under 16 at ``as_of``) and of adults."""
    rng = g.rng
    rows: list[dict[str, Any]] = []
    children: list[int] = []
    adults: list[int] = []
    span_days = (g.end.date() - g.start.date()).days
    n_child_target = g.size["children"] * 2 + g.size["cases"]
    for i in range(g.size["people"]):
        is_child = i < n_child_target or rng.random() < 0.18
        age_days = (
            rng.randrange(200, 16 * 365 - 30)
            if is_child
            else rng.choice((rng.randrange(16 * 365, 60 * 365), rng.randrange(60 * 365, 95 * 365)))
        )
        birth = g.as_of - dt.timedelta(days=age_days)
        registered = g.start.date() + dt.timedelta(days=rng.randrange(max(1, span_days)))
        registered = max(registered, birth)
        rows.append(g.person(birth, registered, rng.random() < 0.52))
        (children if is_child else adults).append(i)
    return rows, children, adults


def providers(g: Generation) -> list[dict]:
    """The service providers of the directory."""
    count = 5 if g.scale == "small" else len(PROVIDERS)
    rows = []
    for name, kind in PROVIDERS[:count]:
        row = g.common(g.start.date().isoformat())
        row.update(
            {
                "name": name.format(province=g.province_name, commune=g.commune_name),
                "kind": kind,
                "address": g.commune_name if "{commune}" in name else g.province_name,
                "phone": "0" + f"{g.rng.randrange(10**9):09d}",
                "notes": None,
            }
        )
        ownership, capacity, sw_staff = SOCIAL_WORK.get(name, (None, None, None))
        row.update(
            {
                "ownership": ownership,
                "capacity": capacity,
                "sw_staff": sw_staff,
                "offers_sw": int(name in SOCIAL_WORK),
            }
        )
        rows.append(row)
    return rows
