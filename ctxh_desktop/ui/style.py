"""The application's look: the style sheet, with ``@icons`` resolved to the shipped icons folder."""

from __future__ import annotations

from ctxh_desktop.paths import resource_path


def stylesheet() -> str:
    """The Qt style sheet text (empty when it is not shipped)."""
    path = resource_path("styles", "app.qss")
    if not path.exists():
        return ""
    return path.read_text("utf-8").replace("@icons", resource_path("icons").as_posix())
