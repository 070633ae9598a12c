"""Errors a person can cause, carrying a translated message for the screen or the command line."""

from __future__ import annotations


class UserError(Exception):
    """Refused input: shown to the user as a clear sentence (CLI exit code 2), never a traceback.

    ``field`` names the offending input where there is one, so a form can show the message beside it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One or more fields are invalid; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first_message = next(iter(errors.items()))
        super().__init__(first_message, first_field)
        self.errors = dict(errors)


class DamagedDatabase(UserError):
    """The database file is damaged or is not a database of this program; restoring a backup is
    the way out (the window offers it)."""
