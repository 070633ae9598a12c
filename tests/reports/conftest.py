"""Fixtures of the report tests (sample inputs live in report_samples.py)."""

from report_samples import annex, case, profile, stats  # noqa: F401
