"""Data exchange: commune export, office set-up, trust and enrolment, import, receipts, restore.

Commune side
    :func:`trust_office` installs the office's signed config after the person typed the start of
    its fingerprint; :func:`write_enrolment` writes this device's enrolment file; :func:`export`
    writes a delta (rows changed since the last export) or a full snapshot, signed by the device
    key and encrypted to the office (and escrow) recipients.

Office side
    :func:`create_office` makes the office database, its keys (passphrase-protected, test-decrypted
    at once) and its config file (:func:`save_office_config` writes it again, named by
    :func:`config_file_name`); :func:`enrol_device` registers a commune device;
    :func:`import_files` imports bundles.

What leaves the commune (privacy by default). Unless the settings allow more:

* ``share_sensitive`` ≠ ``"1"``: the ``narrative`` of a case event marked sensitive is removed;
* ``share_identifying`` ≠ ``"1"``: for a person without ``consent_share``, the name is reduced to
  initials (``"Nguyễn Văn Đức"`` → ``"N.V.Đ."``) and ``id_number``, ``phone``, ``address_detail``,
  ``old_address``, ``guardian_name``, ``guardian_phone`` and ``notes`` are removed. Initials keep the
  office's lists readable and let a clerk tell records apart when talking to the commune, while no
  longer naming the person; birth date, gender, ethnicity, groups and categories stay, because the
  indicators need them.

Import rules: a file is identified by its SHA-256 (and its header's), so importing it again changes
nothing. A file that is refused or quarantined **never changes the database**: quarantined files
(unknown device, newer app version) are copied into ``<db>_received/quarantine/`` with a small note
beside them, to be imported again once the device is enrolled or the app updated. An accepted
file is copied into ``<db>_received/<YYYY-MM>/`` and merged in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctxh_desktop.core import codes, passphrases
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import fold, initials
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import access, backups
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import keyfile, row_merge
from ctxh_desktop.storage import received_audit as db_audit
from ctxh_desktop.storage.schema import SCHEMA_VERSION, SYNCED_TABLES
from ctxh_desktop.storage.store import Store
from ctxh_desktop.sync import bundle, config, keys, merge, receipt
from ctxh_desktop.sync.errors import NewerSchema, SyncError, UnknownDevice

DEVICE_KEY = "device_key"
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
IMPORTABLE_KINDS = ("delta", "snapshot", "forward")
MAX_COVERAGE_MONTHS = 36
CONFIG_EXTENSION = ".ctxhcfg"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _read(path: Path | str, limit: int = bundle.DEFAULT_LIMITS.max_file) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > limit:
            raise UserError(_("Tệp quá lớn, không phải tệp dữ liệu đồng bộ hợp lệ."))
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("Không tìm thấy tệp {name}.").format(name=path.name)) from None
    except IsADirectoryError:
        raise UserError(
            _("{name} là một thư mục, không phải tệp.").format(name=path.name)
        ) from None
    except OSError:
        raise UserError(_("Không đọc được tệp {name}.").format(name=path.name)) from None


# -- privacy filter ---------------------------------------------------------------------------------
def privacy_filter(session: Session):
    """A function trimming a row image to what may leave the commune (see the module docstring)."""
    share_sensitive = session.store.setting(SHARE_SENSITIVE) == "1"
    share_identifying = session.store.setting(SHARE_IDENTIFYING) == "1"

    def apply(table: str, row: dict[str, Any]) -> dict[str, Any]:
        if table == "case_event" and row.get("sensitive") and not share_sensitive:
            row = {**row, "narrative": None}
        elif table == "person" and not row.get("consent_share") and not share_identifying:
            row = {
                **row,
                "full_name": initials(row.get("full_name")),
                **dict.fromkeys((c for c in IDENTIFYING_COLUMNS if c in row), None),
            }
        return row

    return apply


def privacy_columns(session: Session) -> dict[str, tuple[str, dict[str, str]]]:
    """:func:`privacy_filter` in SQL, for export: per table, a condition on the stored row and the
    SQL value of each column it replaces where the condition holds (every other row leaves
    exactly as stored). A test checks that both give the same rows."""
    private: dict[str, tuple[str, dict[str, str]]] = {}
    if session.store.setting(SHARE_SENSITIVE) != "1":
        private["case_event"] = ("coalesce(sensitive, 0) != 0", {"narrative": "NULL"})
    if session.store.setting(SHARE_IDENTIFYING) != "1":
        blank = dict.fromkeys(IDENTIFYING_COLUMNS, "NULL")
        private["person"] = (
            "coalesce(consent_share, 0) = 0",
            {"full_name": "ctxh_initials(full_name)", **blank},
        )
    return private


# -- commune side: keys, trust, enrolment ---------------------------------------------------------
def device_keys(session: Session, *, create: bool = True) -> keys.KeyPair | None:
    """This installation's device keys (made on first use, kept inside the encrypted database)."""
    stored = db_exchange.secret(session.store, DEVICE_KEY)
    if stored is not None:
        return keys.KeyPair.from_bytes(stored)
    if not create:
        return None
    pair = keys.generate_device_keys()
    with session.store.atomic():
        db_exchange.set_secret(session.store, DEVICE_KEY, pair.to_bytes())
    return pair


def _require_commune(session: Session) -> None:
    if session.kind != "commune":
        raise UserError(
            _("Việc này chỉ làm trên máy của xã, không làm trên máy của đơn vị tiếp nhận.")
        )


def _require_office(session: Session) -> dict[str, Any]:
    info = db_exchange.office(session.store) if session.kind == "office" else None
    if info is None:
        raise UserError(
            _("Cơ sở dữ liệu này không phải của đơn vị tiếp nhận (dùng lệnh office init).")
        )
    return info


def _check_fingerprint(fingerprint: str, typed: str) -> None:
    if len(keys.normalise_fingerprint(typed)) < keys.MIN_TYPED_PREFIX:
        raise UserError(
            _("Hãy gõ ít nhất {n} ký tự đầu của dấu vân tay.").format(n=keys.MIN_TYPED_PREFIX),
            field="fingerprint",
        )
    if not keys.fingerprint_matches(fingerprint, typed):
        raise UserError(
            _(
                "Dấu vân tay không khớp: tệp này không phải của đơn vị/thiết bị bạn mong đợi."
                " Đừng dùng tệp này; hãy liên hệ người gửi qua kênh khác."
            ),
            field="fingerprint",
        )


def save_file(path: Path | str, data: bytes) -> None:
    """Write a config, enrolment, receipt or recovery file atomically (clear message on failure)."""
    bundle.atomic_write(Path(path), data)


def file_fingerprint(path: Path | str) -> str:
    """The fingerprint of a config or enrolment file (its signature checked first)."""
    return config.fingerprint_of_file(_read(path, signed_limit()))


def signed_limit() -> int:
    """Size cap of config, enrolment and receipt files."""
    from ctxh_desktop.sync.signed import MAX_DOCUMENT

    return MAX_DOCUMENT


def trust_office(session: Session, config_path: Path | str, typed: str | None) -> dict[str, Any]:
    """Install the office's config after checking the typed fingerprint prefix.

    ``typed=None`` accepts a key rotation instead: the new config must be signed by the key of the
    config trusted now (no new fingerprint to check).
    """
    _require_commune(session)
    access.require(session, "export")
    data = _read(config_path, signed_limit())
    if typed is None:
        cfg = config.verify_rotation(trusted_config(session), data)
    else:
        cfg = config.read_config(data)
        _check_fingerprint(cfg["fingerprint"], typed)
    return install_trusted_config(session, cfg, data)


def install_trusted_config(session: Session, cfg: dict[str, Any], data: bytes) -> dict[str, Any]:
    """Keep a verified office config as the one this installation reports to (audited)."""
    with session.store.atomic():
        db_exchange.install_office(
            session.store,
            cfg["fingerprint"],
            cfg["unit_code"],
            cfg["unit_name"],
            data,
            _now().isoformat(),
        )
        access.record(
            session, "trust_office", "office", cfg["unit_code"], {"fingerprint": cfg["fingerprint"]}
        )
    return cfg


def trusted_config(session: Session) -> dict[str, Any]:
    """The installed office config (re-verified), or a clear refusal."""
    row = db_exchange.trusted_office(session.store)
    if row is None:
        raise UserError(
            _("Chưa cài cấu hình của đơn vị tiếp nhận. Hãy dùng lệnh trust với tệp cấu hình.")
        )
    return config.read_config(bytes(row["config"]))


def write_enrolment(session: Session, out: Path | str, name: str | None = None) -> str:
    """Write this device's enrolment file; returns its fingerprint."""
    _require_commune(session)
    access.require(session, "export")
    pair = device_keys(session)
    data = config.make_enrolment(
        pair,
        commune_code=session.commune_code,
        device_id=session.store.device_id,
        name=name or session.commune_name,
    )
    bundle.atomic_write(out, data)
    return pair.fingerprint


# -- commune side: export ---------------------------------------------------------------------------
@dataclass
class ExportResult:
    """A written bundle."""

    path: Path
    header: dict
    rows: int
    file_sha256: str


class _Days:
    """The first and last day that rows streaming by were changed: the bundle's period, known
    once the rows are written."""

    def __init__(self) -> None:
        self.first = self.last = ""

    def see(self, stamp: str | None) -> None:
        day = str(stamp or "")[:10]
        if (not self.first or day < self.first or day > self.last) and _DAY.fullmatch(day):
            self.first = min(self.first or day, day)
            self.last = max(self.last, day)

    def period(self, today: dt.date) -> tuple[str, str]:
        return (self.first, self.last) if self.first else (today.isoformat(), today.isoformat())


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _outgoing_rows(session: Session, after: int, upto: int, full: bool, days: _Days):
    """The synced rows that leave in a bundle, privacy-filtered by SQLite
    (:func:`privacy_columns`), as ``(table, row JSON text)`` pairs."""
    for table, text, day in db_exchange.changed_rows_json(
        session.store, after, upto, full=full, private=privacy_columns(session)
    ):
        days.see(day)
        yield table, text


def _new_epoch(store) -> bool:
    """A restore from backup started a new epoch (and rewound the change log) since the last
    export: the office must get a snapshot, which covers the new epoch's whole change range."""
    watermark = int(store.meta("export_watermark") or 0)
    return db_exchange.last_change_seq(store) < watermark or str(store.epoch) != (
        store.meta("export_epoch") or "0"
    )


def snapshot_suggested(session: Session) -> bool:
    """Whether the next export should be the whole data: nothing was exported from this
    database yet, or a restore started a new epoch (then :func:`export` sends it whole anyway)."""
    store = session.store
    return store.meta("last_bundle_sha256") is None or _new_epoch(store)


def export(
    session: Session, out: Path | str, *, full: bool = False, now: dt.datetime | None = None
) -> ExportResult:
    """Write a delta (rows changed since the last export) or, with ``full``, a snapshot.

    ``out`` is the file to write, or an existing folder (an informative name is chosen inside).
    The export watermark moves only once the file is safely written. The first export after a
    restore from backup (a new epoch) is always a snapshot.
    """
    _require_commune(session)
    access.require(session, "export")
    store = session.store
    cfg = trusted_config(session)
    pair = device_keys(session)
    now = now or _now()
    watermark = int(store.meta("export_watermark") or 0)
    hi = db_exchange.last_change_seq(store)
    full = full or _new_epoch(store)
    # The audit trail travels too, so the office sees who changed what (ids and codes only).
    audit_from = 0 if full else int(store.meta("audit_exported_seq") or 0)
    audit_hi = db_audit.last_audit_seq(store)
    # Rows stream from the database into the compressed payload (a snapshot has a million).
    days = _Days()
    rows = itertools.chain(
        _outgoing_rows(session, watermark, hi, full, days),
        ((db_audit.AUDIT_TABLE, r) for r in db_audit.audit_rows_since(store, audit_from)),
    )
    payload, counts = bundle.encode_rows(rows)
    row_count = sum(counts.values())
    period_from, period_to = days.period(now.date())
    kind = "snapshot" if full else "delta"
    header = {
        "commune": session.commune_code,
        "device_id": store.device_id,
        "kind": kind,
        "schema": SCHEMA_VERSION,
        "epoch": store.epoch,
        "seq_lo": 1 if full else watermark + 1,
        "seq_hi": hi,
        "prev_hash": store.meta("last_bundle_sha256"),
        "created_at": now.isoformat(),
        "period_from": period_from,
        "period_to": period_to,
        "unit_code": cfg["unit_code"],
    }
    out = Path(out)
    if out.is_dir():
        name_ascii = fold(session.commune_name) or session.commune_code
        for prefix in ("xa ", "phuong ", "dac khu "):
            name_ascii = name_ascii.removeprefix(prefix)
        out = out / bundle.informative_name(
            session.commune_code, name_ascii, kind, period_from, period_to, now
        )
    elif not out.parent.is_dir():
        raise UserError(_("Không có thư mục {folder}.").format(folder=str(out.parent)))
    written = bundle.write_payload(out, header, payload, counts, config.all_recipients(cfg), pair)
    with store.atomic():
        store.set_meta("export_watermark", str(hi))
        store.set_meta("audit_exported_seq", str(audit_hi))
        store.set_meta("export_epoch", str(store.epoch))
        store.set_meta("last_bundle_sha256", written.file_sha256)
        access.record(
            session,
            "export",
            "bundle",
            written.file_sha256[:16],
            {
                "kind": kind,
                "seq_lo": header["seq_lo"],
                "seq_hi": hi,
                "rows": row_count,
                "file": written.path.name,
            },
        )
    return ExportResult(written.path, written.header, row_count, written.file_sha256)


# -- office side: creation and enrolment ------------------------------------------------------------
def check_unit(code: str) -> tuple[str, str, list[tuple[str, str]]]:
    """A unit code (2-digit province or 5-digit commune): its code, official name and the
    communes it expects by default."""
    text = (code or "").strip()
    if re.fullmatch(r"\d{1,2}", text) and codes.province_name(text.zfill(2)):
        province = text.zfill(2)
        communes = [(c["code"], c["name"]) for c in codes.communes(province)]
        return province, codes.province_name(province) or "", communes
    if re.fullmatch(r"\d{5}", text) and codes.commune(text):
        info = codes.commune(text)
        return info["code"], info["name"], [(info["code"], info["name"])]
    raise UserError(
        _("Mã đơn vị không hợp lệ: {code} (cần mã tỉnh 2 chữ số hoặc mã xã 5 chữ số).").format(
            code=code
        ),
        field="unit",
    )


@dataclass
class OfficeCreated:
    """A new office: its open session, the database recovery code and the key material to print."""

    session: Session
    recovery_code: str
    fingerprint: str
    config: bytes
    recovery_sheet: str = field(repr=False)


def create_office(
    path: Path | str,
    passphrase: str,
    key_passphrase: str,
    *,
    unit_code: str,
    unit_name: str,
    due_day: int = 5,
    escrow_recipients: list[str] | tuple[str, ...] = (),
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> OfficeCreated:
    """Create a receiving office: database, keys (test-decrypted at once) and signed config."""
    code, _official, communes = check_unit(unit_code)
    name = (unit_name or "").strip()
    if not name:
        raise UserError(_("Hãy nhập tên đơn vị."), field="name")
    if not 1 <= int(due_day) <= 28:
        raise UserError(_("Ngày hạn nộp phải từ 1 đến 28."), field="due_day")
    passphrases.check(passphrase)
    passphrases.check_key_passphrase(key_passphrase, passphrase)
    pair = keys.generate_office_keys()
    protected = pair.protect(key_passphrase, comment=f"{code} {fold(name)}")
    # The key ceremony's check: the protected key opens with the passphrase and decrypts a sample.
    check = keys.KeyPair.unprotect(protected, key_passphrase)
    sample = bundle.seal(
        {
            "commune": code,
            "device_id": "check",
            "kind": "receipt",
            "schema": 0,
            "epoch": 0,
            "seq_lo": 0,
            "seq_hi": 0,
        },
        [],
        [pair.recipient],
        pair,
    )[0]
    bundle.open_bundle(sample, [check], lambda c, d: pair.signing_public, max_schema=0)
    cfg = config.make_config(
        pair,
        unit_code=code,
        unit_name=name,
        due_day=int(due_day),
        expected_communes=[c for c, _n in communes],
        escrow_recipients=list(escrow_recipients),
    )
    store, recovery = Store.create(path, passphrase, commune=code, kind="office", kdf=kdf)
    session = Session(store=store)
    created = _now().isoformat()
    with store.atomic():
        store.set_setting("commune_name", name)
        store.set_setting("unit_name", name)
        db_exchange.add_office(
            store,
            fingerprint=pair.fingerprint,
            unit_code=code,
            unit_name=name,
            due_day=int(due_day),
            protected_key=protected,
            config=cfg,
            at=created,
        )
        db_exchange.set_expected_communes(store, communes)
        access.record(session, "office_init", "office", code, {"fingerprint": pair.fingerprint})
    sheet = keys.recovery_text(pair, code, name, created[:10])
    return OfficeCreated(session, recovery, pair.fingerprint, cfg, sheet)


def rotate_office_keys(
    session: Session, key_passphrase: str, new_key_passphrase: str | None = None
) -> tuple[bytes, str, str]:
    """New office keys; the new config is signed by the old key too, so communes accept it without
    a new fingerprint check. Old keys stay to decrypt files sent before. Returns the new config,
    its fingerprint and the new recovery sheet."""
    info = _require_office(session)
    access.require(session, "office")
    old = unlock_office(session, key_passphrase)[0]
    current = config.read_config(bytes(info["config"]))
    new_pass = new_key_passphrase or key_passphrase
    pair = keys.generate_office_keys()
    protected = pair.protect(new_pass, comment=f"{info['unit_code']} {fold(info['unit_name'])}")
    if keys.KeyPair.unprotect(protected, new_pass).fingerprint != pair.fingerprint:
        raise UserError(_("Mật khẩu khóa không đúng hoặc tệp khóa bị hỏng."))
    cfg = config.make_config(
        pair,
        unit_code=info["unit_code"],
        unit_name=info["unit_name"],
        due_day=info["due_day"],
        expected_communes=current["expected_communes"],
        escrow_recipients=current["escrow_recipients"],
        holidays=current.get("holidays"),
        previous=old,
    )
    created = _now().isoformat()
    with session.store.atomic():
        # Every stored key must open with one passphrase: re-protect the old ones if it changes.
        if new_key_passphrase and new_key_passphrase != key_passphrase:
            for blob in db_exchange.office_keys(session.store):
                k = keys.KeyPair.unprotect(blob, key_passphrase)
                db_exchange.reprotect_office_key(session.store, k.fingerprint, k.protect(new_pass))
        db_exchange.add_office(
            session.store,
            fingerprint=pair.fingerprint,
            unit_code=info["unit_code"],
            unit_name=info["unit_name"],
            due_day=info["due_day"],
            protected_key=protected,
            config=cfg,
            at=created,
        )
        access.record(
            session, "rotate_keys", "office", info["unit_code"], {"fingerprint": pair.fingerprint}
        )
    sheet = keys.recovery_text(pair, info["unit_code"], info["unit_name"], created[:10])
    return cfg, pair.fingerprint, sheet


def office_config(session: Session) -> bytes:
    """The office's current signed config file."""
    return bytes(_require_office(session)["config"])


def config_file_name(unit_code: str, unit_name: str) -> str:
    """The suggested name of the office's config file for the communes, e.g.
    ``cau-hinh_08_so-y-te-tinh-tuyen-quang.ctxhcfg``."""
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold(unit_name)).split()
    parts = ["cau-hinh", unit_code, "-".join(words) or "don-vi"]
    return "_".join(part for part in parts if part) + CONFIG_EXTENSION


def save_office_config(session: Session, path: Path | str) -> str:
    """Write the office's current config file for the communes; returns the fingerprint read back
    from the written file (so what is shown is what the communes will check)."""
    save_file(path, office_config(session))
    return file_fingerprint(path)


def recover_office_key(session: Session, sheet_text: str, new_key_passphrase: str) -> str:
    """The key passphrase was lost: the printed recovery sheet's keys, checked against the office's
    current key, are protected again under a new key passphrase (the passphrase rule applies).
    Returns the key's fingerprint; the event is audited."""
    info = _require_office(session)
    access.require(session, "office")
    passphrases.check(new_key_passphrase, field="key_passphrase")
    pair = keys.keys_from_recovery_text(sheet_text or "")
    if pair.fingerprint != info["fingerprint"]:
        raise UserError(_("Phiếu khôi phục này không phải của khóa hiện tại của đơn vị."))
    protected = pair.protect(new_key_passphrase, comment=f"{info['unit_code']}")
    with session.store.atomic():
        db_exchange.reprotect_office_key(session.store, pair.fingerprint, protected)
        access.record(session, "office_key_recovered", "office", info["unit_code"])
    return pair.fingerprint


def unlock_office(session: Session, key_passphrase: str) -> list[keys.KeyPair]:
    """The office's key pairs (current first), unlocked with the key passphrase."""
    _require_office(session)
    return [
        keys.KeyPair.unprotect(blob, key_passphrase)
        for blob in db_exchange.office_keys(session.store)
    ]


def enrol_device(session: Session, enrolment_path: Path | str, typed: str) -> dict[str, Any]:
    """Register a commune device after checking the typed fingerprint prefix."""
    _require_office(session)
    access.require(session, "office")
    data = _read(enrolment_path, signed_limit())
    info = config.read_enrolment(data)
    _check_fingerprint(info["fingerprint"], typed)
    expected = {c["commune"] for c in db_exchange.expected_communes(session.store)}
    if expected and info["commune_code"] not in expected:
        raise UserError(
            _("Xã {commune} không thuộc danh sách xã của đơn vị này.").format(
                commune=info["commune_code"]
            )
        )
    return save_enrolled_device(session, info, data)


def save_enrolled_device(session: Session, info: dict[str, Any], data: bytes) -> dict[str, Any]:
    """Keep a verified enrolment (a commune's device, or a lower office) and audit it.

    Refused when the device is already enrolled with another key or commune (a key swap), or when
    the key is already enrolled for another device."""
    key = info["fingerprint"]
    for known in db_exchange.devices(session.store):
        same_device = known["device_id"] == info["device_id"]
        if same_device and (
            known["fingerprint"] != key or known["commune"] != info["commune_code"]
        ):
            raise UserError(
                _(
                    "Thiết bị {device} đã đăng ký với khóa hoặc xã khác; không thay khóa được."
                ).format(device=info["device_id"])
            )
        if not same_device and known["fingerprint"] == key:
            raise UserError(
                _("Khóa này đã đăng ký cho thiết bị {device} của xã {commune}.").format(
                    device=known["device_id"], commune=known["commune"]
                )
            )
    with session.store.atomic():
        db_exchange.save_device(session.store, info, data, _now().isoformat())
        access.record(
            session,
            "enrol_device",
            "device",
            info["device_id"],
            {"commune": info["commune_code"], "fingerprint": info["fingerprint"]},
        )
    return info


def revoke_device(session: Session, device_id: str) -> None:
    """Stop accepting a device's files (a lost or stolen laptop)."""
    _require_office(session)
    access.require(session, "office")
    with session.store.atomic():
        if not db_exchange.set_device_status(session.store, device_id, "revoked"):
            raise UserError(_("Không có thiết bị {device}.").format(device=device_id))
        access.record(session, "revoke_device", "device", device_id)


# -- office side: import ----------------------------------------------------------------------------
@dataclass
class ImportResult:
    """The outcome of one file: ``accepted``, ``duplicate``, ``quarantined`` or ``refused``."""

    path: Path
    status: str
    message: str
    commune: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    kept_at: Path | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("accepted", "duplicate")


def received_folder(session: Session) -> Path:
    """Where received files are kept, beside the database."""
    path = session.store.path
    return path.with_name(f"{path.stem}_received")


def _device_lookup(session: Session):
    def lookup(commune: str, device_id: str) -> str | None:
        row = db_exchange.device(session.store, device_id)
        if row is None:
            return None
        if row["commune"] != commune:
            raise SyncError(
                _(
                    "Thiết bị {device} đã đăng ký cho xã {enrolled}, không phải xã {claimed}."
                ).format(device=device_id[:8], enrolled=row["commune"], claimed=commune)
            )
        if row["status"] != "active":
            raise SyncError(
                _("Thiết bị {device} của xã {commune} đã bị thu hồi; tệp bị từ chối.").format(
                    device=device_id[:8], commune=commune
                )
            )
        return row["signing_public_key"]

    return lookup


def _months(first: str, last: str) -> list[str]:
    """The months from ``first`` to ``last`` (the latest ``MAX_COVERAGE_MONTHS`` of them)."""
    try:
        a = dt.date.fromisoformat(first[:10]).replace(day=1)
        b = dt.date.fromisoformat(last[:10]).replace(day=1)
    except (TypeError, ValueError):
        return []
    out: list[str] = []
    while b >= a and len(out) < MAX_COVERAGE_MONTHS:
        out.append(b.strftime("%Y-%m"))
        b = (b - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def _keep(data: bytes, folder: Path, name: str, note: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        bundle.atomic_write(target, data)
    if note is not None:
        bundle.atomic_write(
            target.with_name(target.name + ".json"),
            json.dumps(note, ensure_ascii=False, indent=1).encode("utf-8"),
        )
    return target


def import_file(
    session: Session,
    path: Path | str,
    identities: list[keys.KeyPair],
    before_apply: Callable[[], None] | None = None,
) -> ImportResult:
    """Import one bundle (see the module docstring for the rules). ``before_apply`` runs just
    before the first change to the database (the import run's backup)."""
    path = Path(path)
    try:
        data = _read(path)
    except UserError as exc:
        return ImportResult(path, "refused", str(exc))
    store = session.store
    file_sha = hashlib.sha256(data).hexdigest()
    kept_name = path.name if path.name.startswith(file_sha[:12]) else f"{file_sha[:12]}_{path.name}"
    if db_exchange.received(store, file_sha):
        return ImportResult(
            path, "duplicate", _("Tệp này đã được nhập trước đây; không có gì thay đổi.")
        )
    try:
        opened = bundle.open_bundle(
            data, identities, _device_lookup(session), max_schema=SCHEMA_VERSION
        )
    except (UnknownDevice, NewerSchema) as exc:
        header = exc.header
        note = {
            "file": path.name,
            "sha256": file_sha,
            "reason": "unknown_device" if isinstance(exc, UnknownDevice) else "newer_schema",
            "commune": header.get("commune"),
            "device_id": header.get("device_id"),
            "received_at": _now().isoformat(),
        }
        try:
            kept = _keep(data, received_folder(session) / "quarantine", kept_name, note)
        except SyncError:
            kept = None
        return ImportResult(path, "quarantined", str(exc), header.get("commune"), kept_at=kept)
    except SyncError as exc:
        return ImportResult(path, "refused", str(exc))
    header = opened.header
    if db_exchange.received(store, file_sha, opened.header_sha256):
        return ImportResult(
            path,
            "duplicate",
            _("Tệp này đã được nhập trước đây; không có gì thay đổi."),
            header["commune"],
        )
    if header["kind"] not in IMPORTABLE_KINDS:
        return ImportResult(
            path, "refused", _("Tệp này không phải tệp báo cáo của xã gửi lên; không nhập được.")
        )
    try:
        # Every row is checked before anything is kept or written: a refused file leaves the
        # office byte-identical (no copy, backup or audit entry).
        audit = db_audit.AuditSink(header["commune"])
        row_merge.check_rows(store, header["commune"], _without_audit(opened.rows(), audit))
    except (UserError, SyncError) as exc:
        return ImportResult(path, "refused", str(exc), header["commune"])
    now = _now().isoformat()
    month_folder = received_folder(session) / now[:7]
    existed = (month_folder / kept_name).exists()
    try:
        kept = _keep(data, month_folder, kept_name)
    except SyncError as exc:
        return ImportResult(path, "refused", str(exc))
    if before_apply is not None:
        before_apply()
    audit_rows = db_audit.AuditSink(header["commune"], store)
    try:
        with row_merge.import_transaction(store):
            counts = row_merge.apply_rows(
                store,
                header["commune"],
                _without_audit(opened.rows(), audit_rows),
                decide=merge.incoming_wins,
                content_hash=merge.content_hash,
                bundle_sha256=file_sha,
                at=now,
            )
            record_accepted(
                store, path, file_sha, opened, counts, kept, now, commune=header["commune"]
            )
            audit_rows.flush()
            period = (str(header.get("period_from") or ""), str(header.get("period_to") or ""))
            db_exchange.record_coverage(store, header["commune"], _months(*period), now)
            access.record(
                session,
                "import",
                "bundle",
                file_sha[:16],
                {"commune": header["commune"], "kind": header["kind"], **counts},
            )
    except UserError as exc:
        if not existed:
            kept.unlink(missing_ok=True)
        return ImportResult(path, "refused", str(exc), header["commune"])
    message = ngettext(
        "Đã nhập {rows} dòng của xã {commune}: {inserted} mới, {updated} cập nhật, {conflicts} xung đột.",
        "Đã nhập {rows} dòng của xã {commune}: {inserted} mới, {updated} cập nhật, {conflicts} xung đột.",
        counts["rows"],
    ).format(commune=header["commune"], **counts)
    return ImportResult(path, "accepted", message, header["commune"], counts, kept)


def record_accepted(
    store, path: Path, file_sha: str, opened, counts: dict[str, int], kept: Path, now: str, **fields
) -> None:
    """Record an accepted file in ``bundle_received`` (``fields`` override the header's)."""
    header = opened.header
    db_exchange.record_bundle(
        store,
        {
            "file_sha256": file_sha,
            "header_sha256": opened.header_sha256,
            "commune": header["commune"],
            "device_id": header["device_id"],
            "kind": header["kind"],
            "epoch": header["epoch"],
            "seq_lo": header["seq_lo"],
            "seq_hi": header["seq_hi"],
            "created_at": str(header.get("created_at") or "")[:19],
            "imported_at": now,
            "rows": counts["rows"],
            "inserted": counts["inserted"],
            "updated": counts["updated"],
            "conflicts": counts["conflicts"],
            "status": "accepted",
            "archived_path": str(kept),
            "file_name": path.name,
            **fields,
        },
    )


def _without_audit(rows, audit_rows):
    """The synced rows of a bundle; its audit entries are set aside in ``audit_rows``."""
    for table, row in rows:
        if table == db_audit.AUDIT_TABLE:
            audit_rows.append(row)
        else:
            yield table, row


def received_audit(
    session: Session, commune: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """What the communes' users did, as their bundles reported it (newest first)."""
    _require_office(session)
    access.require(session, "office")
    return db_audit.received_audit(session.store, commune, limit)


def import_files(
    session: Session, paths: list[Path | str], key_passphrase: str
) -> list[ImportResult]:
    """Import several bundles, each on its own (one bad file does not block the others)."""
    _require_office(session)
    access.require(session, "import")
    identities = unlock_office(session, key_passphrase)
    backup_once = backup_before_changes(session)
    return [import_file(session, p, identities, backup_once) for p in paths]


def backup_before_changes(session: Session) -> Callable[[], None]:
    """A function that makes one encrypted backup the first time it is called: an import run
    backs up once, and only when a file is about to change the database, so refused and duplicate
    files leave it byte-identical."""
    made: list[Path] = []

    def backup_once() -> None:
        if not made:
            made.append(backups.backup_now(session, reason="import"))

    return backup_once


def gaps(session: Session) -> list[dict[str, Any]]:
    """Holes in the change ranges received per device (ask the commune to resend or snapshot)."""
    out = []
    for device in db_exchange.devices(session.store):
        epoch = session.store.scalar(
            "SELECT max(epoch) FROM bundle_received WHERE device_id = ? AND status = 'accepted'",
            [device["device_id"]],
        )
        if epoch is None:
            continue
        ranges = db_exchange.covered_ranges(session.store, device["device_id"], epoch)
        hi = ranges[-1][1] if ranges else 0
        missing = receipt.unacknowledged([list(r) for r in ranges], hi)
        if missing:
            out.append(
                {
                    "commune": device["commune"],
                    "device_id": device["device_id"],
                    "epoch": epoch,
                    "missing": missing,
                }
            )
    return out


# -- receipts -----------------------------------------------------------------------------------------
def make_receipt(session: Session, device_id: str, key_passphrase: str) -> bytes:
    """A receipt for a commune device: what the office holds for its commune, signed."""
    info = _require_office(session)
    access.require(session, "office")
    device = db_exchange.device(session.store, device_id)
    if device is None:
        raise UserError(_("Không có thiết bị {device}.").format(device=device_id))
    pair = unlock_office(session, key_passphrase)[0]
    epoch = session.store.scalar(
        "SELECT coalesce(max(epoch), 0) FROM bundle_received WHERE device_id = ?", [device_id]
    )
    return receipt.make_receipt(
        pair,
        unit_code=info["unit_code"],
        commune=device["commune"],
        device_id=device_id,
        tables=db_exchange.holdings(session.store, device["commune"]),
        covered=db_exchange.covered_ranges(session.store, device_id, int(epoch or 0)),
        epoch=int(epoch or 0),
    )


def receipt_devices(session: Session) -> list[dict[str, Any]]:
    """The enrolled devices a receipt can be written for, the device of the last import first:
    ``[{"device_id", "commune", "commune_name", "name", "last_import"}]``."""
    _require_office(session)
    last = db_exchange.last_import_device(session.store)
    out = []
    for device in db_exchange.devices(session.store):
        info = codes.commune(device["commune"]) or {}
        out.append(
            {
                "device_id": device["device_id"],
                "commune": device["commune"],
                "commune_name": info.get("name") or device["commune"],
                "name": device.get("name") or "",
                "last_import": device["device_id"] == last,
            }
        )
    out.sort(key=lambda d: not d["last_import"])
    return out


def write_receipt(session: Session, device_id: str, key_passphrase: str, out: Path | str) -> Path:
    """Write the signed receipt for a commune device (:func:`make_receipt`) to the file ``out``,
    or into the folder ``out`` as ``bien-nhan-<commune>-<device>.ctxhrcpt``; returns the file."""
    data = make_receipt(session, device_id, key_passphrase)
    target = Path(out)
    if target.is_dir():
        commune = db_exchange.device(session.store, device_id)["commune"]
        target = target / f"bien-nhan-{commune}-{device_id[:8]}.ctxhrcpt"
    save_file(target, data)
    return target


def read_receipt(session: Session, path: Path | str) -> dict[str, Any]:
    """Check a receipt from the trusted office; adds ``unacknowledged`` change ranges."""
    _require_commune(session)
    cfg = trusted_config(session)
    got = receipt.read_receipt(_read(path, signed_limit()), cfg["signing_public_key"])
    if got["device_id"] != session.store.device_id:
        raise UserError(_("Biên nhận này dành cho thiết bị khác."))
    exported = int(session.store.meta("export_watermark") or 0)
    got["unacknowledged"] = receipt.unacknowledged(got["covered"], exported)
    return got


# -- restore: the office sends its copy back to a commune ----------------------------------------
def office_device_id(unit_code: str) -> str:
    """The sender id an office uses in the bundles it makes (restore, forward)."""
    return f"office-{unit_code}"


def make_restore_bundle(
    session: Session, device_id: str, out: Path | str, key_passphrase: str
) -> ExportResult:
    """Everything the office holds for a device's commune, signed by the office and encrypted to
    that device, so a commune that lost data gets back what the office had."""
    info = _require_office(session)
    access.require(session, "office")
    device = db_exchange.device(session.store, device_id)
    if device is None:
        raise UserError(_("Không có thiết bị {device}.").format(device=device_id))
    pair = unlock_office(session, key_passphrase)[0]
    rows = list(db_exchange.commune_rows(session.store, device["commune"]))
    now = _now()
    header = {
        "commune": device["commune"],
        "device_id": office_device_id(info["unit_code"]),
        "kind": "restore",
        "schema": SCHEMA_VERSION,
        "epoch": 0,
        "seq_lo": 0,
        "seq_hi": 0,
        "created_at": now.isoformat(),
        "target_device": device_id,
        "unit_code": info["unit_code"],
    }
    out = Path(out)
    if out.is_dir():
        out = out / bundle.informative_name(
            device["commune"], info["unit_code"], "restore", None, None, now
        )
    written = bundle.write_bundle(out, header, rows, [device["recipient"]], pair)
    with session.store.atomic():
        access.record(session, "restore_bundle", "device", device_id, {"rows": len(rows)})
    return ExportResult(written.path, written.header, len(rows), written.file_sha256)


def apply_restore(session: Session, path: Path | str) -> dict[str, int]:
    """Take back the office's copy of this commune's rows (newer versions win, as on import).

    Columns the commune never sent (initials instead of names, removed identifying fields and
    sensitive narratives) keep the commune's own values where it still has them.
    """
    _require_commune(session)
    access.require(session, "edit")
    cfg = trusted_config(session)
    pair = device_keys(session, create=False)
    if pair is None:
        raise UserError(_("Máy này chưa có khóa thiết bị; không có tệp khôi phục nào dành cho nó."))
    office_id = office_device_id(cfg["unit_code"])

    def lookup(commune: str, device_id: str) -> str | None:
        ok = commune == session.commune_code and device_id == office_id
        return cfg["signing_public_key"] if ok else None

    opened = bundle.open_bundle(_read(path), [pair], lookup, max_schema=SCHEMA_VERSION)
    if opened.kind != "restore" or opened.header.get("target_device") != session.store.device_id:
        raise UserError(_("Tệp này không phải tệp khôi phục dành cho máy này."))
    store = session.store
    keep = privacy_filter(session)

    def merged_rows():
        for table, row in opened.rows():
            local = (
                store.rows(f"SELECT * FROM {table} WHERE id = ?", [row.get("id")])
                if table in SYNCED_TABLES
                else []  # apply_rows refuses the file
            )
            if local and keep(table, local[0]) == row:
                row = local[0]  # the office's copy is exactly what we sent: keep ours
            elif local:
                sent = keep(table, local[0])
                for column, value in local[0].items():
                    if column in row and row[column] != value and sent.get(column) == row[column]:
                        row[column] = value
            yield table, row

    with row_merge.import_transaction(store):
        counts = row_merge.apply_rows(
            store,
            session.commune_code,
            merged_rows(),
            decide=merge.incoming_wins,
            content_hash=merge.content_hash,
            bundle_sha256=opened.file_sha256,
            at=_now().isoformat(),
        )
        access.record(session, "apply_restore", "bundle", opened.file_sha256[:16], counts)
    return counts


def describe_config(path: Path | str) -> dict[str, Any]:
    """The unit named in an office config file (its signature checked); nothing is installed."""
    file = Path(path)
    try:
        if file.stat().st_size > signed_limit():
            raise UserError(_("Tệp quá lớn, không phải tệp cấu hình hợp lệ."))
        data = file.read_bytes()
    except OSError:
        raise UserError(_("Không đọc được tệp {name}.").format(name=file.name)) from None
    cfg = config.read_config(data)
    return {"unit_code": cfg["unit_code"], "unit_name": cfg["unit_name"]}
