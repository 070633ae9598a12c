"""A case moving with its person to another commune, through the office.

The sending commune (A) transfers an open case (:func:`transfer_case`): in one transaction the
case's rows as they stand (person, case, timeline, consultations and referrals linked to it) are
written into a ``case_transfer`` row addressed to the receiving commune (B), and the case closes
with the reason ``transferred_commune`` and a pointer to B (``transferred_to``, ``transfer_id``);
it stays read-only at A. The row travels in A's next bundle; the office passes the transfers
addressed to B on in a transfer file for B's device (``services.exchange.transfers``); B takes them
(:func:`receive`) as new rows of its own, with new ids and a new case code, the case's statutory
dates unchanged (the clocks count from the original receipt, ``core.deadlines``), marked
``transferred_from`` A with the transfer's moment. Receiving the same transfer again changes
nothing; a transfer addressed to another commune is refused.

Counting once (``core.indicators``): A counts the case until the transfer, B from then on.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ctxh_desktop.core import codes, column_schema
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.moments import format_moment, show_moment
from ctxh_desktop.core.text import fold
from ctxh_desktop.i18n import _
from ctxh_desktop.services import cases
from ctxh_desktop.services.access import record, require_records_edit
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import transfers as db_transfers
from ctxh_desktop.storage.store import new_id

#: The closure reason of a case sent to another commune (``closure_reasons`` code list).
CLOSURE_REASON = "transferred_commune"


def receiving_communes(session: Session) -> list[dict[str, str]]:
    """The communes of this commune's province a case can go to (not this one), by name."""
    own = codes.commune(session.commune_code) or {}
    province = own.get("province_code")
    found = codes.communes(province) if province else []
    return sorted(
        ({"code": c["code"], "name": c["name"]} for c in found if c["code"] != own.get("code")),
        key=lambda c: fold(c["name"]),
    )


def case_id(session: Session, key: str) -> str:
    """The id of this commune's case named by its code or id, for a transfer, or a refusal."""
    require_records_edit(session)
    found = db_transfers.case_by_code_or_id(session.store, session.commune_code, str(key).strip())
    if found is None:
        raise UserError(_("Không tìm thấy ca này."))
    return found


def transfer_case(
    session: Session, case_id: str, to_commune: str, note: str | None = None, at: str | None = None
) -> dict[str, Any]:
    """Send an open case and its person to ``to_commune``; the case closes here as transferred.
    Returns the closed case as the case view shows it (``cases.get_case``)."""
    require_records_edit(session)
    store = session.store
    try:
        case = store.get("case_file", str(case_id))
    except KeyError:
        raise UserError(_("Không tìm thấy ca này.")) from None
    if case.get("deleted") or case.get("status") != "open":
        raise UserError(_("Chỉ chuyển được ca đang mở."))
    target = codes.commune(str(to_commune or "").strip())
    if target is None:
        raise UserError(_("Hãy chọn xã nhận hồ sơ."), field="to_commune")
    if target["code"] == session.commune_code:
        raise UserError(_("Không chuyển hồ sơ cho chính xã mình."), field="to_commune")
    note = (note or "").strip() or None
    moment = format_moment(dt.datetime.fromisoformat(at) if at else dt.datetime.now())
    with store.atomic():
        payload = json.dumps(db_transfers.case_rows(store, case["id"]), ensure_ascii=False)
        transfer = store.insert(
            "case_transfer",
            {
                "case_id": case["id"],
                "to_commune": target["code"],
                "transferred_at": moment,
                "note": note,
                "payload": payload,
            },
        )
        store.update(
            "case_file",
            case["id"],
            {
                "step": "closed",
                "status": "closed",
                "closed_at": moment,
                "closure_reason": CLOSURE_REASON,
                "transfer_id": transfer["id"],
                "transferred_to": target["code"],
                "transferred_at": moment,
            },
        )
        summary = _("Chuyển hồ sơ sang {commune}").format(commune=target["name"])
        store.insert(
            "case_event",
            {
                "case_id": case["id"],
                "at": moment,
                "kind": "closed",
                "step": "closed",
                "summary": summary,
                "narrative": note,
            },
        )
        record(session, "transfer", "case_file", case["id"], {"to": target["code"]})
    return cases.get_case(session, case["id"])


def transfer_note(case: dict[str, Any]) -> str | None:
    """The line the case view shows for a case that moved between communes, or ``None``."""
    if case.get("transferred_to"):
        name = (codes.commune(case["transferred_to"]) or {}).get("name") or case["transferred_to"]
        return _("Đã chuyển sang {commune} lúc {at}; hồ sơ ở đây chỉ để xem.").format(
            commune=name, at=show_moment(str(case.get("transferred_at") or ""))
        )
    if case.get("transferred_from"):
        name = (codes.commune(case["transferred_from"]) or {}).get("name")
        return _("Nhận từ {commune} lúc {at}; thời hạn tính từ ngày tiếp nhận ban đầu.").format(
            commune=name or case["transferred_from"],
            at=show_moment(str(case.get("transferred_at") or "")),
        )
    return None


def receive(session: Session, transfers: list[dict[str, Any]]) -> dict[str, int]:
    """Take transfers (``case_transfer`` rows as stored) into this commune: each becomes a new
    case of this commune with its person and history. The whole list is refused when one row is
    damaged or addressed to another commune; one already received is left as it is. Call inside a
    transaction; returns ``{"received", "unchanged"}``."""
    require_records_edit(session)
    for row in transfers:
        column_schema.check_stored_row("case_transfer", row)
        if row.get("to_commune") != session.commune_code:
            raise UserError(
                _(
                    "Tệp có hồ sơ chuyển cho xã {commune}, không phải xã này; tệp bị từ chối."
                ).format(commune=str(row.get("to_commune"))[:8])
            )
    counts = {"received": 0, "unchanged": 0}
    for row in transfers:
        if db_transfers.case_of_transfer(session.store, row["id"]) is not None:
            counts["unchanged"] += 1
            continue
        case_id = _insert_case(session, row)
        record(session, "receive_transfer", "case_file", case_id, {"from": row["commune"]})
        counts["received"] += 1
    return counts


def _insert_case(session: Session, transfer: dict[str, Any]) -> str:
    """The rows of one transfer as new rows of this commune; returns the new case's id."""
    store = session.store
    rows = json.loads(transfer["payload"])
    sender = transfer["commune"]
    case = rows["case_file"][0]
    if case.get("commune") != sender or case.get("id") != transfer["case_id"]:
        raise UserError(_("Hồ sơ chuyển đến không khớp với ca đã chuyển; tệp bị từ chối."))
    ids: dict[str, str] = {}
    for table in column_schema.TRANSFER_TABLES:
        for row in rows.get(table) or []:
            ids[row["id"]] = new_id(session.commune_code)
    common = {"commune": session.commune_code, "rev": 1, "epoch": store.epoch, "deleted": 0}

    def mapped(value: Any) -> Any:
        return ids.get(value) if value else None

    for person in rows.get("person") or []:
        db_transfers.insert_stored(
            store, "person", {**person, **common, "id": ids[person["id"]], "merged_into": None}
        )
    db_transfers.insert_stored(
        store,
        "case_file",
        {
            **case,
            **common,
            "id": ids[case["id"]],
            "code": cases.next_code(session, case["received_at"][:4]),
            "person_id": mapped(case.get("person_id")),
            "related_person_ids": "[]",
            "assigned_to": session.user,
            "transfer_id": transfer["id"],
            "transferred_from": sender,
            "transferred_to": None,
            "transferred_at": transfer["transferred_at"],
        },
    )
    for event in rows.get("case_event") or []:
        db_transfers.insert_stored(
            store,
            "case_event",
            {
                **event,
                **common,
                "id": ids[event["id"]],
                "case_id": ids[case["id"]],
                "corrects": mapped(event.get("corrects")),
            },
        )
    # Consultations and referrals stay counted where they were made: here they are kept in the
    # timeline as dated notes.
    for event in _history_notes(rows):
        store.insert("case_event", {**event, "case_id": ids[case["id"]]})
    name = (codes.commune(sender) or {}).get("name") or sender
    store.insert(
        "case_event",
        {
            "case_id": ids[case["id"]],
            "at": transfer["transferred_at"],
            "kind": "note",
            "summary": _("Nhận hồ sơ chuyển từ {commune}").format(commune=name),
            "narrative": transfer.get("note"),
        },
    )
    return ids[case["id"]]


def _history_notes(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The consultations and referrals of a transferred case, as dated notes of its timeline."""
    notes = []
    for row in rows.get("consultation") or []:
        channel = codes.label("consultation_channels", row.get("channel"))
        summary = _("Buổi tư vấn ({channel}) ở xã chuyển đi").format(channel=channel)
        notes.append(_note(row["at"], summary, [row.get("summary")]))
    for row in rows.get("referral") or []:
        status = codes.label("referral_statuses", row.get("status"))
        summary = _("Chuyển gửi ở xã chuyển đi ({status})").format(status=status)
        notes.append(_note(row["at"], summary, [row.get("reason"), row.get("outcome")]))
    return notes


def _note(at: str, summary: str, texts: list[Any]) -> dict[str, Any]:
    return {
        "at": at,
        "kind": "note",
        "summary": summary,
        "narrative": "\n".join(str(t) for t in texts if t) or None,
    }
