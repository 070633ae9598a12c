"""Journey fixtures: the application started as ``ctxh-desktop`` starts it, on an empty folder.

``start(journey)`` makes a fresh data folder, starts :class:`ctxh_desktop.app.Application` the way
:func:`ctxh_desktop.app.main` does (so the first-run wizard opens) and returns a
:class:`~journey_user.User` driving it. ``files`` answers the file dialogs (a person would type the path):
``files.answer(path)`` before the click that opens one. Nothing else is patched.

``CTXH_JOURNEY_LANG=en`` runs every journey in English; ``CTXH_JOURNEY_SHOTS=<folder>`` saves a
picture of every step under ``<folder>/<journey>/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from ctxh_desktop.ui.build_forms import build_forms

build_forms()

LANG = os.environ.get("CTXH_JOURNEY_LANG", "vi")


@pytest.fixture(scope="session")
def desktop(qapp):
    """The QApplication dressed as :func:`ctxh_desktop.app.main` dresses it."""
    from ctxh_desktop.app import dress

    dress(qapp)
    return qapp


class Files:
    """Answers to the file dialogs, in the order they open (each answer is used once)."""

    def __init__(self) -> None:
        self.answers: list[str | list[str]] = []
        self.asked: list[tuple[str, str]] = []

    def answer(self, path: str | Path | list) -> None:
        """The path (or, for a multiple choice, the paths) typed in the next file dialog."""
        self.answers.append([str(p) for p in path] if isinstance(path, list) else str(path))

    def _next(self, kind: str, title: str) -> str | list[str]:
        self.asked.append((kind, title))
        assert self.answers, f"a file dialog «{title}» opened with no answer prepared"
        return self.answers.pop(0)

    def patch(self, monkeypatch) -> None:
        from PySide6.QtWidgets import QFileDialog

        def save(parent=None, title="", folder="", filters="", *args, **kwargs):
            return self._next("save", title), ""

        def open_one(parent=None, title="", folder="", filters="", *args, **kwargs):
            return self._next("open", title), ""

        def open_many(parent=None, title="", folder="", filters="", *args, **kwargs):
            return self._next("open-many", title), ""

        def folder(parent=None, title="", start="", *args, **kwargs):
            return self._next("folder", title)

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_one))
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_many))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))


@pytest.fixture
def files(monkeypatch):
    """``files.answer(path)``: what the next file dialog returns."""
    answers = Files()
    answers.patch(monkeypatch)
    yield answers
    assert not answers.answers, f"file dialog answers left unused: {answers.answers}"


@pytest.fixture
def start(desktop, qtbot, files, monkeypatch, tmp_path):
    """``start(journey, who="")``: a new application on an empty folder, its wizard open."""
    from journey_user import SCREEN, User

    from ctxh_desktop import i18n
    from ctxh_desktop.app import Application, parse_args

    started: list = []

    def _start(journey: str, who: str = "") -> User:
        """``who`` names the person when a journey has several (an office and its communes)."""
        home = tmp_path / (who or f"home-{len(started)}")
        home.mkdir()
        monkeypatch.setenv("CTXH_HOME", str(home))
        i18n.set_language("vi")  # a fresh install starts in Vietnamese; the wizard switches
        app = Application(parse_args([]), desktop)
        started.append(app)
        app.window.resize(*SCREEN)
        app.window.show()
        assert app.start()
        assert app.wizard is not None, "the first-run wizard did not open on an empty folder"
        qtbot.waitExposed(app.wizard)
        return User(qtbot, app, journey, files, who)

    def _again(user: User) -> User:
        """Close ``user``'s program and start it again on the same folder, as a person does the
        next morning (no wizard: it asks which database to open)."""
        user.app.shutdown()
        app = Application(parse_args([]), desktop)
        started.append(app)
        app.window.resize(*SCREEN)
        app.window.show()
        return User(qtbot, app, user.journey, files, user.who)

    _start.again = _again
    yield _start
    for app in reversed(started):
        if app.wizard is not None:
            app.wizard.hide()
        app.shutdown()


@pytest.fixture
def lang() -> str:
    """The language the journeys run in (``CTXH_JOURNEY_LANG``, Vietnamese by default)."""
    return LANG
