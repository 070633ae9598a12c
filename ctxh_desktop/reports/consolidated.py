"""The receiving office's consolidated report: communes as rows, the main indicators of each
section of the indicator table with totals (social-work centres after the communes, each group
with its subtotal), a section per breakdown (:mod:`.breakdowns`), and
whether each commune's data is complete. Landscape A4 in the Decree 30 frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ctxh_desktop.core import centres
from ctxh_desktop.core.indicator_table import GROUPS, in_group
from ctxh_desktop.core.periods import Period
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.i18n.formats import format_datetime
from ctxh_desktop.reports import breakdowns, document, frame, targets_table, unit_groups
from ctxh_desktop.reports.breakdowns import roman as _roman
from ctxh_desktop.reports.figures import (
    DASH,
    LabelFn,
    month_label,
    num,
    percent,
    period_phrase,
    totals,
)

_SIZE = 10


def period_dict(period: Period | Mapping[str, Any] | None) -> dict[str, Any]:
    """The period as the ``{"kind", "from", "to", "label"}`` dict (accepts ``core`` periods)."""
    if isinstance(period, Period):
        return period.as_dict()
    return dict(period or {})


def consolidated_subject(period: Mapping[str, Any]) -> str:
    """ "Tổng hợp kết quả công tác xã hội 6 tháng đầu năm 2026"."""
    return _("Tổng hợp kết quả công tác xã hội {period}").format(period=period_phrase(period))


def _indicator_table(
    rows: Sequence[Mapping[str, Any]],
    indicators: Sequence[tuple[str, str]],
    width: float,
    with_coverage: bool = False,
) -> Flowable:
    """Communes × indicators with a bold totals row."""
    name_w, stt_w = 46 * mm, 10 * mm
    columns = len(indicators) + (1 if with_coverage else 0)
    headers = [_("STT"), _("Đơn vị")] + [_(label) for _key, label in indicators]
    if with_coverage:
        headers.append(_("Tỷ lệ bao phủ"))
    body: list[list[Any]] = []
    for i, row in enumerate(unit_groups.ordered(rows), start=1):
        counts = row.get("counts") or {}
        cells = [num(i), row.get("commune_name") or row.get("commune") or ""]
        cells += [num(counts.get(key, 0)) for key, _label in indicators]
        if with_coverage:
            cells.append(
                percent(counts.get("children_target_supported"), counts.get("children_target"))
            )
        body.append(cells)
    bold = []
    for label, total in unit_groups.sum_lines(rows):
        last = ["", label] + [num(total.get(key, 0)) for key, _label in indicators]
        if with_coverage:
            last.append(
                percent(total.get("children_target_supported"), total.get("children_target"))
            )
        bold.append(len(body))
        body.append(last)
    widths = [stt_w, name_w] + [(width - name_w - stt_w) / columns] * columns
    return frame.grid_table(
        headers,
        body,
        widths,
        numeric=range(2, 2 + columns),
        centred=[0],
        bold_rows=bold,
        size=_SIZE,
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return _("Có") if value else _("Không")


def completeness_table(completeness: Sequence[Mapping[str, Any]], width: float) -> Flowable:
    """Per commune: last bundle, months covered and missing, on time, nil report."""
    if not completeness:
        return frame.para(_("Chưa nhận dữ liệu của đơn vị nào."), frame.BODY_PLAIN)
    widths = [10 * mm, 46 * mm, 34 * mm, 26 * mm, 0, 22 * mm, 28 * mm]
    widths[4] = width - sum(widths)
    rows = []
    for i, row in enumerate(completeness, start=1):
        missing = [month_label(m) for m in row.get("missing_months") or []]
        rows.append(
            [
                num(i),
                row.get("commune_name") or row.get("commune") or "",
                format_datetime(row.get("last_bundle_at")) or _("Chưa gửi"),
                num(len(row.get("months_with_work") or [])),
                ", ".join(missing) or DASH,
                _yes_no(row.get("on_time")),
                _("Có") if row.get("nil_report") else DASH,
            ]
        )
    return frame.grid_table(
        [
            _("STT"),
            _("Đơn vị"),
            _("Lần gửi gần nhất"),
            _("Số tháng có dữ liệu"),
            _("Tháng còn thiếu"),
            _("Đúng hạn"),
            _("Báo cáo không phát sinh"),
        ],
        rows,
        widths,
        numeric=[3],
        centred=[0, 2, 5, 6],
        size=_SIZE,
    )


def consolidated_report_pdf(
    profile: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    completeness: Sequence[Mapping[str, Any]],
    labels: LabelFn,
    period: Period | Mapping[str, Any] | None,
    targets: Sequence[Mapping[str, Any]] = (),
) -> bytes:
    """The office's consolidated report as landscape PDF bytes. ``rows`` are the communes'
    ``{"commune", "commune_name", "counts"}``; ``completeness`` says what each commune sent;
    ``targets`` the progress of the plan's targets of the year (``services.targets.progress``),
    printed as a section before it when there are any."""
    span = period_dict(period)
    width = document.text_width(wide=True)
    total = totals(rows)
    who = frame.unit_name(profile) or frame.issuing_body(profile)
    phrase = period_phrase(span)
    centre_count = sum(1 for r in rows if centres.is_centre(r.get("commune")))
    body: list[Flowable] = [
        frame.para(
            ngettext(
                "Tổng hợp số liệu công tác xã hội {period} của {count} đơn vị cấp xã do "
                "{unit} tiếp nhận, như sau:",
                "Tổng hợp số liệu công tác xã hội {period} của {count} đơn vị cấp xã do "
                "{unit} tiếp nhận, như sau:",
                len(rows),
            ).format(period=phrase, count=num(len(rows) - centre_count), unit=who)
        )
    ]
    if centre_count:
        body.append(
            frame.para(
                ngettext(
                    "Cùng {count} trung tâm công tác xã hội, tính riêng với các xã (dòng cộng"
                    " riêng trong mỗi bảng).",
                    "Cùng {count} trung tâm công tác xã hội, tính riêng với các xã (dòng cộng"
                    " riêng trong mỗi bảng).",
                    centre_count,
                ).format(count=num(centre_count))
            )
        )
    number = 0
    for group, heading in GROUPS.items():
        figures = [(i.key, i.label) for i in in_group(group)]
        number += 1
        body += frame.table_section(
            f"{_roman(number)}. {_(heading).upper()}",
            _indicator_table(rows, figures, width, with_coverage=group == "children"),
        )
        if group == "children":
            body.append(
                frame.para(
                    _("Tỷ lệ bao phủ nhóm mục tiêu chung: {rate}.").format(
                        rate=percent(
                            total.get("children_target_supported"), total.get("children_target")
                        )
                    ),
                    frame.BODY_PLAIN,
                )
            )
    sections, count = breakdowns.pdf_sections(rows, labels, width, number + 1)
    number += count
    body += sections
    if targets:
        number += 1
        body += targets_table.pdf_section(targets, width, _roman(number))
    body += frame.table_section(
        f"{_roman(number + 1)}. {_('TÌNH HÌNH GỬI DỮ LIỆU CỦA CÁC ĐƠN VỊ')}",
        completeness_table(completeness, width),
    )
    return document.document(
        profile,
        body,
        title=_("BÁO CÁO"),
        subject=consolidated_subject(span),
        wide=True,
    )
