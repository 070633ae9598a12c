"""Sub-commands added by their own modules."""


def register(sub) -> None:
    """No sub-commands yet."""
