"""The database schema: the synced tables' columns, indexes, the sync triggers and search index.

The migrations that create them are in :mod:`ctxh_desktop.storage.migrations`. ``Table.transform()`` drops a table's triggers, so :func:`ensure_triggers` re-creates every trigger
idempotently after migrations and at each start-up.

Every synced table carries ``id`` (UUID text made on the device), ``commune`` (the owner commune's
code), ``rev`` (bumped on every local change), ``epoch`` (bumped by a restore from backup, so
``(epoch, rev)`` orders versions), ``deleted`` (tombstone; hard deletes are refused) and
display-only ``created_at``/``modified_at``/``created_by``.
"""

from __future__ import annotations

from sqlite_utils import Database

SCHEMA_VERSION = 4

COMMON_COLUMNS = """
    id TEXT PRIMARY KEY,
    commune TEXT NOT NULL,
    rev INTEGER NOT NULL DEFAULT 1,
    epoch INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT,
    modified_at TEXT,
    created_by TEXT"""

#: Synced tables and their own columns (after the common ones), as first created; later
#: migrations (storage.migrations) add ``case_file.separation_decision``,
#: ``case_event.corrects`` and ``case_event.correction``; ``referral.answered_on``, ``referral.answer``
#: and ``referral.done_on`` (0008_casework_followup). JSON is stored as text. Tables added
#: after 0001 are made by their own migration: ``activity`` (0005); ``staff``,
#: ``staff_training`` and ``staff_certificate`` (0006, which also adds
#: ``service_provider.ownership``, ``capacity``, ``sw_staff`` and ``offers_sw``); ``attachment``
#: (0007; its ``content`` is the file's base64 text, last so that listing never reads it); the
#: case follow-up's (0008); ``case_transfer`` (0009, which also adds ``case_file.transfer_id``,
#: ``transferred_to``, ``transferred_from`` and ``transferred_at``).
SYNCED_TABLES: dict[str, str] = {
    "person": """
    full_name TEXT NOT NULL,
    gender TEXT,
    birth_date TEXT,
    ethnicity TEXT,
    id_number TEXT,
    phone TEXT,
    address_detail TEXT,
    address_commune TEXT,
    old_address TEXT,
    household_status TEXT,
    disability_level TEXT,
    guardian_name TEXT,
    guardian_phone TEXT,
    target_groups TEXT NOT NULL DEFAULT '[]',
    assistance_category TEXT,
    consent_share INTEGER NOT NULL DEFAULT 0,
    registered_on TEXT,
    notes TEXT,
    merged_into TEXT""",
    "case_file": """
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    person_id TEXT REFERENCES person(id),
    related_person_ids TEXT NOT NULL DEFAULT '[]',
    problem_types TEXT NOT NULL DEFAULT '[]',
    source TEXT,
    received_at TEXT NOT NULL,
    emergency INTEGER NOT NULL DEFAULT 0,
    risk_level TEXT,
    protection_level TEXT,
    step TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    assigned_to TEXT,
    summary TEXT,
    assessed_at TEXT,
    plan TEXT,
    plan_drafted_at TEXT,
    plan_approved_at TEXT,
    separation_start TEXT,
    separation_end TEXT,
    closed_at TEXT,
    closure_reason TEXT,
    returned_at TEXT,
    last_contact_at TEXT""",
    "case_event": """
    case_id TEXT NOT NULL REFERENCES case_file(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    step TEXT,
    summary TEXT,
    narrative TEXT,
    sensitive INTEGER NOT NULL DEFAULT 0""",
    "consultation": """
    at TEXT NOT NULL,
    person_id TEXT REFERENCES person(id),
    anonymous INTEGER NOT NULL DEFAULT 0,
    group_size INTEGER NOT NULL DEFAULT 1,
    channel TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]',
    target_group TEXT,
    duration_min INTEGER,
    summary TEXT,
    outcome TEXT,
    referral_provider_id TEXT,
    case_id TEXT,
    counsellor TEXT""",
    "child_profile": """
    person_id TEXT NOT NULL REFERENCES person(id),
    groups TEXT NOT NULL DEFAULT '[]',
    extra_groups TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'active',
    registered_on TEXT,
    notes TEXT""",
    "child_support": """
    child_id TEXT NOT NULL REFERENCES child_profile(id),
    month TEXT NOT NULL,
    given_on TEXT,
    kind TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    provider TEXT,
    note TEXT""",
    "service_provider": """
    name TEXT NOT NULL,
    kind TEXT,
    address TEXT,
    phone TEXT,
    notes TEXT""",
    "referral": """
    case_id TEXT,
    person_id TEXT,
    provider_id TEXT,
    at TEXT NOT NULL,
    reason TEXT,
    status TEXT NOT NULL DEFAULT 'sent',
    outcome TEXT""",
    # A case's follow-up (migration 0008_casework_followup): services given, case conferences,
    # the child's safety plan and the consents recorded.
    "case_service": """
    case_id TEXT NOT NULL REFERENCES case_file(id),
    person_id TEXT,
    provider_id TEXT,
    given_on TEXT NOT NULL,
    what TEXT NOT NULL,
    note TEXT""",
    "case_conference": """
    case_id TEXT NOT NULL REFERENCES case_file(id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    participants TEXT NOT NULL,
    minutes TEXT""",
    "safety_plan": """
    case_id TEXT NOT NULL REFERENCES case_file(id),
    keeper TEXT NOT NULL,
    actions TEXT NOT NULL,
    contacts TEXT NOT NULL,
    review_on TEXT NOT NULL""",
    "consent": """
    case_id TEXT NOT NULL REFERENCES case_file(id),
    person_id TEXT,
    given_by TEXT NOT NULL,
    giver_name TEXT,
    given_on TEXT NOT NULL,
    purposes TEXT NOT NULL DEFAULT '[]',
    child_view TEXT,
    note TEXT""",
    "attachment": """
    person_id TEXT REFERENCES person(id),
    case_id TEXT REFERENCES case_file(id),
    decision TEXT,
    title TEXT,
    file_name TEXT,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT,
    for_office INTEGER NOT NULL DEFAULT 0,
    content TEXT""",
    # The people who do the work (migration 0006_workforce): the commune's collaborators and
    # social-work staff, the courses each attended and their practising certificates.
    "staff": """
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    since TEXT,
    until TEXT,
    allowance INTEGER,
    qualification TEXT,
    phone TEXT,
    notes TEXT""",
    "staff_training": """
    staff_id TEXT NOT NULL REFERENCES staff(id),
    course TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT,
    hours INTEGER,
    organiser TEXT,
    certificate INTEGER NOT NULL DEFAULT 0""",
    "staff_certificate": """
    staff_id TEXT NOT NULL REFERENCES staff(id),
    number TEXT,
    issued_on TEXT NOT NULL,
    issued_by TEXT""",
    "activity": """
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    topic TEXT NOT NULL,
    target_group TEXT,
    participants_male INTEGER NOT NULL DEFAULT 0,
    participants_female INTEGER NOT NULL DEFAULT 0,
    participants_children INTEGER NOT NULL DEFAULT 0,
    place TEXT,
    organiser TEXT,
    notes TEXT""",
    # A case sent to another commune (services.case_transfer): the case's rows travel in payload.
    "case_transfer": """
    case_id TEXT NOT NULL,
    to_commune TEXT NOT NULL,
    transferred_at TEXT NOT NULL,
    note TEXT,
    payload TEXT NOT NULL""",
}

INDEXES = [
    "CREATE INDEX IF NOT EXISTS person_commune ON person(commune, deleted)",
    "CREATE INDEX IF NOT EXISTS person_sort ON person(ctxh_sortkey(full_name))",
    "CREATE UNIQUE INDEX IF NOT EXISTS case_code ON case_file(commune, code)",
    "CREATE INDEX IF NOT EXISTS case_person ON case_file(person_id)",
    "CREATE INDEX IF NOT EXISTS case_received ON case_file(commune, received_at)",
    "CREATE INDEX IF NOT EXISTS case_received_at ON case_file(received_at)",
    "CREATE INDEX IF NOT EXISTS case_status ON case_file(status, step)",
    "CREATE INDEX IF NOT EXISTS event_case ON case_event(case_id, at)",
    "CREATE INDEX IF NOT EXISTS consultation_at ON consultation(commune, at)",
    "CREATE INDEX IF NOT EXISTS consultation_person ON consultation(person_id)",
    "CREATE INDEX IF NOT EXISTS child_person ON child_profile(person_id)",
    "CREATE INDEX IF NOT EXISTS support_child ON child_support(child_id, month)",
    "CREATE INDEX IF NOT EXISTS support_month ON child_support(commune, month)",
    "CREATE INDEX IF NOT EXISTS referral_case ON referral(case_id)",
]


def _sync_triggers(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, 'records are never deleted: set deleted = 1'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_log_insert AFTER INSERT ON {table}
        BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('{table}', NEW.id); END""",
        # A local edit leaves rev unchanged: bump it and stamp the current epoch. An imported row
        # arrives with its own rev, which the trigger leaves alone.
        f"""CREATE TRIGGER IF NOT EXISTS {table}_bump AFTER UPDATE ON {table}
        WHEN NEW.rev = OLD.rev
        BEGIN UPDATE {table} SET rev = OLD.rev + 1,
            epoch = coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'epoch'), 0)
            WHERE id = NEW.id; END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_log_update AFTER UPDATE ON {table}
        WHEN NEW.rev != OLD.rev
        BEGIN INSERT INTO change_log (tbl, row_id) VALUES ('{table}', NEW.id); END""",
    ]


_PERSON_BODY = (
    "ctxh_fold(NEW.full_name) || ' ' || coalesce(substr(NEW.birth_date, 1, 4), '') || ' '"
    " || coalesce(NEW.id_number, '') || ' ' || coalesce(replace(replace(NEW.phone, ' ', ''), '.', ''), '')"
)
_CASE_BODY = (
    "ctxh_fold(NEW.code) || ' ' || coalesce((SELECT ctxh_fold(full_name) FROM person"
    " WHERE id = NEW.person_id), '')"
)

SEARCH_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS person_fts_insert AFTER INSERT ON person
    WHEN NEW.deleted = 0 AND NEW.merged_into IS NULL
    BEGIN INSERT INTO person_fts (rowid, body) VALUES (NEW.rowid, {_PERSON_BODY}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS person_fts_update AFTER UPDATE ON person
    BEGIN
        DELETE FROM person_fts WHERE rowid = OLD.rowid;
        INSERT INTO person_fts (rowid, body) SELECT NEW.rowid, {_PERSON_BODY}
            WHERE NEW.deleted = 0 AND NEW.merged_into IS NULL;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS case_fts_insert AFTER INSERT ON case_file
    WHEN NEW.deleted = 0
    BEGIN INSERT INTO case_fts (rowid, body) VALUES (NEW.rowid, {_CASE_BODY}); END""",
    f"""CREATE TRIGGER IF NOT EXISTS case_fts_update AFTER UPDATE ON case_file
    BEGIN
        DELETE FROM case_fts WHERE rowid = OLD.rowid;
        INSERT INTO case_fts (rowid, body) SELECT NEW.rowid, {_CASE_BODY} WHERE NEW.deleted = 0;
    END""",
]


def _trigger_name(sql: str) -> str:
    return sql.split("EXISTS", 1)[1].split()[0]


SEARCH_TRIGGER_NAMES = frozenset(_trigger_name(sql) for sql in SEARCH_TRIGGERS)


def _kind(db: Database) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = 'kind'").fetchone()
    return row[0] if row else "commune"


#: The change log's triggers: what a commune's next bundle sends. An office sends no bundle of
#: changes (it forwards whole tables and figures), so it keeps none.
CHANGE_LOG_TRIGGER_NAMES = frozenset(
    f"{table}_log_{event}" for table in SYNCED_TABLES for event in ("insert", "update")
)
#: What an office leaves out (see :func:`_trigger_sql`).
_NOT_AT_OFFICE = SEARCH_TRIGGER_NAMES | CHANGE_LOG_TRIGGER_NAMES


def _trigger_sql(kind: str) -> list[str]:
    """The triggers a database of this kind keeps. An office keeps no search index — names reach
    it as initials (the commune's privacy filter), its people are never looked up by name, and
    the search triggers were a fifth of the cost of importing a commune's snapshot — and no
    change log, which only a commune's export reads (one more row written per row imported)."""
    sync = [t for table in SYNCED_TABLES for t in _sync_triggers(table)]
    if kind == "office":
        return [t for t in sync if _trigger_name(t) not in _NOT_AT_OFFICE]
    return sync + SEARCH_TRIGGERS


def expected_triggers(kind: str = "commune") -> set[str]:
    """Names of every trigger a database of this kind needs."""
    return {_trigger_name(sql) for sql in _trigger_sql(kind)}


def ensure_triggers(db: Database) -> None:
    """(Re-)create every trigger the database's kind needs; an office also drops the search and
    change-log triggers, the search index's content, the change log and the name-order index
    (idempotent)."""
    kind = _kind(db)
    for sql in _trigger_sql(kind):
        db.execute(sql)
    if kind == "office":
        for name in sorted(_NOT_AT_OFFICE):
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
        for fts in ("person_fts", "case_fts"):
            db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")
        db.execute("DELETE FROM change_log")
        db.execute("DROP INDEX IF EXISTS person_sort")


def missing_triggers(db: Database) -> set[str]:
    """Triggers to create, or (at an office) to drop; empty when the database is as it should be."""
    present = {
        row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    kind = _kind(db)
    extra = present & _NOT_AT_OFFICE if kind == "office" else set()
    return (expected_triggers(kind) - present) | extra
