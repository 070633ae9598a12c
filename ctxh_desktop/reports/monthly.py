"""The commune's periodic social-work report (monthly, 6-month or annual) as an administrative PDF.

Sections follow what the provincial plans ask communes to count: I. cases (received by source,
emergencies and the 12-hour rule, plans approved within 5 + 2 working days, active by step, closed
by reason, referrals, problem types); II. counselling (sessions and people, by channel, topic and
target group); III. children in special circumstances (registered by group, supported by kind and
source, amount, coverage of the target groups). An annex lists the active cases with their step and
next deadline.

Data in, bytes out: every figure comes from ``stats["counts"]`` (see ``core.indicators``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from ctxh_desktop.core.deadlines import rule_label
from ctxh_desktop.core.indicator_table import parts as breakdown
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.reports import activity_figures, document, frame, plan_figures
from ctxh_desktop.reports.figures import (
    DASH,
    LabelFn,
    Labels,
    deadline_moment,
    money,
    num,
    percent,
    period_phrase,
    period_span,
)

_COUNT_COL = 32 * mm


def _labelled(
    counts: Mapping[str, int], label: Labels, list_name: str, key: str
) -> list[tuple[str, int]]:
    """The parts of breakdown ``key``, each named by its label in ``list_name``."""
    return [(label(list_name, c), v) for c, v in breakdown(counts, key)]


def report_subject(period: Mapping[str, Any]) -> str:
    """ "Kết quả công tác xã hội tháng 10 năm 2026" (or 6 tháng đầu năm / năm …)."""
    return _("Kết quả công tác xã hội {period}").format(period=period_phrase(period))


def _count_table(
    head: str,
    items: Sequence[tuple[str, int]],
    total: int | None,
    width: float,
    count_head: str | None = None,
) -> Flowable:
    """A two-column table (label | count) with an optional total row."""
    if not items and not total:
        return frame.para(_("Không phát sinh trong kỳ."), frame.BODY)
    rows: list[list[Any]] = [[label, num(value)] for label, value in items]
    bold = []
    if total is not None:
        bold.append(len(rows))
        rows.append([_("Tổng cộng"), num(total)])
    return frame.grid_table(
        [head, count_head or _("Số lượng")],
        rows,
        [width - _COUNT_COL, _COUNT_COL],
        numeric=[1],
        bold_rows=bold,
    )


def _grouped_table(
    head: str, groups: Sequence[tuple[str, Sequence[tuple[str, int]]]], width: float, unit: str
) -> Flowable:
    """A label | count table made of several titled groups (group rows in bold)."""
    rows: list[list[Any]] = []
    bold, indent = [], []
    for title, items in groups:
        bold.append(len(rows))
        rows.append([title, ""])
        for label, value in items or [(_("Không phát sinh"), 0)]:
            indent.append(len(rows))
            rows.append([label, num(value)])
    return frame.grid_table(
        [head, unit],
        rows,
        [width - _COUNT_COL, _COUNT_COL],
        numeric=[1],
        bold_rows=bold,
        indent_rows=indent,
    )


def _cases(counts: Mapping[str, int], label: Labels, width: float) -> list[Flowable]:
    out: list[Flowable] = [frame.heading(_("I. CÔNG TÁC QUẢN LÝ TRƯỜNG HỢP"))]
    out.append(
        frame.para(
            _(
                "Tổng số đối tượng có hồ sơ đến cuối kỳ: {people} người, trong đó đăng ký mới "
                "trong kỳ: {people_new} người."
            ).format(people=num(counts.get("people")), people_new=num(counts.get("people_new")))
        )
    )
    by_kind = "; ".join(
        f"{label('case_kinds', code)}: {num(v)}"
        for code, v in breakdown(counts, "cases_new_by_kind")
    )
    out.append(frame.subheading(_("1. Tiếp nhận trường hợp")))
    new = counts.get("cases_new") or 0
    text = ngettext("Tiếp nhận mới {count} trường hợp", "Tiếp nhận mới {count} trường hợp", new)
    text = text.format(count=num(new))
    out.append(frame.para(f"{text} ({by_kind})." if by_kind else f"{text}."))
    out.append(
        _count_table(
            _("Nguồn tiếp nhận"),
            _labelled(counts, label, "case_sources", "cases_new_by_source"),
            counts.get("cases_new", 0),
            width,
            _("Số trường hợp"),
        )
    )

    emergency, in_time = counts.get("cases_emergency", 0), counts.get("cases_emergency_in_12h", 0)
    out.append(frame.subheading(_("2. Trường hợp khẩn cấp")))
    out.append(
        frame.para(
            _(
                "Số trường hợp khẩn cấp tiếp nhận: {emergency}; được áp dụng biện pháp can thiệp "
                "khẩn cấp hoặc tạm thời cách ly trong 12 giờ (Nghị định 56/2017/NĐ-CP, Điều 26 "
                "khoản 3): {in_time} (tỷ lệ {rate})."
            ).format(
                emergency=num(emergency), in_time=num(in_time), rate=percent(in_time, emergency)
            )
        )
    )

    approved, on_time = counts.get("plans_approved", 0), counts.get("plans_approved_on_time", 0)
    out.append(frame.subheading(_("3. Kế hoạch hỗ trợ, can thiệp")))
    out.append(
        frame.para(
            _(
                "Số kế hoạch được phê duyệt: {approved}; trong đó đúng thời hạn (xây dựng trong 5 "
                "ngày làm việc và phê duyệt trong 2 ngày làm việc): {on_time} (tỷ lệ {rate})."
            ).format(approved=num(approved), on_time=num(on_time), rate=percent(on_time, approved))
        )
    )

    out.append(frame.subheading(_("4. Trường hợp đang quản lý theo bước")))
    out.append(_steps_table(counts, label, width))

    out.append(frame.subheading(_("5. Trường hợp kết thúc theo lý do")))
    out.append(
        _count_table(
            _("Lý do kết thúc"),
            _labelled(counts, label, "closure_reasons", "cases_closed_by_reason"),
            counts.get("cases_closed", 0),
            width,
            _("Số trường hợp"),
        )
    )

    out.append(frame.subheading(_("6. Chuyển gửi")))
    out.append(
        frame.para(
            _("Số lượt giới thiệu, chuyển gửi đến cơ sở cung cấp dịch vụ: {count}.").format(
                count=num(counts.get("referrals"))
            )
        )
    )

    out.append(frame.subheading(_("7. Vấn đề của trường hợp tiếp nhận mới")))
    out.append(
        frame.para(_("Một trường hợp có thể có nhiều vấn đề."), frame.NOTE),
    )
    out.append(
        _count_table(
            _("Loại vấn đề"),
            _labelled(counts, label, "problem_types", "cases_new_by_problem"),
            None,
            width,
            _("Số trường hợp"),
        )
    )
    return out


def _steps_table(counts: Mapping[str, int], label: Labels, width: float) -> Flowable:
    """Active cases by kind and step, kinds as bold sub-total rows, the total last."""
    per_kind: dict[str, list[tuple[str, int]]] = {}
    for key, value in breakdown(counts, "cases_by_step"):
        kind, _dot, step = key.partition(".")
        per_kind.setdefault(kind, []).append((step, value))
    rows: list[list[Any]] = []
    bold, indent = [], []
    for kind in sorted(per_kind):
        steps = per_kind[kind]
        subtotal = counts.get(f"cases_open_by_kind.{kind}", sum(v for _s, v in steps))
        bold.append(len(rows))
        rows.append([label("case_kinds", kind), num(subtotal)])
        for step, value in steps:
            indent.append(len(rows))
            rows.append([label("case_steps", step), num(value)])
    bold.append(len(rows))
    rows.append([_("Tổng số trường hợp đang quản lý"), num(counts.get("cases_open", 0))])
    return frame.grid_table(
        [_("Loại trường hợp / bước"), _("Số trường hợp")],
        rows,
        [width - _COUNT_COL, _COUNT_COL],
        numeric=[1],
        bold_rows=bold,
        indent_rows=indent,
    )


def _counselling(counts: Mapping[str, int], label: Labels, width: float) -> list[Flowable]:
    out: list[Flowable] = [frame.heading(_("II. CÔNG TÁC TƯ VẤN"))]
    sessions = counts.get("consultations") or 0
    reached = counts.get("consultation_people") or 0
    out.append(
        frame.para(
            ngettext(
                "Tổ chức {sessions} buổi tư vấn cho {people}.",
                "Tổ chức {sessions} buổi tư vấn cho {people}.",
                sessions,
            ).format(
                sessions=num(sessions),
                people=ngettext("{n} lượt người", "{n} lượt người", reached).format(n=num(reached)),
            )
        )
    )
    groups = [
        (
            _("Theo hình thức"),
            _labelled(counts, label, "consultation_channels", "consultations_by_channel"),
        ),
        (
            _("Theo chủ đề (một buổi có thể có nhiều chủ đề)"),
            _labelled(counts, label, "consultation_topics", "consultations_by_topic"),
        ),
        (
            _("Theo nhóm đối tượng"),
            _labelled(counts, label, "target_groups", "consultations_by_target_group"),
        ),
    ]
    out.append(_grouped_table(_("Nội dung"), groups, width, _("Số buổi")))
    return out


def _children(counts: Mapping[str, int], label: Labels, width: float) -> list[Flowable]:
    out: list[Flowable] = [frame.heading(_("III. TRẺ EM CÓ HOÀN CẢNH ĐẶC BIỆT"))]
    out.append(
        frame.para(
            _(
                "Số trẻ em có hoàn cảnh đặc biệt đang quản lý đến cuối kỳ: {children}, trong đó "
                "đăng ký mới trong kỳ: {new}."
            ).format(children=num(counts.get("children")), new=num(counts.get("children_new")))
        )
    )
    out.append(frame.subheading(_("1. Trẻ em theo nhóm (Điều 10 Luật Trẻ em)")))
    out.append(frame.para(_("Một trẻ em có thể thuộc nhiều nhóm."), frame.NOTE))
    groups = sorted(breakdown(counts, "children_by_group"), key=lambda item: _group_order(item[0]))
    out.append(
        _count_table(
            _("Nhóm"),
            [(_group_text(c, label), v) for c, v in groups],
            None,
            width,
            _("Số trẻ em"),
        )
    )
    out.append(frame.subheading(_("2. Hỗ trợ trẻ em")))
    out.append(
        frame.para(
            _(
                "Số lượt hỗ trợ: {supports}; số trẻ em được hỗ trợ: {children}; tổng kinh phí "
                "hỗ trợ: {amount}."
            ).format(
                supports=num(counts.get("child_supports")),
                children=num(counts.get("children_supported")),
                amount=money(counts.get("child_support_amount_vnd")),
            )
        )
    )
    groups_support = [
        (
            _("Theo hình thức hỗ trợ"),
            _labelled(counts, label, "support_kinds", "child_supports_by_kind"),
        ),
        (
            _("Theo nguồn hỗ trợ"),
            _labelled(counts, label, "support_sources", "child_supports_by_source"),
        ),
    ]
    out.append(_grouped_table(_("Nội dung"), groups_support, width, _("Số lượt")))
    out.append(frame.subheading(_("3. Tỷ lệ bao phủ nhóm mục tiêu")))
    target, supported = counts.get("children_target", 0), counts.get("children_target_supported", 0)
    out.append(
        frame.para(
            _(
                "Trẻ em thuộc các nhóm mục tiêu của kế hoạch tỉnh: {target}; được hỗ trợ trong kỳ: "
                "{supported}; tỷ lệ bao phủ: {rate}."
            ).format(target=num(target), supported=num(supported), rate=percent(supported, target))
        )
    )
    return out


_GROUP_ORDER = ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l", "m", "n", "o")


def _group_order(code: str) -> tuple[int, str]:
    return (_GROUP_ORDER.index(code) if code in _GROUP_ORDER else len(_GROUP_ORDER), code)


def _group_text(code: str, label: Labels) -> str:
    """A group with the law's letter (``dd`` is printed đ); the register's category of children
    at risk has none."""
    if code not in _GROUP_ORDER:
        return label("child_groups", code)
    return f"{'đ' if code == 'dd' else code}) {label('child_groups', code)}"


def annex_table(annex: Sequence[Mapping[str, Any]], label: Labels, width: float) -> Flowable:
    """The active cases: code, kind, person, step, received, next deadline."""
    if not annex:
        return frame.para(_("Không có trường hợp đang quản lý."), frame.BODY_PLAIN)
    widths = [11 * mm, 30 * mm, 48 * mm, 38 * mm, 38 * mm, 24 * mm]
    widths.append(width - sum(widths))
    rows = []
    for i, case in enumerate(annex, start=1):
        deadline = case.get("next_deadline") or None
        if deadline:
            text = (
                f"{deadline_moment(deadline.get('due'))} – {rule_label(deadline.get('rule', ''))}"
            )
            if deadline.get("overdue"):
                text += " " + _("(quá hạn)")
        else:
            text = DASH
        rows.append(
            [
                num(i),
                case.get("code") or "",
                case.get("person_name") or "",
                label("case_kinds", case.get("kind")),
                label("case_steps", case.get("step")),
                format_date((case.get("received_at") or "")[:10]),
                text,
            ]
        )
    return frame.grid_table(
        [
            _("STT"),
            _("Mã trường hợp"),
            _("Họ và tên"),
            _("Loại trường hợp"),
            _("Bước hiện tại"),
            _("Ngày tiếp nhận"),
            _("Thời hạn tiếp theo"),
        ],
        rows,
        widths,
        centred=[0, 5],
        size=11,
    )


def monthly_report_pdf(
    profile: Mapping[str, Any],
    stats: Mapping[str, Any],
    annex: Sequence[Mapping[str, Any]],
    labels: LabelFn,
) -> bytes:
    """The commune's report for ``stats["scope"]["period"]`` (a month, a 6-month or annual
    range) as PDF bytes, with the annex of active cases. ``labels(list_name, code)`` names codes."""
    label = Labels(labels)
    counts: Mapping[str, int] = stats.get("counts") or {}
    period = (stats.get("scope") or {}).get("period") or {}
    width = document.text_width()
    phrase = period_phrase(period)
    span = period_span(period)
    who = frame.unit_name(profile) or (stats.get("scope") or {}).get("commune_name", "")
    intro = _("{unit} báo cáo kết quả thực hiện công tác xã hội {period} như sau:").format(
        unit=who, period=f"{phrase} ({span})" if span else phrase
    )
    body: list[Flowable] = [frame.para(intro)]
    body += _cases(counts, label, width)
    body.append(CondPageBreak(40 * mm))
    body += _counselling(counts, label, width)
    body.append(CondPageBreak(40 * mm))
    body += _children(counts, label, width)
    body.append(CondPageBreak(40 * mm))
    body.append(frame.heading(_("IV. CÁC CHỈ SỐ THEO KẾ HOẠCH CỦA TỈNH")))
    body.append(
        _grouped_table(_("Nội dung"), plan_figures.groups(counts, label), width, _("Số lượng"))
    )
    body.append(CondPageBreak(40 * mm))
    body.append(frame.heading(_("V. HOẠT ĐỘNG TRUYỀN THÔNG, NÂNG CAO NHẬN THỨC")))
    body.append(
        _grouped_table(_("Nội dung"), activity_figures.groups(counts, label), width, _("Số lượng"))
    )

    number = profile.get("doc_number") or ""
    annex_story: list[Flowable] = [
        *document.landscape_pages(),
        Paragraph(
            frame.esc(_("PHỤ LỤC")),
            frame.style("annex_title", size=14, bold=True, align=1, after=2),
        ),
        Paragraph(
            frame.esc(_("DANH SÁCH TRƯỜNG HỢP ĐANG QUẢN LÝ")),
            frame.style("annex_sub", size=13, bold=True, align=1, after=2),
        ),
        Paragraph(
            frame.esc(
                _("(Kèm theo Báo cáo số {number} ngày {date})").format(
                    number=number or "…", date=format_date(frame.report_day(profile))
                )
            ),
            frame.style("annex_ref", size=13, italic=True, align=1, after=6),
        ),
        Spacer(1, 3 * mm),
        annex_table(annex, label, document.text_width(wide=True)),
    ]
    return document.document(
        profile,
        body,
        title=_("BÁO CÁO"),
        subject=report_subject(period),
        appendix=annex_story,
    )
