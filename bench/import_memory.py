"""Peak memory of an office importing one large file: a commune's snapshot of ``--rows`` valid
rows (default a million), signed by an enrolled device, imported by ``ctxh import`` in a child
process whose peak resident size (``ru_maxrss``) is printed in MiB — and the import's own peak,
counted from after the office key is unlocked (age's scrypt passphrase mode, a fixed cost of
every import run whatever the file).

    .venv/bin/python bench/import_memory.py [--rows N] [--folder DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ctxh_desktop.services import exchange, session
from ctxh_desktop.storage import keyfile
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.sync import bundle_writer, config, keys

PASS = "mật khẩu văn phòng"
KEYPASS = "khóa văn phòng"
COMMUNE = "00004"


def _rows(count: int) -> Iterator[tuple[str, dict]]:
    for n in range(count):
        yield (
            "person",
            {
                "id": f"00004000-0000-0000-0000-{n:012x}",
                "commune": COMMUNE,
                "rev": 1,
                "epoch": 0,
                "deleted": 0,
                "full_name": f"Nguyễn Văn {n}",
                "gender": "male" if n % 2 else "female",
                "birth_date": f"{1940 + n % 80}-0{1 + n % 9}-1{n % 9}",
                "target_groups": '["elderly"]',
                "consent_share": 0,
                "created_at": "2026-01-05T08:30:00",
                "modified_at": "2026-01-05T08:30:00",
            },
        )


def make_office(folder: Path, count: int) -> tuple[Path, Path]:
    """An office with one enrolled commune, and a signed snapshot of ``count`` rows for it."""
    created = exchange.create_office(
        folder / "office.db",
        PASS,
        KEYPASS,
        unit_code="01",
        unit_name="Sở Y tế Hà Nội",
        kdf=keyfile.FAST_KDF,
    )
    (folder / "config.json").write_bytes(created.config)
    commune, _code = session.create_commune(folder / "xa.db", PASS, COMMUNE, kdf=keyfile.FAST_KDF)
    fp = keys.normalise_fingerprint(exchange.file_fingerprint(folder / "config.json"))
    exchange.trust_office(commune, folder / "config.json", fp)
    efp = exchange.write_enrolment(commune, folder / "enrol.json")
    exchange.enrol_device(created.session, folder / "enrol.json", efp)
    device = exchange.device_keys(commune)
    header = {
        "commune": COMMUNE,
        "device_id": commune.store.device_id,
        "kind": "snapshot",
        "schema": SCHEMA_VERSION,
        "epoch": 0,
        "seq_lo": 1,
        "seq_hi": count,
    }
    recipients = config.all_recipients(exchange.trusted_config(commune))
    data, _header = bundle_writer.seal(header, _rows(count), recipients, device)
    path = folder / "snapshot.ctxh"
    path.write_bytes(data)
    commune.close()
    created.session.close()
    return folder / "office.db", path


def peak_import_mib(db: Path, path: Path) -> tuple[int, float, float, str]:
    """Exit code, peak resident MiB, seconds and the last output of ``ctxh import DB FILE`` in a child process."""
    env = {**os.environ, "CTXH_PASSPHRASE": PASS, "CTXH_KEY_PASSPHRASE": KEYPASS}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", "import", str(db), str(path)],
        capture_output=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return done.returncode, peak_kib / 1024, seconds, (done.stdout + done.stderr).decode()[-300:]


_IMPORT_AFTER_UNLOCK = """
import sys
from pathlib import Path
from ctxh_desktop.services import exchange, session
s = session.open_session(sys.argv[1], sys.argv[2])
identities = exchange.unlock_office(s, sys.argv[3])
Path("/proc/self/clear_refs").write_text("5")  # the peak so far (the key unlock) forgotten
result = exchange.imports.import_file(s, Path(sys.argv[4]), identities, exchange.backup_before_changes(s))
s.close()
status = [line for line in Path("/proc/self/status").read_text().splitlines() if "VmHWM" in line]
print(result.status, int(status[0].split()[1]))
"""


def import_peak_mib(db: Path, path: Path) -> tuple[str, float]:
    """The import's status and its own peak resident MiB in a child process, counted from after
    the office key is unlocked (age's scrypt passphrase mode costs about 520 MiB, once per import
    run whatever the file). Linux only (``/proc/self/clear_refs``)."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_AFTER_UNLOCK, str(db), PASS, KEYPASS, str(path)],
        capture_output=True,
        check=True,
    )
    status, kib = done.stdout.split()[-2:]
    return status.decode(), int(kib) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--folder")
    args = parser.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="ctxh-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    db, path = make_office(folder, args.rows)
    shutil.copyfile(db, db.with_name("copy.db"))
    shutil.copyfile(str(db) + ".keys", str(db.with_name("copy.db")) + ".keys")
    code, peak, seconds, out = peak_import_mib(db, path)
    print(f"rows {args.rows}  file {path.stat().st_size / 2**20:.1f} MiB  exit {code}")
    print(f"ctxh import: peak {peak:.0f} MiB, {seconds:.1f} s")
    status, own = import_peak_mib(db.with_name("copy.db"), path)
    print(f"the import after the key unlock: peak {own:.0f} MiB ({status})")
    print(out.strip())
    return code


if __name__ == "__main__":
    sys.exit(main())
