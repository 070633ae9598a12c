"""One case on paper: the tracking sheet the collaborator prepares and the chairman signs.

Identification, situation, assessment, plan, timeline, deadlines and closure, then the signatures of
the collaborator and the chairman. Case files are confidential: the narrative of an event marked
sensitive is printed only when the caller asks for it (``include_sensitive=True``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from ctxh_desktop.core import codes
from ctxh_desktop.core.deadlines import rule_label
from ctxh_desktop.core.decisions import decision_text
from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_date, format_datetime
from ctxh_desktop.reports import closing, document, frame
from ctxh_desktop.reports.case_followup_sheet import followup_section
from ctxh_desktop.reports.figures import DASH, LabelFn, Labels, deadline_moment

_KEY_COL = 52 * mm


def _moment(value: str | None) -> str:
    """A date or a moment as printed (``dd/mm/yyyy`` [``HH:MM``])."""
    if not value:
        return ""
    return format_datetime(value) if len(value) > 10 else format_date(value)


def _text_list(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value if str(v).strip())
    return str(value or "")


def _facts(rows: Sequence[tuple[str, str]], width: float) -> Flowable:
    """A two-column table of facts (label | value)."""
    table = frame.grid_table(
        [_("Mục"), _("Chi tiết")],
        [[label, value or DASH] for label, value in rows],
        [_KEY_COL, width - _KEY_COL],
    )
    return table


def _identification(case: Mapping[str, Any], label: Labels, width: float) -> list[Flowable]:
    person = case.get("person") or {}
    rows = [
        (_("Họ và tên"), person.get("full_name") or ""),
        (_("Ngày sinh"), format_date(person.get("birth_date"))),
        (_("Giới tính"), label("genders", person.get("gender"))),
        (_("Địa chỉ"), codes.full_address(person)),
        (_("Mã trường hợp"), case.get("code") or ""),
        (_("Loại trường hợp"), label("case_kinds", case.get("kind"))),
        (_("Nguồn tiếp nhận"), label("case_sources", case.get("source"))),
        (_("Thời điểm tiếp nhận"), _moment(case.get("received_at"))),
        (_("Khẩn cấp"), _("Có") if case.get("emergency") else _("Không")),
        (_("Trạng thái"), label("case_statuses", case.get("status"))),
        (_("Bước hiện tại"), label("case_steps", case.get("step"))),
    ]
    return [frame.heading(_("1. THÔNG TIN NHẬN DIỆN")), _facts(rows, width)]


def _events_of(case: Mapping[str, Any], kinds: Sequence[str]) -> list[Mapping[str, Any]]:
    return [e for e in case.get("events") or [] if e.get("kind") in kinds]


def _event_text(event: Mapping[str, Any], include_sensitive: bool) -> str:
    """Summary, then the narrative unless it is sensitive and not requested; a corrected step or
    a correction says what was corrected (the recorded text is never rewritten)."""
    note = str(event.get("correction_note") or "").strip()
    if event.get("kind") == "correction":
        reason = str(event.get("summary") or "").strip()
        return f"{note} " + _("Lý do: {reason}").format(reason=reason)
    parts = [str(event.get("summary") or "").strip()]
    narrative = str(event.get("narrative") or "").strip()
    if narrative:
        if event.get("sensitive") and not include_sensitive:
            parts.append(_("(Nội dung bảo mật, không in.)"))
        else:
            parts.append(narrative)
    if note:
        parts.append(f"— {note}")
    return " ".join(p for p in parts if p)


def _situation(
    case: Mapping[str, Any], label: Labels, width: float, include_sensitive: bool
) -> list[Flowable]:
    problems = ", ".join(label("problem_types", p) for p in case.get("problem_types") or [])
    out: list[Flowable] = [frame.heading(_("2. TÌNH HÌNH")), _para_kv(_("Vấn đề"), problems)]
    for event in _events_of(case, ("received",)):
        text = _event_text(event, include_sensitive)
        if text:
            out.append(frame.para(text))
    return out


def _para_kv(key: str, value: str) -> Paragraph:
    return Paragraph(f"<b>{frame.esc(key)}:</b> {frame.esc(value or DASH)}", frame.BODY_PLAIN)


def _assessment(
    case: Mapping[str, Any], label: Labels, width: float, include_sensitive: bool
) -> list[Flowable]:
    out: list[Flowable] = [
        frame.heading(_("3. ĐÁNH GIÁ")),
        _para_kv(_("Mức độ nguy cơ"), label("risk_levels", case.get("risk_level"))),
    ]
    for event in _events_of(case, ("assessment", "emergency_action", "separation", "meeting")):
        text = _event_text(event, include_sensitive)
        if text:
            when = _moment(event.get("at"))
            out.append(frame.para(f"{when} – {label('event_kinds', event.get('kind'))}: {text}"))
    return out


def _activity_who(activity: Mapping[str, Any]) -> str:
    """Who carries an activity out, with the provider (by name) when there is one."""
    who, provider = activity.get("who") or "", activity.get("provider")
    return f"{who} ({provider})" if provider else who


def _activity_dates(activity: Mapping[str, Any]) -> str:
    """An activity's from–to dates (dd/mm/yyyy), or the free text of plans written before."""
    dates = [format_date(activity[key]) for key in ("start", "end") if activity.get(key)]
    return " – ".join(dates) if dates else str(activity.get("when") or "")


def _plan(case: Mapping[str, Any], width: float) -> list[Flowable]:
    plan = case.get("plan") or {}
    out: list[Flowable] = [frame.heading(_("4. KẾ HOẠCH HỖ TRỢ, CAN THIỆP"))]
    if not plan:
        out.append(frame.para(_("Chưa xây dựng kế hoạch."), frame.BODY_PLAIN))
        return out
    out.append(_para_kv(_("Mục tiêu"), _text_list(plan.get("objectives"))))
    activities = plan.get("activities") or []
    if activities:
        widths = [12 * mm, width * 0.45, 0, 30 * mm]
        widths[2] = width - widths[0] - widths[1] - widths[3]
        out.append(
            frame.grid_table(
                [_("STT"), _("Hoạt động"), _("Người thực hiện"), _("Thời gian thực hiện")],
                [
                    [str(i), a.get("what", ""), _activity_who(a), _activity_dates(a)]
                    for i, a in enumerate(activities, start=1)
                ],
                widths,
                centred=[0],
            )
        )
    out.append(_para_kv(_("Cơ sở cung cấp dịch vụ"), _text_list(plan.get("providers"))))
    out.append(_para_kv(_("Ngày xây dựng kế hoạch"), _moment(case.get("plan_drafted_at"))))
    out.append(_para_kv(_("Ngày phê duyệt kế hoạch"), _moment(case.get("plan_approved_at"))))
    if plan.get("decision"):  # the chairman's decision (Decree 56/2017/NĐ-CP, Art. 28(4))
        out.append(_para_kv(_("Quyết định phê duyệt kế hoạch"), decision_text(plan["decision"])))
    return out


def _timeline(
    case: Mapping[str, Any], label: Labels, width: float, include_sensitive: bool
) -> list[Flowable]:
    out: list[Flowable] = [frame.heading(_("5. DIỄN BIẾN"))]
    events = sorted(case.get("events") or [], key=lambda e: str(e.get("at") or ""))
    if not events:
        out.append(frame.para(_("Chưa có diễn biến."), frame.BODY_PLAIN))
        return out
    widths = [30 * mm, 34 * mm, 34 * mm]
    widths.append(width - sum(widths))
    rows = [
        [
            _moment(e.get("at")),
            label("event_kinds", e.get("kind")),
            label("case_steps", e.get("step")),
            _event_text(e, include_sensitive),
        ]
        for e in events
    ]
    out.append(
        frame.grid_table(
            [_("Thời điểm"), _("Sự kiện"), _("Bước"), _("Ghi chép")], rows, widths, size=11
        )
    )
    return out


def _deadlines(case: Mapping[str, Any], width: float) -> list[Flowable]:
    out: list[Flowable] = [frame.heading(_("6. THỜI HẠN THEO QUY ĐỊNH"))]
    items = case.get("deadlines") or []
    if not items:
        out.append(frame.para(_("Không có thời hạn áp dụng."), frame.BODY_PLAIN))
        return out
    rows = []
    for d in items:
        if d.get("met_at"):
            state = _("Đã thực hiện lúc {moment}").format(moment=_moment(d["met_at"]))
            if d.get("overdue"):
                state += " " + _("(quá hạn)")
        elif d.get("overdue"):
            state = _("Quá hạn")
        else:
            state = _("Chưa đến hạn")
        rows.append([rule_label(d.get("rule", "")), deadline_moment(d.get("due")), state])
    widths = [width * 0.45, 34 * mm]
    widths.append(width - sum(widths))
    out.append(frame.grid_table([_("Quy định"), _("Hạn"), _("Tình trạng")], rows, widths))
    return out


def _closure(case: Mapping[str, Any], label: Labels) -> list[Flowable]:
    if not case.get("closed_at"):
        return []
    return [
        frame.heading(_("7. KẾT THÚC")),
        _para_kv(_("Ngày kết thúc"), _moment(case.get("closed_at"))),
        _para_kv(_("Lý do kết thúc"), label("closure_reasons", case.get("closure_reason"))),
    ]


def _signatures(profile: Mapping[str, Any], width: float) -> Flowable:
    """The collaborator (left) and the chairman (right)."""
    left = closing.signature_top(
        [frame.upper(_("Người lập phiếu"))], note=_("Cộng tác viên công tác xã hội")
    )
    right = closing.signature_top(closing.authority_lines(profile))
    return closing.signatures_side_by_side(
        width,
        (left, profile.get("collaborator_name") or ""),
        (right, profile.get("signer_name") or ""),
    )


def case_sheet_pdf(
    profile: Mapping[str, Any],
    case: Mapping[str, Any],
    labels: LabelFn,
    include_sensitive: bool = False,
) -> bytes:
    """The tracking sheet of one case as PDF bytes. ``labels(list_name, code)`` names codes;
    sensitive narratives are left out unless ``include_sensitive``."""
    label = Labels(labels)
    width = document.text_width()
    body: list[Flowable] = [
        frame.para(_("Hồ sơ trường hợp được giữ bí mật theo quy định."), frame.NOTE),
    ]
    body += _identification(case, label, width)
    body += _situation(case, label, width, include_sensitive)
    body += _assessment(case, label, width, include_sensitive)
    body += _plan(case, width)
    body += _timeline(case, label, width, include_sensitive)
    body += _deadlines(case, width)
    body += _closure(case, label)
    body += followup_section(case, label, width, include_sensitive)
    return document.document(
        profile,
        body,
        title=_("PHIẾU THEO DÕI TRƯỜNG HỢP"),
        subject=_("Mã trường hợp: {code}").format(code=case.get("code") or ""),
        number="",
        closing_block=_signatures(profile, width),
    )
