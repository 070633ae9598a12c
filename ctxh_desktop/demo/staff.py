"""The demo's people who do the work: a social-work collaborator and the commune's civil servant,
the courses they attended and a practising certificate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.demo.generation import Generation

#: (role, years before ``as_of`` they started, monthly allowance, qualification)
STAFF = (
    ("collaborator", 3, 1_490_000, "social_work_diploma"),
    ("civil_servant", 6, None, "other_degree"),
)
#: (course, organiser, days before ``as_of`` it started, days long, hours, certificate given)
COURSES = (
    ("Kỹ năng công tác xã hội với trẻ em", "Sở Y tế {province}", 400, 5, 40, True),
    (
        "Quản lý trường hợp trẻ em cần bảo vệ",
        "Trung tâm Công tác xã hội tỉnh {province}",
        90,
        3,
        24,
        True,
    ),
)


def staff(g: Generation) -> tuple[list[dict], list[dict], list[dict]]:
    """Staff, their trainings and certificates (every course taken by the collaborator, the
    second also by the civil servant; a certificate for the collaborator)."""
    people: list[dict[str, Any]] = []
    trainings: list[dict[str, Any]] = []
    certificates: list[dict[str, Any]] = []
    for i, (role, years, allowance, qualification) in enumerate(STAFF):
        since = g.as_of.replace(year=g.as_of.year - years, day=1)
        row = g.common(since.isoformat())
        row.update(
            {
                "full_name": g.full_name(female=i == 0),
                "role": role,
                "since": since.isoformat(),
                "until": None,
                "allowance": allowance,
                "qualification": qualification,
                "phone": g.phone(),
                "notes": None,
            }
        )
        people.append(row)
    for k, (course, organiser, ago, days, hours, given) in enumerate(COURSES):
        start = g.as_of - dt.timedelta(days=ago)
        for member in people if k else people[:1]:
            row = g.common(start.isoformat())
            row.update(
                {
                    "staff_id": member["id"],
                    "course": course,
                    "start_on": start.isoformat(),
                    "end_on": (start + dt.timedelta(days=days - 1)).isoformat(),
                    "hours": hours,
                    "organiser": organiser.format(province=g.province_name),
                    "certificate": int(given),
                }
            )
            trainings.append(row)
    issued = g.as_of - dt.timedelta(days=300)
    row = g.common(issued.isoformat())
    row.update(
        {
            "staff_id": people[0]["id"],
            "number": f"{g.province_code}/2025/CCHN-CTXH",
            "issued_on": issued.isoformat(),
            "issued_by": f"Sở Y tế {g.province_name}",
        }
    )
    certificates.append(row)
    return people, trainings, certificates
