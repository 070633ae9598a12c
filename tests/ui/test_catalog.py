"""Every Vietnamese text of the GUI (Python and .ui forms) has an English translation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from ui_shots import shot

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def gui_messages() -> set[str]:
    """Msgids used by the GUI: ``_()``/``N_()`` in ui/ and app.py, and the forms' strings."""
    found: set[str] = set()
    sources = [
        *sorted((ROOT / "ctxh_desktop" / "ui").rglob("*.py")),
        ROOT / "ctxh_desktop" / "app.py",
    ]
    for path in sources:
        if "forms" in path.relative_to(ROOT / "ctxh_desktop").parts:
            continue
        for _lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "N_": None}
        ):
            if isinstance(message, str) and message:
                found.add(message)
    for path in sorted((ROOT / "forms").rglob("*.ui")):
        for node in ET.parse(path).iter("string"):
            if node.text and node.get("notr") != "true" and not node.text.isdigit():
                found.add(node.text)
    return found


def english() -> dict[str, str]:
    table = {}
    for path in sorted((ROOT / "resources" / "locale" / "en" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            for msg in read_po(fh):
                if msg.id and msg.string:
                    table[str(msg.id)] = str(msg.string)
    return table


def test_every_gui_text_has_english_with_the_same_placeholders():
    table = english()
    missing = sorted(m for m in gui_messages() if m not in table)
    assert not missing, missing
    for message in gui_messages():
        assert set(PLACEHOLDER.findall(message)) == set(PLACEHOLDER.findall(table[message])), (
            message
        )


def test_qt_own_strings_have_vietnamese():
    from ctxh_desktop.ui.translator import load_qt_vi

    table = load_qt_vi()
    for source in ("OK", "Cancel", "&Yes", "&No", "Save", "Close", "&Undo", "&Copy", "Select All"):
        assert table.get(source), source


def test_the_print_dialog_speaks_vietnamese(gui_app, qtbot):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    options = next(b for b in dialog.findChildren(QAbstractButton) if "Tùy chọn" in b.text())
    qtbot.mouseClick(options, Qt.MouseButton.LeftButton)
    texts = {w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)}
    texts |= {g.title() for g in dialog.findChildren(QGroupBox)}
    for english in ("Printer", "&Name:", "P&roperties", "&Print", "Copies", "Print range"):
        assert english not in texts, english
    assert {"&In", "Máy in", "&Tên:", "Số bản:", "Phạm vi in"} <= texts, texts
    dialog.adjustSize()
    shot(dialog, "print_dialog_vi")
    dialog.reject()
