"""The commands an office must still run after a hostile file was refused, or whatever it holds:
``{db}`` the office database, ``{out}`` a file stem."""

from __future__ import annotations

EVERY_MONTH = ["--from", "2020-01", "--to", "2030-12"]

#: stats, todo, the consolidated report (PDF, xlsx) and the monthly report.
REPORTS = [
    ["stats", "{db}", "--json"],
    ["todo", "{db}", "--json"],
    ["report", "consolidated", "{db}", *EVERY_MONTH, "--out", "{out}.pdf"],
    ["report", "consolidated", "{db}", *EVERY_MONTH, "--out", "{out}.xlsx"],
    ["report", "monthly", "{db}", *EVERY_MONTH, "--out", "{out}.pdf"],
]
