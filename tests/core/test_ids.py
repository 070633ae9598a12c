"""Record ids: UUID text, one commune's together, newer after older, unique."""

from __future__ import annotations

import datetime as dt
import uuid

from ctxh_desktop import demo
from ctxh_desktop.core import ids
from ctxh_desktop.storage.store import new_id


def test_an_id_is_uuid_text_starting_with_the_commune():
    made = ids.record_id("00004", 1_763_900_000_000, 12345)
    assert str(uuid.UUID(made)) == made
    assert made.startswith("00004")
    assert ids.record_id("01", 1, 1).startswith(ids.NO_COMMUNE)  # an office's own record
    assert ids.record_id(None, 1, 1).startswith(ids.NO_COMMUNE)


def test_ids_sort_by_commune_then_by_time():
    early = ids.record_id("00008", 1_000, 2**60 - 1)
    later = ids.record_id("00008", 1_001, 0)
    other = ids.record_id("00025", 0, 0)
    assert sorted([other, later, early]) == [early, later, other]


def test_ids_made_in_the_same_moment_differ():
    made = {new_id("00004") for _ in range(20_000)}
    assert len(made) == 20_000
    assert all(m.startswith("00004") for m in made)


def test_demo_records_carry_ids_of_their_commune():
    tables = demo.generate("00025", "small", 1, dt.date(2026, 11, 1))
    people = tables["person"]
    assert people and all(p["id"].startswith("00025") for p in people)
    assert len({p["id"] for p in people}) == len(people)
