"""Reports from an open session: gather the inputs (profile, figures, annex) and render them.

The figures are exactly those of :func:`ctxh_desktop.services.stats.compute_stats`, so a printed
report and ``ctxh stats`` for the same period always agree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ctxh_desktop import logs
from ctxh_desktop.core import codes, deadlines
from ctxh_desktop.core.periods import Period, make_period
from ctxh_desktop.reports import consolidated, excel, monthly, unit_groups
from ctxh_desktop.services import office, stats, targets
from ctxh_desktop.services import profile as profiles
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import queries, registers


def report_profile(session: Session, commune: str | None = None) -> dict[str, Any]:
    """The profile dict the reports expect, from the Settings (signer, agency, recipients…).

    The recipients ("Nơi nhận") start with the office the data is sent to (the installed office
    config), then those listed in the Settings.
    """
    base = profiles.get_profile(session)
    settings = session.store.settings()
    recipients_raw = settings.get("recipients") or ""
    try:
        recipients = json.loads(recipients_raw) if recipients_raw.startswith("[") else None
    except ValueError:
        recipients = None
    if recipients is None:
        recipients = [line.strip() for line in recipients_raw.splitlines() if line.strip()]
    receiving = db_exchange.trusted_office(session.store)
    if receiving and receiving["unit_name"].casefold() not in (r.casefold() for r in recipients):
        recipients.insert(0, receiving["unit_name"])
    out = {
        **base,
        "commune_code": commune or base.get("commune_code") or session.commune_code,
        "commune_name": base.get("commune_name") or session.commune_name,
        "unit_type": base.get("unit_type") or ("office" if session.kind == "office" else "xa"),
        "signer_name": base.get("chairman_name") or settings.get("signer_name") or "",
        "recipients": recipients,
        "report_date": dt.date.today().isoformat(),
    }
    if session.kind == "office":
        out["commune_name"] = settings.get("unit_name") or out["commune_name"]
    return out


def active_cases_annex(
    session: Session, end: str, commune: str | None = None
) -> list[dict[str, Any]]:
    """Open cases received by ``end`` with their next deadline (as of the end of that day, or
    now when that is earlier)."""
    cal = stats.working_calendar(session)
    now = min(dt.datetime.now(), dt.datetime.fromisoformat(end[:10] + "T23:59"))
    out: list[dict[str, Any]] = []
    for case in queries.open_cases_with_events(session.store, commune or None):
        if (case.get("received_at") or "")[:10] > end[:10]:
            continue
        nxt = deadlines.next_deadline(case, case.get("events") or [], cal, now)
        out.append(
            {
                "code": case.get("code"),
                "kind": case.get("kind"),
                "person_name": case.get("person_name") or "",
                "step": case.get("step"),
                "received_at": case.get("received_at"),
                "next_deadline": (
                    {"rule": nxt.rule, "due": nxt.due, "overdue": nxt.overdue} if nxt else None
                ),
            }
        )
    out.sort(key=lambda c: c.get("code") or "")
    return out


def monthly_report(
    session: Session,
    month: str | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
    commune: str | None = None,
) -> bytes:
    """The commune's report (a month, or a range for the 6-month and annual reports) as PDF."""
    period = make_period(month, month_from, month_to)
    figures = stats.compute_stats(session, period=period, commune=commune)
    annex = active_cases_annex(session, period.end, commune)
    return monthly.monthly_report_pdf(report_profile(session, commune), figures, annex, codes.label)


def completeness_rows(session: Session, period: Period) -> list[dict[str, Any]]:
    """What each commune has sent for the period, and whether on time (the office's records)."""
    if session.kind != "office":
        return []
    first, last = period.months
    if period.kind == "all":
        return []
    return office.completeness(session, first, last)


def consolidated_report(
    session: Session, month_from: str, month_to: str, fmt: str = "pdf"
) -> bytes:
    """The consolidated view over ``month_from``–``month_to`` as PDF (``fmt="pdf"``) or XLSX."""
    period = make_period(None, month_from, month_to)
    rows = stats.consolidated_rows(session, period)
    completeness = completeness_rows(session, period)
    profile = report_profile(session)
    progress = targets.report_progress(session, period.end[:7])
    if fmt == "xlsx":
        return excel.consolidated_xlsx(profile, rows, completeness, codes.label, period, progress)
    return consolidated.consolidated_report_pdf(
        profile, rows, completeness, codes.label, period, progress
    )


def case_sheet(session: Session, case_id: str) -> bytes:
    """The tracking sheet of one case as PDF (sensitive narratives left out)."""
    from ctxh_desktop.reports.case_sheet import case_sheet_pdf
    from ctxh_desktop.services import case_followup, cases

    case = cases.get_case(session, case_id)
    case["followup"] = case_followup.case_followup(session, case_id)
    if isinstance(case.get("plan"), dict):
        case["plan"] = plan_with_provider_names(session, case["plan"])
    return case_sheet_pdf(report_profile(session), case, codes.label)


def plan_with_provider_names(session: Session, plan: Mapping[str, Any]) -> dict[str, Any]:
    """The plan with its providers (stored as directory ids) named, for printing."""
    from ctxh_desktop.services.providers import list_providers

    names = {p["id"]: p["name"] for p in list_providers(session)}
    return {
        **plan,
        "providers": [names.get(p, p) for p in plan.get("providers") or []],
        "activities": [
            {**a, "provider": names.get(a.get("provider_id"), a.get("provider_id"))}
            for a in plan.get("activities") or []
        ],
    }


def unit_rows(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The consolidated rows as the report prints them: communes first, then social-work centres."""
    return unit_groups.ordered(rows)


def sum_lines(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, int]]]:
    """The bold lines under the units as the report prints them: the communes' and the centres'
    subtotals (when centres are present), then the total."""
    return unit_groups.sum_lines(rows)


def total_row(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """The totals of several communes' counts (as printed under the consolidated table)."""
    from ctxh_desktop.reports.figures import totals

    return totals(rows)


def save_output(
    session: Session,
    path: str | Path,
    data: bytes,
    report: str,
    entity: str | None = None,
    entity_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Write a report where the user chose, all or nothing (a full disk leaves no partial file),
    and write the export to the audit log (report kind, file name, and the ids and codes of
    ``detail`` only)."""
    from ctxh_desktop.services import access
    from ctxh_desktop.sync.bundle_writer import atomic_write

    access.require(session, "print")
    with logs.timed("report", report=report, bytes=len(data)):
        atomic_write(Path(path), data)
    with session.store.atomic():
        access.record(
            session,
            "export_report",
            entity,
            entity_id,
            {"report": report, **(detail or {}), "file": Path(path).name},
        )


REGISTER_SHEETS = ("people", "cases", "consultations", "children")


def registers_workbook(session: Session) -> bytes:
    """The commune's registers as one Excel workbook: people, cases, counselling, children and
    their supports, with Vietnamese headers (the sensitive narratives are never included)."""
    from ctxh_desktop.i18n import _
    from ctxh_desktop.reports.excel import registers_xlsx
    from ctxh_desktop.services import access

    access.require(session, "registers")
    store = session.store
    label = codes.label

    def labels(list_name: str, values: Iterable[str] | None) -> str:
        return ", ".join(label(list_name, v) for v in values or [])

    held = registers.register_records(store)
    people, cases, consultations = held["people"], held["cases"], held["consultations"]
    children, supports = held["children"], held["supports"]
    names = {p["id"]: p["full_name"] for p in people}
    child_names = {c["id"]: names.get(c["person_id"], "") for c in children}
    sheets = {
        _("Người dân"): (
            [
                _("Họ và tên"),
                _("Giới tính"),
                (_("Ngày sinh"), "text"),
                _("Dân tộc"),
                (_("Số CCCD"), "text"),
                (_("Điện thoại"), "text"),
                _("Địa chỉ"),
                _("Hoàn cảnh hộ"),
                _("Nhóm đối tượng"),
                (_("Ngày đăng ký"), "date"),
            ],
            [
                [
                    p["full_name"],
                    label("genders", p["gender"]) if p["gender"] else "",
                    p["birth_date"],
                    label("ethnicities", p["ethnicity"]) if p["ethnicity"] else "",
                    p["id_number"],
                    p["phone"],
                    p["address_detail"],
                    label("household_statuses", p["household_status"])
                    if p["household_status"]
                    else "",
                    labels("target_groups", p["target_groups"]),
                    p["registered_on"],
                ]
                for p in people
            ],
        ),
        _("Hồ sơ ca"): (
            [
                (_("Mã ca"), "text"),
                _("Người được hỗ trợ"),
                _("Loại ca"),
                _("Bước"),
                _("Trạng thái"),
                (_("Ngày tiếp nhận"), "date"),
                _("Nguồn tiếp nhận"),
                _("Vấn đề"),
                _("Khẩn cấp"),
                (_("Ngày kết thúc"), "date"),
                _("Lý do kết thúc"),
            ],
            [
                [
                    c["code"],
                    names.get(c["person_id"], ""),
                    label("case_kinds", c["kind"]),
                    codes.step_label(c["kind"], c["step"]),
                    label("case_statuses", c["status"]),
                    c["received_at"],
                    label("case_sources", c["source"]) if c["source"] else "",
                    labels("problem_types", c["problem_types"]),
                    _("Có") if c["emergency"] else "",
                    c["closed_at"],
                    label("closure_reasons", c["closure_reason"]) if c["closure_reason"] else "",
                ]
                for c in cases
            ],
        ),
        _("Tư vấn"): (
            [
                (_("Thời gian"), "date"),
                _("Người được tư vấn"),
                _("Số người"),
                _("Hình thức"),
                _("Chủ đề"),
                _("Nhóm đối tượng"),
                (_("Thời lượng (phút)"), "number"),
                _("Kết quả"),
            ],
            [
                [
                    c["at"],
                    _("Ẩn danh") if c["anonymous"] else names.get(c["person_id"], ""),
                    c["group_size"],
                    label("consultation_channels", c["channel"]),
                    labels("consultation_topics", c["topics"]),
                    label("target_groups", c["target_group"]) if c["target_group"] else "",
                    c["duration_min"],
                    label("consultation_outcomes", c["outcome"]) if c["outcome"] else "",
                ]
                for c in consultations
            ],
        ),
        _("Trẻ em HCĐB"): (
            [_("Họ và tên"), _("Nhóm"), _("Tình trạng"), (_("Ngày đưa vào sổ"), "date")],
            [
                [
                    child_names.get(c["id"], ""),
                    labels("child_groups", c["groups"]),
                    label("child_statuses", c["status"]),
                    c["registered_on"],
                ]
                for c in children
            ],
        ),
        _("Hỗ trợ trẻ em"): (
            [
                _("Họ và tên"),
                (_("Tháng"), "text"),
                _("Hình thức hỗ trợ"),
                (_("Số tiền (đồng)"), "money"),
                _("Nguồn"),
                _("Nơi hỗ trợ"),
            ],
            [
                [
                    child_names.get(s["child_id"], ""),
                    s["month"],
                    label("support_kinds", s["kind"]),
                    s["amount"],
                    label("support_sources", s["source"]),
                    s["provider"],
                ]
                for s in supports
            ],
        ),
    }
    return registers_xlsx(sheets)
