"""The one table of indicator keys and labels: every report, page, chart and ``ctxh stats`` names
a figure from here (definitions are in :mod:`ctxh_desktop.core.indicators`, the list of both in
``docs/INDICATORS.md``).

An :class:`Indicator` is one main figure (a count key of ``compute_counts``); a
:class:`Breakdown` is a family of dotted keys ``<prefix>.<code>`` whose codes are labelled by a
shipped code list. Each names its ``group`` (the section it is printed in) and its ``source`` in
law or plan. A new family of figures (staff and training, targets, a centre) adds its
group to :data:`GROUPS` and its rows to :data:`INDICATORS` / :data:`BREAKDOWNS`; every output
that walks the table then shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ctxh_desktop.i18n import N_

#: Sections, in print order: group key → heading (msgid).
GROUPS: dict[str, str] = {
    "cases": N_("Quản lý trường hợp"),
    "counselling": N_("Tư vấn"),
    "children": N_("Trẻ em có hoàn cảnh đặc biệt"),
    "supports": N_("Hỗ trợ trẻ em"),
    "workforce": N_("Người làm công tác xã hội và cơ sở"),
    "activities": N_("Truyền thông, nâng cao nhận thức"),
}

LAW_CHILDREN = "Luật Trẻ em 2016"
DECREE_56 = "Nghị định 56/2017/NĐ-CP"
CIRCULAR_07 = "Thông tư 07/2013/TT-BLĐTBXH"
PLAN_112 = "Quyết định 112/QĐ-TTg (Chương trình phát triển công tác xã hội 2021–2030)"
#: The practising certificate is counted on the plans' intent; its legal basis is not confirmed
#: here (``docs/INDICATORS.md``).
CERTIFICATE_INFERRED = f"{PLAN_112} (suy ra: chứng chỉ hành nghề, chưa đối chiếu văn bản)"
DECREE_103 = "Nghị định 103/2017/NĐ-CP (cơ sở trợ giúp xã hội công lập, ngoài công lập)"
#: The awareness activities' figures: the programme reports communication and awareness work; the
#: split by kind, sex and age is the product's (see docs/INDICATORS.md).
ACTIVITY_SOURCE = f"{PLAN_112}; {CIRCULAR_07} (tuyên truyền)"


@dataclass(frozen=True)
class Indicator:
    """One main figure: its count key, Vietnamese label (msgid), group and source."""

    key: str
    label: str
    group: str
    source: str
    money: bool = False
    #: a shorter label for narrow table columns (the office window); the label when empty
    short: str = ""

    @property
    def column(self) -> str:
        """The label for a narrow column (msgid)."""
        return self.short or self.label


@dataclass(frozen=True)
class Breakdown:
    """Dotted keys ``<prefix>.<code>``: a main figure split by the codes of ``codes``."""

    prefix: str
    label: str
    group: str
    codes: str
    source: str
    #: the main figure it splits (its parts may sum to more when a record has several codes)
    of: str
    #: a short name (msgid, at most 31 characters: a spreadsheet's sheet name)
    sheet: str = ""


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "people", N_("Đối tượng có hồ sơ (cuối kỳ)"), "cases", DECREE_56, short=N_("Đối tượng")
    ),
    Indicator("people_new", N_("Đối tượng đăng ký mới"), "cases", DECREE_56),
    Indicator(
        "cases_new",
        N_("Trường hợp tiếp nhận mới"),
        "cases",
        f"{DECREE_56}, Điều 25",
        short=N_("Tiếp nhận mới"),
    ),
    Indicator(
        "interventions",
        N_("Trường hợp được can thiệp trong kỳ"),
        "cases",
        f"{DECREE_56}, Điều 27–30; {PLAN_112}",
        short=N_("Được can thiệp"),
    ),
    Indicator(
        "cases_emergency",
        N_("Trường hợp khẩn cấp"),
        "cases",
        f"{DECREE_56}, Điều 26 khoản 3",
        short=N_("Khẩn cấp"),
    ),
    Indicator(
        "cases_emergency_in_12h",
        N_("Khẩn cấp được can thiệp trong 12 giờ"),
        "cases",
        f"{DECREE_56}, Điều 26 khoản 3",
    ),
    Indicator(
        "plans_approved", N_("Kế hoạch được phê duyệt trong kỳ"), "cases", f"{DECREE_56}, Điều 28"
    ),
    Indicator(
        "plans_approved_on_time",
        N_("Kế hoạch được phê duyệt đúng hạn"),
        "cases",
        f"{DECREE_56}, Điều 28 khoản 1, 4",
    ),
    Indicator(
        "cases_open",
        N_("Trường hợp đang quản lý (cuối kỳ)"),
        "cases",
        DECREE_56,
        short=N_("Đang quản lý"),
    ),
    Indicator(
        "cases_closed",
        N_("Trường hợp kết thúc"),
        "cases",
        f"{DECREE_56}, Điều 30",
        short=N_("Kết thúc"),
    ),
    Indicator("referrals", N_("Lượt chuyển gửi"), "cases", DECREE_56, short=N_("Chuyển gửi")),
    Indicator("consultations", N_("Buổi tư vấn"), "counselling", f"{CIRCULAR_07}; {PLAN_112}"),
    Indicator(
        "consultation_people",
        N_("Lượt người được tư vấn"),
        "counselling",
        f"{CIRCULAR_07}; {PLAN_112}",
    ),
    Indicator(
        "consultation_persons",
        N_("Số người được tư vấn (không trùng)"),
        "counselling",
        PLAN_112,
    ),
    Indicator(
        "children",
        N_("Trẻ em có hoàn cảnh đặc biệt (cuối kỳ)"),
        "children",
        f"{LAW_CHILDREN}, Điều 10",
        short=N_("Trẻ em HCĐB"),
    ),
    Indicator("children_new", N_("Trẻ em đăng ký mới"), "children", f"{LAW_CHILDREN}, Điều 10"),
    Indicator(
        "children_at_risk",
        N_("Trẻ em có nguy cơ (cuối kỳ)"),
        "children",
        f"{LAW_CHILDREN}, Điều 49; {DECREE_56}, Điều 25–27",
    ),
    Indicator("children_target", N_("Trẻ em thuộc nhóm mục tiêu"), "children", PLAN_112),
    Indicator(
        "children_target_supported", N_("Trẻ em nhóm mục tiêu được hỗ trợ"), "children", PLAN_112
    ),
    Indicator(
        "children_supported",
        N_("Trẻ em được hỗ trợ"),
        "supports",
        PLAN_112,
        short=N_("Trẻ được hỗ trợ"),
    ),
    Indicator("child_supports", N_("Lượt hỗ trợ trẻ em"), "supports", PLAN_112),
    Indicator(
        "child_support_amount_vnd",
        N_("Kinh phí hỗ trợ trẻ em (đồng)"),
        "supports",
        PLAN_112,
        money=True,
    ),
    Indicator(
        "staff",
        N_("Người làm công tác xã hội (cuối kỳ)"),
        "workforce",
        PLAN_112,
        short=N_("Người làm CTXH"),
    ),
    Indicator(
        "collaborators",
        N_("Cộng tác viên công tác xã hội (cuối kỳ)"),
        "workforce",
        PLAN_112,
        short=N_("Cộng tác viên CTXH"),
    ),
    Indicator("staff_trained", N_("Người làm CTXH được tập huấn trong kỳ"), "workforce", PLAN_112),
    Indicator(
        "staff_trained_ever",
        N_("Người làm CTXH đã qua tập huấn (đến cuối kỳ)"),
        "workforce",
        PLAN_112,
        short=N_("Đã qua tập huấn"),
    ),
    Indicator(
        "staff_certified",
        N_("Người làm CTXH có chứng chỉ hành nghề"),
        "workforce",
        CERTIFICATE_INFERRED,
    ),
    Indicator("trainings", N_("Lượt tham gia tập huấn"), "workforce", PLAN_112),
    Indicator("training_hours", N_("Số giờ tập huấn"), "workforce", PLAN_112),
    Indicator(
        "providers_sw",
        N_("Cơ sở cung cấp dịch vụ công tác xã hội"),
        "workforce",
        f"{PLAN_112}; {DECREE_103}",
        short=N_("Cơ sở có dịch vụ CTXH"),
    ),
    Indicator("providers_sw_staff", N_("Nhân viên CTXH tại các cơ sở"), "workforce", PLAN_112),
    Indicator(
        "providers_sw_capacity", N_("Công suất của các cơ sở (chỗ)"), "workforce", DECREE_103
    ),
    Indicator(
        "activities",
        N_("Hoạt động truyền thông, nâng cao nhận thức"),
        "activities",
        ACTIVITY_SOURCE,
        short=N_("Hoạt động truyền thông"),
    ),
    Indicator(
        "activity_participants",
        N_("Lượt người tham gia hoạt động truyền thông"),
        "activities",
        ACTIVITY_SOURCE,
        short=N_("Người tham gia"),
    ),
    Indicator(
        "activity_participants_male",
        N_("Người tham gia: nam"),
        "activities",
        ACTIVITY_SOURCE,
        short=N_("Nam"),
    ),
    Indicator(
        "activity_participants_female",
        N_("Người tham gia: nữ"),
        "activities",
        ACTIVITY_SOURCE,
        short=N_("Nữ"),
    ),
    Indicator(
        "activity_participants_children",
        N_("Người tham gia: trẻ em"),
        "activities",
        ACTIVITY_SOURCE,
        short=N_("Trẻ em tham gia"),
    ),
    Indicator(
        "activity_participants_adults",
        N_("Người tham gia: người lớn"),
        "activities",
        ACTIVITY_SOURCE,
        short=N_("Người lớn tham gia"),
    ),
)

BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown(
        "people_by_target_group",
        N_("Đối tượng theo nhóm đối tượng"),
        "cases",
        "target_groups",
        CIRCULAR_07,
        "people",
        sheet=N_("Đối tượng theo nhóm"),
    ),
    Breakdown(
        "cases_new_by_problem",
        N_("Trường hợp tiếp nhận mới theo vấn đề"),
        "cases",
        "problem_types",
        PLAN_112,
        "cases_new",
        sheet=N_("Tiếp nhận theo vấn đề"),
    ),
    Breakdown(
        "interventions_by_problem",
        N_("Trường hợp được can thiệp theo vấn đề"),
        "cases",
        "problem_types",
        PLAN_112,
        "interventions",
        sheet=N_("Can thiệp theo vấn đề"),
    ),
    Breakdown(
        "consultations_by_channel",
        N_("Buổi tư vấn theo hình thức"),
        "counselling",
        "consultation_channels",
        PLAN_112,
        "consultations",
        sheet=N_("Tư vấn theo hình thức"),
    ),
    Breakdown(
        "consultation_persons_by_channel",
        N_("Người được tư vấn theo hình thức (không trùng)"),
        "counselling",
        "consultation_channels",
        PLAN_112,
        "consultation_persons",
        sheet=N_("Người tư vấn theo hình thức"),
    ),
    Breakdown(
        "consultations_by_target_group",
        N_("Buổi tư vấn theo nhóm đối tượng"),
        "counselling",
        "target_groups",
        CIRCULAR_07,
        "consultations",
        sheet=N_("Tư vấn theo nhóm đối tượng"),
    ),
    Breakdown(
        "children_by_group",
        N_("Trẻ em theo nhóm"),
        "children",
        "child_groups",
        f"{LAW_CHILDREN}, Điều 10",
        "children",
        sheet=N_("Trẻ em theo nhóm"),
    ),
    Breakdown(
        "children_by_subgroup",
        N_("Trẻ em theo nhóm chi tiết"),
        "children",
        "child_groups",
        f"{DECREE_56}, Điều 3–16",
        "children",
        sheet=N_("Trẻ em theo nhóm chi tiết"),
    ),
    Breakdown(
        "child_supports_by_kind",
        N_("Lượt hỗ trợ theo loại"),
        "supports",
        "support_kinds",
        PLAN_112,
        "child_supports",
        sheet=N_("Hỗ trợ theo loại"),
    ),
    Breakdown(
        "child_supports_by_source",
        N_("Lượt hỗ trợ theo nguồn"),
        "supports",
        "support_sources",
        PLAN_112,
        "child_supports",
        sheet=N_("Hỗ trợ theo nguồn"),
    ),
    Breakdown(
        "children_supported_by_source",
        N_("Trẻ em được hỗ trợ theo nguồn"),
        "supports",
        "support_sources",
        PLAN_112,
        "children_supported",
        sheet=N_("Trẻ được hỗ trợ theo nguồn"),
    ),
    Breakdown(
        "staff_by_role",
        N_("Người làm công tác xã hội theo vị trí"),
        "workforce",
        "staff_roles",
        PLAN_112,
        "staff",
        sheet=N_("Người làm CTXH theo vị trí"),
    ),
    Breakdown(
        "providers_sw_by_kind",
        N_("Cơ sở có dịch vụ CTXH theo loại hình"),
        "workforce",
        "provider_ownership",
        DECREE_103,
        "providers_sw",
        sheet=N_("Cơ sở CTXH theo loại hình"),
    ),
    Breakdown(
        "activities_by_kind",
        N_("Hoạt động truyền thông theo loại"),
        "activities",
        "activity_kinds",
        ACTIVITY_SOURCE,
        "activities",
        sheet=N_("Truyền thông theo loại"),
    ),
    Breakdown(
        "activity_participants_by_kind",
        N_("Người tham gia truyền thông theo loại hoạt động"),
        "activities",
        "activity_kinds",
        ACTIVITY_SOURCE,
        "activity_participants",
        sheet=N_("Người tham gia theo loại"),
    ),
)

_BY_KEY = {i.key: i for i in INDICATORS}


def indicator(key: str) -> Indicator:
    """The table's row for a main figure (``KeyError`` for an unknown key)."""
    return _BY_KEY[key]


def label(key: str) -> str:
    """The Vietnamese label (msgid) of a main figure."""
    return _BY_KEY[key].label


def in_group(group: str) -> tuple[Indicator, ...]:
    """The main figures of a section, in print order."""
    return tuple(i for i in INDICATORS if i.group == group)


def breakdowns_in(group: str) -> tuple[Breakdown, ...]:
    """The breakdowns of a section, in print order."""
    return tuple(b for b in BREAKDOWNS if b.group == group)


def parts(counts: Mapping[str, int], prefix: str) -> list[tuple[str, int]]:
    """``(code, count)`` of the keys ``prefix.<code>`` in ``counts``, largest first (ties by
    code)."""
    head = prefix + "."
    items = [(k[len(head) :], int(v)) for k, v in counts.items() if k.startswith(head)]
    return sorted(items, key=lambda item: (-item[1], item[0]))


#: Figures of a state at the end of the period (people, open cases, children on the register):
#: over several months, the latest month's.
STOCK_KEYS = frozenset(
    {"people", "cases_open", "children", "children_at_risk", "children_target"}
    # the people who do the work, and the facilities, at the end of the period
    | {"staff", "collaborators", "staff_trained_ever", "staff_certified"}
    | {"providers_sw", "providers_sw_staff", "providers_sw_capacity"}
)
STOCK_PREFIXES = (
    "people_by_target_group.",
    "cases_open_by_kind.",
    "cases_by_step.",
    "children_by_group.",
    "children_by_subgroup.",
    "children_target_by_group.",
    "staff_by_role.",
    "providers_sw_by_kind.",
)
#: Figures that count distinct cases, people or children in the period: over several months, the
#: largest month's (a lower bound: one counted in several months cannot be told apart).
DISTINCT_KEYS = frozenset(
    {"interventions", "consultation_persons", "children_supported", "children_target_supported"}
    | {"staff_trained"}
)
DISTINCT_PREFIXES = (
    "interventions_by_problem.",
    "consultation_persons_by_channel.",
    "children_supported_by_source.",
    "children_target_supported_by_group.",
)


def fold_rule(key: str) -> str:
    """How a period's figure is made from monthly figures of ``key`` (a higher office receiving
    a lower office's monthly figures): ``"latest"``, ``"largest"`` or ``"sum"``."""
    if key in STOCK_KEYS or key.startswith(STOCK_PREFIXES):
        return "latest"
    if key in DISTINCT_KEYS or key.startswith(DISTINCT_PREFIXES):
        return "largest"
    return "sum"
