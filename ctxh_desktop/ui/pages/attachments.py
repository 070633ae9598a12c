"""The "Tệp đính kèm" section of a case or a person: the files with a thumbnail (the image
scaled, or a PDF's first page rendered by pdfium), and buttons to attach, view, save a copy,
mark for the office and remove. Everything goes through ``services.attachments``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdfium2 import PdfiumError
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ctxh_desktop.core import attachments as rules
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_datetime
from ctxh_desktop.services import attachments
from ctxh_desktop.ui.common import error_text, show_error
from ctxh_desktop.ui.flow_layout import FlowLayout

THUMB = 64
#: The most thumbnails drawn for one list (each reads its file).
MAX_THUMBS = 12
_FILTER = N_("Ảnh và PDF (*.jpg *.jpeg *.png *.pdf);;Mọi tệp (*)")


def thumbnail(data: bytes, mime: str, size: int = THUMB) -> QPixmap | None:
    """A small picture of a file: the image scaled, a PDF's first page, or ``None``."""
    if mime == rules.PDF:
        from ctxh_desktop.ui.pdf_preview import opened, render_page

        try:
            with opened(data) as doc:
                page = doc[0]
                image = render_page(page, size / max(page.get_size()))
        except (PdfiumError, IndexError):  # a damaged or empty PDF gets the file icon
            return None
    else:
        image = QImage.fromData(data)
    if image.isNull():
        return None
    return QPixmap.fromImage(image).scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _line(row: dict[str, Any], with_case: bool) -> str:
    kind = {rules.JPEG: "JPEG", rules.PNG: "PNG", rules.PDF: "PDF"}[row["mime"]]
    parts = [kind, rules.size_text(row["size"])]
    if with_case and row.get("case_code"):
        parts.append(_("ca {code}").format(code=row["case_code"]))
    if row.get("decision") in rules.DECISIONS:
        label = rules.DECISIONS[row["decision"]]
        parts.append(_(label))
    if row.get("for_office"):
        parts.append(_("gửi văn phòng") if row.get("shared") else _("chờ người dân đồng ý"))
    when = format_datetime(str(row.get("created_at") or "")[:16]) if row.get("created_at") else ""
    return f"{row.get('title') or ''}\n{' · '.join(parts)}" + (f"\n{when}" if when else "")


class AttachmentViewer(QDialog):
    """An attachment shown whole in the program (no copy written to disk)."""

    def __init__(self, title: str, data: bytes, mime: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if mime == rules.PDF:
            from ctxh_desktop.ui.pdf_preview import PdfView

            view = PdfView(self)
            view.set_pdf(data)
        else:
            view = QScrollArea(self)
            picture = QLabel()
            picture.setPixmap(QPixmap.fromImage(QImage.fromData(data)))
            view.setWidget(picture)
        view.setAccessibleName(_("Nội dung tệp đính kèm"))
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 640)


class AttachmentsSection(QWidget):
    """The section, shown for one case (``show_for(case_id=…)``) or person (``person_id=…``)."""

    def __init__(self, worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsSection")
        self.worker = worker
        self.owner: dict[str, str] = {}
        self.editable = False
        self.rows: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(_("Tệp đính kèm"))
        self.title.setProperty("role", "section")
        layout.addWidget(self.title)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Danh sách tệp đính kèm"))
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setWordWrap(True)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.view())
        layout.addWidget(self.list)
        self.empty = QLabel(_("Chưa có tệp nào."))
        layout.addWidget(self.empty)
        buttons = FlowLayout()
        self.add_button = self._button(_("Thêm tệp…"), _("Thêm tệp đính kèm"), self.add)
        self.view_button = self._button(_("Xem"), _("Xem tệp đính kèm"), self.view)
        self.save_button = self._button(_("Lưu bản sao…"), _("Lưu bản sao tệp"), self.save_copy)
        self.remove_button = self._button(_("Xóa tệp…"), _("Xóa tệp đính kèm"), self.remove)
        for button in (self.add_button, self.view_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        for button in (self.add_button, self.remove_button):
            button.setProperty("needs", "edit")
        layout.addLayout(buttons)
        self.office_check = QCheckBox(_("Gửi văn phòng"))
        self.office_check.setAccessibleName(_("Gửi tệp đã chọn lên văn phòng"))
        self.office_check.setToolTip(
            _("Tệp chỉ gửi lên văn phòng khi người này đã đồng ý chia sẻ thông tin.")
        )
        self.office_check.clicked.connect(self.mark_for_office)
        self.office_check.setProperty("needs", "edit")
        layout.addWidget(self.office_check)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Lỗi tệp đính kèm"))
        show_error(self.error, None)
        layout.addWidget(self.error)
        self.dialog: QDialog | None = None
        self._selection_changed()

    @classmethod
    def placed(cls, worker, layout, after: QWidget) -> AttachmentsSection:
        """A section put in a page's detail ``layout`` just below the widget ``after``."""
        section = cls(worker)
        layout.insertWidget(layout.indexOf(after) + 1, section)
        section.hide()
        return section

    def show_case(self, case: dict[str, Any] | None, read_only: bool = False) -> None:
        """The files of ``case`` (``None``: the section hides)."""
        editable = bool(case and case.get("editable")) and not read_only
        self.show_for(editable=editable, case_id=(case or {}).get("id"))

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    # -- showing ----------------------------------------------------------------------------
    def show_for(self, *, editable: bool, **owner: str) -> None:
        """Show the files of ``case_id=…`` or ``person_id=…`` (nothing when neither is given)."""
        self.owner = {k: v for k, v in owner.items() if v}
        self.editable = editable
        self.retranslate()
        self.setVisible(bool(self.owner))
        self.list.clear()
        self.rows = []
        show_error(self.error, None)
        if self.owner:
            self.reload()

    def reload(self) -> None:
        """Read the list again (after a change)."""
        self.worker.call(
            attachments.list_attachments, **self.owner, on_done=self._fill, on_error=self._failed
        )

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.list.clear()
        pdf_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for i, row in enumerate(rows):
            item = QListWidgetItem(pdf_icon, _line(row, "person_id" in self.owner))
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            item.setData(Qt.ItemDataRole.AccessibleTextRole, row.get("title") or "")
            self.list.addItem(item)
            if i < MAX_THUMBS:
                self.worker.call(
                    attachments.attachment_content,
                    row["id"],
                    on_done=lambda data, it=item, m=row["mime"]: self._thumb(it, data, m),
                )
        self.list.setFixedHeight(min(len(rows), 3) * (THUMB + 12) + 6)
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._selection_changed()

    def _thumb(self, item: QListWidgetItem, data: bytes, mime: str) -> None:
        picture = thumbnail(data, mime)
        if picture is not None and item.listWidget() is self.list:
            item.setIcon(QIcon(picture))

    def selected(self) -> dict[str, Any] | None:
        """The attachment chosen in the list, or ``None``."""
        items = self.list.selectedItems()
        if not items:
            return None
        chosen = items[0].data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r["id"] == chosen), None)

    def _selection_changed(self) -> None:
        row = self.selected()
        self.add_button.setEnabled(self.editable)
        for button in (self.view_button, self.save_button):
            button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None and self.editable)
        self.office_check.setEnabled(row is not None and self.editable)
        self.office_check.setChecked(bool(row and row.get("for_office")))

    def _failed(self, exc: Exception) -> None:
        show_error(self.error, error_text(exc))

    # -- actions ----------------------------------------------------------------------------
    def add(self) -> None:
        """Choose a file, then its title, decision and whether it goes to the office."""
        name, _filter = QFileDialog.getOpenFileName(self, _("Chọn tệp đính kèm"), "", _(_FILTER))
        if not name:
            return
        if "case_id" in self.owner:
            self.worker.call(
                attachments.decision_choices,
                self.owner["case_id"],
                on_done=lambda choices: self._ask(Path(name), choices),
                on_error=self._failed,
            )
        else:
            self._ask(Path(name), {})

    def _ask(self, path: Path, decisions: dict[str, str]) -> None:
        from ctxh_desktop.ui.dialogs.attach_file import AttachFileDialog

        self.dialog = AttachFileDialog(self.worker, path, self.owner, decisions, self)
        self.dialog.saved.connect(lambda _row: self.reload())
        self.dialog.open()

    def view(self) -> None:
        """Show the chosen file whole."""
        row = self.selected()
        if row is None:
            return

        def show(data: bytes) -> None:
            self.dialog = AttachmentViewer(row.get("title") or "", data, row["mime"], self)
            self.dialog.open()

        self.worker.call(
            attachments.attachment_content, row["id"], on_done=show, on_error=self._failed
        )

    def save_copy(self) -> None:
        """Write a copy of the chosen file where the user says."""
        row = self.selected()
        if row is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Lưu bản sao tệp"), row.get("file_name") or "", _(_FILTER)
        )
        if name:
            self.worker.call(
                attachments.save_copy,
                row["id"],
                name,
                on_done=lambda path: show_error(self.error, None),
                on_error=self._failed,
            )

    def mark_for_office(self, checked: bool) -> None:
        """Mark the chosen file to go to the office, or not."""
        row = self.selected()
        if row is not None:
            self.worker.call(
                attachments.set_for_office,
                row["id"],
                checked,
                on_done=lambda _row: self.reload(),
                on_error=self._failed,
            )

    def remove(self) -> None:
        """Remove the chosen file, after a question."""
        from PySide6.QtWidgets import QMessageBox

        row = self.selected()
        if row is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Xóa tệp đính kèm"),
            _("Xóa tệp «{title}»? Tệp bị xóa khỏi cơ sở dữ liệu; nhật ký ghi lại ai xóa.").format(
                title=row.get("title") or ""
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(_("Xóa"))
        box.button(QMessageBox.StandardButton.No).setText(_("Không"))
        yes.clicked.connect(
            lambda: self.worker.call(
                attachments.remove_attachment,
                row["id"],
                on_done=lambda _r: self.reload(),
                on_error=self._failed,
            )
        )
        self.dialog = box
        box.open()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Texts again in the current language."""
        self.title.setText(_("Tệp đính kèm"))
        self.empty.setText(_("Chưa có tệp nào."))
        for button, text in (
            (self.add_button, _("Thêm tệp…")),
            (self.view_button, _("Xem")),
            (self.save_button, _("Lưu bản sao…")),
            (self.remove_button, _("Xóa tệp…")),
        ):
            button.setText(text)
        self.office_check.setText(_("Gửi văn phòng"))


__all__ = ["AttachmentsSection", "thumbnail"]
