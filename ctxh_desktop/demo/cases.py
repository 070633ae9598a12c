"""The demo's cases: each one's story told through the workflow (so the workflow accepts it),
stopping at the end of the generated period, with the referrals it made."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from ctxh_desktop.core import moments, workflow
from ctxh_desktop.demo.generation import CASE_SUFFIX, DEMO_USER, Generation, code_list, pick

#: The problems the demo gives a child-protection case and a general case (codes of the list
#: ``problem_types``).
CHILD_PROTECTION_PROBLEMS = frozenset(
    {
        "violence",
        "sexual_abuse",
        "exploitation",
        "trafficking",
        "law_violation",
        "school_dropout",
        "serious_illness",
        "disability",
    }
)
GENERAL_PROBLEMS = frozenset(
    {"poverty", "domestic_violence", "disability", "serious_illness", "other"}
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

    def __init__(self, g: Generation, case: dict, events: list, providers: list[dict]) -> None:
        self.g, self.case, self.events, self.providers = g, case, events, providers
        now = moments.parse_moment(case["received_at"])
        if now is None:  # the demo writes every moment itself: never unreadable
            raise ValueError(f"unreadable moment {case['received_at']!r}")
        self.now = now
        self.referrals: list[tuple[dict[str, Any], str]] = []
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
        data: dict[str, Any] = {
            workflow.moment_field(action): text,
            "summary": _SUMMARIES.get(action),
        }
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
            needs = code_list("needs_domains")
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


def cases(
    g: Generation,
    people: list[dict],
    children: list[int],
    adults: list[int],
    providers: list[dict],
) -> tuple[list[dict], list[dict], list[dict]]:
    """The demo cases of both kinds, taken through their steps by the workflow itself."""
    rng = g.rng
    problem_types = code_list("problem_types")
    problems_gen = [p for p in problem_types if p in GENERAL_PROBLEMS]
    problems_cp = [p for p in problem_types if p in CHILD_PROTECTION_PROBLEMS]
    sources = code_list("case_sources")
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
            "source": pick(rng, sources, (25, 15, 15, 10, 20, 10, 5)),
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
