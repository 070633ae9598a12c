"""The receiving office's overview: which communes sent what and when, whether on time, gaps and
quarantined files; importing a batch of files with progress; read-only drill-down into a commune.

A month's report is the first file a commune made after that month ended; it is on time when made by
the office's due day of the next month, and a "nil report" when it arrived but held nothing for the
month. The figures per commune are those of the consolidated report
(:func:`ctxh_desktop.services.stats.consolidated_rows`), so the screen and the print agree.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from ctxh_desktop.core import centres, codes
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import make_period, month_end, months_between
from ctxh_desktop.core.text import fold
from ctxh_desktop.file_reads import read_limited
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access, exchange, stats
from ctxh_desktop.services.context import Session
from ctxh_desktop.services.exchange.imports import Progress
from ctxh_desktop.storage import exchange as office_records
from ctxh_desktop.storage import queries, work_months


def _quarantined(session: Session) -> dict[str, int]:
    """Files waiting in quarantine, per commune (from the notes kept beside them). A file that was
    imported since (its device enrolled afterwards) no longer waits and is not counted."""
    out: dict[str, int] = {}
    folder = exchange.received_folder(session) / "quarantine"
    if not folder.is_dir():
        return out
    for note in folder.glob("*.json"):
        try:
            info = json.loads(note.read_text("utf-8"))
        except (OSError, ValueError):
            info = {}
        sha = info.get("sha256") or ""
        if sha and office_records.received(session.store, sha):
            continue
        commune = info.get("commune") or ""
        out[commune] = out.get(commune, 0) + 1
    return out


def deadline_status(
    bundle_days: list[str], month: str, due_day: int, today: dt.date
) -> tuple[str, bool]:
    """Whether the report for ``month`` arrived by the due day of the next month.

    A month's report is the first file made after the month ended. Returns the status
    (``on_time``, ``late``, ``missing`` or ``pending``) and whether such a file exists."""
    end = month_end(month)
    due = (end + dt.timedelta(days=1)).replace(day=min(max(int(due_day or 5), 1), 28))
    after = sorted(d for d in bundle_days if d > end.isoformat())
    if after:
        return ("on_time" if after[0] <= due.isoformat() else "late"), True
    return ("missing" if today > due else "pending"), False


def month_status(
    bundle_days: list[str], month: str, due_day: int, today: dt.date, has_data: bool
) -> dict[str, Any]:
    """The one status of a commune's month, from which every column of the submission table is
    derived: ``{"month", "deadline", "nil"}``.

    ``deadline`` is that of :func:`deadline_status`. A month whose report arrived (on time or late)
    but held nothing for it is a nil report (``nil`` true); a month listed as missing is one whose
    report is past due and not received, so it is never also on time or a nil report."""
    status, reported = deadline_status(bundle_days, month, due_day, today)
    return {"month": month, "deadline": status, "nil": reported and not has_data}


#: The commune's standing over the period, for sorting and filtering the submission table.
#: ``overdue``: the last month's report is past due and missing; ``incomplete``: an earlier month's
#: report is missing or changes are missing; ``pending``: the last month's report is not in yet but
#: not yet due; ``complete``: every month's report is in.
COMMUNE_STATUSES = ("overdue", "incomplete", "pending", "complete")


#: the last month's deadline status → the printed report's "Đúng hạn" column (None: not yet due)
_ON_TIME = {"on_time": True, "late": False, "missing": False, "pending": None}


def _commune_status(months: list[dict[str, Any]], gaps: list) -> str:
    if months and months[-1]["deadline"] == "missing":
        return "overdue"
    if gaps or any(m["deadline"] == "missing" for m in months):
        return "incomplete"
    if months and months[-1]["deadline"] == "pending":
        return "pending"
    return "complete"


def completeness(
    session: Session, month_from: str, month_to: str, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """One row per expected commune (and any other commune that sent data).

    Each month of the period has one status (:func:`month_status`, under ``months``): whether it
    holds data is read from the dates of the work (:mod:`ctxh_desktop.storage.work_months`), the
    deadline from when the files were made (typing time counts only for timeliness of sending).
    The row's columns are derived from them: ``months_with_work`` (months holding work dated in
    them), ``months_covered`` (reports received, nil reports included),
    ``missing_months`` (past due, not received), ``deadline``, ``on_time`` (None when not yet due)
    and ``nil_report`` (the last month), and ``status`` (:data:`COMMUNE_STATUSES`)."""
    store = session.store
    today = today or dt.date.today()
    office = office_records.office(store) or {}
    due_day = int(office.get("due_day") or 5)
    months = months_between(month_from, month_to)
    # months with data: by the dates of the work, never by when rows were typed or sent
    covered = work_months.months_with_work(store, months[0], months[-1])
    bundles: dict[str, list[dict[str, Any]]] = {}
    for row in office_records.accepted_bundles(store):
        bundles.setdefault(row["commune"] or "", []).append(row)
    gaps: dict[str, list] = {}
    for gap in exchange.gaps(session):
        gaps.setdefault(gap["commune"], []).extend(gap["missing"])
    quarantined = _quarantined(session)
    names = {r["commune"]: r.get("name") or "" for r in office_records.expected_communes(store)}
    for code in sorted(set(bundles) | set(quarantined)):
        if code and code not in names:
            names[code] = code
    out: list[dict[str, Any]] = []
    for code, name in names.items():
        sent = bundles.get(code, [])
        have = covered.get(code, set())
        days = [str(b.get("created_at") or "")[:10] for b in sent]
        statuses = [month_status(days, m, due_day, today, m in have) for m in months]
        commune_gaps = [list(g) for g in gaps.get(code, [])]
        out.append(
            {
                "commune": code,
                "commune_name": name,
                "kind": centres.unit_kind(code),
                "last_bundle_at": sent[-1]["created_at"] if sent else None,
                "bundles": len(sent),
                "months": statuses,
                "months_covered": [
                    m["month"] for m in statuses if m["deadline"] in ("on_time", "late")
                ],
                "months_with_work": [m for m in months if m in have],
                "missing_months": [m["month"] for m in statuses if m["deadline"] == "missing"],
                "gaps": commune_gaps,
                "deadline": statuses[-1]["deadline"],
                "on_time": _ON_TIME[statuses[-1]["deadline"]],
                "nil_report": statuses[-1]["nil"],
                "status": _commune_status(statuses, commune_gaps),
                "quarantined": quarantined.get(code, 0),
            }
        )
    return out


def home_figures(session: Session, today: dt.date | None = None) -> dict[str, Any]:
    """The office Home's cards, for the month whose reports fall due this month (the previous
    month): communes ``expected``, ``sent`` (its report received), ``missing`` (expected, not yet
    received); files waiting in ``quarantined``; ``last_import`` (when the last file was accepted,
    or None); and that ``month`` (YYYY-MM)."""
    access.require(session, "view")
    exchange.require_office(session)
    today = today or dt.date.today()
    month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    rows = completeness(session, month, month, today)
    expected = {r["commune"] for r in office_records.expected_communes(session.store)}
    sent = {r["commune"] for r in rows if r["months_covered"]}
    bundles = office_records.accepted_bundles(session.store)
    return {
        "month": month,
        "expected": len(expected),
        "sent": len(sent),
        "missing": len(expected - sent),
        "quarantined": sum(r["quarantined"] for r in rows),
        "last_import": max((b["imported_at"] for b in bundles), default=None),
    }


def office_overview(session: Session, month_from: str, month_to: str) -> dict[str, Any]:
    """Everything the office page shows for a period."""
    office = office_records.office(session.store) or {}
    period = make_period(None, month_from, month_to)
    rows = completeness(session, month_from, month_to)
    names = {r["commune"]: r["commune_name"] for r in rows}
    # Without any commune data the report falls back to the unit itself: nothing to list then.
    figures = [r for r in stats.consolidated_rows(session, period) if r["commune"] in names]
    for row in figures:
        row["commune_name"] = names.get(row["commune"]) or row.get("commune_name")
    return {
        "unit_code": office.get("unit_code") or session.commune_code,
        "unit_name": office.get("unit_name") or session.commune_name,
        "due_day": office.get("due_day") or 5,
        "communes": rows,
        "indicators": figures,
        "period": period.as_dict(),
    }


def run_import(
    session: Session, paths: list[str], key_passphrase: str, task: Progress | None = None
) -> list[dict[str, Any]]:
    """Import files one by one (progress after each; stop between files when cancelled)."""
    results = exchange.import_files(session, list(paths), key_passphrase, task)
    return [
        {
            "name": Path(r.path).name,
            "status": r.status,
            "message": r.message,
            "commune": r.commune,
        }
        for r in results
    ]


def describe_enrolment(path: str) -> dict[str, Any]:
    """The commune and device named in an enrolment file (its signature checked)."""
    from ctxh_desktop.sync import config

    data = read_limited(
        path, exchange.signed_limit(), _("Tệp quá lớn, không phải tệp đăng ký hợp lệ.")
    )
    info = config.read_enrolment(data)
    return {"commune": info["commune_code"], "name": info.get("name") or ""}


def commune_records(session: Session, commune: str, limit: int = 1000) -> list[dict[str, Any]]:
    """A commune's people and cases as the office holds them (read only)."""
    access.require(session, "view")
    rows = []
    for person in queries.list_people(session.store, commune=commune, limit=limit):
        rows.append(
            {
                "type": "person",
                "name": person.get("full_name") or "",
                "date": person.get("birth_date"),
                "state": codes.label("genders", person.get("gender"))
                if person.get("gender")
                else "",
            }
        )
    for case in queries.list_cases(session.store, commune=commune, limit=limit):
        name = case.get("code") or ""
        if case.get("person_name"):
            name = f"{name} — {case['person_name']}"
        rows.append(
            {
                "type": "case",
                "name": name,
                "date": case.get("received_at"),
                "state": codes.step_label(case.get("kind"), case.get("step")),
            }
        )
    return rows


# -- people who appear in two communes ---------------------------------------------------------------
_INITIALS = re.compile(r"(?:\w\.)+")


@functools.cache
def _fold_table() -> dict[int, int | None]:
    """``str.translate`` table: Latin letters with marks → lower-case base letter, đ/Đ → d,
    A–Z → a–z, combining marks removed."""
    table: dict[int, int | None] = {0x0110: ord("d"), 0x0111: ord("d")}
    table.update({cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)})
    for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        base = "".join(
            ch for ch in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(ch)
        )
        if len(base) == 1 and base.isascii() and base != chr(cp):
            table[cp] = ord(base.lower())
    table.update(dict.fromkeys(range(0x0300, 0x0370)))
    return table


def cross_commune_duplicates(session: Session) -> list[dict[str, Any]]:
    """People held for two or more communes who may be one person: the same ID number, or the
    same folded name (tones and đ ignored) and the same birth year.

    ``[{"key", "reason": "id_number"|"name_birth", "people": [{"commune", "id", "name",
    "birth"}]}]``, ID-number groups first. Names reduced to initials (no consent to share) are not
    compared, and a name-and-year group holding exactly the people of an ID-number group is not
    repeated. ID numbers are grouped in SQL; names and years in one pass over a dictionary.
    """
    access.require(session, "view")
    store = session.store
    groups: list[dict[str, Any]] = []
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in office_records.same_id_number_people(store):
        by_id.setdefault(row["id_number"], []).append(
            {
                "commune": row["commune"],
                "id": row["id"],
                "name": row["full_name"],
                "birth": row["birth_date"],
            }
        )
    seen: set[frozenset[str]] = set()
    for number, people in by_id.items():
        groups.append({"key": f"id:{number}", "reason": "id_number", "people": people})
        seen.add(frozenset(p["id"] for p in people))
    buckets: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    table = _fold_table()
    for person in office_records.people_name_birth(store):
        name, year = person[2], person[3][:4]
        if not name or not year.isdigit():
            continue
        if "." in name and _INITIALS.fullmatch(name.replace(" ", "")):
            continue
        # ``fold`` for NFC Latin text, about ten times faster; anything else goes through fold.
        key = " ".join(name.translate(table).split())
        if not key.isascii():
            key = fold(name)
        if key:
            buckets.setdefault((key, year), []).append(person)
    several = [(k, rows) for k, rows in buckets.items() if len(rows) > 1]
    for (name, year), rows in sorted(several):
        if len({r[1] for r in rows}) < 2:
            continue
        if frozenset(r[0] for r in rows) in seen:
            continue
        people = [
            {"commune": c, "id": i, "name": n, "birth": b}
            for i, c, n, b in sorted(rows, key=lambda r: (r[1], r[0]))
        ]
        groups.append(
            {"key": f"name_birth:{name}|{year}", "reason": "name_birth", "people": people}
        )
    return groups


# -- the communes the office expects reports from -------------------------------------------------
def _bad_commune(code: str) -> UserError:
    return UserError(
        _("Mã xã không hợp lệ: {code} (không có trong danh mục xã, phường chính thức).").format(
            code=code
        ),
        field="commune",
    )


def expected_commune_list(session: Session) -> list[dict[str, Any]]:
    """Communes the office may expect, with a flag: the communes of its province (or its own
    commune) and any other commune on the list. ``[{"commune", "name", "expected"}]``."""
    access.require(session, "view")
    office = office_records.office(session.store) or {}
    unit = office.get("unit_code") or ""
    expected = {
        r["commune"]: r.get("name") or "" for r in office_records.expected_communes(session.store)
    }
    names: dict[str, str] = {}
    if len(unit) == 2:
        names = {c["code"]: c["name"] for c in codes.communes(unit)}
        first_centre = centres.centre(centres.centre_code(unit)) or {}
        if first_centre:  # the province's social-work centre, offered beside its communes
            names[first_centre["code"]] = first_centre["name"]
    elif unit:
        names = {unit: (codes.commune(unit) or {}).get("name", unit)}
    for code, name in expected.items():
        names.setdefault(code, name or (centres.unit(code) or {}).get("name", code))
    return [
        {
            "commune": code,
            "name": names[code],
            "expected": code in expected,
            "kind": centres.unit_kind(code),
        }
        for code in sorted(names)
    ]


def update_expected_communes(
    session: Session,
    add: list[str] | tuple[str, ...] = (),
    remove: list[str] | tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Add and remove communes (official 5-digit codes) and social-work centres (``ttxh-PP-NN``)
    on the expected list; returns the list.

    Every code is checked first: one unknown code refuses the whole change."""
    exchange.require_office(session)
    access.require(session, "office")
    store = session.store
    current = {r["commune"] for r in office_records.expected_communes(store)}
    adding: list[tuple[str, str]] = []
    for raw in add:
        code = (raw or "").strip()
        info = centres.unit(code) if re.fullmatch(r"\d{5}|ttxh-.*", code) else None
        if info is None:
            raise _bad_commune(raw)
        adding.append((info["code"], info["name"]))
    removing: list[str] = []
    for raw in remove:
        code = (raw or "").strip()
        if code not in current:
            if centres.unit(code) is None:
                raise _bad_commune(raw)
            raise UserError(
                _("Xã {code} không có trong danh sách xã phải báo cáo.").format(code=code),
                field="commune",
            )
        removing.append(code)
    with store.atomic():
        office_records.add_expected_communes(store, adding)
        office_records.remove_expected_communes(store, removing)
        access.record(
            session,
            "expected_communes",
            "office",
            None,
            {"add": [c for c, _n in adding], "remove": removing},
        )
    return office_records.expected_communes(store)
