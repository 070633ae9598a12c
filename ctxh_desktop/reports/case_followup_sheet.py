"""The case sheet's follow-up section: referrals with their status and the provider's answer,
services given, case conferences (minutes only when sensitive notes are printed), the child's
safety plan and the consents recorded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ctxh_desktop.i18n import _
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.reports import frame
from ctxh_desktop.reports.figures import Labels


def _day(value: Any) -> str:
    return format_date(str(value)[:10]) if value else ""


def _table(headers: list[str], rows: list[list[str]], width: float) -> Flowable:
    first = 26 * mm
    rest = (width - first) / (len(headers) - 1)
    return frame.grid_table(headers, rows, [first] + [rest] * (len(headers) - 1), size=11)


def _referral_answer(row: Mapping[str, Any]) -> str:
    parts = []
    if row.get("answered_on"):
        parts.append(f"{_day(row['answered_on'])}: {row.get('answer') or ''}")
    if row.get("done_on"):
        parts.append(f"{_day(row['done_on'])}: {row.get('outcome') or ''}")
    return "\n".join(parts)


def _sections(
    data: Mapping[str, Any], label: Labels, include_sensitive: bool
) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, headers, rows) of each kind of follow-up."""
    plans = (data.get("safety_plans") or [])[:1]  # the newest plan is the one in force
    return [
        (
            _("Chuyển gửi"),
            [_("Ngày"), _("Cơ sở"), _("Trạng thái"), _("Trả lời, kết quả")],
            [
                [
                    _day(r.get("at")),
                    r.get("provider_name") or "",
                    label("referral_statuses", r.get("status")),
                    _referral_answer(r),
                ]
                for r in data.get("referrals") or []
            ],
        ),
        (
            _("Dịch vụ đã cung cấp"),
            [_("Ngày"), _("Dịch vụ"), _("Cơ sở cung cấp")],
            [
                [_day(s.get("given_on")), s.get("what") or "", s.get("provider_name") or ""]
                for s in data.get("services") or []
            ],
        ),
        (
            _("Họp ca, họp liên ngành"),
            [_("Ngày"), _("Loại"), _("Thành phần"), _("Biên bản, kết luận")],
            [
                [
                    _day(c.get("held_on")),
                    label("conference_kinds", c.get("kind")),
                    c.get("participants") or "",
                    (c.get("minutes") or "") if include_sensitive else "",
                ]
                for c in data.get("conferences") or []
            ],
        ),
        (
            _("Kế hoạch an toàn"),
            [_("Xem lại"), _("Người bảo đảm an toàn"), _("Việc cần làm"), _("Gọi khi cần")],
            [
                [
                    _day(p.get("review_on")),
                    p.get("keeper") or "",
                    p.get("actions") or "",
                    p.get("contacts") or "",
                ]
                for p in plans
            ],
        ),
        (
            _("Sự đồng ý"),
            [_("Ngày"), _("Người đồng ý"), _("Đồng ý cho"), _("Ý kiến của trẻ")],
            [
                [
                    _day(c.get("given_on")),
                    label("consent_givers", c.get("given_by")),
                    "; ".join(label("consent_purposes", p) for p in c.get("purposes") or []),
                    label("child_views", c.get("child_view")),
                ]
                for c in data.get("consents") or []
            ],
        ),
    ]


def followup_section(
    case: Mapping[str, Any], label: Labels, width: float, include_sensitive: bool = False
) -> list[Flowable]:
    """The follow-up of a case (``case["followup"]``, :mod:`services.case_followup`) as tables;
    nothing when none was recorded."""
    out: list[Flowable] = []
    for title, headers, rows in _sections(case.get("followup") or {}, label, include_sensitive):
        if rows:
            out += [frame.para(title, frame.BODY_PLAIN), _table(headers, rows, width)]
    if out:
        out.insert(0, frame.heading(_("THEO DÕI CA: CHUYỂN GỬI, DỊCH VỤ, HỌP CA, SỰ ĐỒNG Ý")))
    return out
