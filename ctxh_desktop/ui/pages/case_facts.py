"""The facts block of the case view: who, what kind, which step, the decisions and the open
deadlines with the article each counts from."""

from __future__ import annotations

from html import escape
from typing import Any

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import ERROR_COLOR, code_label, step_label
from ctxh_desktop.ui.pages.case_decisions import decision_rows
from ctxh_desktop.ui.pages.case_timeline import moment_text


def case_html(case: dict[str, Any]) -> str:
    """The case's facts, decisions and open deadlines (each with its citation), as an HTML table."""
    person = case.get("person") or {}
    rows = [
        (_("Người được hỗ trợ"), person.get("full_name") or ""),
        (_("Loại ca"), code_label("case_kinds", case.get("kind"))),
        (_("Bước hiện tại"), step_label(case.get("kind"), case.get("step"))),
        (_("Trạng thái"), code_label("case_statuses", case.get("status"))),
        (_("Ngày tiếp nhận"), moment_text(case.get("received_at"))),
        (_("Nguồn thông tin"), code_label("case_sources", case.get("source"))),
        (
            _("Vấn đề"),
            ", ".join(code_label("problem_types", p) for p in case.get("problem_types") or []),
        ),
        (_("Mức độ nguy cơ"), code_label("risk_levels", case.get("risk_level"))),
        (
            _("Cấp độ bảo vệ trẻ em"),
            code_label("protection_levels", case.get("protection_level")),
        ),
        (_("Khẩn cấp"), _("Có") if case.get("emergency") else ""),
        (_("Tóm tắt"), case.get("summary") or ""),
        *decision_rows(case),
    ]
    html = "".join(
        f"<tr><td style='color:#5f6b7a;padding-right:10px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
        for k, v in rows
        if v
    )
    deadlines = []
    for item in case.get("deadlines") or []:
        if item.get("met_at"):
            continue
        color = ERROR_COLOR if item.get("overdue") else "#1f2937"
        citation = item.get("citation") or ""
        deadlines.append(
            f"<li style='color:{color}'>{escape(item.get('label') or '')}: "
            f"{escape(moment_text(item.get('due')))}"
            + (f"<br><small style='color:#5f6b7a'>{escape(citation)}</small>" if citation else "")
            + "</li>"
        )
    if deadlines:
        html += f"<tr><td style='color:#5f6b7a'>{escape(_('Thời hạn'))}</td><td><ul style='margin:0'>{''.join(deadlines)}</ul></td></tr>"
    if deadlines and case.get("calendar_warning"):
        html += (
            f"<tr><td></td><td style='color:#92400e'>{escape(case['calendar_warning'])}</td></tr>"
        )
    return f"<table cellspacing='3'>{html}</table>"
