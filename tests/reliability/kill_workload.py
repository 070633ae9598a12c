"""A write workload for the kill tests: registers people, opens cases, logs counselling, and prints
the id of every record right after the service reported it saved (one line each, flushed)."""

from __future__ import annotations

import datetime as dt
import random
import sys

from ctxh_desktop.services import cases, counselling, people, session
from ctxh_desktop.storage.store import DEMO_PASSPHRASE


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    s = session.open_session(path, DEMO_PASSPHRASE, user="ctv")
    now = dt.datetime(2026, 11, 2, 9, 0)
    today = now.date()
    i = 0
    while True:
        i += 1
        kind = rng.choice(("person", "case", "consultation"))
        if kind == "person":
            row = people.register_person(
                s, {"full_name": f"Nguyễn Văn Thử {seed}-{i}", "birth_date": "1990"}, today=today
            )
        elif kind == "case":
            person = people.register_person(
                s, {"full_name": f"Trần Thị Ca {seed}-{i}", "birth_date": "2015"}, today=today
            )
            print(f"person {person['id']}", flush=True)
            row = cases.open_case(
                s,
                {
                    "kind": "general",
                    "received_at": "2026-11-02T08:00",
                    "source": "family",
                    "problem_types": ["poverty"],
                    "person_id": person["id"],
                },
                at="2026-11-02T08:30",
            )
            kind = "case_file"
        else:
            row = counselling.log_consultation(
                s,
                {
                    "at": "2026-11-02T08:00",
                    "anonymous": True,
                    "channel": "phone",
                    "topics": ["health"],
                },
                now=now,
            )
        print(f"{kind} {row['id']}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
