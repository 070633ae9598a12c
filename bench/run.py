"""Benchmark: builds data with ``ctxh demo`` at several scales, measures, prints JSON and a table.

    python bench/run.py            # full run: commune, large and province scales (long)
    python bench/run.py --quick    # reduced sizes, under two minutes

Every figure is printed with its target. Ratios against a baseline measured in the same run are
given where a target is relative (machines are noisy; absolute numbers drift between runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ctxh_desktop.core.text import fold  # noqa: E402
from ctxh_desktop.services import cases, people, search, session, stats  # noqa: E402

AS_OF = "2026-11-01"
PASS = "bench-passphrase"
KEY_PASS = "bench-key-passphrase"  # an office key passphrase differs from the database one
TARGETS = {
    "search_p95_ms": 30,
    "people_page_p95_ms": 30,
    "startup_s": 2.5,
    "startup_data_loaded_s": 2.5,
    "cases_first_rows_ms": 300,
    "export_snapshot_s": 10,
    "export_bytes_per_row": 80,
    "export_delta_s": 0.5,
    "import_province_s": 60,
    "import_rate_vs_baseline": 0.5,
    "reimport_province_s": 5,
    "import_month_delta_s": 0.5,
    "import_known_file_s": 0.1,
    "report_monthly_s": 1,
    "report_consolidated_pdf_s": 5,
    "report_consolidated_xlsx_s": 5,
    "gui_peak_mb": 400,
}


def ctxh(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTXH_PASSPHRASE": PASS, "CTXH_KEY_PASSPHRASE": KEY_PASS}
    out = subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=env
    )
    if check and out.returncode != 0:
        raise RuntimeError(f"ctxh {' '.join(args)}: {out.stderr.decode()}")
    return out


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def keystroke_queries(names: list[str]) -> list[str]:
    """What a person types, letter by letter, looking for each name (folded, as typed on a
    keyboard without Vietnamese input)."""
    queries = []
    for name in names:
        text = fold(name)
        queries += [text[:i] for i in range(2, len(text) + 1) if text[i - 1] != " "]
    return queries


def measure_search(db: Path, figures: dict, samples: int) -> None:
    s = session.open_session(db, PASS)
    try:
        sample = [r["full_name"] for r in people.list_people(s, "", offset=137, limit=samples)]
        queries = keystroke_queries(sample)
        search_times, page_times = [], []
        for q in queries:
            search_times.append(timed(search.search, s, q, 20)[0] * 1000)
            page_times.append(timed(people.list_people, s, q, 0, 200)[0] * 1000)
        figures["search_queries"] = len(queries)
        figures["search_p95_ms"] = round(p95(search_times), 2)
        figures["people_page_p95_ms"] = round(p95(page_times), 2)
        figures["cases_first_rows_ms"] = round(
            timed(cases.list_cases, s, None, None, None, "", 0, 200)[0] * 1000, 1
        )
        figures["stats_all_time_s"] = round(timed(stats.compute_stats, s)[0], 3)
    finally:
        s.close()


def measure_startup(db: Path, figures: dict, folder: Path) -> None:
    """Start the real GUI offscreen on the database and time, from the process start: the main
    window shown, its data loaded, and the screenshot written (the program then exits)."""
    env = {
        **os.environ,
        "CTXH_PASSPHRASE": PASS,
        "QT_QPA_PLATFORM": "offscreen",
        "CTXH_HOME": str(folder / "home"),
        "CTXH_TIMINGS": "1",
    }
    shot = folder / "startup.png"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctxh_desktop", "--db", str(db), "--screenshot", str(shot)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    marks = {}
    for line in proc.stderr:
        text = line.decode("utf-8", "replace").strip()
        if text.startswith("ctxh-timing peak_rss_kb "):
            marks["peak_rss_kb"] = float(text.split()[2])
        elif text.startswith("ctxh-timing "):
            marks[text.split()[1]] = time.perf_counter() - start
    proc.wait()
    total = time.perf_counter() - start
    if proc.returncode != 0 or not shot.exists():
        figures["startup_error"] = f"exit {proc.returncode}"
        return
    from ctxh_desktop.storage import keyfile

    content = keyfile.read_key_file(keyfile.key_file_for(db))
    kdf = timed(keyfile.unlock, content, PASS)[0]  # the passphrase key derivation, reported apart
    figures["startup_kdf_s"] = round(kdf, 2)
    figures["startup_s"] = round(marks.get("window_shown", total), 2)
    figures["startup_data_loaded_s"] = round(marks.get("data_loaded", total) - kdf, 2)
    figures["startup_screenshot_s"] = round(total, 2)
    figures["gui_peak_mb"] = round(marks.get("peak_rss_kb", 0) / 1024, 1)


def _baseline_insert(rows: list[tuple[str, dict]], folder: Path) -> float:
    """Seconds for a plain ``executemany`` of the same rows into the same tables, on the same kind
    of encrypted connection, with the same indexes, triggers and search index (a fresh office
    database), under the import's conditions: foreign keys not enforced, the import's page cache."""
    from ctxh_desktop.storage.keyfile import FAST_KDF
    from ctxh_desktop.storage.row_merge import IMPORT_CACHE_KIB
    from ctxh_desktop.storage.store import Store, encode_row

    store, _code = Store.create(
        folder / "baseline.db", PASS, commune="01", kind="office", kdf=FAST_KDF
    )
    by_table: dict[str, list[dict]] = {}
    for table, row in rows:
        if table != "audit_log":  # audit entries go to their own table at the office
            by_table.setdefault(table, []).append(row)
    statements = []  # (sql, values), made before the clock starts: the baseline is the insert
    for table, items in by_table.items():
        cols = list(items[0])
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        encoded = (encode_row(table, r) for r in items)
        statements.append((sql, [[e.get(c) for c in cols] for e in encoded]))
    store.db.execute("PRAGMA foreign_keys = OFF")  # (a no-op inside a transaction)
    store.db.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    start = time.perf_counter()
    with store.atomic():
        for sql, values in statements:
            store.db.conn.executemany(sql, values)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def measure_delta_import(office, commune, snapshot: Path, delta: Path, folder: Path, figures: dict):
    """A month's delta imported at an office holding the commune's snapshot, without the one key
    unlock of the run, against a same-run baseline (a plain insert of the delta's rows); then the
    same file offered again, recognised by its hash (the whole call, key passphrase included)."""
    from ctxh_desktop.services import exchange
    from ctxh_desktop.sync import bundle

    enrol = folder / "delta-commune.enrol"
    exchange.enrol_device(office, enrol, exchange.write_enrolment(commune, enrol))
    identities = exchange.unlock_office(office, KEY_PASS)
    assert exchange.import_file(office, snapshot, identities).status == "accepted"
    opened = bundle.open_bundle(
        delta.read_bytes(), identities, exchange.device_lookup(office), max_schema=99
    )
    rows = list(opened.rows())
    (folder / "delta").mkdir(exist_ok=True)
    baseline = _baseline_insert(rows, folder / "delta")
    t, result = timed(exchange.import_file, office, delta, identities)
    assert result.status == "accepted", result.message
    figures["import_month_delta_rows"] = len(rows)
    figures["import_month_delta_s"] = round(t, 3)
    figures["import_month_delta_vs_baseline"] = round(t / max(baseline, 1e-9), 1)
    t, results = timed(exchange.import_files, office, [delta], KEY_PASS)
    assert results[0].status == "duplicate"
    figures["import_known_file_s"] = round(t, 3)


def measure_exchange_and_reports(
    db: Path, folder: Path, figures: dict, communes: int, commune_scale: str = "small"
) -> None:
    """Export (snapshot and a month's delta), a province of bundles imported twice against a
    same-run baseline, and the reports; in-process through the services."""
    from ctxh_desktop.core import codes
    from ctxh_desktop.services import exchange, reporting
    from ctxh_desktop.services.exchange import imports
    from ctxh_desktop.storage.keyfile import FAST_KDF
    from ctxh_desktop.sync import bundle, keys

    created = exchange.create_office(
        folder / "office.db",
        PASS,
        KEY_PASS,
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=FAST_KDF,
    )
    office = created.session
    config = folder / "office.config"
    config.write_bytes(created.config)
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(config))

    def join(path: Path, full: bool) -> tuple[object, Path]:
        s = session.open_session(path, PASS)
        exchange.trust_office(s, config, fp)
        enrol = path.with_suffix(".enrol")
        efp = exchange.write_enrolment(s, enrol)
        exchange.enrol_device(office, enrol, efp)
        return s, exchange.export(s, folder, full=full).path

    s = session.open_session(db, PASS)
    exchange.trust_office(s, config, fp)
    t, snap = timed(exchange.export, s, folder, full=True)
    figures["export_snapshot_s"] = round(t, 2)
    figures["export_snapshot_rows"] = snap.rows
    figures["export_bytes_per_row"] = round(snap.path.stat().st_size / max(snap.rows, 1), 1)
    # a month of work: a tenth of the people edited, new counselling sessions
    month = people.list_people(s, "", 0, max(1, people.count_people(s) // 10))
    with s.store.atomic():
        for p in month:
            s.store.update("person", p["id"], {"notes": "Cập nhật tháng 11"})
    t, delta = timed(exchange.export, s, folder)
    figures["export_delta_rows"] = delta.rows
    figures["export_delta_s"] = round(t, 3)
    figures["report_monthly_s"] = round(timed(reporting.monthly_report, s, "2026-10")[0], 2)
    measure_delta_import(office, s, snap.path, delta.path, folder, figures)
    s.close()

    paths = []
    ward_codes = [c["code"] for c in codes.communes("01") if c["code"] != "00004"][:communes]
    for code in ward_codes:
        cdb = folder / f"c{code}.db"
        ctxh(
            "demo",
            str(cdb),
            "--commune",
            code,
            "--scale",
            commune_scale,
            "--seed",
            code,
            "--as-of",
            AS_OF,
        )
        cs, path = join(cdb, True)
        cs.close()
        paths.append(path)
    identities = exchange.unlock_office(office, KEY_PASS)
    all_rows = []
    for path in paths:
        opened = bundle.open_bundle(
            path.read_bytes(), identities, exchange.device_lookup(office), max_schema=99
        )
        all_rows += list(opened.rows())
    baseline = _baseline_insert(all_rows, folder)
    figures["import_unlock_key_s"] = round(timed(exchange.unlock_office, office, PASS)[0], 2)
    merging = []  # seconds per file, without unlocking the office key (once per run, by design slow)
    import_file = imports.import_file

    def timed_file(*args, **kwargs):
        took, result = timed(import_file, *args, **kwargs)
        merging.append(took)
        return result

    imports.import_file = timed_file
    try:
        t, results = timed(exchange.import_files, office, paths, KEY_PASS)
    finally:
        imports.import_file = import_file
    refused = [r.message for r in results if not r.ok]
    if refused:
        figures["import_refused"] = refused[0]
    figures["import_province_bundles"] = len(paths)
    figures["import_province_rows"] = len(all_rows)
    figures["import_province_s"] = round(t, 2)
    figures["import_files_s"] = round(sum(merging), 2)
    figures["import_first_file_s"] = round(merging[0], 2)
    figures["import_last_file_s"] = round(merging[-1], 2)
    figures["import_rows_per_s"] = round(len(all_rows) / sum(merging))
    figures["baseline_rows_per_s"] = round(len(all_rows) / baseline)
    figures["import_rate_vs_baseline"] = round(baseline / sum(merging), 2)
    figures["import_rate_vs_baseline_all_in"] = round(baseline / t, 2)
    figures["reimport_province_s"] = round(
        timed(exchange.import_files, office, paths, KEY_PASS)[0], 2
    )
    first, last = "2026-10", "2026-10"
    figures["report_consolidated_pdf_s"] = round(
        timed(reporting.consolidated_report, office, first, last, "pdf")[0], 2
    )
    figures["report_consolidated_xlsx_s"] = round(
        timed(reporting.consolidated_report, office, first, last, "xlsx")[0], 2
    )
    office.close()


def table(figures: dict) -> str:
    lines = [f"{'figure':34} {'value':>14} {'target':>10}"]
    for key, value in figures.items():
        target = TARGETS.get(key, "")
        lines.append(f"{key:34} {value!s:>14} {target!s:>10}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced sizes (CI)")
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ctxh-bench-"))
    figures: dict[str, object] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": dt.date.today().isoformat(),
        "mode": "quick" if args.quick else "full",
    }
    try:
        scale = "commune" if args.quick else "large"
        db = folder / f"{scale}.db"
        t, _ = timed(ctxh, "demo", str(db), "--scale", scale, "--seed", "1", "--as-of", AS_OF)
        figures[f"demo_{scale}_s"] = round(t, 1)
        sections = (
            (measure_search, (db, figures), {"samples": 20 if args.quick else 60}),
            (measure_startup, (db, figures, folder), {}),
            (
                measure_exchange_and_reports,
                (db, folder, figures),
                {
                    "communes": 5 if args.quick else 100,
                    "commune_scale": "small" if args.quick else "commune",
                },
            ),
        )
        for fn, fargs, fkwargs in sections:
            try:
                fn(*fargs, **fkwargs)
            except Exception as exc:  # report the failure as a figure and go on
                figures[f"{fn.__name__}_error"] = str(exc)[-300:]
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({**figures, "targets": TARGETS}, ensure_ascii=False))
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
