"""Refusals of sync files: each is a ``UserError`` with a clear Vietnamese sentence.

Library exceptions (age, Ed25519, JSON, gzip) never reach a person: the sync modules translate them
into one of these classes, chosen so the caller can decide what to do with the file — quarantine it
(:class:`UnknownDevice`, :class:`NewerSchema`) or refuse it (everything else).
"""

from __future__ import annotations

from ctxh_desktop.core.errors import UserError


class SyncError(UserError):
    """A sync file (bundle, config, enrolment, receipt, key) was refused."""


class NotForThisOffice(SyncError):
    """age could not decrypt the file with this office's identities."""


class DamagedFile(SyncError):
    """The file is truncated, altered, oversized or not in the expected format."""


class BadSignature(SyncError):
    """The signature does not match the signer's key (altered or forged)."""


class UnknownDevice(SyncError):
    """The signing device is not enrolled here; keep the file in quarantine until it is.

    ``commune`` and ``device_id`` come from the (not yet verified) header so the caller can tell the
    person which commune to enrol; ``header`` is the parsed header for the quarantine record.
    """

    def __init__(self, message: str, commune: str, device_id: str, header: dict) -> None:
        super().__init__(message)
        self.commune = commune
        self.device_id = device_id
        self.header = header


class NewerSchema(SyncError):
    """The file was made by a newer version of the app; quarantine it and ask for an update."""

    def __init__(self, message: str, header: dict) -> None:
        super().__init__(message)
        self.header = header


class WrongPassphrase(SyncError):
    """The passphrase of a protected key is wrong."""


class DiskFull(SyncError):
    """Writing failed because the disk is full; nothing was left behind."""
