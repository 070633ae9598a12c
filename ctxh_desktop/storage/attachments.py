"""Queries of attachments (the ``attachment`` table): lists never read a file's content, which
is read one file at a time."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage.store import Store

#: The condition (on an ``attachment`` row) under which its file stays at the commune: not
#: marked for the office, or its person has not consented to sharing.
KEPT_AT_COMMUNE = (
    "NOT (coalesce(for_office, 0) = 1 AND coalesce((SELECT p.consent_share FROM person p"
    " WHERE p.id = attachment.person_id), 0) = 1)"
)

#: Every column but the content (listing a case's files reads no file).
_LISTED = (
    "a.id, a.commune, a.person_id, a.case_id, a.decision, a.title, a.file_name, a.mime, a.size,"
    " a.for_office, a.created_at, a.created_by, c.code AS case_code"
)


def listed(
    store: Store, *, person_id: str | None = None, case_id: str | None = None
) -> list[dict[str, Any]]:
    """The live attachments of a case, or of a person (his cases' included), newest first."""
    column, value = ("a.case_id", case_id) if case_id else ("a.person_id", person_id)
    return store.rows(
        f"SELECT {_LISTED} FROM attachment a LEFT JOIN case_file c ON c.id = a.case_id"
        f" WHERE {column} = ? AND a.deleted = 0 ORDER BY a.created_at DESC, a.rowid DESC",
        [value],
    )


def content(store: Store, attachment_id: str) -> str | None:
    """The stored (base64) content of one live attachment, or ``None``."""
    return store.scalar(
        "SELECT content FROM attachment WHERE id = ? AND deleted = 0", [attachment_id]
    )


def touch_marked(store: Store, person_id: str, stamp: str) -> int:
    """Mark a person's live attachments marked for the office as changed (the triggers bump
    their version and log them for the next bundle); how many."""
    cur = store.db.execute(
        "UPDATE attachment SET modified_at = ? WHERE person_id = ? AND for_office = 1"
        " AND deleted = 0",
        [stamp, person_id],
    )
    return cur.rowcount


def consented(store: Store, person_id: str | None) -> bool:
    """Whether a person agreed that his data may be shared (``person.consent_share``)."""
    if not person_id:
        return False
    return bool(store.scalar("SELECT consent_share FROM person WHERE id = ?", [person_id]))
