"""Shared fixtures: every ``CTXH_*`` setting of the developer's shell set aside, user folders
redirected to a temporary home; Vietnamese restored after each test."""

from __future__ import annotations

import os

import pytest

from ctxh_desktop import i18n

# No display on CI machines: Qt draws offscreen unless a developer asks otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: Variables that steer the test run itself (screenshots, a built bundle to check, the interop
#: tool required), not the application: kept.
TEST_RUN_VARIABLES = frozenset(
    {
        "CTXH_FROZEN_DIR",
        "CTXH_JOURNEY_LANG",
        "CTXH_JOURNEY_SHOTS",
        "CTXH_REQUIRE_INTEROP",
        "CTXH_SHOTS",
    }
)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    for name in list(os.environ):
        if name.startswith("CTXH_") and name not in TEST_RUN_VARIABLES:
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CTXH_HOME", str(home))
    yield home
    i18n.set_language("vi")
