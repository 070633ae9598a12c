"""Upward forwarding: a receiving office sends its consolidated data to a higher office.

The file is an ordinary bundle (``sync.bundle``) of kind ``forward``: the sender is the office,
identified by its unit code (``header.commune``) and the device id ``office-<unit>``, signed with the
office's own signing key and encrypted to the higher office's recipients (plus its escrow keys).

Set-up, the same steps as between a commune and its office:

* the lower office installs the higher office's signed config after typing the start of its
  fingerprint (:func:`trust_higher_office`, ``ctxh office trust``);
* it writes an enrolment file for its own key (:func:`write_office_enrolment`,
  ``ctxh office enrolment``), which the higher office enrols with the usual fingerprint typing
  (:func:`enrol`, ``ctxh office enrol``). An office enrolment is not checked against the expected
  communes: the typed fingerprint is the trust. After a key rotation the lower office enrols again.

Two modes:

``aggregates`` (default)
    Per commune and per month, the additive indicator counts of ``core.indicators`` (exactly the
    figures of ``ctxh stats --month`` for that commune) as rows of table ``forwarded_aggregate``
    ``{"commune", "month", "key", "value"}``. The higher office keeps them per (sender, commune,
    month, key); a later file replaces a month as a whole, an earlier one changes nothing.
``records``
    The synced rows, with identifying fields removed unless the person's ``consent_share`` is set
    **and** the office setting ``forward_identifying`` is ``"1"``: the name becomes initials and the
    ID number, phone, address, old address, guardian and notes are removed; sensitive narratives
    of case events and children's notes are always removed. The higher office merges them like a
    commune's rows (``(epoch, rev)``), keeping each row's origin commune.

A forwarded commune must belong to the sender (a province's communes, or the commune of a
commune-level office); anything else refuses the whole file.

Figures over a period at the higher office (:func:`forwarded_counts`): counts of events (new
cases, consultations, supports…) are summed over the months; counts of a state at the end of a
month (people, open cases, children on the register…) take the latest month of the period; the
two "distinct children supported" counts take the largest monthly value (a lower bound: a child
supported in several months cannot be told apart in monthly totals). They are added to
``ctxh stats`` for communes the higher office holds no rows of its own for (so a commune that
sends to both offices is never counted twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctxh_desktop.core import codes, indicators
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import Period, make_period
from ctxh_desktop.core.text import initials
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import access, exchange, stats
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import queries, row_merge
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.sync import bundle, config, keys, merge
from ctxh_desktop.sync.errors import SyncError, UnknownDevice

FORWARD_IDENTIFYING = "forward_identifying"
AGGREGATE_TABLE = "forwarded_aggregate"
MODES = ("aggregates", "records")
#: A state at the end of the month: the period's figure is the latest month's.
STOCK_KEYS = frozenset({"people", "cases_open", "children", "children_target"})
STOCK_PREFIXES = ("cases_open_by_kind.", "cases_by_step.", "children_by_group.")
#: Distinct children in the period: the period's figure is the largest month's (a lower bound).
DISTINCT_KEYS = frozenset({"children_supported", "children_target_supported"})


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _require_office(session: Session) -> dict[str, Any]:
    info = db_exchange.office(session.store) if session.kind == "office" else None
    if info is None:
        raise UserError(
            _("Cơ sở dữ liệu này không phải của đơn vị tiếp nhận (dùng lệnh office init).")
        )
    return info


def _read(path: Path | str, limit: int) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > limit:
            raise UserError(_("Tệp quá lớn, không phải tệp dữ liệu đồng bộ hợp lệ."))
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("Không tìm thấy tệp {name}.").format(name=path.name)) from None
    except OSError:
        raise UserError(_("Không đọc được tệp {name}.").format(name=path.name)) from None


def belongs_to(unit: str, commune: str) -> bool:
    """Whether a commune is within a unit (a 2-digit province, or that 5-digit commune itself)."""
    if len(unit) == 5:
        return commune == unit
    info = codes.commune(commune)
    return bool(info) and info["code"] == commune and info["province_code"] == unit


# -- trust and enrolment ----------------------------------------------------------------------------
def trust_higher_office(
    session: Session, config_path: Path | str, typed: str | None
) -> dict[str, Any]:
    """The office installs the config of the office it forwards to (``typed=None``: a key
    rotation signed by the config trusted now)."""
    info = _require_office(session)
    access.require(session, "office")
    data = _read(config_path, exchange.signed_limit())
    if typed is None:
        cfg = config.verify_rotation(higher_office(session), data)
    else:
        cfg = config.read_config(data)
        exchange._check_fingerprint(cfg["fingerprint"], typed)
    if cfg["fingerprint"] == info["fingerprint"]:
        raise UserError(
            _("Đây là tệp cấu hình của chính đơn vị này, không phải của đơn vị cấp trên.")
        )
    return exchange.install_trusted_config(session, cfg, data)


def higher_office(session: Session) -> dict[str, Any]:
    """The installed config of the higher office (re-verified), or a clear refusal."""
    row = db_exchange.trusted_office(session.store)
    if row is None:
        raise UserError(
            _(
                "Chưa cài cấu hình của đơn vị cấp trên. Hãy dùng lệnh office trust với tệp cấu"
                " hình của đơn vị đó."
            )
        )
    return config.read_config(bytes(row["config"]))


def _sender_keys(session: Session, key_passphrase: str) -> keys.KeyPair:
    # The office's current key, in the device role: its enrolment fingerprint is then computed
    # the same way as a commune device's.
    pair = exchange.unlock_office(session, key_passphrase)[0]
    return keys.KeyPair(pair.identity, pair.signing_key, "device")


def write_office_enrolment(session: Session, out: Path | str, key_passphrase: str) -> str:
    """Write the enrolment file the higher office enrols this office with; returns its
    fingerprint (to be typed at the higher office)."""
    info = _require_office(session)
    access.require(session, "office")
    pair = _sender_keys(session, key_passphrase)
    data = config.make_enrolment(
        pair,
        commune_code=info["unit_code"],
        device_id=exchange.office_device_id(info["unit_code"]),
        name=info["unit_name"],
    )
    bundle.atomic_write(Path(out), data)
    return pair.fingerprint


def enrol(session: Session, enrolment_path: Path | str, typed: str) -> dict[str, Any]:
    """Enrol a commune device, or a lower office (its enrolment names ``office-<unit>``)."""
    _require_office(session)
    access.require(session, "office")
    data = _read(enrolment_path, exchange.signed_limit())
    info = config.read_enrolment(data)
    if info["device_id"] != exchange.office_device_id(info["commune_code"]):
        return exchange.enrol_device(session, enrolment_path, typed)
    exchange._check_fingerprint(info["fingerprint"], typed)
    return exchange.save_enrolled_device(session, info, data)


# -- export -----------------------------------------------------------------------------------------
def _month_list(first: str, last: str) -> list[str]:
    out, a = [], dt.date.fromisoformat(first + "-01")
    while a.strftime("%Y-%m") <= last:
        out.append(a.strftime("%Y-%m"))
        a = (a + dt.timedelta(days=32)).replace(day=1)
    return out


def default_months(today: dt.date | None = None) -> tuple[str, str]:
    """January to the last complete month (of the previous month's year): year to date."""
    today = today or dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    return f"{last.year:04d}-01", last.strftime("%Y-%m")


def aggregate_rows(session: Session, first: str, last: str) -> list[tuple[str, dict[str, Any]]]:
    """Per commune held and per month, the non-zero indicator counts (as bundle rows)."""
    months = _month_list(first, last)
    periods = [make_period(m) for m in months]
    calendar = stats.working_calendar(session)
    rows = []
    for commune in queries.communes_in(session.store):
        # The rows up to the last month's end serve every month: the indicators filter by date.
        data = indicators.IndicatorData(
            **queries.indicator_rows(session.store, periods[-1].end, commune)
        )
        for month, period in zip(months, periods, strict=True):
            counts = indicators.compute_counts(data, period, calendar)
            for key, value in counts.items():
                if value:
                    row = {"commune": commune, "month": month, "key": key, "value": int(value)}
                    rows.append((AGGREGATE_TABLE, row))
    return rows


def forward_filter(session: Session) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """A function trimming a row to what may go up (see the module docstring)."""
    allow = session.store.setting(FORWARD_IDENTIFYING) == "1"

    def apply(table: str, row: dict[str, Any]) -> dict[str, Any]:
        if table == "person" and not (allow and row.get("consent_share")):
            return {
                **row,
                "full_name": initials(row.get("full_name")),
                **dict.fromkeys((c for c in exchange.IDENTIFYING_COLUMNS if c in row), None),
            }
        if table == "case_event" and row.get("sensitive"):
            return {**row, "narrative": None}
        if table == "child_profile":
            return {**row, "notes": None}
        return row

    return apply


def record_rows(session: Session) -> list[tuple[str, dict[str, Any]]]:
    """Every synced row the office holds, trimmed by :func:`forward_filter`."""
    keep = forward_filter(session)
    rows = []
    for commune in queries.communes_in(session.store):
        rows += [(t, keep(t, r)) for t, r in db_exchange.commune_rows(session.store, commune)]
    return rows


def forward(
    session: Session,
    out: Path | str,
    key_passphrase: str,
    *,
    month_from: str | None = None,
    month_to: str | None = None,
    records: bool = False,
    now: dt.datetime | None = None,
) -> exchange.ExportResult:
    """Write a forward bundle for the higher office (``out``: a file, or a folder to name it in)."""
    info = _require_office(session)
    access.require(session, "export")
    cfg = higher_office(session)
    now = now or _now()
    if month_from or month_to:
        first, last = make_period(None, month_from, month_to).months
    else:
        first, last = default_months(now.date())
    out = Path(out)
    if not out.is_dir() and not out.parent.is_dir():
        raise UserError(_("Không có thư mục {folder}.").format(folder=str(out.parent)))
    pair = _sender_keys(session, key_passphrase)
    mode = "records" if records else "aggregates"
    rows = record_rows(session) if records else aggregate_rows(session, first, last)
    header = {
        "commune": info["unit_code"],
        "device_id": exchange.office_device_id(info["unit_code"]),
        "kind": "forward",
        "mode": mode,
        "schema": SCHEMA_VERSION,
        "epoch": 0,
        "seq_lo": 0,
        "seq_hi": 0,
        "created_at": now.isoformat(),
        "period_from": first + "-01",
        "period_to": make_period(last).end,
        "unit_code": cfg["unit_code"],
    }
    if out.is_dir():
        out = out / bundle.informative_name(
            info["unit_code"], info["unit_name"], "forward", first, last, now
        )
    written = bundle.write_bundle(out, header, rows, config.all_recipients(cfg), pair)
    with session.store.atomic():
        access.record(
            session,
            "forward",
            "bundle",
            written.file_sha256[:16],
            {
                "mode": mode,
                "from": first,
                "to": last,
                "rows": len(rows),
                "to_unit": cfg["unit_code"],
            },
        )
    return exchange.ExportResult(written.path, written.header, len(rows), written.file_sha256)


# -- import at the higher office ----------------------------------------------------------------------
def _lookup(session: Session):
    def lookup(unit: str, device_id: str) -> str | None:
        row = db_exchange.device(session.store, device_id)
        if row is None or row["commune"] != unit or row["status"] != "active":
            return None
        return row["signing_public_key"]

    return lookup


def _within(unit: str) -> Callable[[object], bool]:
    """Whether a row's commune is one ``unit`` may forward."""
    return lambda commune: isinstance(commune, str) and belongs_to(unit, commune)


def _refuse_rows() -> UserError:
    return UserError(
        _(
            "Tệp chuyển lên có dữ liệu không hợp lệ hoặc của xã không thuộc đơn vị gửi; tệp bị từ chối."
        )
    )


def _aggregates(unit: str, rows) -> list[tuple[str, str, str, int]]:
    out = []
    for table, row in rows:
        try:
            commune, month, key, value = row["commune"], row["month"], row["key"], row["value"]
        except KeyError:
            raise _refuse_rows() from None
        if (
            table != AGGREGATE_TABLE
            or set(row) != {"commune", "month", "key", "value"}
            or not isinstance(commune, str)
            or not belongs_to(unit, commune)
            or not isinstance(month, str)
            or len(month) != 7
            or not isinstance(key, str)
            or not 0 < len(key) <= 120
            or type(value) is not int
            or not 0 <= value < 2**62
        ):
            raise _refuse_rows()
        try:
            make_period(month)
        except UserError:
            raise _refuse_rows() from None
        out.append((commune, month, key, value))
    return out


def import_file(
    session: Session,
    path: Path | str,
    identities: list[keys.KeyPair],
    before_apply: Callable[[], None] | None = None,
) -> exchange.ImportResult:
    """Import one file: a forward bundle here, anything else through ``exchange.import_file``."""
    path = Path(path)
    try:
        data = _read(path, bundle.DEFAULT_LIMITS.max_file)
    except UserError:
        return exchange.import_file(session, path, identities, before_apply)
    peek = bundle.peek_sender(data, identities)
    if not peek or peek.get("kind") != "forward":
        return exchange.import_file(session, path, identities, before_apply)
    store = session.store
    file_sha = hashlib.sha256(data).hexdigest()
    duplicate = _("Tệp này đã được nhập trước đây; không có gì thay đổi.")
    if db_exchange.received(store, file_sha):
        return exchange.ImportResult(path, "duplicate", duplicate)
    try:
        opened = bundle.open_bundle(data, identities, _lookup(session), max_schema=SCHEMA_VERSION)
    except UnknownDevice:
        return exchange.import_file(session, path, identities, before_apply)  # quarantined there
    except SyncError as exc:
        return exchange.ImportResult(path, "refused", str(exc))
    header = opened.header
    unit = header["commune"]
    if db_exchange.received(store, file_sha, opened.header_sha256):
        return exchange.ImportResult(path, "duplicate", duplicate, unit)
    if header["device_id"] != exchange.office_device_id(unit) or header.get("mode") not in MODES:
        return exchange.ImportResult(path, "refused", str(_refuse_rows()), unit)
    try:  # every row checked before anything is kept or written
        if header["mode"] == "aggregates":
            _aggregates(unit, opened.rows())
        else:
            row_merge.check_rows(store, _within(unit), opened.rows())
    except (UserError, SyncError) as exc:
        return exchange.ImportResult(path, "refused", str(exc), unit)
    now = _now().isoformat()
    folder = exchange.received_folder(session) / now[:7]
    kept = folder / (
        path.name if path.name.startswith(file_sha[:12]) else f"{file_sha[:12]}_{path.name}"
    )
    existed = kept.exists()
    try:
        if not existed:
            folder.mkdir(parents=True, exist_ok=True)
            bundle.atomic_write(kept, data)
    except (OSError, SyncError) as exc:
        return exchange.ImportResult(path, "refused", str(exc), unit)
    if before_apply is not None:
        before_apply()
    counts = {"rows": 0, "inserted": 0, "updated": 0, "skipped": 0, "conflicts": 0}
    try:
        with row_merge.import_transaction(store):
            months: dict[str, set[str]] = {}
            if header["mode"] == "aggregates":
                values = _aggregates(unit, opened.rows())
                stored = db_exchange.store_forwarded(
                    store,
                    unit,
                    values,
                    created_at=str(header.get("created_at") or "")[:19],
                    bundle_sha256=file_sha,
                )
                counts["rows"] = len(values)
                counts["inserted"] = len(stored)
                for commune, month in stored:
                    months.setdefault(commune, set()).add(month)
            else:
                counts = row_merge.apply_rows(
                    store,
                    _within(unit),
                    opened.rows(),
                    decide=merge.incoming_wins,
                    content_hash=merge.content_hash,
                    bundle_sha256=file_sha,
                    at=now,
                )
            exchange.record_accepted(
                store,
                path,
                file_sha,
                opened,
                counts,
                kept,
                now,
                commune=unit,
                kind="forward",
                epoch=0,
                seq_lo=0,
                seq_hi=0,
            )
            for commune, seen in months.items():
                db_exchange.record_coverage(store, commune, sorted(seen), now)
            access.record(
                session,
                "import",
                "bundle",
                file_sha[:16],
                {"unit": unit, "kind": "forward", "mode": header["mode"], **counts},
            )
    except UserError as exc:
        if not existed:
            kept.unlink(missing_ok=True)
        return exchange.ImportResult(path, "refused", str(exc), unit)
    message = ngettext(
        "Đã nhập {rows} dòng do đơn vị {unit} chuyển lên.",
        "Đã nhập {rows} dòng do đơn vị {unit} chuyển lên.",
        counts["rows"],
    ).format(rows=counts["rows"], unit=unit)
    return exchange.ImportResult(path, "accepted", message, unit, counts, kept)


def import_files(
    session: Session, paths: list[Path | str], key_passphrase: str
) -> list[exchange.ImportResult]:
    """Import several files (communes' bundles and forwarded ones), each on its own."""
    _require_office(session)
    access.require(session, "import")
    identities = exchange.unlock_office(session, key_passphrase)
    backup_once = exchange.backup_before_changes(session)
    return [import_file(session, p, identities, backup_once) for p in paths]


# -- figures at the higher office ----------------------------------------------------------------------
def _fold_months(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    """Per (sender, commune): the period's figure of each key (see the module docstring)."""
    latest: dict[tuple[str, str], str] = {}
    for row in rows:
        k = (row["sender"], row["commune"])
        latest[k] = max(latest.get(k, ""), row["month"])
    out: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        k = (row["sender"], row["commune"])
        counts = out.setdefault(k, {})
        key, value = row["key"], int(row["value"])
        if key in STOCK_KEYS or key.startswith(STOCK_PREFIXES):
            if row["month"] == latest[k]:
                counts[key] = value
        elif key in DISTINCT_KEYS:
            counts[key] = max(counts.get(key, 0), value)
        else:
            counts[key] = counts.get(key, 0) + value
    return out


def _months_of(period: Period) -> tuple[str, str]:
    return ("0000-00", "9999-99") if period.kind == "all" else period.months


def forwarded_by_commune(session: Session, period: Period) -> list[dict[str, Any]]:
    """Forwarded figures for a period, summed per commune (over senders):
    ``[{"commune", "commune_name", "senders", "counts"}]``, by commune code."""
    rows = db_exchange.forwarded_rows(session.store, *_months_of(period))
    per: dict[str, dict[str, Any]] = {}
    for (sender, commune), counts in sorted(_fold_months(rows).items()):
        entry = per.setdefault(
            commune,
            {
                "commune": commune,
                "commune_name": (codes.commune(commune) or {}).get("name", commune),
                "senders": [],
                "counts": {},
            },
        )
        entry["senders"].append(sender)
        entry["counts"] = indicators.sum_counts([entry["counts"], counts])
    return [per[c] for c in sorted(per)]


def forwarded_counts(
    session: Session, period: Period, commune: str | None = None
) -> dict[str, int]:
    """Forwarded figures for a period over the communes this office holds no rows of its own for
    (or for one commune), summed key by key."""
    if session.kind != "office":
        return {}
    rows = db_exchange.forwarded_rows(session.store, *_months_of(period), commune or None)
    if not rows:  # most offices receive no forwarded figures: skip finding their own communes
        return {}
    own = set(queries.communes_in(session.store))
    folded = _fold_months([r for r in rows if r["commune"] not in own])
    return indicators.sum_counts(folded.values())


def add_forwarded(
    session: Session, counts: dict[str, int], period: Period, commune: str | None = None
) -> dict[str, int]:
    """``counts`` plus the forwarded figures (:func:`forwarded_counts`), key by key, sorted."""
    extra = forwarded_counts(session, period, commune)
    if not extra:
        return counts
    return indicators.sum_counts([counts, extra])
