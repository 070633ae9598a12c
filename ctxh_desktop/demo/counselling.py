"""The demo's counselling sessions: channels, topics, target groups and outcomes drawn from the
code lists (weights in the lists' order), a few linked to a case."""

from __future__ import annotations

import datetime as dt

from ctxh_desktop.demo.generation import DEMO_USER, Generation, code_list, pick

#: How often each channel is used, in the order of the list ``consultation_channels``.
CHANNEL_WEIGHTS = (20, 30, 5, 12, 15, 6, 4, 8)


def consultations(
    g: Generation, people: list[dict], cases: list[dict], providers: list[dict]
) -> list[dict]:
    """Counselling sessions, single and in groups, spread over the demo's months."""
    rng, rows = g.rng, []
    channels = code_list("consultation_channels")
    topics = code_list("consultation_topics")
    targets = code_list("target_groups")
    outcomes = code_list("consultation_outcomes")
    span = int((g.end - g.start).total_seconds() // 60)
    for _i in range(g.size["consultations"]):
        channel = pick(rng, channels, CHANNEL_WEIGHTS)
        moment = g.start + dt.timedelta(minutes=rng.randrange(span))
        if channel != "hotline_111":
            moment = moment.replace(hour=rng.randint(7, 16), minute=rng.choice((0, 15, 30, 45)))
            if not g.calendar.is_working_day(moment):
                moment -= dt.timedelta(days=2 if moment.weekday() == 6 else 1)
        moment = max(g.start, min(moment, g.end))
        at = moment.strftime("%Y-%m-%dT%H:%M")
        group = channel == "group" or rng.random() < 0.03
        anonymous = not group and (channel in ("hotline_111", "phone") or rng.random() < 0.05)
        anonymous = anonymous and rng.random() < 0.6
        person_id, case_id = None, None
        if not group and not anonymous:
            person = people[rng.randrange(len(people))]
            if person["registered_on"] <= at[:10]:
                person_id = person["id"]
            else:
                anonymous = True
            if cases and rng.random() < 0.08:
                case = cases[rng.randrange(len(cases))]
                if case["received_at"] <= at:
                    person_id, case_id = case["person_id"], case["id"]
        outcome = pick(rng, outcomes, (60, 30, 10))
        row = g.common(at)
        row.update(
            {
                "at": at,
                "person_id": person_id,
                "anonymous": anonymous,
                "group_size": rng.randint(5, 40) if group else 1,
                "channel": channel,
                "topics": rng.sample(topics, rng.randint(1, min(3, len(topics)))),
                "target_group": pick(rng, targets, (20, 12, 4, 2, 18, 20, 1, 8, 2, 2, 6, 5)),
                "duration_min": rng.choice((15, 20, 30, 45, 60, 90, 120)),
                "summary": "Tư vấn, cung cấp thông tin và hướng dẫn thủ tục",
                "outcome": outcome,
                "referral_provider_id": (
                    rng.choice(providers)["id"] if outcome == "referred" and providers else None
                ),
                "case_id": case_id,
                "counsellor": DEMO_USER,
            }
        )
        rows.append(row)
    rows.sort(key=lambda r: r["at"])
    return rows
