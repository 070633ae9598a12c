"""Typing the start of a fingerprint before a config or enrolment file is installed.

The person reads the fingerprint from the sender's stamped letter and types all its 20
characters (dashes, spaces and case do not matter). The dialog hands the typed text to
``submit(typed, on_done, on_error)``, which queues the service call; the service compares the
fingerprints and installs nothing when they differ. The dialog stays open on a refusal and shows
the service's Vietnamese sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.services import exchange
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.forms.dialogs.ui_fingerprint import Ui_FingerprintDialog

MIN_TYPED = exchange.FINGERPRINT_LENGTH

Submit = Callable[[str, Callable[[Any], None], Callable[[Exception], None]], None]


def typed_characters(text: str) -> str:
    """Letters and digits only, upper-case (what is compared with the fingerprint)."""
    return "".join(ch for ch in (text or "").upper() if ch.isascii() and ch.isalnum())


class FingerprintDialog(QDialog):
    """Shows what is being installed and asks for the first characters of its fingerprint."""

    def __init__(
        self, subject_html: str, submit: Submit, parent: QWidget | None = None, title: str = ""
    ) -> None:
        super().__init__(parent)
        self.form = Ui_FingerprintDialog()
        self.form.setupUi(self)
        if title:
            self.setWindowTitle(title)
        self._submit = submit
        self.result_value: Any = None
        self.busy = False
        f = self.form
        f.subjectLabel.setText(subject_html)
        show_error(f.errorLabel, None)
        f.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(_("Kiểm tra và cài đặt"))
        f.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        f.buttonBox.accepted.connect(self.check)
        f.buttonBox.rejected.connect(self.reject)
        f.fingerprintEdit.textChanged.connect(lambda _t: show_error(f.errorLabel, None))
        f.fingerprintEdit.setFocus()

    def check(self) -> None:
        """Check the typed characters (here for their number, in the service for their match)."""
        if self.busy:
            return
        typed = self.form.fingerprintEdit.text()
        if len(typed_characters(typed)) < MIN_TYPED:
            show_error(
                self.form.errorLabel,
                _("Hãy gõ đủ {n} ký tự của dấu vân tay.").format(n=MIN_TYPED),
            )
            return
        self._set_busy(True)
        self._submit(typed, self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.form.buttonBox.setEnabled(not busy)

    def _done(self, value: Any) -> None:
        self._set_busy(False)
        self.result_value = value
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        show_error(self.form.errorLabel, error_text(exc))
        self.form.fingerprintEdit.selectAll()
        self.form.fingerprintEdit.setFocus()
