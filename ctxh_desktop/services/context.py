"""The session every service receives: an open database and the person acting on it.

Kept apart from :mod:`ctxh_desktop.services.session` (which opens and creates databases with the
help of other services) so that every service can name the type without importing those."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ctxh_desktop.core import centres
from ctxh_desktop.storage.store import Store


@dataclass
class Session:
    """An open database and the person using it. Close it when done."""

    store: Store
    user: str = "system"
    role: str = "admin"
    temp_folder: Path | None = field(default=None, repr=False)

    @property
    def kind(self) -> str:
        """``"commune"`` or ``"office"``."""
        return self.store.kind

    @property
    def commune_code(self) -> str:
        """The official code of the database's commune (or office unit)."""
        return self.store.commune

    @property
    def commune_name(self) -> str:
        """The commune's name as set in the profile, else the official one."""
        commune = centres.unit(self.commune_code) if self.commune_code else None
        return self.store.setting("commune_name") or (commune["name"] if commune else "")

    @property
    def path(self) -> Path:
        """The database file."""
        return self.store.path

    def close(self) -> None:
        """Close the database (and remove a throw-away demo folder)."""
        self.store.close()
        if self.temp_folder is not None:
            shutil.rmtree(self.temp_folder, ignore_errors=True)
            self.temp_folder = None
