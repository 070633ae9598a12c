"""Every migration of the database, in one place: the tables of a commune's records and accounts
(set ``ctxh``), and the tables of the data exchange (set ``ctxh_office``, made at communes and
offices alike).

A shipped migration is never edited; a change is a new migration appended to its set.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ctxh_desktop.storage.schema import COMMON_COLUMNS, INDEXES, SYNCED_TABLES, ensure_triggers

migrations = Migrations("ctxh")

#: The synced tables migration 0001 made; a table added later is made by its own migration
#: (:func:`_create_synced_table`), so 0001 stays as shipped.
_FIRST_TABLES = (
    "person",
    "case_file",
    "case_event",
    "consultation",
    "child_profile",
    "child_support",
    "service_provider",
    "referral",
)


def _create_synced_table(db: Database, table: str) -> None:
    """Make a synced table added after 0001, with the common columns and its own."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({COMMON_COLUMNS},{SYNCED_TABLES[table]}\n)")


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    db.execute(
        "CREATE TABLE change_log (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        " tbl TEXT NOT NULL, row_id TEXT NOT NULL)"
    )
    for table in _FIRST_TABLES:
        db.execute(f"CREATE TABLE {table} ({COMMON_COLUMNS},{SYNCED_TABLES[table]}\n)")
    for sql in INDEXES:
        db.execute(sql)
    # Search: one FTS5 index per kind, keyed by the source row's rowid. Text is folded by
    # ctxh_fold (tones removed, đ→d) before FTS5 sees it.
    for name in ("person_fts", "case_fts"):
        db.execute(
            f"CREATE VIRTUAL TABLE {name} USING fts5(body, tokenize='unicode61 remove_diacritics 2',"
            " content='', contentless_delete=1)"
        )


@migrations(name="0002_accounts_audit")
def _accounts_audit(db: Database) -> None:
    db.execute(
        """CREATE TABLE user (
        username TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT,
        last_login_at TEXT)"""
    )
    # Hash-chained: each entry's hash covers the previous entry's hash, so an edited or removed
    # entry breaks the chain from that point on (``ctxh audit verify``).
    db.execute(
        """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        commune TEXT NOT NULL,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT,
        entity_id TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX audit_at ON audit_log(at)")
    db.execute(
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
    )


@migrations(name="0003_separation_decision")
def _separation_decision(db: Database) -> None:
    # The chairman's temporary separation decision (Decree 56/2017/NĐ-CP, Art. 32(2)): a JSON
    # object (number, date, signer, who recorded it), synced with the case.
    db.execute("ALTER TABLE case_file ADD COLUMN separation_decision TEXT")


@migrations(name="0004_event_corrections")
def _event_corrections(db: Database) -> None:
    """A correcting event names the event it corrects (``corrects``, its id) and what changed
    (``correction``, JSON): statutory events are never rewritten."""
    db.execute("ALTER TABLE case_event ADD COLUMN corrects TEXT")
    db.execute("ALTER TABLE case_event ADD COLUMN correction TEXT")


@migrations(name="0005_activities")
def _activities(db: Database) -> None:
    """The register of awareness and communication activities (classes, meetings, broadcasts,
    materials handed out), counted apart from counselling."""
    _create_synced_table(db, "activity")
    db.execute("CREATE INDEX IF NOT EXISTS activity_held ON activity(commune, held_on)")


@migrations(name="0006_workforce")
def _workforce(db: Database) -> None:
    """The people who do the work: staff, their trainings and practising certificates; and a
    provider's kind of ownership, capacity, social-work staff and whether it offers social-work
    services."""
    for table in ("staff", "staff_training", "staff_certificate"):
        _create_synced_table(db, table)
    db.execute("CREATE INDEX IF NOT EXISTS staff_commune ON staff(commune, deleted)")
    db.execute("CREATE INDEX IF NOT EXISTS training_staff ON staff_training(staff_id)")
    db.execute("CREATE INDEX IF NOT EXISTS certificate_staff ON staff_certificate(staff_id)")
    db.execute("ALTER TABLE service_provider ADD COLUMN ownership TEXT")
    db.execute("ALTER TABLE service_provider ADD COLUMN capacity INTEGER")
    db.execute("ALTER TABLE service_provider ADD COLUMN sw_staff INTEGER")
    db.execute("ALTER TABLE service_provider ADD COLUMN offers_sw INTEGER NOT NULL DEFAULT 0")


@migrations(name="0007_attachments")
def _attachments(db: Database) -> None:
    """Scanned decisions, photos and documents of a person or a case (``core.attachments``)."""
    _create_synced_table(db, "attachment")
    db.execute("CREATE INDEX IF NOT EXISTS attachment_person ON attachment(person_id)")
    db.execute("CREATE INDEX IF NOT EXISTS attachment_case ON attachment(case_id)")


@migrations(name="0008_casework_followup")
def _casework_followup(db: Database) -> None:
    """A referral's answer and end (accepted or declined on ``answered_on`` with the provider's
    ``answer``, done on ``done_on``), and a case's services, conferences, safety plan and consents."""
    for column in ("answered_on", "answer", "done_on"):
        db.execute(f"ALTER TABLE referral ADD COLUMN {column} TEXT")
    for table in ("case_service", "case_conference", "safety_plan", "consent"):
        _create_synced_table(db, table)
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_case ON {table}(case_id)")


@migrations(name="0009_transfers")
def _transfers(db: Database) -> None:
    """A case moving to another commune: the transfer itself (``case_transfer``, with the case's
    rows) and, on the case, the pointer to the other commune and the transfer."""
    _create_synced_table(db, "case_transfer")
    db.execute("CREATE INDEX IF NOT EXISTS transfer_to ON case_transfer(to_commune, deleted)")
    for column in ("transfer_id", "transferred_to", "transferred_from", "transferred_at"):
        db.execute(f"ALTER TABLE case_file ADD COLUMN {column} TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS case_transfer_id ON case_file(transfer_id)")


office_migrations = Migrations("ctxh_office")


@office_migrations(name="0001_exchange")
def _exchange(db: Database) -> None:
    db.execute(
        """CREATE TABLE office (
        fingerprint TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL,
        unit_name TEXT NOT NULL,
        due_day INTEGER NOT NULL DEFAULT 5,
        protected_key BLOB NOT NULL,
        config BLOB NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL)"""
    )
    db.execute("CREATE TABLE expected_commune (commune TEXT PRIMARY KEY, name TEXT)")
    db.execute(
        """CREATE TABLE device (
        device_id TEXT PRIMARY KEY,
        commune TEXT NOT NULL,
        name TEXT,
        signing_public_key TEXT NOT NULL,
        recipient TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        enrolled_at TEXT NOT NULL,
        enrolment BLOB)"""
    )
    db.execute("CREATE INDEX device_commune ON device(commune)")
    db.execute(
        """CREATE TABLE bundle_received (
        file_sha256 TEXT PRIMARY KEY,
        header_sha256 TEXT,
        commune TEXT,
        device_id TEXT,
        kind TEXT,
        epoch INTEGER,
        seq_lo INTEGER,
        seq_hi INTEGER,
        created_at TEXT,
        imported_at TEXT NOT NULL,
        rows INTEGER NOT NULL DEFAULT 0,
        inserted INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        archived_path TEXT,
        file_name TEXT)"""
    )
    db.execute("CREATE INDEX bundle_header ON bundle_received(header_sha256)")
    db.execute("CREATE INDEX bundle_device ON bundle_received(device_id, epoch, seq_lo)")
    db.execute(
        """CREATE TABLE coverage (
        commune TEXT NOT NULL,
        month TEXT NOT NULL,
        last_received_at TEXT NOT NULL,
        PRIMARY KEY (commune, month))"""
    )
    db.execute(
        """CREATE TABLE conflict (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        commune TEXT,
        local_version TEXT NOT NULL,
        incoming_version TEXT NOT NULL,
        local_row TEXT,
        incoming_row TEXT,
        bundle_sha256 TEXT,
        detected_at TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0)"""
    )
    db.execute(
        """CREATE TABLE trusted_office (
        fingerprint TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL,
        unit_name TEXT NOT NULL,
        config BLOB NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        installed_at TEXT NOT NULL)"""
    )
    db.execute("CREATE TABLE device_secret (name TEXT PRIMARY KEY, secret BLOB NOT NULL)")


@office_migrations(name="0002_forwarded_aggregate")
def _forwarded_aggregate(db: Database) -> None:
    # Figures a lower office forwarded: one row per (sender unit, commune, month, indicator key).
    # ``created_at`` is when the sender made the file: an older file never overwrites a newer one.
    db.execute(
        """CREATE TABLE forwarded_aggregate (
        sender TEXT NOT NULL,
        commune TEXT NOT NULL,
        month TEXT NOT NULL,
        key TEXT NOT NULL,
        value INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        bundle_sha256 TEXT,
        PRIMARY KEY (sender, commune, month, key))"""
    )
    db.execute("CREATE INDEX forwarded_month ON forwarded_aggregate(month, commune)")
    # People with the same ID number in two communes (services.office.cross_commune_duplicates).
    db.execute("CREATE INDEX IF NOT EXISTS person_id_number ON person(id_number, commune)")


@office_migrations(name="0003_received_audit")
def _received_audit(db: Database) -> None:
    # The audit entries a commune sent (who changed what, when): kept as received, chain included.
    db.execute(
        """CREATE TABLE received_audit (
        id TEXT PRIMARY KEY,
        commune TEXT NOT NULL,
        origin_seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT,
        entity_id TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX received_audit_commune ON received_audit(commune, origin_seq)")


@office_migrations(name="0004_targets")
def _targets(db: Database) -> None:
    # The office's plan targets (``services.targets``): an indicator key of the indicator table,
    # the year, a value (``kind`` "value") or a rise in percent over a base year ("increase"),
    # for the whole unit or for each commune (``scope``). Kept at the office only, never sent.
    db.execute(
        """CREATE TABLE plan_target (
        id TEXT PRIMARY KEY,
        indicator TEXT NOT NULL,
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        value REAL NOT NULL,
        base_year INTEGER,
        scope TEXT NOT NULL DEFAULT 'unit',
        note TEXT,
        source TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX plan_target_year ON plan_target(year, indicator)")


MIGRATIONS = (migrations, office_migrations)


def migrate(db: Database) -> None:
    """Apply pending migrations, then make sure every trigger exists."""
    for migration_set in MIGRATIONS:
        migration_set.apply(db)
    ensure_triggers(db)


def pending_migrations(db: Database) -> list[str]:
    """Names of migrations not yet applied (used to decide on a pre-migration backup)."""
    return [m.name for s in MIGRATIONS for m in s.pending(db)]
