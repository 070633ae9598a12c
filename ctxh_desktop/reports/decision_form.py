"""The chairman's decision approving a support and intervention plan, as the commune prints it.

Decree 56/2017/NĐ-CP, Art. 28: the collaborator submits the plan with a draft decision (Art.
28(2)(c), form Mẫu số 05 of the Decree's annex); the chairman issues the decision within 2 working
days (Art. 28(4)); the decision and the plan go to those who carry it out and to the child's
parents or carers (Art. 28(5), Art. 29(3)). The plan holds what Art. 28(3) lists: the services and
tasks with their start and expected end, who is responsible, the providers called on, the budget.

Laid out in the administrative frame of Decree 30/2020/NĐ-CP (:mod:`ctxh_desktop.reports.frame`).
The annex's own wording of Mẫu số 05 was not available when this was written: the headings follow
the articles cited, and ``docs/FORMS.md`` says what was and was not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.reports import closing, document, frame
from ctxh_desktop.reports.figures import DASH

_CENTRE_BOLD = frame.style("decision_centre", bold=True, align=TA_CENTER, after=4)
_BASIS = frame.style("decision_basis", italic=True, indent=10 * mm, after=2)


def _bases(profile: Mapping[str, Any], drafted: str) -> list[Flowable]:
    """The legal bases, then whose proposal the decision answers."""
    lines = [
        _("Căn cứ Luật Tổ chức chính quyền địa phương;"),
        _("Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;"),
        _(
            "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định "
            "chi tiết một số điều của Luật Trẻ em;"
        ),
        _(
            "Xét đề nghị của người làm công tác bảo vệ trẻ em cấp xã tại kế hoạch hỗ trợ, can "
            "thiệp trình ngày {day}."
        ).format(day=drafted or DASH),
    ]
    return [Paragraph(frame.esc(line), _BASIS) for line in lines]


def _activities(plan: Mapping[str, Any], width: float) -> Flowable:
    """Art. 28(3)(a)(b): each service or task, who carries it out, its start and expected end."""
    widths = [12 * mm, width * 0.42, 0, 36 * mm]
    widths[2] = width - widths[0] - widths[1] - widths[3]
    rows = []
    for i, item in enumerate(plan.get("activities") or [], start=1):
        who = item.get("who") or ""
        if item.get("provider"):
            who = f"{who} ({item['provider']})"
        dates = [format_date(item[key]) for key in ("start", "end") if item.get(key)]
        rows.append(
            [str(i), item.get("what") or "", who, " – ".join(dates) or item.get("when") or ""]
        )
    return frame.grid_table(
        [_("STT"), _("Dịch vụ, công việc"), _("Người, cơ quan thực hiện"), _("Thời gian")],
        rows,
        widths,
        centred=[0],
    )


def _article(head: str, text: str) -> Paragraph:
    """ "Điều n." in bold, then its text."""
    return Paragraph(f"<b>{frame.esc(head)}</b> {frame.esc(text)}", frame.BODY)


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value if str(v).strip())
    return str(value or "").strip()


def _article_one(case: Mapping[str, Any], width: float) -> list[Flowable]:
    plan = case.get("plan") or {}
    person = case.get("person") or {}
    born = format_date(person.get("birth_date")) if person.get("birth_date") else DASH
    out: list[Flowable] = [
        _article(
            _("Điều 1."),
            (
                _(
                    "Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {name}, sinh ngày {born} "
                    "(hồ sơ số {code}), với các nội dung sau:"
                ).format(name=person.get("full_name") or DASH, born=born, code=case.get("code"))
            ),
        ),
        frame.para(_("1. Mục tiêu: {text}").format(text=_text(plan.get("objectives")))),
        frame.para(_("2. Các dịch vụ, công việc cần thực hiện và phân công thực hiện:")),
        _activities(plan, width),
        frame.para(
            _("3. Cơ sở cung cấp dịch vụ bảo vệ trẻ em được huy động: {text}").format(
                text=_text(plan.get("providers")) or DASH
            )
        ),
        frame.para(
            _("4. Nguồn lực, dự toán kinh phí: {text}").format(
                text=_text(plan.get("resources")) or DASH
            )
        ),
        frame.para(
            _("5. Thời gian thực hiện: {text}").format(text=_text(plan.get("timeframe")) or DASH)
        ),
    ]
    return out


def _closing_articles() -> list[Flowable]:
    """When the decision takes effect, and who carries it out (Art. 28(5), Art. 29(3))."""
    return [
        _article(_("Điều 2."), _("Quyết định này có hiệu lực kể từ ngày ký.")),
        _article(
            _("Điều 3."),
            _(
                "Người làm công tác bảo vệ trẻ em cấp xã, các cơ quan, tổ chức, cá nhân có tên "
                "tại Điều 1 và cha, mẹ hoặc người chăm sóc trẻ em chịu trách nhiệm thi hành "
                "Quyết định này."
            ),
        ),
    ]


def _signature(profile: Mapping[str, Any], signer: str, width: float) -> Flowable:
    """Recipients (Art. 28(5)) and the chairman's signature block."""
    recipients = {**profile, "recipients": [_("Như Điều 3"), *(profile.get("recipients") or [])]}
    signing = {**profile, "signer_name": signer}
    return closing.closing(signing, width, closing.recipients_cell(recipients))


def decision_form_pdf(profile: Mapping[str, Any], case: Mapping[str, Any]) -> bytes:
    """The decision approving the case's plan as PDF bytes: the decision recorded in
    ``case["plan"]["decision"]`` (number, date, signer), or a draft with blanks before it."""
    plan = case.get("plan") or {}
    decision = plan.get("decision") or {}
    width = document.text_width()
    day = decision.get("date")
    profile = {
        **profile,
        "report_date": day or profile.get("report_date") or dt.date.today().isoformat(),
        "sign_on_behalf": None,
        "sign_deputy": False,
        "signer_title": _("CHỦ TỊCH"),
    }
    drafted = (
        format_date(str(case.get("plan_drafted_at") or "")[:10])
        if case.get("plan_drafted_at")
        else ""
    )
    body: list[Flowable] = []
    if not decision:
        body.append(
            frame.para(_("DỰ THẢO (Nghị định 56/2017/NĐ-CP, Điều 28 khoản 2 điểm c)"), frame.NOTE)
        )
    body.append(
        Paragraph(
            frame.esc(
                frame.upper(
                    _("CHỦ TỊCH ỦY BAN NHÂN DÂN {unit}").format(unit=frame.unit_name(profile))
                )
            ),
            _CENTRE_BOLD,
        )
    )
    body += _bases(profile, drafted)
    body.append(Paragraph(frame.esc(_("QUYẾT ĐỊNH:")), _CENTRE_BOLD))
    body += _article_one(case, width)
    body += _closing_articles()
    number = decision.get("number") or "……/QĐ-UBND"
    person = case.get("person") or {}
    return document.document(
        profile,
        body,
        title=_("QUYẾT ĐỊNH"),
        subject=_("Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em {name}").format(
            name=person.get("full_name") or ""
        ),
        number=number,
        closing_block=_signature(
            profile, decision.get("signed_by") or profile.get("signer_name") or "", width
        ),
    )
