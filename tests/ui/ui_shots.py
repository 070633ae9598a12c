"""Pictures of what a test shows, for a person to look at: saved only when ``CTXH_SHOTS`` names a
folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget


def shot(widget: QWidget, name: str) -> None:
    """Save ``widget`` as ``<CTXH_SHOTS>/<name>.png`` when that variable is set."""
    folder = os.environ.get("CTXH_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
