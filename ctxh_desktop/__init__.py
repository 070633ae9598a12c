"""CTXH Desktop: offline social-work records for Vietnamese communes and the offices that consolidate them."""

__version__ = "0.1.0"
