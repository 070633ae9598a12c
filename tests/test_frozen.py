"""The frozen (PyInstaller) bundle works on its own: versions, the window, the command line.

Skipped unless ``CTXH_FROZEN_DIR`` names a built one-folder bundle::

    .venv/bin/pyinstaller --noconfirm build_installer.spec
    CTXH_FROZEN_DIR=dist/ctxh-desktop-0.1.0 .venv/bin/python -m pytest -m frozen tests/test_frozen.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ctxh_desktop import __version__

FROZEN_DIR = os.environ.get("CTXH_FROZEN_DIR", "")
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
TIMEOUT = 110  # seconds per program run (the per-test limit is 120)
#: Vietnamese letters with diacritics: text shown in them proves the strings and encoding survived.
VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ")

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(not FROZEN_DIR, reason="CTXH_FROZEN_DIR does not name a built bundle"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    folder = Path(FROZEN_DIR).resolve()
    for name in ("ctxh", "ctxh-desktop"):
        assert (folder / f"{name}{EXE_SUFFIX}").is_file(), f"{name} missing from {folder}"
    return folder


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """A clean environment: nothing from the source tree, user folders in a temporary home."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environ.update(
        CTXH_HOME=str(tmp_path / "home"),
        CTXH_LANG="vi",
        CTXH_PASSPHRASE="frozen-bundle-passphrase",
        QT_QPA_PLATFORM="offscreen",
    )
    return environ


def run(bundle: Path, program: str, *args: str, env: dict[str, str], cwd: Path):
    return subprocess.run(
        [str(bundle / f"{program}{EXE_SUFFIX}"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=TIMEOUT,
    )


def test_both_programs_print_the_version(bundle, env, tmp_path):
    out = run(bundle, "ctxh", "--version", env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"ctxh {__version__}"
    if sys.platform != "win32":  # a windowed Windows program has no stdout to print to
        out = run(bundle, "ctxh-desktop", "--version", env=env, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == f"ctxh-desktop {__version__}"


def test_window_draws_the_demo_commune(bundle, env, tmp_path):
    from PIL import Image

    png = tmp_path / "window.png"
    out = run(bundle, "ctxh-desktop", "--demo", "--screenshot", str(png), env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.width >= 1000 and image.height >= 600
        # a drawn window (sidebar, cards, anti-aliased text), not an empty frame
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 100
    if sys.platform != "win32":
        helped = run(bundle, "ctxh-desktop", "--help", env=env, cwd=tmp_path)
        assert helped.returncode == 0, helped.stderr
        assert VIETNAMESE_LETTERS & set(helped.stdout), helped.stdout


def test_command_line_builds_and_reads_a_demo_database(bundle, env, tmp_path):
    db = tmp_path / "x.db"
    out = run(bundle, "ctxh", "demo", str(db), "--scale", "small", env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert db.is_file()
    out = run(bundle, "ctxh", "stats", str(db), "--json", env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    assert stats["scope"]["database"] == "commune"
    assert VIETNAMESE_LETTERS & set(stats["scope"]["commune_name"])
    assert stats["counts"] and all(isinstance(v, int) for v in stats["counts"].values())
