"""People: search as you type over a lazy table, a detail panel, add and edit."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QItemSelection, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_date, format_number
from ctxh_desktop.services import people
from ctxh_desktop.ui.common import add_beside, code_label, error_text
from ctxh_desktop.ui.forms.pages.ui_people import Ui_PeoplePage
from ctxh_desktop.ui.pages.attachments import AttachmentsSection
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.table_model import Column, LazyTableModel, size_columns

SEARCH_DELAY_MS = 150


def columns() -> list[Column]:
    """The people table's columns."""
    return [
        Column("full_name", N_("Họ và tên")),
        Column("gender", N_("Giới tính"), lambda r: code_label("genders", r.get("gender"))),
        Column(
            "birth_date", N_("Ngày sinh"), lambda r: format_date(r.get("birth_date")), whole=True
        ),
        Column("phone", N_("Điện thoại"), whole=True),
        Column("id_number", N_("Số CCCD"), whole=True),
        Column("address_detail", N_("Địa chỉ")),
        Column(
            "household_status",
            N_("Hộ gia đình"),
            lambda r: code_label("household_statuses", r.get("household_status")),
        ),
    ]


#: Detail panel rows: (key, Vietnamese label, code list or None).
DETAIL_FIELDS = (
    ("gender", N_("Giới tính"), "genders"),
    ("birth_date", N_("Ngày sinh"), None),
    ("ethnicity", N_("Dân tộc"), "ethnicities"),
    ("id_number", N_("Số CCCD"), None),
    ("phone", N_("Điện thoại"), None),
    ("address_detail", N_("Địa chỉ"), None),
    ("household_status", N_("Hộ gia đình"), "household_statuses"),
    ("disability_level", N_("Mức độ khuyết tật"), "disability_levels"),
    ("assistance_category", N_("Diện trợ giúp xã hội"), "assistance_categories"),
    ("guardian_name", N_("Người giám hộ"), None),
    ("guardian_phone", N_("SĐT người giám hộ"), None),
    ("target_groups", N_("Nhóm đối tượng"), "target_groups"),
    ("notes", N_("Ghi chú"), None),
)


def person_html(person: dict[str, Any]) -> str:
    """The detail panel's text for one person."""
    rows = []
    for key, label, list_name in DETAIL_FIELDS:
        value = person.get(key)
        if value in (None, "", []):
            continue
        if key == "birth_date":
            text = format_date(value)
        elif isinstance(value, list):
            text = ", ".join(code_label(list_name, v) for v in value)
        elif list_name:
            text = code_label(list_name, value)
        else:
            text = str(value)
        rows.append(
            f"<tr><td style='color:#5f6b7a;padding-right:10px'>{escape(_(label))}</td>"
            f"<td>{escape(text)}</td></tr>"
        )
    consent = _("Có") if person.get("consent_share") else _("Không")
    rows.append(
        f"<tr><td style='color:#5f6b7a;padding-right:10px'>{escape(_('Đồng ý chia sẻ'))}</td>"
        f"<td>{escape(consent)}</td></tr>"
    )
    return (
        f"<p style='font-size:15pt;font-weight:600'>{escape(person.get('full_name') or '')}</p>"
        f"<table cellspacing='3'>{''.join(rows)}</table>"
    )


class PeoplePage(Page):
    """The people register."""

    form_class = Ui_PeoplePage
    changed = Signal()
    case_opened = Signal(dict)  # a case opened from here (intake), to show on the Cases page

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        f.titleLabel.setProperty("role", "title")
        f.detailTitle.setProperty("role", "section")
        f.detailArea.setProperty("role", "detail")
        self.model = LazyTableModel(
            worker, columns(), people.list_people, people.count_people, self
        )
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(lambda exc: f.countLabel.setText(error_text(exc)))
        f.table.setModel(self.model)
        size_columns(f.table, (220, 80, 95, 110, 120, 220))
        f.table.verticalHeader().setDefaultSectionSize(26)
        f.table.verticalHeader().hide()
        f.splitter.setStretchFactor(0, 3)
        f.splitter.setStretchFactor(1, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        f.searchEdit.textChanged.connect(lambda _text: self._timer.start())
        f.table.selectionModel().selectionChanged.connect(self._selected)
        f.table.doubleClicked.connect(lambda _index: self.edit_person())
        f.addButton.clicked.connect(self.add_person)
        f.editButton.clicked.connect(self.edit_person)
        self.import_button = QPushButton(_("Nhập danh sách từ Excel…"), self)
        self.import_button.setProperty("needs", "edit")
        f.toolbarLayout.insertWidget(f.toolbarLayout.indexOf(f.editButton) + 1, self.import_button)
        self.import_button.clicked.connect(self.import_list)
        self.intake_button = QPushButton(_("Ghi nhận ca mới…"), self)
        self.intake_button.setObjectName("intakeButton")
        self.intake_button.setAccessibleName(_("Ghi nhận ca mới cho người đang chọn"))
        self.intake_button.setProperty("needs", "edit")
        self.intake_button.setEnabled(False)
        f.toolbarLayout.insertWidget(f.toolbarLayout.indexOf(f.editButton) + 1, self.intake_button)
        self.intake_button.clicked.connect(self.record_case)
        self.remove_button = QPushButton(_("Xóa…"), self)
        self.remove_button.setAccessibleName(_("Xóa người đang chọn"))
        self.remove_button.setProperty("needs", "edit")
        self.remove_button.setEnabled(False)
        add_beside(f.editButton, self.remove_button)
        self.remove_button.clicked.connect(self.remove_person)
        self.current: dict[str, Any] | None = None
        self._query = None
        self.attachments = AttachmentsSection.placed(worker, f.detailLayout, f.detailText)

    # -- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self._query = self.form.searchEdit.text().strip()
        self.model.set_filters(query=self._query)
        self._show_person(None)

    def _search(self) -> None:
        query = self.form.searchEdit.text().strip()
        if query != self._query:
            self._query = query
            self.model.set_filters(query=query)
            self._show_person(None)

    @property
    def idle(self) -> bool:
        """The table shows the answer to what is typed (tests and screenshots wait on this)."""
        return (
            not self._timer.isActive()
            and self._query == self.form.searchEdit.text().strip()
            and self.model.idle
        )

    def _update_count(self) -> None:
        total = self.model.total
        if total is None:
            self.form.countLabel.setText("")
        else:
            self.form.countLabel.setText(
                ngettext("{n} người", "{n} người", total).format(n=format_number(total))
            )

    # -- details ----------------------------------------------------------------------------
    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.form.table.selectionModel().selectedRows()
        row = self.model.row_data(rows[0].row()) if rows else None
        self.form.editButton.setEnabled(row is not None)
        if row is None:
            self._show_person(None)
            return
        self.worker.call(people.get_person, row["id"], on_done=self._show_person)

    def _show_person(self, person: dict[str, Any] | None) -> None:
        self.current = person
        self.form.editButton.setEnabled(person is not None)
        self.intake_button.setEnabled(person is not None)
        self.remove_button.setEnabled(person is not None)
        self.attachments.show_for(editable=True, person_id=(person or {}).get("id"))
        if person is None:
            self.form.detailText.setText(_("Chọn một người trong danh sách để xem chi tiết."))
        else:
            self.form.detailText.setText(person_html(person))

    # -- editing ----------------------------------------------------------------------------
    def add_person(self) -> None:
        from ctxh_desktop.ui.dialogs.person_editor import PersonEditor

        dialog = PersonEditor(self.worker, None, self)
        self.open_editor(dialog, self._after_save)

    def edit_person(self) -> None:
        from ctxh_desktop.ui.dialogs.person_editor import PersonEditor

        if self.current is None:
            return
        dialog = PersonEditor(self.worker, self.current, self)
        self.open_editor(dialog, self._after_save)

    def _after_save(self, person: dict[str, Any]) -> None:
        self.model.reload()
        self._show_person(person)
        self.changed.emit()

    def record_case(self) -> None:
        """Record a report and open a case for the selected person (button "Ghi nhận ca mới…")."""
        from ctxh_desktop.ui.dialogs.intake import IntakeDialog

        if self.current is None:
            return
        dialog = IntakeDialog(self.worker, self.current, self)
        dialog.saved.connect(self.case_opened.emit)
        self.open_editor(dialog, lambda _case: self.changed.emit())

    def import_list(self) -> None:
        """Import people from an Excel list (nothing is written before the preview is confirmed)."""
        from ctxh_desktop.ui.dialogs.list_import import ListImportDialog

        dialog = ListImportDialog(self.worker, self)
        dialog.imported.connect(lambda _result: self._after_import())
        dialog.open()
        self.editor = dialog

    def remove_person(self) -> None:
        """Remove the person registered by mistake, with a reason (button "Xóa…")."""
        from ctxh_desktop.ui.dialogs.remove_record import ask_to_remove

        if self.current is not None:
            person = self.current
            ask_to_remove(
                self.worker, "person", person["id"], person["full_name"], self._after_remove, self
            )

    def _after_remove(self) -> None:
        self.model.reload()
        self._show_person(None)
        self.changed.emit()

    def _after_import(self) -> None:
        self.model.reload()
        self.changed.emit()

    def retranslate(self) -> None:
        self.import_button.setText(_("Nhập danh sách từ Excel…"))
        self.intake_button.setText(_("Ghi nhận ca mới…"))
        self.intake_button.setAccessibleName(_("Ghi nhận ca mới cho người đang chọn"))
        self.remove_button.setText(_("Xóa…"))
        self.remove_button.setAccessibleName(_("Xóa người đang chọn"))
        self.model.retranslate()
        self._update_count()
        self._show_person(self.current)
