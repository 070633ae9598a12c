"""The wheel's build step: compile the Qt Designer forms into the package being built, so an
installed package ships them compiled and never writes into its own folder at run time.
(Everything else about the package is declared in ``pyproject.toml``.)"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithForms(build_py):
    """``build_py``, then the forms compiled into ``build/lib/ctxh_desktop/ui/forms``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install runs from the checkout, which compiles on start
        sys.path.insert(0, str(ROOT))
        from ctxh_desktop.ui.build_forms import build_forms

        target = Path(self.build_lib) / "ctxh_desktop" / "ui" / "forms"
        build_forms(force=True, source=ROOT / "forms", target=target)


setup(cmdclass={"build_py": BuildWithForms})
