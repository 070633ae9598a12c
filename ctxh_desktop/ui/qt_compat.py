"""Work around reference-count slips of PySide6 6.12 on Python 3.11.

``Signal.emit()`` hands back ``True``/``False`` without taking a reference, and
``QModelIndex.data()`` does the same with ``None`` for an empty value. Python 3.12 made these
singletons immortal, so the slip is harmless there; on 3.11 each call takes one reference away
and after a few thousand signals the interpreter aborts (``bool_dealloc``/``none_dealloc``).
:func:`guard_singletons` gives those objects a reference count no program can exhaust, which is
what 3.12 does natively. It runs once, when the ``ui`` package is imported.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40
_done: list[bool] = []


def guard_singletons() -> None:
    """Make ``None``, ``True``, ``False`` (and friends) practically immortal on Python < 3.12."""
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (None, True, False, NotImplemented, Ellipsis):
        # ob_refcnt is the first field of every CPython object, at the object's address.
        ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
    _done.append(True)
