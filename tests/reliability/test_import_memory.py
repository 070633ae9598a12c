"""Import memory is bounded by streaming: a large snapshot imports within 400 MiB of peak resident
memory, counted from after the office key is unlocked (a fixed cost of every import run; see
``bench/import_memory.py``, which also measures the whole ``ctxh import``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).parents[2] / "bench" / "import_memory.py"


def _bench():
    spec = importlib.util.spec_from_file_location("import_memory", _BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self")
@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(200_000, marks=pytest.mark.timeout(600)),
        pytest.param(1_000_000, marks=[pytest.mark.slow, pytest.mark.timeout(1800)]),
    ],
)
def test_a_large_snapshot_imports_within_400_mib(tmp_path, rows):
    bench = _bench()
    db, path = bench.make_office(tmp_path, rows)
    status, peak = bench.import_peak_mib(db, path)
    assert status == "accepted"
    assert peak <= 400, peak
