"""About: what the application is, versions of its parts, and its licences."""

from __future__ import annotations

import platform
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QWidget

from ctxh_desktop import __version__
from ctxh_desktop.i18n import _
from ctxh_desktop.paths import resource_path
from ctxh_desktop.ui.forms.dialogs.ui_about import Ui_AboutDialog

LICENCES = (
    ("CTXH Desktop", "GPL-3.0-or-later"),
    ("Qt / PySide6", "LGPL-3.0"),
    ("SQLCipher (sqlcipher3)", "BSD-3-Clause / zlib"),
    ("sqlite-utils", "Apache-2.0"),
    ("ReportLab", "BSD"),
    ("Babel", "BSD-3-Clause"),
    ("cryptography", "Apache-2.0 / BSD"),
    ("pyrage", "MIT"),
    ("openpyxl", "MIT"),
    ("platformdirs", "MIT"),
    ("vietnam-provinces", "GPL-3.0-or-later"),
    ("Liberation Fonts", "SIL OFL 1.1"),
)


class AboutDialog(QDialog):
    """The Help → About window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_AboutDialog()
        self.form.setupUi(self)
        self.form.titleLabel.setProperty("role", "title")
        self.form.licenceTitle.setProperty("role", "section")
        self.form.versionsLabel.setText(
            _("Phiên bản {app} · Python {python} · Qt {qt} · PySide6 {pyside}").format(
                app=__version__,
                python=platform.python_version(),
                qt=qVersion(),
                pyside=pyside_version,
            )
        )
        rows = "".join(
            f"<tr><td>{escape(name)}</td><td style='padding-left:12px'>{escape(lic)}</td></tr>"
            for name, lic in LICENCES
        )
        note = escape(
            _(
                "Phần mềm tự do: bạn được sử dụng, sao chép, sửa đổi và phân phối lại theo giấy phép "
                "GNU GPL phiên bản 3 trở lên. Toàn văn giấy phép nằm trong tệp LICENSE."
            )
        )
        licence_file = resource_path("..", "LICENSE")
        extra = (
            f"<p><small>{escape(str(licence_file.resolve()))}</small></p>"
            if licence_file.exists()
            else ""
        )
        self.form.licenceText.setHtml(f"<p>{note}</p><table>{rows}</table>{extra}")
        self.form.buttonBox.rejected.connect(self.reject)
        self.form.buttonBox.accepted.connect(self.accept)
