"""The desktop application's entry point: arguments, language, font, session, main window.

``ctxh-desktop [--db PATH] [--lang vi|en] [--demo] [--screenshot PNG]``

The session is opened in the database worker thread (see :mod:`ctxh_desktop.ui.worker`); the
window appears at once and fills in as the answers arrive. ``--screenshot`` waits for the Home
page's figures, saves the window to a PNG and exits (0 on success, 2 when the database cannot be
opened, 1 otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from ctxh_desktop import __version__, i18n
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.paths import data_dir, resource_path

#: Families tried, in order, when the default font cannot show Vietnamese.
VIETNAMESE_FONTS = (
    "Segoe UI",
    "Noto Sans",
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "Tahoma",
    "Roboto",
)
SCREENSHOT_TIMEOUT_MS = 120_000
#: How often the window checks whether an automatic backup is due (every two hours of work).
BACKUP_CHECK_MS = 10 * 60_000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ctxh-desktop", description=_("Phần mềm công tác xã hội cấp xã")
    )
    parser.add_argument("--db", metavar="PATH", help=_("tệp cơ sở dữ liệu cần mở"))
    parser.add_argument(
        "--demo", action="store_true", help=_("mở một xã mẫu dùng thử (không lưu lại)")
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("ngôn ngữ giao diện"))
    parser.add_argument(
        "--screenshot", metavar="PNG", help=_("chụp cửa sổ chính ra tệp PNG rồi thoát")
    )
    parser.add_argument("--version", action="version", version=f"ctxh-desktop {__version__}")
    return parser.parse_args(argv)


def _last_db_file() -> Path:
    return data_dir() / "last_database.json"


def remember_database(path: Path | str) -> None:
    """Remember the database opened last (opened again at the next start)."""
    with contextlib.suppress(OSError):
        _last_db_file().write_text(json.dumps({"path": str(path)}, ensure_ascii=False), "utf-8")


def last_database() -> str | None:
    """The database opened last time, if it still exists."""
    try:
        path = json.loads(_last_db_file().read_text("utf-8")).get("path")
    except (OSError, ValueError):
        return None
    return path if path and Path(path).exists() else None


def known_databases() -> list[Path]:
    """Database files already in the data folder (a first start has none)."""
    return sorted(data_dir().glob("*.db"))


def choose_font(app) -> None:
    """Make sure the interface font can show Vietnamese (old Windows defaults sometimes cannot)."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    font = app.font()
    family = QFontInfo(font).family()
    if QFontDatabase.WritingSystem.Vietnamese in QFontDatabase.writingSystems(family):
        return
    available = set(QFontDatabase.families(QFontDatabase.WritingSystem.Vietnamese))
    for candidate in VIETNAMESE_FONTS:
        if candidate in available:
            chosen = QFont(candidate)
            chosen.setPointSizeF(max(font.pointSizeF(), 10.0))
            app.setFont(chosen)
            return


def dress(app) -> None:
    """The application's font (one that shows Vietnamese), style sheet and translator."""
    from ctxh_desktop.ui import translator
    from ctxh_desktop.ui.style import stylesheet

    choose_font(app)
    app.setStyleSheet(stylesheet())
    translator.install(app)


class Application:
    """Ties the worker, the window and the way the session is opened together."""

    def __init__(self, args: argparse.Namespace, app) -> None:
        from ctxh_desktop.ui.main_window import MainWindow
        from ctxh_desktop.ui.worker import Worker

        self.args = args
        self.app = app
        self.worker = Worker()
        self.window = MainWindow(self.worker)
        self.window.open_requested.connect(lambda: self.choose())
        self.window.demo_requested.connect(self.open_demo)
        self.exit_code = 0
        self._shut_down = False
        self._timer = None
        self.wizard = None
        if args.screenshot:
            self.window.data_loaded.connect(self._take_screenshot)
        else:
            self._start_backup_timer()

    def _own_database_open(self) -> bool:
        session = self.window.session
        return session is not None and session.temp_folder is None

    def _start_backup_timer(self) -> None:
        """Every few minutes, make the automatic backup that is due (every two hours of work)."""
        from PySide6.QtCore import QTimer

        from ctxh_desktop.ui.dialogs.backups import start_daily_backup

        def _tick() -> None:
            if self._own_database_open():
                start_daily_backup(self.worker, self.window._background_error)

        self._backup_timer = QTimer(self.window)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(_tick)
        self._backup_timer.start()

    # -- opening ----------------------------------------------------------------------------
    def start(self) -> bool:
        """Open what the arguments ask for; ``False`` when the user gave up."""
        args = self.args
        if args.demo:
            self.open_demo()
            return True
        if args.db:
            passphrase = os.environ.get("CTXH_PASSPHRASE")
            if passphrase is None:
                if args.screenshot:
                    self._fail(_("Cần biến môi trường CTXH_PASSPHRASE."), 2)
                    return False
                return self.choose(path=args.db)
            self.open_db(args.db, passphrase)
            return True
        if args.screenshot:
            self.open_demo()
            return True
        last = last_database()
        if last is None and not known_databases():
            self.first_run()
            return True
        return self.choose(path=last or "")

    def first_run(self) -> None:
        """No database yet: the first-run wizard creates one (or opens the demo / a file)."""
        from ctxh_desktop.ui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard(self.worker, self.window if self.window.isVisible() else None)
        self.wizard = wizard

        def _finished(result: int) -> None:
            self.wizard = None
            wizard.deleteLater()
            kind = wizard.choice[0] if wizard.choice else ""
            if kind == "created":
                from ctxh_desktop.ui.dialogs.backups import start_daily_backup

                remember_database(wizard.choice[1])
                self.window.set_session(self.worker.session)
                start_daily_backup(self.worker, self.window._background_error)
            elif kind == "demo":
                self.open_demo()
            elif kind == "open":
                if not self.choose() and self.window.session is None:
                    self.app.quit()
            elif result != wizard.DialogCode.Accepted or self.window.session is None:
                self.app.quit()

        wizard.finished.connect(_finished)
        wizard.open()

    def choose(self, path: str = "", error: str = "") -> bool:
        """Ask which database to open (and its passphrase), or the demo commune."""
        from ctxh_desktop.ui.dialogs.open_database import OpenDatabaseDialog

        dialog = OpenDatabaseDialog(path, error, self.window if self.window.isVisible() else None)
        if dialog.exec() != dialog.DialogCode.Accepted or not dialog.choice:
            return self.window.session is not None
        if dialog.choice[0] == "demo":
            self.open_demo()
        else:
            self.open_db(dialog.choice[1], dialog.choice[2])
        return True

    def open_demo(self) -> None:
        from ctxh_desktop.services.session import create_demo_session

        self._open(create_demo_session, scale="small")

    def open_db(self, path: str, passphrase: str) -> None:
        from ctxh_desktop.services.session import open_session

        self._open(open_session, path, passphrase, remember=path)

    def _open(self, opener, *args: Any, remember: str | None = None, **kwargs: Any) -> None:
        previous = self.window.session

        def _opened(session) -> None:
            if remember:
                remember_database(remember)
                if not self.args.screenshot:
                    self._sign_in(session, remember)
                    return
            self.window.set_session(session)

        def _failed(exc: Exception) -> None:
            from ctxh_desktop.core.errors import UserError
            from ctxh_desktop.ui.common import error_text

            if self.args.screenshot:
                self._fail(error_text(exc), 2 if isinstance(exc, UserError) else 1)
                return
            if remember and self.offer_restore(exc, remember, args[1] if len(args) > 1 else ""):
                return
            if not self.choose(path=remember or "", error=error_text(exc)) and previous is None:
                self.app.quit()

        if previous is not None:
            self.worker.call(lambda session: session.close())
        self.window.session = None
        self.worker.open(opener, *args, on_done=_opened, on_error=_failed, **kwargs)

    def offer_restore(self, exc: Exception, path: str, passphrase: str) -> bool:
        """A damaged database: offer to restore its newest backup, then open it again."""
        from PySide6.QtWidgets import QMessageBox

        from ctxh_desktop.core.errors import DamagedDatabase
        from ctxh_desktop.services import backups
        from ctxh_desktop.ui.dialogs.backups import contents_text

        if not isinstance(exc, DamagedDatabase):
            return False
        if not backups.backups_of(path):
            return False

        def _ask(found: list) -> None:
            newest = found[0]
            when = newest["at"].strftime("%d/%m/%Y %H:%M") if newest["at"] else newest["path"].name
            answer = QMessageBox.question(
                self.window if self.window.isVisible() else None,
                _("Dữ liệu bị hỏng"),
                ngettext(
                    "{message}\n\nCó {n} bản sao lưu; bản mới nhất lúc {when} ({held}).\n"
                    "{loss}\n\nKhôi phục từ bản sao lưu này? Tệp hỏng được giữ lại bên cạnh.",
                    "{message}\n\nCó {n} bản sao lưu; bản mới nhất lúc {when} ({held}).\n"
                    "{loss}\n\nKhôi phục từ bản sao lưu này? Tệp hỏng được giữ lại bên cạnh.",
                    len(found),
                ).format(
                    message=str(exc),
                    n=len(found),
                    when=when,
                    held=contents_text(newest["contents"]),
                    loss=backups.loss_warning(newest["at"]),
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                if not self.choose(path=path):
                    self.app.quit()
                return
            self.worker.run(
                backups.restore,
                path,
                newest["path"],
                passphrase,
                on_done=_restored,
                on_error=_not_restored,
            )

        def _restored(_epoch) -> None:
            self.open_db(path, passphrase)

        def _not_restored(error: Exception) -> None:
            from ctxh_desktop.ui.common import error_text

            if not self.choose(path=path, error=error_text(error)):
                self.app.quit()

        self.worker.run(
            backups.describe_backups_of, path, passphrase, on_done=_ask, on_error=_not_restored
        )
        return True

    def _sign_in(self, session, path: str) -> None:
        """Ask who is working when the database has accounts; then show it and back it up daily."""
        from ctxh_desktop.ui.dialogs.backups import start_daily_backup
        from ctxh_desktop.ui.dialogs.login import sign_in

        def _ready(_user) -> None:
            self.window.set_session(session)
            start_daily_backup(self.worker, self.window._background_error)

        def _cancelled() -> None:
            self.worker.call(lambda s: s.close())
            self.window.session = None
            if not self.choose(path=path) and self.window.session is None:
                self.app.quit()

        sign_in(self.worker, self.window if self.window.isVisible() else None, _ready, _cancelled)

    # -- screenshot mode --------------------------------------------------------------------
    def _take_screenshot(self) -> None:
        from PySide6.QtCore import QTimer

        # Let the layout settle after the last figures arrived, then draw.
        QTimer.singleShot(200, self._save_screenshot)

    def _save_screenshot(self) -> None:
        path = Path(self.args.screenshot)
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = self.window.grab().save(str(path))
        if not ok:
            self._fail(_("Không ghi được ảnh {path}.").format(path=path), 1)
            return
        self.exit_code = 0
        peak = peak_rss_kb()
        if peak is not None:
            timing_mark(f"peak_rss_kb {peak}")
        self.app.quit()

    def _fail(self, message: str, code: int) -> None:
        print(message, file=sys.stderr)
        self.exit_code = code
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self.app.quit)

    def arm_timeout(self) -> None:
        from PySide6.QtCore import QTimer

        def _timeout() -> None:
            self._fail(_("Hết thời gian chờ dữ liệu."), 1)

        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, _timeout)

    def shutdown(self) -> None:
        """Back up the database at the end of work, then close it and the window (once)."""
        from ctxh_desktop.services import backups

        if self._shut_down:
            return
        self._shut_down = True
        if self._own_database_open() and not self.args.screenshot:
            self.worker.call(backups.backup_at_close, on_error=_log_backup_failure)
            self.worker.wait_idle()
        self.worker.shutdown()
        self.window.set_session(None)
        self.window.close()
        self.window.deleteLater()


def _log_backup_failure(exc: Exception) -> None:
    """The backup at close failed: the program still closes; the log says so (no personal data)."""
    import logging

    logging.getLogger("ctxh.backup").warning("backup at close failed: %s", type(exc).__name__)


def peak_rss_kb() -> int | None:
    """This program's peak resident memory in KiB (Linux ``VmHWM``; elsewhere ``ru_maxrss``).

    ``ru_maxrss`` survives ``exec``: a program started by a large process would report the
    parent's memory at the fork, which ``VmHWM`` (reset with the new address space) does not."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    if sys.platform == "win32":
        return None
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def timing_mark(event: str) -> None:
    """With ``CTXH_TIMINGS=1``, print a marker line the benchmark timestamps (stderr, flushed)."""
    if os.environ.get("CTXH_TIMINGS") == "1":
        print(f"ctxh-timing {event}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the desktop application; returns the process exit code."""
    args = parse_args(argv)
    from ctxh_desktop import logs
    from ctxh_desktop.files import set_private_umask

    set_private_umask()  # databases, keys, backups, bundles and logs: their owner's alone
    logs.setup("ctxh-desktop")
    logs.install_excepthook()
    lang = args.lang or os.environ.get("CTXH_LANG") or i18n.DEFAULT_LANGUAGE
    i18n.set_language(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)

    from ctxh_desktop.ui.build_forms import build_forms

    build_forms()

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CTXH Desktop")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    dress(app)

    application = Application(args, app)
    try:
        if args.screenshot:
            application.window.resize(1280, 800)
            application.window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            application.window.show()
            application.arm_timeout()
        else:
            application.window.resize(1280, 800)
            application.window.show()
        timing_mark("window_shown")
        application.window.data_loaded.connect(lambda: timing_mark("data_loaded"))
        if not application.start():
            return application.exit_code
        code = app.exec()
        return application.exit_code or code
    finally:
        application.shutdown()


__all__ = ["main"]
