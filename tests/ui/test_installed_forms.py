"""An installed package (the forms compiled when it was built, no ``forms/`` sources beside it)
starts its window without writing anything into its own folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ctxh_desktop.ui.build_forms import FORMS_PACKAGE

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")}


def test_an_installed_package_writes_nothing_into_itself(tmp_path):
    assert any(FORMS_PACKAGE.rglob("ui_*.py")), "the forms are compiled for the tests"
    site = tmp_path / "site-packages"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "ctxh_desktop", site / "ctxh_desktop", ignore=ignore)
    shutil.copytree(ROOT / "resources", site / "resources", ignore=ignore)
    before = _files(site)
    code = (
        "import ctxh_desktop, pathlib\n"
        f"assert pathlib.Path(ctxh_desktop.__file__).is_relative_to({str(site)!r})\n"
        "from ctxh_desktop.ui.build_forms import build_forms\n"
        "assert build_forms() == []\n"
        "import ctxh_desktop.ui.main_window, ctxh_desktop.ui.dialogs.first_run\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert _files(site) == before


def test_a_stale_form_is_compiled_again_in_a_source_checkout(tmp_path):
    from ctxh_desktop.ui.build_forms import build_forms

    source, target = tmp_path / "forms", tmp_path / "package"
    (source / "dialogs").mkdir(parents=True)
    shutil.copy(ROOT / "forms" / "dialogs" / "passphrase.ui", source / "dialogs")
    assert [p.name for p in build_forms(source=source, target=target)] == ["ui_passphrase.py"]
    assert build_forms(source=source, target=target) == []
    assert build_forms(source=tmp_path / "none", target=target) == []
