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
import resource
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
TARGETS = {
    "search_p95_ms": 30,
    "people_page_p95_ms": 30,
    "startup_s": 2.5,
    "cases_first_rows_ms": 300,
    "export_snapshot_s": 10,
    "export_bytes_per_row": 80,
    "export_delta_s": 0.5,
    "import_province_s": 60,
    "import_rate_vs_baseline": 0.5,
    "reimport_province_s": 5,
    "report_monthly_s": 1,
    "report_consolidated_pdf_s": 5,
    "report_consolidated_xlsx_s": 5,
    "gui_peak_mb": 400,
}


def ctxh(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTXH_PASSPHRASE": PASS, "CTXH_KEY_PASSPHRASE": PASS}
    out = subprocess.run([sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=env)
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
        figures["cases_first_rows_ms"] = round(timed(cases.list_cases, s, None, None, None, "", 0, 200)[0] * 1000, 1)
        figures["stats_all_time_s"] = round(timed(stats.compute_stats, s)[0], 3)
    finally:
        s.close()


def measure_startup(db: Path, figures: dict, folder: Path) -> None:
    """Start the real GUI offscreen on the database, render the main window, exit."""
    env = {**os.environ, "CTXH_PASSPHRASE": PASS, "QT_QPA_PLATFORM": "offscreen", "CTXH_HOME": str(folder / "home")}
    shot = folder / "startup.png"
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "ctxh_desktop", "--db", str(db), "--screenshot", str(shot)],
        capture_output=True,
        env=env,
    )
    total = time.perf_counter() - start
    if out.returncode != 0 or not shot.exists():
        figures["startup_error"] = out.stderr.decode()[-300:]
        return
    from ctxh_desktop.storage import keyfile

    content = keyfile.read_key_file(keyfile.key_file_for(db))
    kdf = timed(keyfile.unlock, content, PASS)[0]  # the passphrase key derivation, reported apart
    figures["startup_total_s"] = round(total, 2)
    figures["startup_kdf_s"] = round(kdf, 2)
    figures["startup_s"] = round(total - kdf, 2)
    figures["gui_peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def measure_exchange_and_reports(db: Path, folder: Path, figures: dict, communes: int, commune_scale: str = "small") -> None:
    """Export, province import and reports, through the command line (skipped when a command is
    not available in this version)."""
    help_text = ctxh("--help", check=False).stdout.decode()
    if " export" in help_text:
        office = folder / "office.db"
        config = folder / "office.ctxhcfg"
        ctxh("office", "init", str(office), "--unit", "01", "--name", "Phòng Bảo trợ xã hội", "--config-out", str(config))
        fp = ctxh("fingerprint", str(config)).stdout.decode().strip()
        ctxh("trust", str(db), str(config), "--fingerprint", fp[:12])
        t, out = timed(ctxh, "export", str(db), "--out", str(folder), "--full")
        bundle = Path(out.stdout.decode().strip().splitlines()[-1])
        rows = sum(v for k, v in json.loads(ctxh("stats", str(db), "--json").stdout)["counts"].items() if k in ("people", "consultations"))
        figures["export_snapshot_s"] = round(t, 2)
        figures["export_bytes"] = bundle.stat().st_size
        figures["export_bytes_per_row"] = round(bundle.stat().st_size / max(rows, 1), 1)
        t, _ = timed(ctxh, "export", str(db), "--out", str(folder))
        figures["export_delta_s"] = round(t, 2)
        # the province: the same commune data exported by `communes` different demo communes
        bundles = []
        from ctxh_desktop.core import codes

        ward_codes = [c["code"] for c in codes.communes("01") if c["code"] != "00004"][:communes]
        for code in ward_codes:
            cdb = folder / f"c{code}.db"
            ctxh("demo", str(cdb), "--commune", code, "--scale", commune_scale, "--seed", code, "--as-of", AS_OF)
            ctxh("trust", str(cdb), str(config), "--fingerprint", fp[:12])
            enrol = folder / f"c{code}.enrol"
            ctxh("enrolment", str(cdb), "--out", str(enrol))
            efp = ctxh("fingerprint", str(enrol)).stdout.decode().strip()
            ctxh("office", "enrol", str(office), str(enrol), "--fingerprint", efp[:12])
            out = ctxh("export", str(cdb), "--out", str(folder), "--full")
            bundles.append(out.stdout.decode().strip().splitlines()[-1])
        t, _ = timed(ctxh, "import", str(office), *bundles)
        figures["import_province_bundles"] = len(bundles)
        figures["import_province_s"] = round(t, 2)
        t, _ = timed(ctxh, "import", str(office), *bundles)
        figures["reimport_province_s"] = round(t, 2)
    if " report" in help_text:
        t, _ = timed(ctxh, "report", "monthly", str(db), "--month", "2026-10", "--out", str(folder / "m.pdf"))
        figures["report_monthly_s"] = round(t, 2)


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
            (measure_exchange_and_reports, (db, folder, figures), {"communes": 5 if args.quick else 100, "commune_scale": "small" if args.quick else "commune"}),
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
