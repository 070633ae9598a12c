"""The desktop interface (PySide6): main window, pages, dialogs, worker thread, translator."""

from ctxh_desktop.ui.qt_compat import guard_singletons

guard_singletons()
