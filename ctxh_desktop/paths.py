"""Where files live: shipped resources (source tree or frozen bundle) and the user's data folders.

Every shipped file is found through :func:`resource_path`; every file the app writes for the user
goes under the folders returned here, which follow the platform's conventions (platformdirs) and can
be redirected with ``CTXH_HOME`` (tests, portable installs on a USB stick).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from ctxh_desktop.files import private_dir

APP_NAME = "ctxh-desktop"


def resource_root() -> Path:
    """The ``resources/`` folder, in the source tree or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource file, e.g. ``resource_path("data", "codes.json")``."""
    return resource_root().joinpath(*parts)


def forms_root() -> Path:
    """The ``forms/`` folder holding the Qt Designer sources."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "forms"
    return Path(__file__).resolve().parent.parent / "forms"


def _user_dir(kind: str) -> Path:
    home = os.environ.get("CTXH_HOME")
    if home:
        path = Path(home) / kind
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    elif kind == "logs":
        path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / kind
    return private_dir(path)


def data_dir() -> Path:
    """Folder of the user's databases and key files."""
    return _user_dir("data")


def backup_dir() -> Path:
    """Folder of automatic encrypted backups."""
    return _user_dir("backups")


def export_dir() -> Path:
    """Default folder offered for exported bundles and reports."""
    return _user_dir("exports")


def log_dir() -> Path:
    """Folder of the application's logs (never personal data)."""
    return _user_dir("logs")
