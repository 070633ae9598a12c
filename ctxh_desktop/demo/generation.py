"""One generation run of the demo data: the seeded random source, the sizes per scale, names,
addresses, moments in working hours and a person's row."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
from collections.abc import Sequence
from typing import Any

from ctxh_desktop.core import codes, ids
from ctxh_desktop.core.calendar import WorkingCalendar
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.paths import resource_path

#: Sizes per scale: years of history, people, cases, consultations, registered children.
SCALES: dict[str, dict[str, int]] = {
    "small": {"years": 1, "people": 300, "cases": 40, "consultations": 400, "children": 40},
    "commune": {"years": 5, "people": 4000, "cases": 600, "consultations": 6000, "children": 400},
    "large": {
        "years": 5,
        "people": 100_000,
        "cases": 30_000,
        "consultations": 200_000,
        "children": 20_000,
    },
}

DEMO_USER = "demo"
CASE_SUFFIX = "DM"


def pick(rng: random.Random, items: Sequence[Any], weights: Sequence[float]) -> Any:
    """A weighted choice; items beyond the listed weights weigh like the last one."""
    padded = list(weights[: len(items)]) + [weights[-1]] * max(0, len(items) - len(weights))
    return rng.choices(items, padded)[0]


def code_list(name: str) -> tuple[str, ...]:
    """The codes of the shared list ``name`` (:mod:`ctxh_desktop.core.codes`), in its order."""
    return tuple(codes.codes(name))


def _load_names() -> dict[str, Any]:
    with resource_path("data", "demo_names.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _commune_info(code: str) -> tuple[str, str, str, bool]:
    """(commune name, province code 2 digits, province name, urban?) of a 5-digit code."""
    from vietnam_provinces import Province, Ward, WardCode

    try:
        ward = Ward.from_code(WardCode(int(code)))
        province = Province.from_code(ward.province_code)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UserError(_("Mã xã không hợp lệ: {code}.").format(code=code), "commune") from None
    name = str(ward.name)
    return name, f"{int(ward.province_code):02d}", str(province.name), name.startswith("Phường")


class Generation:
    """One generation run: the random source and shared helpers."""

    def __init__(self, commune: str, scale: str, seed: int, as_of: dt.date) -> None:
        self.rng = random.Random(f"ctxh-demo|{commune}|{scale}|{seed}|{as_of.isoformat()}")
        self.commune = commune
        self.scale = scale
        self.size = SCALES[scale]
        self.as_of = as_of
        self.end = dt.datetime.combine(as_of, dt.time(17, 0))
        self.start = dt.datetime.combine(
            as_of.replace(year=as_of.year - self.size["years"], day=1), dt.time(8, 0)
        )
        self.calendar = WorkingCalendar.load()
        self.commune_name, self.province_code, self.province_name, self.urban = _commune_info(
            commune
        )
        self.names = _load_names()
        fam = self.names["family_names"]
        self.family = [f for f, _w in fam]
        self.family_cum = list(itertools.accumulate(w for _f, w in fam))

    # -- basics --------------------------------------------------------------------------------
    def new_id(self, stamp: str) -> str:
        """An id as the app makes it (:mod:`ctxh_desktop.core.ids`), at ``stamp``."""
        millis = int(dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.UTC).timestamp() * 1000)
        return ids.record_id(self.commune, millis, self.rng.getrandbits(60))

    def common(self, when: str) -> dict[str, Any]:
        """The columns every synced row has, stamped at ``when``."""
        stamp = when if len(when) > 10 else f"{when}T08:00"
        return {
            "id": self.new_id(stamp),
            "commune": self.commune,
            "rev": 1,
            "epoch": 0,
            "deleted": 0,
            "created_at": stamp[:16] + ":00",
            "modified_at": stamp[:16] + ":00",
            "created_by": DEMO_USER,
        }

    def weighted(self, items: Sequence[Any], weights: Sequence[float]) -> Any:
        """One of ``items``, drawn with ``weights``."""
        return self.rng.choices(items, weights[: len(items)])[0]

    def moment_between(self, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
        """A working-hours moment between two moments (or ``hi`` when the span is too short)."""
        span = int((hi - lo).total_seconds() // 60)
        if span <= 0:
            return hi
        for _i in range(6):
            m = lo + dt.timedelta(minutes=self.rng.randrange(span))
            m = m.replace(hour=self.rng.randint(7, 16), minute=self.rng.choice((0, 15, 30, 45)))
            if lo <= m <= hi and self.calendar.is_working_day(m):
                return m
        return lo + dt.timedelta(minutes=self.rng.randrange(span))

    def later(self, base: dt.datetime, working_days: int) -> dt.datetime:
        """Working hours on the ``working_days``-th working day after ``base`` (same day if 0)."""
        day = self.calendar.add_working_days(base, working_days).date()
        m = dt.datetime.combine(day, dt.time(self.rng.randint(7, 16), self.rng.choice((0, 30))))
        return max(m, base + dt.timedelta(minutes=30))

    # -- people --------------------------------------------------------------------------------
    def full_name(self, female: bool) -> str:
        """A Vietnamese full name: family name by its frequency, middle and given name."""
        family = self.family[
            bisect.bisect(self.family_cum, self.rng.random() * self.family_cum[-1])
        ]
        middles = self.names["female_middle" if female else "male_middle"]
        middle = self.weighted([m for m, _w in middles], [w for _m, w in middles])
        given = self.rng.choice(self.names["female_given" if female else "male_given"])
        if self.rng.random() < 0.12:
            extra = self.weighted([m for m, _w in middles], [w for _m, w in middles])
            if extra != middle:
                middle = f"{middle} {extra}"
        return f"{family} {middle} {given}"

    def phone(self) -> str:
        """A mobile number of a Vietnamese network."""
        prefix = self.rng.choice(("03", "05", "07", "08", "09", "09", "09"))
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def address(self) -> str:
        """A hamlet (and a street in a ward)."""
        if self.urban:
            hamlet = self.rng.choice(self.names["hamlets_urban"])
            if self.rng.random() < 0.6:
                street = self.rng.choice(self.names["streets"])
                return f"Số {self.rng.randint(1, 220)} phố {street}, {hamlet}"
            return hamlet
        return self.rng.choice(self.names["hamlets_rural"])

    def person(self, birth: dt.date, registered: dt.date, female: bool) -> dict[str, Any]:
        """A ``person`` row born on ``birth``, registered on ``registered``."""
        rng = self.rng
        age = (self.as_of - birth).days // 365
        r = rng.random()
        birth_text = birth.isoformat()
        if r < 0.08:
            birth_text = birth_text[:4]
        elif r < 0.12:
            birth_text = birth_text[:7]
        household = rng.choices(("poor", "near_poor", None), (8, 10, 82))[0]
        disability = rng.choice(code_list("disability_levels")) if r > 0.95 else None
        ethnicities = code_list("ethnicities")
        ethnicity = ethnicities[0] if rng.random() < 0.86 else rng.choice(ethnicities[1:9])
        targets = list(code_list("target_groups"))
        groups = []
        if age >= 60 and "elderly" in targets:
            groups.append("elderly")
        if age < 16 and "children" in targets:
            groups.append("children")
        if disability and "disability" in targets:
            groups.append("disability")
        if household == "poor" and "poor" in targets:
            groups.append("poor")
        id_number = None
        if age >= 14 and rng.random() < 0.45:
            century = 0 if birth.year < 2000 else 2
            id_number = (
                f"0{self.province_code}{century + int(female)}{birth.year % 100:02d}"
                f"{rng.randrange(10**6):06d}"
            )
        row = self.common(registered.isoformat())
        row.update(
            {
                "full_name": self.full_name(female),
                "gender": "female" if female else "male",
                "birth_date": birth_text,
                "ethnicity": ethnicity,
                "id_number": id_number,
                "phone": self.phone() if age >= 16 and rng.random() < 0.65 else None,
                "address_detail": self.address(),
                "address_commune": self.commune,
                "old_address": None,
                "household_status": household,
                "disability_level": disability,
                "guardian_name": None,
                "guardian_phone": None,
                "target_groups": groups,
                "assistance_category": None,
                "consent_share": rng.random() < 0.3,
                "registered_on": registered.isoformat(),
                "notes": None,
                "merged_into": None,
            }
        )
        if age < 16:
            row["guardian_name"] = self.full_name(rng.random() < 0.6)
            row["guardian_phone"] = self.phone()
        return row
