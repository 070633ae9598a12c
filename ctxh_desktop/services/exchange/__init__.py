"""Data exchange: commune export, office set-up, trust and enrolment, import, receipts, restore.

One module per job; this package gathers their public names, so callers write
``exchange.export(...)`` or ``exchange.import_files(...)``.

Commune side
    :mod:`.trust` installs the office's signed config after the person typed its fingerprint and
    writes this device's enrolment file; :mod:`.export` writes a delta (rows changed since the
    last export) or a full snapshot, signed by the device key and encrypted to the office (and
    escrow) recipients, after :mod:`.privacy` trimmed what may leave the commune.

Office side
    :mod:`.office_setup` makes the office database, its keys (passphrase-protected, test-decrypted
    at once) and its config file; :mod:`.enrolment` registers and revokes the devices that send
    files; :mod:`.imports` imports bundles; :mod:`.receipts` tells a commune what the office holds;
    :mod:`.restore` sends a commune's rows back to it; :mod:`.purge` takes back what a revoked
    device sent.

Import rules: a file is identified by its SHA-256 (and its header's), so importing it again changes
nothing. A file that is refused or quarantined **never changes the database**: quarantined files
(unknown device, newer app version) are copied into ``<db>_received/quarantine/`` with a small note
beside them, to be imported again once the device is enrolled or the app updated. An accepted
file is copied into ``<db>_received/<YYYY-MM>/`` and merged in one transaction.
"""

from ctxh_desktop.services.exchange.common import (
    FINGERPRINT_LENGTH,
    check_fingerprint,
    current_time,
    file_fingerprint,
    office_device_id,
    read_bounded,
    require_commune,
    require_office,
    save_file,
    signed_limit,
)
from ctxh_desktop.services.exchange.enrolment import (
    Replacement,
    enrol_device,
    lower_offices_allowed,
    revoke_device,
    save_enrolled_device,
    set_lower_offices,
)
from ctxh_desktop.services.exchange.export import ExportResult, export, snapshot_suggested
from ctxh_desktop.services.exchange.forwarded import AGGREGATE_TABLE, belongs_to
from ctxh_desktop.services.exchange.imports import (
    IMPORTABLE_KINDS,
    MAX_COVERAGE_MONTHS,
    ImportResult,
    backup_before_changes,
    coverage_months,
    device_lookup,
    gaps,
    import_file,
    import_files,
    received_audit,
    received_folder,
    record_accepted,
)
from ctxh_desktop.services.exchange.office_setup import (
    CONFIG_EXTENSION,
    OfficeCreated,
    check_unit,
    config_file_name,
    create_office,
    office_config,
    recover_office_key,
    require_office_clerk,
    rotate_office_keys,
    save_office_config,
    unlock_office,
    write_age_identity,
)
from ctxh_desktop.services.exchange.privacy import (
    IDENTIFYING_COLUMNS,
    SHARE_IDENTIFYING,
    SHARE_SENSITIVE,
    privacy_columns,
    privacy_filter,
    staff_trimmed,
)
from ctxh_desktop.services.exchange.purge import purge_device, purge_plan, revoked_devices
from ctxh_desktop.services.exchange.receipts import (
    make_receipt,
    read_receipt,
    receipt_devices,
    write_receipt,
)
from ctxh_desktop.services.exchange.restore import apply_restore, make_restore_bundle
from ctxh_desktop.services.exchange.trust import (
    DEVICE_KEY,
    describe_config,
    device_keys,
    install_trusted_config,
    trust_office,
    trusted_config,
    write_enrolment,
)

__all__ = [
    "AGGREGATE_TABLE",
    "CONFIG_EXTENSION",
    "DEVICE_KEY",
    "FINGERPRINT_LENGTH",
    "IDENTIFYING_COLUMNS",
    "IMPORTABLE_KINDS",
    "MAX_COVERAGE_MONTHS",
    "SHARE_IDENTIFYING",
    "SHARE_SENSITIVE",
    "ExportResult",
    "ImportResult",
    "OfficeCreated",
    "Replacement",
    "apply_restore",
    "backup_before_changes",
    "belongs_to",
    "check_fingerprint",
    "check_unit",
    "config_file_name",
    "coverage_months",
    "create_office",
    "current_time",
    "describe_config",
    "device_keys",
    "device_lookup",
    "enrol_device",
    "export",
    "file_fingerprint",
    "gaps",
    "import_file",
    "import_files",
    "install_trusted_config",
    "lower_offices_allowed",
    "make_receipt",
    "make_restore_bundle",
    "office_config",
    "office_device_id",
    "privacy_columns",
    "privacy_filter",
    "purge_device",
    "purge_plan",
    "read_bounded",
    "read_receipt",
    "receipt_devices",
    "received_audit",
    "received_folder",
    "record_accepted",
    "recover_office_key",
    "require_commune",
    "require_office",
    "require_office_clerk",
    "revoke_device",
    "revoked_devices",
    "rotate_office_keys",
    "save_enrolled_device",
    "save_file",
    "save_office_config",
    "set_lower_offices",
    "signed_limit",
    "snapshot_suggested",
    "staff_trimmed",
    "trust_office",
    "trusted_config",
    "unlock_office",
    "write_age_identity",
    "write_enrolment",
    "write_receipt",
]
