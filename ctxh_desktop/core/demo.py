"""Deterministic synthetic data for one commune: people, cases, counselling, children, supports.

:func:`generate` returns table name → rows with every column of the synced tables
(:mod:`ctxh_desktop.storage.schema`); JSON columns hold Python lists/dicts. The same
``(commune, scale, seed, as_of)`` always gives the same rows: every random choice comes from one
seeded :class:`random.Random`, ids included. Case timelines are produced by
:func:`ctxh_desktop.core.workflow.apply_action`, so every case is one the workflow accepts.
Everything happens at or before ``as_of`` 17:00.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import json
import random
from collections.abc import Sequence
from typing import Any

from ctxh_desktop.core import ids, workflow
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

# Fallback code lists (used when the shared code lists do not provide them).
_SOURCES = ("hotline_111", "police", "school", "health_facility", "family", "self", "other")
_PROBLEMS_CP = (
    "violence",
    "sexual_abuse",
    "exploitation",
    "trafficking",
    "street_living",
    "law_violation",
    "school_dropout",
    "serious_illness",
    "disability",
)
_PROBLEMS_GEN = ("poverty", "domestic_violence", "disability", "serious_illness", "other")
_NEEDS = (
    "health",
    "education",
    "livelihood",
    "family_social",
    "life_skills",
    "participation",
    "psychological",
    "other",
)
_CHANNELS = (
    "home",
    "commune_office",
    "social_facility",
    "community",
    "phone",
    "hotline_111",
    "online",
    "group",
)
_CHANNEL_WEIGHTS = (20, 30, 5, 12, 15, 6, 4, 8)
_TOPICS = (
    "policy",
    "psychological",
    "family",
    "child_protection",
    "domestic_violence",
    "health",
    "education",
    "livelihood",
    "legal",
    "other",
)
_TARGET_GROUPS = (
    "elderly",
    "disability",
    "mental_illness",
    "hiv",
    "poor",
    "children",
    "trafficking_victim",
    "domestic_violence_victim",
    "emergency_protection",
    "drug_sex_work",
    "caregiver",
    "other",
)
_ETHNICITIES = ("kinh", "tay", "thai", "muong", "khmer", "hoa", "nung", "hmong", "dao")
_CHILD_GROUPS = ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l", "m", "n", "o")
_CHILD_GROUP_WEIGHTS = (8, 2, 3, 30, 3, 4, 1, 6, 5, 2, 4, 1, 20, 2)
_SUPPORT_KINDS = (
    "monthly_allowance",
    "health_insurance",
    "education",
    "alternative_care",
    "psychological",
    "legal",
    "medical",
    "material",
    "other",
)
_SUPPORT_SOURCES = ("state", "socialised")
_DISABILITY = ("extremely_severe", "severe", "mild")
_OUTCOMES = ("resolved", "follow_up", "referred")
_PROVIDERS = (
    ("Trung tâm Công tác xã hội tỉnh {province}", "social_protection_facility"),
    ("Trạm Y tế {commune}", "health"),
    ("Công an {commune}", "police"),
    ("Trường Trung học cơ sở {commune}", "education"),
    ("Trung tâm Trợ giúp pháp lý Nhà nước {province}", "legal_aid"),
    ("Hội Liên hiệp Phụ nữ {commune}", "other"),
    ("Cơ sở Bảo trợ xã hội tổng hợp {province}", "social_protection_facility"),
    ("Bệnh viện Đa khoa {province}", "health"),
)
_SUMMARIES = {
    "assess": "Đánh giá ban đầu: trẻ có nguy cơ bị tổn hại, cần bảo vệ",
    "emergency_action": "Đưa trẻ đến nơi an toàn, sơ cứu và báo Công an xã",
    "separate": "Tạm thời cách ly trẻ, giao cho người thân chăm sóc",
    "end_separation": "Kết thúc cách ly, trẻ trở về gia đình",
    "verify": "Họp nhóm công tác, xác minh thông tin và đánh giá nhu cầu",
    "draft_plan": "Dự thảo kế hoạch hỗ trợ, can thiệp",
    "record_service": "Hỗ trợ tư vấn tâm lý và kết nối dịch vụ",
    "refer": "Chuyển gửi đến cơ sở cung cấp dịch vụ",
    "follow_up": "Thăm gia đình, theo dõi tình hình",
    "add_note": "Ghi chú trao đổi với giáo viên chủ nhiệm",
    "record_return": "Trở về sống cùng gia đình",
    "review": "Rà soát kết quả thực hiện kế hoạch",
    "replan": "Tình hình thay đổi, cần lập lại kế hoạch",
    "monitor": "Theo dõi, rà soát việc thực hiện kế hoạch",
    "adjust_plan": "Điều chỉnh một số hoạt động của kế hoạch",
    "evaluate": "Đánh giá kết quả hỗ trợ",
    "close": "Kết thúc ca",
    "reopen": "Phát sinh vấn đề mới, mở lại ca",
}


def _pick(rng: random.Random, items: Sequence[Any], weights: Sequence[float]) -> Any:
    """A weighted choice; items beyond the listed weights weigh like the last one."""
    padded = list(weights[: len(items)]) + [weights[-1]] * max(0, len(items) - len(weights))
    return rng.choices(items, padded)[0]


def _codes(name: str, fallback: Sequence[str]) -> tuple[str, ...]:
    return workflow.known_codes(name, tuple(fallback))


def _load_names() -> dict[str, Any]:
    with resource_path("data", "demo_names.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _commune_info(code: str) -> tuple[str, str, str, bool]:
    """(commune name, province code 2 digits, province name, urban?) of a 5-digit code."""
    from vietnam_provinces import Province, Ward

    try:
        ward = Ward.from_code(int(code))
        province = Province.from_code(ward.province_code)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UserError(_("Mã xã không hợp lệ: {code}.").format(code=code), "commune") from None
    name = str(ward.name)
    return name, f"{int(ward.province_code):02d}", str(province.name), name.startswith("Phường")


class _Gen:
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
        prefix = self.rng.choice(("03", "05", "07", "08", "09", "09", "09"))
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def address(self) -> str:
        if self.urban:
            hamlet = self.rng.choice(self.names["hamlets_urban"])
            if self.rng.random() < 0.6:
                street = self.rng.choice(self.names["streets"])
                return f"Số {self.rng.randint(1, 220)} phố {street}, {hamlet}"
            return hamlet
        return self.rng.choice(self.names["hamlets_rural"])

    def person(self, birth: dt.date, registered: dt.date, female: bool) -> dict[str, Any]:
        rng = self.rng
        age = (self.as_of - birth).days // 365
        r = rng.random()
        birth_text = birth.isoformat()
        if r < 0.08:
            birth_text = birth_text[:4]
        elif r < 0.12:
            birth_text = birth_text[:7]
        household = rng.choices(("poor", "near_poor", None), (8, 10, 82))[0]
        disability = rng.choice(_codes("disability_levels", _DISABILITY)) if r > 0.95 else None
        ethnicities = _codes("ethnicities", _ETHNICITIES)
        ethnicity = ethnicities[0] if rng.random() < 0.86 else rng.choice(ethnicities[1:9])
        targets = [t for t in _codes("target_groups", _TARGET_GROUPS)]
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


def _people(g: _Gen) -> tuple[list[dict], list[int], list[int]]:
    """People, and the indexes of children (under 16 at ``as_of``) and of adults."""
    rng, rows, children, adults = g.rng, [], [], []
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


def _providers(g: _Gen) -> list[dict]:
    count = 5 if g.scale == "small" else len(_PROVIDERS)
    rows = []
    for name, kind in _PROVIDERS[:count]:
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
        rows.append(row)
    return rows


# -- cases ------------------------------------------------------------------------------------------
class _Stop(Exception):
    """The story has reached ``as_of``: the case stays where it is."""


_CHAIRMAN = "Trần Quốc Dũng"
_PLAN_ACTIVITIES = (
    ("Thăm gia đình, theo dõi an toàn của trẻ", "Cộng tác viên công tác xã hội"),
    ("Tư vấn tâm lý cho trẻ và gia đình", "Trung tâm Công tác xã hội tỉnh"),
    ("Hỗ trợ trẻ trở lại trường học", "Giáo viên chủ nhiệm"),
    ("Kết nối hỗ trợ sinh kế cho gia đình", "Hội Liên hiệp Phụ nữ xã"),
    ("Làm thủ tục hưởng trợ cấp xã hội hằng tháng", "Công chức văn hóa - xã hội"),
    ("Khám sức khỏe, điều trị", "Trạm Y tế"),
)
_EARLY_REASONS = ("moved_away", "transferred", "died_or_missing", "client_request")


class _CaseRun:
    """Tells one case's story through the workflow, stopping at ``as_of``."""

    def __init__(self, g: _Gen, case: dict, events: list, providers: list[dict]) -> None:
        self.g, self.case, self.events, self.providers = g, case, events, providers
        self.now = workflow.parse_moment(case["received_at"])
        self.referrals: list[dict] = []
        self.separation_end: dt.datetime | None = None

    def do(self, action: str, moment: dt.datetime, **extra: Any) -> None:
        if action == "close":
            self.separation_end = None  # closing ends an ongoing separation
        if self.separation_end is not None and self.separation_end <= moment:
            end, self.separation_end = self.separation_end, None
            self.do("end_separation", end, returned=self.g.rng.random() < 0.7)
        moment = max(moment, self.now + dt.timedelta(minutes=5))
        if moment > self.g.end:
            raise _Stop
        text = moment.strftime("%Y-%m-%dT%H:%M")
        data = {workflow.moment_field(action): text, "summary": _SUMMARIES.get(action)}
        data.update(self._data(action))
        data.update(extra)
        t = workflow.apply_action(self.case, action, data, text)
        self.case.update(t.changes)
        self.events.extend(t.events)
        self.now = moment
        if action == "refer":
            provider = data["_provider"]
            self.referrals.append((provider, text))

    def _data(self, action: str) -> dict[str, Any]:
        rng = self.g.rng
        if action == "assess":
            return {
                "risk_level": rng.choices(workflow.RISK_LEVELS, (25, 40, 25, 10))[0],
                "protection_level": rng.choice(("prevention", "support", "intervention")),
            }
        if action in ("draft_plan", "adjust_plan"):
            picks = rng.sample(_PLAN_ACTIVITIES, rng.randint(1, 3))
            plan = {
                "objectives": "Bảo đảm an toàn, ổn định cuộc sống và học tập",
                "activities": [
                    {"what": w, "who": who, "when": rng.choice(("Hằng tuần", "Hằng tháng", "Ngay"))}
                    for w, who in picks
                ],
                "timeframe": f"{rng.choice((3, 6, 9, 12))} tháng",
                "providers": [p["id"] for p in rng.sample(self.providers, 1)],
                "resources": "Ngân sách xã, nguồn xã hội hóa",
                "risks": "Gia đình chưa hợp tác đầy đủ",
            }
            needs = _codes("needs_domains", _NEEDS)
            return {"plan": plan, "needs_domains": rng.sample(needs, rng.randint(1, 3))}
        if action == "approve_plan":
            return {"approved_by": f"{_CHAIRMAN}, Chủ tịch UBND"}
        if action == "refer":
            provider = rng.choice(self.providers)
            return {"_provider": provider, "summary": f"Chuyển gửi đến {provider['name']}"}
        return {}

    def wd(self, lo: int, hi: int) -> dt.datetime:
        return self.g.later(self.now, self.g.rng.randint(lo, hi))

    def days(self, lo: int, hi: int) -> dt.datetime:
        base = self.now + dt.timedelta(days=self.g.rng.randint(lo, hi))
        return base.replace(hour=self.g.rng.randint(7, 16), minute=self.g.rng.choice((0, 30)))

    def maybe_close_early(self, chance: float = 0.04) -> None:
        if self.g.rng.random() < chance:
            self.do("close", self.days(1, 20), closure_reason=self.g.rng.choice(_EARLY_REASONS))
            raise _Stop

    def contacts(self, months: int) -> None:
        rng = self.g.rng
        for _i in range(months):
            action = rng.choices(
                ("record_service", "follow_up", "refer", "add_note"), (40, 40, 10, 10)
            )[0]
            self.do(action, self.days(10, 38))

    def emergency(self) -> None:
        rng = self.g.rng
        delay = rng.randint(30, 11 * 60) if rng.random() < 0.8 else rng.randint(13 * 60, 36 * 60)
        self.do("emergency_action", self.now + dt.timedelta(minutes=delay))
        if self.case["kind"] == "child_protection" and rng.random() < 0.35:
            self.do("separate", self.now + dt.timedelta(minutes=20))
            self.separation_end = self.now + dt.timedelta(days=rng.randint(3, 18))

    def child_protection(self) -> None:
        rng = self.g.rng
        if self.case["emergency"]:
            self.emergency()
        self.do("assess", self.days(0, 1) if self.case["emergency"] else self.wd(1, 3))
        self.maybe_close_early()
        self.do("verify", self.wd(1, 6))
        for round_ in range(2):
            self.do("draft_plan", self.wd(1, 5) if rng.random() < 0.75 else self.wd(6, 10))
            self.do("approve_plan", self.wd(0, 2) if rng.random() < 0.8 else self.wd(3, 5))
            self.contacts(rng.randint(1, 5))
            if rng.random() < 0.25:
                self.do("record_return", self.days(3, 20))
                self.contacts(rng.randint(1, 6))
            self.do("review", self.days(10, 40))
            if round_ == 0 and rng.random() < 0.2:
                self.do("replan", self.wd(0, 3))
                continue
            break
        reason = rng.choices(
            ("goal_reached", "chairman_decision", "came_of_age", "mutual_agreement", "other"),
            (60, 15, 5, 15, 5),
        )[0]
        self.do("close", self.wd(1, 10), closure_reason=reason)
        self.after_close()

    def general(self) -> None:
        rng = self.g.rng
        if self.case["emergency"]:
            self.emergency()
        self.maybe_close_early()
        self.do("draft_plan", self.wd(1, 5) if rng.random() < 0.75 else self.wd(6, 12))
        self.do("approve_plan", self.wd(0, 2) if rng.random() < 0.8 else self.wd(3, 5))
        self.contacts(rng.randint(1, 4))
        self.maybe_close_early()
        self.do("monitor", self.days(10, 40))
        if rng.random() < 0.2:
            if rng.random() < 0.5:
                self.do("adjust_plan", self.days(5, 30), plan=None)
            else:
                self.do("adjust_plan", self.days(5, 30))
                self.do("approve_plan", self.wd(0, 2))
                self.do("monitor", self.days(10, 30))
        self.contacts(rng.randint(0, 3))
        if rng.random() < 0.15:
            self.do("record_return", self.days(3, 20))
            self.contacts(rng.randint(2, 6))
        self.do("evaluate", self.days(10, 60))
        reason = rng.choices(
            ("goal_reached", "mutual_agreement", "no_contact_one_month", "moved_away", "other"),
            (60, 15, 10, 10, 5),
        )[0]
        self.do("close", self.wd(0, 10), closure_reason=reason)
        self.after_close()

    def after_close(self) -> None:
        rng = self.g.rng
        if rng.random() < 0.05:
            self.do("reopen", self.days(30, 120))
            raise _Stop
        if self.case["kind"] == "child_protection" and rng.random() < 0.6:
            self.do("archive", self.days(20, 90))


def _cases(g: _Gen, people: list[dict], children: list[int], adults: list[int], providers):
    rng = g.rng
    problems_cp = _codes("problem_types", _PROBLEMS_CP + _PROBLEMS_GEN)
    problems_gen = [p for p in problems_cp if p in _PROBLEMS_GEN] or list(problems_cp)
    problems_cp = [p for p in problems_cp if p in _PROBLEMS_CP] or list(problems_cp)
    sources = _codes("case_sources", _SOURCES)
    recent = g.end - dt.timedelta(days=24)  # a share of cases still in their first steps
    recent_share = min(0.25, max(0.01, 12 / max(1, g.size["cases"])))
    plans = []
    for _i in range(g.size["cases"]):
        lo = recent if rng.random() < recent_share else g.start
        kind = "child_protection" if rng.random() < 0.55 else "general"
        emergency = rng.random() < (0.25 if kind == "child_protection" else 0.03)
        if emergency and rng.random() < 0.4:
            received = lo + dt.timedelta(
                minutes=rng.randrange(int((g.end - lo).total_seconds() // 60))
            )
        else:
            received = g.moment_between(lo, g.end)
        plans.append((received, kind, emergency))
    plans.sort(key=lambda p: p[0])
    # The newest report of each kind is left as just received: the demo always has one to act on.
    fresh = {kind: i for i, (_received, kind, _emergency) in enumerate(plans)}
    case_rows, event_rows, referral_rows = [], [], []
    seq: dict[int, int] = {}
    for index, (received, kind, emergency) in enumerate(plans):
        pool = children if kind == "child_protection" else adults
        person = people[rng.choice(pool)]
        problems = problems_cp if kind == "child_protection" else problems_gen
        data = {
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "source": _pick(rng, sources, (25, 15, 15, 10, 20, 10, 5)),
            "problem_types": rng.sample(problems, 1 if rng.random() < 0.7 else 2),
            "person_id": person["id"],
            "emergency": emergency,
            "summary": "Tiếp nhận thông tin về trường hợp cần hỗ trợ",
        }
        t = workflow.new_case(kind, data, data["received_at"])
        seq[received.year] = seq.get(received.year, 0) + 1
        case = g.common(data["received_at"])
        case.update(t.changes)
        case.update(
            {
                "code": f"{received.year}-{seq[received.year]:04d}-{CASE_SUFFIX}",
                "assigned_to": DEMO_USER,
            }
        )
        run = _CaseRun(g, case, list(t.events), providers)
        with contextlib.suppress(_Stop):
            if index == fresh[kind]:
                raise _Stop
            run.child_protection() if kind == "child_protection" else run.general()
        case["modified_at"] = run.events[-1]["at"] + ":00"
        case_rows.append(case)
        for event in run.events:
            row = g.common(event["at"])
            row.update(event)
            row["case_id"] = case["id"]
            event_rows.append(row)
        for provider, at in run.referrals:
            row = g.common(at)
            status = rng.choice(("sent", "accepted", "completed"))
            row.update(
                {
                    "case_id": case["id"],
                    "person_id": case["person_id"],
                    "provider_id": provider["id"],
                    "at": at,
                    "reason": "Cần dịch vụ chuyên sâu",
                    "status": status,
                    "outcome": "Đã được hỗ trợ" if status == "completed" else None,
                }
            )
            referral_rows.append(row)
    return case_rows, event_rows, referral_rows


# -- counselling ------------------------------------------------------------------------------------
def _consultations(g: _Gen, people: list[dict], cases: list[dict], providers: list[dict]):
    rng, rows = g.rng, []
    channels = _codes("consultation_channels", _CHANNELS)
    topics = _codes("consultation_topics", _TOPICS)
    targets = _codes("target_groups", _TARGET_GROUPS)
    outcomes = _codes("consultation_outcomes", _OUTCOMES)
    span = int((g.end - g.start).total_seconds() // 60)
    for _i in range(g.size["consultations"]):
        channel = _pick(rng, channels, _CHANNEL_WEIGHTS)
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
        outcome = _pick(rng, outcomes, (60, 30, 10))
        row = g.common(at)
        row.update(
            {
                "at": at,
                "person_id": person_id,
                "anonymous": anonymous,
                "group_size": rng.randint(5, 40) if group else 1,
                "channel": channel,
                "topics": rng.sample(topics, rng.randint(1, min(3, len(topics)))),
                "target_group": _pick(rng, targets, (20, 12, 4, 2, 18, 20, 1, 8, 2, 2, 6, 5)),
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


# -- children in special circumstances --------------------------------------------------------------
_ALLOWANCE_GROUPS = ("a", "b", "c", "d", "dd")


def _standard_level(month: str) -> int:
    """The social-assistance standard level in force that month (VND)."""
    return 500_000 if month >= "2024-07" else 360_000


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _children(g: _Gen, people: list[dict], children: list[int]):
    rng = g.rng
    groups = _codes("child_groups", _CHILD_GROUPS)
    top = [c for c in groups if c in _CHILD_GROUPS] or list(groups)
    weights = [
        _CHILD_GROUP_WEIGHTS[_CHILD_GROUPS.index(c)] if c in _CHILD_GROUPS else 1 for c in top
    ]
    subgroups = _subgroups(groups)
    kinds = _codes("support_kinds", _SUPPORT_KINDS)
    sources = _codes("support_sources", _SUPPORT_SOURCES)
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
        for month in _months(registered[:7], last_month):
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
    g: _Gen, child: dict, month: str, given: str, kind: str, source: str, amount: int, provider: str
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
    try:
        from ctxh_desktop.core import codes
    except ImportError:
        return {}
    out: dict[str, list[str]] = {}
    for code in groups:
        try:
            parent = codes.parent_of("child_groups", code)
        except Exception:  # the shared lists do not know sub-groups
            return {}
        if parent:
            out.setdefault(parent, []).append(code)
    return out


# -- entry point ------------------------------------------------------------------------------------
def generate(commune_code: str, scale: str, seed: int, as_of: dt.date) -> dict[str, list[dict]]:
    """Synthetic data for ``commune_code`` ending at ``as_of`` 17:00; deterministic.

    Returns table name → rows for person, service_provider, case_file, case_event,
    consultation, child_profile, child_support and referral.
    """
    if scale not in SCALES:
        raise UserError(_("Quy mô không hợp lệ: {scale}.").format(scale=scale), "scale")
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    g = _Gen(str(commune_code).zfill(5), scale, int(seed), as_of)
    people, children, adults = _people(g)
    providers = _providers(g)
    cases, events, referrals = _cases(g, people, children, adults, providers)
    consultations = _consultations(g, people, cases, providers)
    profiles, supports = _children(g, people, children)
    return {
        "person": people,
        "service_provider": providers,
        "case_file": cases,
        "case_event": events,
        "consultation": consultations,
        "child_profile": profiles,
        "child_support": supports,
        "referral": referrals,
    }


__all__ = ["CASE_SUFFIX", "DEMO_USER", "SCALES", "generate"]
