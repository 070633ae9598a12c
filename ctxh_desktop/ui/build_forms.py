"""Compile the Qt Designer sources (``forms/**/*.ui``) into Python modules under ``ui/forms/``.

``forms/pages/people.ui`` becomes ``ctxh_desktop/ui/forms/pages/ui_people.py``. The forms are
compiled when the application is built: the wheel's build step (``setup.py``) and the installer
(``build_installer.spec``) run :func:`build_forms` into what they package, so an installed or
frozen application ships them compiled and never writes into its own folder.

In a source checkout (the ``forms/`` folder beside the package) a form is compiled when its module
is missing or older than its ``.ui`` file, so running from a fresh checkout just works: the
application calls :func:`build_forms` at start and the tests once per session. Without the
sources (an installed package) it does nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ctxh_desktop.paths import forms_root

FORMS_PACKAGE = Path(__file__).resolve().parent / "forms"


def uic_command() -> list[str]:
    """The command running ``uic`` in Python mode: ``pyside6-uic`` or PySide6's own binary."""
    exe_dir = Path(sys.executable).parent
    for name in ("pyside6-uic", "pyside6-uic.exe"):
        candidate = exe_dir / name
        if candidate.exists():
            return [str(candidate)]
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    for candidate in (
        package / "Qt" / "libexec" / "uic",
        package / "uic",
        package / "uic.exe",
    ):
        if candidate.exists():
            return [str(candidate), "-g", "python"]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise RuntimeError("pyside6-uic not found")


def target_for(ui_file: Path, source: Path | None = None, target: Path | None = None) -> Path:
    """The module a ``.ui`` file compiles to."""
    source = source or forms_root()
    target = target or FORMS_PACKAGE
    relative = ui_file.relative_to(source)
    return target / relative.parent / f"ui_{relative.stem}.py"


def _ensure_packages(folder: Path, top: Path) -> None:
    while True:
        folder.mkdir(parents=True, exist_ok=True)
        init = folder / "__init__.py"
        if not init.exists():
            init.write_text('"""Generated forms (do not edit: compiled from forms/)."""\n', "utf-8")
        if folder == top:
            break
        folder = folder.parent


def build_forms(
    force: bool = False, source: Path | None = None, target: Path | None = None
) -> list[Path]:
    """Compile every stale form; return the modules written (none when all are up to date)."""
    if getattr(sys, "frozen", False):
        return []
    source = source or forms_root()
    target = target or FORMS_PACKAGE
    written: list[Path] = []
    command: list[str] | None = None
    for ui_file in sorted(source.rglob("*.ui")) if source.is_dir() else []:
        out = target_for(ui_file, source, target)
        if not force and out.exists() and out.stat().st_mtime >= ui_file.stat().st_mtime:
            continue
        _ensure_packages(out.parent, target)
        command = command or uic_command()
        tmp = out.with_suffix(".tmp")
        subprocess.run([*command, str(ui_file), "-o", str(tmp)], check=True, capture_output=True)
        tmp.replace(out)
        written.append(out)
    return written


if __name__ == "__main__":
    for path in build_forms(force="--force" in sys.argv):
        print(path)
