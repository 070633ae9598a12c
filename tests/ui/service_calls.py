"""Test set-up through the worker: one service call on the open session, waited for."""

from __future__ import annotations


def call_service(worker, fn, *args):
    """Run a service call on the worker's session and return its answer (or raise its error)."""
    got, errors = [], []
    worker.call(fn, *args, on_done=got.append, on_error=errors.append)
    assert worker.wait_idle(30_000)
    if errors:
        raise errors[0]
    return got[0]
