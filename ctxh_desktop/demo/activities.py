"""The demo's awareness and communication activities: about two a month, of every kind, with
their participants (drawn after every other table, so the other rows stay as they were)."""

from __future__ import annotations

import datetime as dt

from ctxh_desktop.demo.generation import Generation, code_list, pick

#: How often each kind is held, in the order of the list ``activity_kinds``.
KIND_WEIGHTS = (30, 35, 20, 15)
TOPICS = (
    "Phòng, chống xâm hại trẻ em",
    "Phòng, chống bạo lực gia đình",
    "Giới thiệu Tổng đài 111",
    "Chính sách trợ giúp xã hội",
    "Chăm sóc người cao tuổi",
    "Phòng, chống đuối nước trẻ em",
)
PLACES = ("Nhà văn hóa thôn", "Hội trường UBND xã", "Trường tiểu học")
ORGANISERS = ("Cộng tác viên công tác xã hội", "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên xã")


def activities(g: Generation) -> list[dict]:
    """Activities on working days between the demo's start and end."""
    rng, rows = g.rng, []
    kinds = code_list("activity_kinds")
    days = (g.end.date() - g.start.date()).days
    for _i in range(max(4, days // 15)):
        day = g.start.date() + dt.timedelta(days=rng.randrange(days + 1))
        while not g.calendar.is_working_day(dt.datetime.combine(day, dt.time(8))):
            day -= dt.timedelta(days=1)
        day = max(day, g.start.date())
        kind = pick(rng, kinds, KIND_WEIGHTS)
        counted = kind != "broadcast"  # listeners of a broadcast are not counted
        male = rng.randint(5, 30) if counted else 0
        female = rng.randint(8, 40) if counted else 0
        row = g.common(day.isoformat())
        row.update(
            {
                "held_on": day.isoformat(),
                "kind": kind,
                "topic": rng.choice(TOPICS),
                "target_group": rng.choice(("children", "parents_of_children_in_need", None)),
                "participants_male": male,
                "participants_female": female,
                "participants_children": rng.randint(0, (male + female) // 2),
                "place": "Loa truyền thanh xã" if kind == "broadcast" else rng.choice(PLACES),
                "organiser": rng.choice(ORGANISERS),
                "notes": None,
            }
        )
        rows.append(row)
    return rows
