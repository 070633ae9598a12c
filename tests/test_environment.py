"""The suite runs the same whatever ``CTXH_*`` settings the developer's shell holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


SHELL_SETTINGS = ("CTXH_USER", "CTXH_PASSPHRASE", "CTXH_KEY_PASSPHRASE", "CTXH_LANG")


def test_no_setting_of_the_shell_reaches_a_test():
    assert not [name for name in SHELL_SETTINGS if name in os.environ]


def test_the_suite_passes_with_a_user_and_passphrase_set_in_the_shell():
    env = {
        **os.environ,
        "CTXH_USER": "ai-do",
        "CTXH_PASSPHRASE": "mat-khau-cua-may",
        "CTXH_KEY_PASSPHRASE": "khoa-cua-may",
        "CTXH_LANG": "en",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_environment.py::test_no_setting_of_the_shell_reaches_a_test",
            "tests/cli/test_passphrase_rule.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout[-2000:]
