"""Attachments of a person or a case: scanned decisions, photos and documents, kept inside the
(SQLCipher-encrypted) database, at most 3 MB each, JPEG, PNG or PDF by their content
(``core.attachments``). Removing one leaves a tombstone without the file; every change is
audited. A file leaves the commune only when marked "gửi văn phòng" and its person consented
(``services.exchange.privacy``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctxh_desktop.core import attachments as rules
from ctxh_desktop.core.decisions import decision_text
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.core.values import CONTROL_CHARS
from ctxh_desktop.file_reads import read_limited
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import record, require, require_records_edit
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import attachments as db_attachments
from ctxh_desktop.storage.store import now_iso


def list_attachments(
    session: Session, *, person_id: str | None = None, case_id: str | None = None
) -> list[dict[str, Any]]:
    """The attachments of a case, or of a person (his cases' too), newest first, without their
    content; each with ``shared``: whether it leaves in the next bundle."""
    require(session, "view")
    found = db_attachments.listed(session.store, person_id=person_id, case_id=case_id)
    for row in found:
        row["shared"] = bool(row["for_office"]) and db_attachments.consented(
            session.store, row["person_id"]
        )
    return found


def decision_choices(session: Session, case_id: str) -> dict[str, str]:
    """The decisions a case records that a scan may be linked to: code → label with the
    decision's number and date (the plan's approval, a temporary separation)."""
    case = session.store.get("case_file", case_id)
    recorded = {
        "plan_approval": (case.get("plan") or {}).get("decision"),
        "separation": case.get("separation_decision"),
    }
    choices = {}
    for code, decision in recorded.items():
        if isinstance(decision, dict) and (decision.get("number") or decision.get("date")):
            choices[code] = f"{_(rules.DECISIONS[code])}: {decision_text(decision)}"
    return choices


def add_attachment(
    session: Session,
    path: Path | str,
    *,
    person_id: str | None = None,
    case_id: str | None = None,
    title: str = "",
    for_office: bool = False,
    decision: str | None = None,
) -> dict[str, Any]:
    """Attach the file at ``path`` to a case (its person too) or a person, in one audited
    transaction; refused (``UserError``, nothing changed) when the file is missing, empty, over
    3 MB or not a JPEG, PNG or PDF by its content, or the decision is not one the case records.
    Returns the stored row without its content."""
    require_records_edit(session)
    path = Path(path)
    data = read_limited(path, rules.MAX_BYTES, rules.too_large())
    mime = rules.check_content(data)
    # no control character may travel (the office refuses a row holding one)
    title = CONTROL_CHARS.sub("", nfc(title) or "").strip() or CONTROL_CHARS.sub("", path.stem)
    if len(title) > rules.MAX_TITLE:
        raise UserError(_("Tiêu đề quá dài (tối đa 200 ký tự)."), field="title")
    if case_id:
        case = session.store.get("case_file", case_id)
        person_id = case.get("person_id")
        if decision and decision not in decision_choices(session, case_id):
            raise UserError(_("Ca này chưa ghi quyết định đó."), field="decision")
    elif person_id is None:
        raise ValueError("an attachment needs a person or a case")
    else:
        session.store.get("person", person_id)  # KeyError when unknown
        decision = None
    row = {
        "person_id": person_id,
        "case_id": case_id,
        "decision": decision or None,
        "title": title,
        "file_name": CONTROL_CHARS.sub("", path.name)[: rules.MAX_FILE_NAME],
        "mime": mime,
        "size": len(data),
        "sha256": rules.digest(data),
        "for_office": int(bool(for_office)),
        "content": rules.encode(data),
    }
    with session.store.atomic():
        stored = session.store.insert("attachment", row)
        record(session, "create", "attachment", stored["id"], {"mime": mime, "size": len(data)})
    stored.pop("content", None)
    return stored


def attachment_content(session: Session, attachment_id: str) -> bytes:
    """The bytes of an attachment's file (to show or open it)."""
    require(session, "view")
    text = db_attachments.content(session.store, attachment_id)
    if text is None:
        raise UserError(_("Tệp đính kèm này không còn, hoặc không được gửi lên đơn vị."))
    return rules.decode(text)


def save_copy(session: Session, attachment_id: str, target: Path | str) -> Path:
    """Write a copy of an attachment's file to ``target`` (its kind's extension added when
    missing), audited; returns the path written."""
    row = session.store.get("attachment", attachment_id)
    data = attachment_content(session, attachment_id)
    target = Path(target)
    extension = rules.EXTENSIONS[row["mime"]]
    if target.suffix.lower() not in (extension, ".jpeg" if extension == ".jpg" else extension):
        target = target.with_name(target.name + extension)
    try:
        target.write_bytes(data)
    except OSError:
        raise UserError(_("Không ghi được tệp {name}.").format(name=target.name)) from None
    record(session, "save_copy", "attachment", attachment_id)
    return target


def set_for_office(session: Session, attachment_id: str, for_office: bool) -> dict[str, Any]:
    """Mark an attachment to be sent to the office ("gửi văn phòng") or not; audited. It leaves
    only when its person also consented to sharing."""
    require_records_edit(session)
    with session.store.atomic():
        session.store.update("attachment", attachment_id, {"for_office": int(bool(for_office))})
        record(session, "update", "attachment", attachment_id, {"for_office": bool(for_office)})
    return session.store.get("attachment", attachment_id)


def consent_changed(session: Session, person_id: str) -> None:
    """A person's consent to sharing changed: his files marked for the office go in the next
    bundle again, with their content (consent given) or without it (consent withdrawn)."""
    db_attachments.touch_marked(session.store, person_id, now_iso())


def remove_attachment(session: Session, attachment_id: str) -> None:
    """Remove an attachment: a tombstone without its file (which leaves the database), audited."""
    require_records_edit(session)
    with session.store.atomic():
        session.store.soft_delete(
            "attachment", attachment_id, blank=("content", "sha256", "title", "file_name")
        )
        record(session, "remove", "attachment", attachment_id)
