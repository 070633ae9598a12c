"""Upward forwarding: a receiving office sends its consolidated data to a higher office.

The file is an ordinary bundle (``sync.bundle``) of kind ``forward``: the sender is the office,
identified by its unit code (``header.commune``) and the device id ``office-<unit>``, signed with the
office's own signing key and encrypted to the higher office's recipients (plus its escrow keys).

Set-up, the same steps as between a commune and its office:

* the lower office installs the higher office's signed config after typing the start of its
  fingerprint (:func:`trust_higher_office`, ``ctxh office trust``);
* it writes an enrolment file for its own key (:func:`write_office_enrolment`,
  ``ctxh office enrolment``), which the higher office enrols with the usual fingerprint typing
  (``exchange.enrol_device``, ``ctxh office enrol``) only when it receives from lower offices
  (``ctxh office lower-offices DB --allow``; off by default, since the 2025 reform a province has
  no district below it) and only for a unit inside it. After a key rotation the lower office enrols
  again with ``--replace`` naming its unit and the old fingerprint.

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
    of case events and children's notes are always removed; staff go with their names as
    initials and no phone, notes or certificate number unless ``forward_identifying`` is
    ``"1"``. The higher office merges them like a
    commune's rows (``(epoch, rev)``), keeping each row's origin commune.

The higher office imports them in the one import loop (``exchange.import_files``,
``exchange/forwarded.py``): a forwarded commune must belong to the sender (a province's communes,
or the commune of a commune-level office); anything else refuses the whole file.

Figures forwarded to the higher office are read by :mod:`services.forwarded_figures`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctxh_desktop import logs
from ctxh_desktop.core import indicators
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import make_period, months_between
from ctxh_desktop.core.text import initials
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access, exchange, stats
from ctxh_desktop.services.exchange.forwarded import AGGREGATE_TABLE
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import figures
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.sync import bundle_writer, config, keys

FORWARD_IDENTIFYING = "forward_identifying"


# -- trust and enrolment ----------------------------------------------------------------------------
def trust_higher_office(
    session: Session, config_path: Path | str, typed: str | None
) -> dict[str, Any]:
    """The office installs the config of the office it forwards to (``typed=None``: a key
    rotation signed by the config trusted now)."""
    info = exchange.require_office(session)
    access.require(session, "office")
    data = exchange.read_bounded(config_path, exchange.signed_limit())
    if typed is None:
        cfg = config.verify_rotation(higher_office(session), data)
    else:
        cfg = config.read_config(data)
        exchange.check_fingerprint(cfg["fingerprint"], typed)
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
    info = exchange.require_office(session)
    access.require(session, "office")
    pair = _sender_keys(session, key_passphrase)
    data = config.make_enrolment(
        pair,
        commune_code=info["unit_code"],
        device_id=exchange.office_device_id(info["unit_code"]),
        name=info["unit_name"],
    )
    bundle_writer.atomic_write(Path(out), data)
    return pair.fingerprint


# -- export -----------------------------------------------------------------------------------------
def default_months(today: dt.date | None = None) -> tuple[str, str]:
    """January to the last complete month (of the previous month's year): year to date."""
    today = today or dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    return f"{last.year:04d}-01", last.strftime("%Y-%m")


def aggregate_rows(session: Session, first: str, last: str) -> list[tuple[str, dict[str, Any]]]:
    """Per commune held and per month, the non-zero indicator counts (as bundle rows)."""
    months = months_between(first, last)
    periods = [make_period(m) for m in months]
    calendar = stats.working_calendar(session)
    rows = []
    for commune in figures.communes_in(session.store):
        # The rows up to the last month's end serve every month: the indicators filter by date.
        data = indicators.IndicatorData(
            **figures.indicator_rows(session.store, periods[-1].end, commune)
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
        if not allow:
            return exchange.staff_trimmed(table, row)
        return row

    return apply


def record_rows(session: Session) -> list[tuple[str, dict[str, Any]]]:
    """Every synced row the office holds, trimmed by :func:`forward_filter`."""
    keep = forward_filter(session)
    rows = []
    for commune in figures.communes_in(session.store):
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
    with logs.timed("export", kind="forward", mode="records" if records else "aggregates") as log:
        result = _forward(session, out, key_passphrase, month_from, month_to, records, now)
        log["rows"] = result.rows
    return result


def _forward(
    session: Session,
    out: Path | str,
    key_passphrase: str,
    month_from: str | None,
    month_to: str | None,
    records: bool,
    now: dt.datetime | None,
) -> exchange.ExportResult:
    info = exchange.require_office(session)
    access.require(session, "export")
    cfg = higher_office(session)
    now = now or exchange.current_time()
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
        out = out / bundle_writer.informative_name(
            info["unit_code"], info["unit_name"], "forward", first, last, now
        )
    written = bundle_writer.write_bundle(out, header, rows, config.all_recipients(cfg), pair)
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
