"""What leaves the commune (privacy by default): names reduced to initials and identifying fields
removed unless the settings allow more, sensitive narratives removed — and so the texts of a
case's follow-up the office does not need (conference minutes, the safety plan's who and what,
who gave a consent and the notes). An attachment's file (its
content, title, name and hash) leaves only when it is marked for the office ("gửi văn phòng")
and its person consented to sharing (``person.consent_share``), whatever the settings say;
otherwise only the record that a file exists leaves, so a file unmarked later is also removed
from the office's copy.

Staff (the register of the people who do the work) leave as the office's figures need them — role,
dates, allowance, qualification, courses and certificates' dates — with names reduced to initials,
no phone or notes and no certificate number, unless identifying data may be shared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctxh_desktop.core.text import initials
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import attachments as db_attachments

SHARE_SENSITIVE = "share_sensitive"
SHARE_IDENTIFYING = "share_identifying"
IDENTIFYING_COLUMNS = (
    "id_number",
    "phone",
    "address_detail",
    "old_address",
    "guardian_name",
    "guardian_phone",
    "notes",
)
#: Narrative columns of a case's follow-up, kept at the commune like a sensitive event's narrative
#: (the office counts referrals, services, conferences and consents; it reads no minutes).
FOLLOWUP_NARRATIVES: dict[str, tuple[str, ...]] = {
    "case_service": ("note",),
    "case_conference": ("minutes",),
    "safety_plan": ("keeper", "actions", "contacts"),
    "consent": ("giver_name", "note"),
}
#: An attachment's columns that stay at the commune unless it may be shared.
ATTACHMENT_PRIVATE_COLUMNS = ("title", "file_name", "sha256", "content")
#: Per staff table: the columns that identify a member of staff, and their SQL replacement.
STAFF_PRIVATE: dict[str, dict[str, str]] = {
    "staff": {"full_name": "ctxh_initials(full_name)", "phone": "NULL", "notes": "NULL"},
    "staff_certificate": {"number": "NULL"},
}


def staff_trimmed(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A staff row (``staff``, ``staff_certificate``) without what identifies the person: the
    name as initials, no phone, notes or certificate number (other tables unchanged)."""
    if table not in STAFF_PRIVATE:
        return row
    blank: dict[str, Any] = dict.fromkeys((c for c in STAFF_PRIVATE[table] if c in row), None)
    if "full_name" in row:
        blank["full_name"] = initials(row["full_name"])
    return {**row, **blank}


def privacy_filter(session: Session) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """A function trimming a row image to what may leave the commune (see the module docstring)."""
    share_sensitive = session.store.setting(SHARE_SENSITIVE) == "1"
    share_identifying = session.store.setting(SHARE_IDENTIFYING) == "1"

    def apply(table: str, row: dict[str, Any]) -> dict[str, Any]:
        if table in FOLLOWUP_NARRATIVES and not share_sensitive:
            row = {**row, **dict.fromkeys(c for c in FOLLOWUP_NARRATIVES[table] if c in row)}
        elif table == "attachment" and not (
            row.get("for_office") and db_attachments.consented(session.store, row.get("person_id"))
        ):
            row = {**row, **dict.fromkeys(ATTACHMENT_PRIVATE_COLUMNS, None)}
        elif table == "case_event" and row.get("sensitive") and not share_sensitive:
            row = {**row, "narrative": None}
        elif table == "person" and not row.get("consent_share") and not share_identifying:
            row = {
                **row,
                "full_name": initials(row.get("full_name")),
                **dict.fromkeys((c for c in IDENTIFYING_COLUMNS if c in row), None),
            }
        elif table in STAFF_PRIVATE and not share_identifying:
            row = staff_trimmed(table, row)
        return row

    return apply


def privacy_columns(session: Session) -> dict[str, tuple[str, dict[str, str]]]:
    """:func:`privacy_filter` in SQL, for export: per table, a condition on the stored row and the
    SQL value of each column it replaces where the condition holds (every other row leaves
    exactly as stored). A test checks that both give the same rows."""
    private: dict[str, tuple[str, dict[str, str]]] = {
        "attachment": (
            db_attachments.KEPT_AT_COMMUNE,
            dict.fromkeys(ATTACHMENT_PRIVATE_COLUMNS, "NULL"),
        )
    }
    if session.store.setting(SHARE_SENSITIVE) != "1":
        private["case_event"] = ("coalesce(sensitive, 0) != 0", {"narrative": "NULL"})
        for table, narrative in FOLLOWUP_NARRATIVES.items():
            private[table] = ("1", dict.fromkeys(narrative, "NULL"))
    if session.store.setting(SHARE_IDENTIFYING) != "1":
        blank = dict.fromkeys(IDENTIFYING_COLUMNS, "NULL")
        private["person"] = (
            "coalesce(consent_share, 0) = 0",
            {"full_name": "ctxh_initials(full_name)", **blank},
        )
        for table, columns in STAFF_PRIVATE.items():
            private[table] = ("1", columns)
    return private
