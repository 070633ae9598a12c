"""The house rules: layers, Qt-free core, lint, types, and a complete English catalog."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
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


def test_type_checker_finds_nothing():
    """mypy, configured in pyproject.toml, over everything but the window (ui/ and app.py)."""
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"ctxh-mypy-{digest}"
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def _sources(skip: tuple[str, ...]) -> Iterator[tuple[str, ast.Module]]:
    """``(path under the package, syntax tree)`` of each module, but those whose path starts with
    one of ``skip``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith(skip):
            continue
        yield where, ast.parse(path.read_text(encoding="utf-8"))


BROAD = {"Exception", "BaseException"}


def _catches_everything(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(k is None or (isinstance(k, ast.Name) and k.id in BROAD) for k in kinds)


def _passes_it_on(handler: ast.ExceptHandler) -> bool:
    """Re-raised, or written to the log (a call to ``log…`` or a logger's level method)."""
    for node in ast.walk(handler):
        if isinstance(node, ast.Raise) and node.exc is None:
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("log") or name in {"debug", "info", "warning", "error", "exception"}:
                return True
    return False


SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.S)
STORE_SQL_CALLS = {"scalar", "records", "execute", "executemany"}


def test_sql_is_written_only_in_storage():
    """The window, the command line and the services reach the database through storage/."""
    found = []
    for where, tree in _sources(skip=("storage/", "core/", "sync/", "reports/", "demo/")):
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if SQL.search(node.value):
                    found.append(f"{where}:{node.lineno} SQL text")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in STORE_SQL_CALLS
                and "store" in ast.unparse(node.func.value)
            ):
                found.append(f"{where}:{node.lineno} {ast.unparse(node.func)}")
    assert not found, "SQL outside storage/:\n" + "\n".join(found)


def test_no_handler_swallows_every_error_unlogged():
    problems = []
    for where, tree in _sources(skip=("ui/forms/",)):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ExceptHandler)
                and _catches_everything(node)
                and not _passes_it_on(node)
            ):
                problems.append(f"ctxh_desktop/{where}:{node.lineno}")
    assert not problems, "catch-all handlers that neither re-raise nor log:\n" + "\n".join(problems)


def _public_functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in tree.body:
        members = node.body if isinstance(node, ast.ClassDef) else [node]
        if isinstance(node, ast.ClassDef) and node.name.startswith("_"):
            continue
        for member in members:
            if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef) and (
                not member.name.startswith("_")
            ):
                yield member


def test_public_functions_outside_the_window_have_docstrings():
    missing = []
    for where, tree in _sources(skip=("ui/", "app.py", "__main__.py")):
        missing += [
            f"ctxh_desktop/{where}:{f.lineno} {f.name}"
            for f in _public_functions(tree)
            if not ast.get_docstring(f)
        ]
    assert not missing, "public functions without a docstring:\n" + "\n".join(missing)


def test_ruff_finds_nothing():
    out = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


#: ``_('…')`` with single quotes: the form a message takes inside a double-quoted f-string.
IN_FSTRING = re.compile(r"\b_\('([^'\\]+)'\)")


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
        # Python 3.11 reads an f-string as one token, so babel misses a message inside one.
        for msgid in IN_FSTRING.findall(path.read_text(encoding="utf-8")):
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
