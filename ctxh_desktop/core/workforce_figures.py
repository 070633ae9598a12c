"""The figures of the people who do the work (the plans' indicators of staff and training).

Definitions (period = inclusive day range; a member of staff is *active at the end* of it when
they started by its last day — ``since``, or the day they were entered — and had not left before
it — ``until`` empty or not before its last day):

- ``staff``: staff active at the end, by role (``staff_by_role``); ``collaborators``: of those,
  social-work collaborators (the plans' "collaborators per commune").
- ``staff_trained``: staff active at the end who finished at least one course in the period (a
  course counts on its last day, or its first when no last day is given); ``staff_trained_ever``:
  who finished at least one course by the end of the period, whenever. The share trained is
  ``staff_trained_ever / staff`` (or ``staff_trained / staff`` for training in the period).
- ``staff_certified``: staff active at the end holding a practising certificate issued by then.
- ``trainings``: course attendances finished in the period (anyone, also staff who left since);
  ``training_hours``: their hours.
- ``providers_sw``: providers offering social-work services as the directory stands (it keeps no
  dates, so a past period shows today's directory), by
  kind of ownership (``providers_sw_by_kind``: public / non-public; a provider whose ownership is
  not recorded counts in the total only); ``providers_sw_staff``: their social-work staff;
  ``providers_sw_capacity``: their capacity (places).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ctxh_desktop.core.periods import Period

#: The social-work collaborator's role code (``staff_roles``).
COLLABORATOR = "collaborator"
#: A day after every day, the all-time period's last (``9999-12-31``) included.
NEVER = "9999-99-99"

#: Main figures, always present (zero when nothing is recorded).
MAIN = [
    "staff",
    "collaborators",
    "staff_trained",
    "staff_trained_ever",
    "staff_certified",
    "trainings",
    "training_hours",
    "providers_sw",
    "providers_sw_staff",
    "providers_sw_capacity",
]


def workforce_counts(data: Any, period: Period) -> Counter[str]:
    """The workforce figures of ``data`` (an ``IndicatorData``) for the period."""
    start, end = period.start, period.end
    c: Counter[str] = Counter(dict.fromkeys(MAIN, 0))
    active = {
        s["id"]: s["role"]
        for s in data.staff
        if (s.get("since") or "")[:10] <= end and not (s.get("until") or NEVER) < end
    }
    trained: set[str] = set()
    trained_ever: set[str] = set()
    for course in data.trainings:
        ended = (course.get("ended") or "")[:10]
        if not ended or ended > end:
            continue
        trained_ever.add(course["staff_id"])
        if ended >= start:
            trained.add(course["staff_id"])
            c["trainings"] += 1
            c["training_hours"] += int(course.get("hours") or 0)
    certified = {
        r["staff_id"] for r in data.certificates if (r.get("issued_on") or NEVER)[:10] <= end
    }
    for staff_id, role in active.items():
        c["staff"] += 1
        c[f"staff_by_role.{role}"] += 1
        c["collaborators"] += role == COLLABORATOR
        c["staff_trained"] += staff_id in trained
        c["staff_trained_ever"] += staff_id in trained_ever
        c["staff_certified"] += staff_id in certified
    for provider in data.providers:
        c["providers_sw"] += 1
        if provider.get("ownership"):
            c[f"providers_sw_by_kind.{provider['ownership']}"] += 1
        c["providers_sw_staff"] += int(provider.get("sw_staff") or 0)
        c["providers_sw_capacity"] += int(provider.get("capacity") or 0)
    return c
