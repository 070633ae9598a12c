"""Shared fixtures: user folders redirected to a temporary home; Vietnamese restored after each test."""

from __future__ import annotations

import os

import pytest

from ctxh_desktop import i18n

# No display on CI machines: Qt draws offscreen unless a developer asks otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CTXH_HOME", str(home))
    monkeypatch.delenv("CTXH_LANG", raising=False)
    yield home
    i18n.set_language("vi")
