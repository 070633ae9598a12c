"""The house rules: layers, Qt-free core, lint, and a complete English catalog."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ctxh_desktop"
QT_FREE = [
    "core",
    "storage",
    "services",
    "sync",
    "reports",
    "demo",
    "cli",
    "i18n",
    "paths",
    "files",
    "file_reads",
    "logs",
]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def _tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else (shutil.which(name) or name)


def test_qt_free_packages_load_no_qt():
    code = (
        "import importlib, pkgutil, sys\n"
        "import ctxh_desktop\n"
        f"for name in {QT_FREE!r}:\n"
        "    mod = importlib.import_module('ctxh_desktop.' + name)\n"
        "    for info in pkgutil.walk_packages(getattr(mod, '__path__', []), mod.__name__ + '.'):\n"
        "        if not info.name.endswith('__main__'):\n"
        "            importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_import_contracts_hold():
    out = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_finds_nothing():
    out = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def _python_msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "ui/forms" in path.as_posix():
            continue
        for _lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                if msgid:
                    found[msgid] = f"{path.relative_to(ROOT)}"
    return found


def _ui_msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in (ROOT / "forms").rglob("*.ui"):
        for node in ET.parse(path).iter("string"):
            if node.text and node.get("notr") != "true" and re.search(r"[^\W\d_]", node.text):
                found[node.text] = f"{path.relative_to(ROOT)}"
    return found


def _english() -> dict[str, object]:
    table: dict[str, object] = {}
    for path in sorted((ROOT / "resources/locale/en/LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            for msg in read_po(fh, locale="en"):
                if msg.id:
                    key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
                    table[key] = msg.string
    return table


def test_every_message_has_an_english_translation_with_the_same_placeholders():
    english = _english()
    problems = []
    for msgid, where in {**_python_msgids(), **_ui_msgids()}.items():
        translated = english.get(msgid)
        strings = translated if isinstance(translated, tuple) else (translated,)
        if not translated or not all(strings):
            problems.append(f"{where}: missing English for {msgid!r}")
            continue
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid)):
                problems.append(f"{where}: placeholders differ in {msgid!r}")
    assert not problems, "\n".join(problems)


def test_cli_version_runs_without_qt():
    env = {**os.environ, "CTXH_LANG": "vi"}
    out = subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0 and out.stdout.startswith("ctxh ")
