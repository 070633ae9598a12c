"""Cases: filters by kind, step and status, a lazy table, the case's data, timeline and actions."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton

from ctxh_desktop.i18n import N_, _, ngettext
from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.services import access, cases
from ctxh_desktop.services.decisions import AWAITING as AWAITING_DECISION
from ctxh_desktop.ui.common import (
    ERROR_COLOR,
    add_beside,
    code_items,
    code_label,
    error_text,
    fill_combo,
    item_label,
    keep_at_top,
    scrolled,
    set_combo,
    step_label,
)
from ctxh_desktop.ui.forms.pages.ui_cases import Ui_CasesPage
from ctxh_desktop.ui.pages.attachments import AttachmentsSection
from ctxh_desktop.ui.pages.base import Page
from ctxh_desktop.ui.pages.case_decisions import DecisionPanel
from ctxh_desktop.ui.pages.case_facts import case_html
from ctxh_desktop.ui.pages.case_followup import FollowupPanel
from ctxh_desktop.ui.pages.case_timeline import fill_timeline, moment_text, selected_event
from ctxh_desktop.ui.pages.case_transfer import TransferPanel
from ctxh_desktop.ui.table_model import Column, LazyTableModel, size_columns


def _deadline_text(row: dict[str, Any]) -> str:
    nxt = row.get("next_deadline")
    if not nxt:
        return ""
    return f"{nxt.get('label') or nxt.get('rule')}: {moment_text(nxt.get('due'))}"


def _deadline_color(row: dict[str, Any]) -> str | None:
    nxt = row.get("next_deadline")
    return ERROR_COLOR if nxt and nxt.get("overdue") else None


def columns() -> list[Column]:
    """The cases table's columns."""
    return [
        # the code and the next deadline first: both show whole even on a narrow screen
        Column("code", N_("Mã ca"), whole=True),
        Column("next_deadline", N_("Hạn tiếp theo"), _deadline_text, _deadline_color, True),
        Column("person_name", N_("Người được hỗ trợ")),
        Column("step", N_("Bước"), lambda r: step_label(r.get("kind"), r.get("step"))),
        Column("status", N_("Trạng thái"), lambda r: code_label("case_statuses", r.get("status"))),
        Column(
            "received_at",
            N_("Ngày tiếp nhận"),
            lambda r: moment_text(r.get("received_at")),
            whole=True,
        ),
        Column("kind", N_("Loại ca"), lambda r: code_label("case_kinds", r.get("kind"))),
    ]


class CasesPage(Page):
    """The case list and one case's file."""

    form_class = Ui_CasesPage
    changed = Signal()

    def __init__(self, worker, parent=None) -> None:
        super().__init__(worker, parent)
        f = self.form
        f.titleLabel.setProperty("role", "title")
        for label in (f.detailTitle, f.actionsTitle, f.timelineTitle):
            label.setProperty("role", "section")
        f.detailPanel.setProperty("role", "detail")
        self.model = LazyTableModel(worker, columns(), cases.list_cases, cases.count_cases, self)
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(lambda exc: f.countLabel.setText(error_text(exc)))
        f.table.setModel(self.model)
        f.table.verticalHeader().hide()
        f.table.verticalHeader().setDefaultSectionSize(26)
        size_columns(f.table, (120, 200, 160, 170, 95, 120, 130))
        # the case's file scrolls inside its own panel, so the list keeps the page's height
        f.detailPanel.setMinimumWidth(0)  # as wide as its buttons need, not a fixed 400 px
        f.splitter.insertWidget(1, scrolled(f.detailPanel, "detailArea", sideways=False))
        f.splitter.setStretchFactor(0, 3)
        f.splitter.setStretchFactor(1, 2)
        f.splitter.setSizes([700, 360])
        f.timelineList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        f.timelineList.setResizeMode(QListView.ResizeMode.Adjust)
        self._fill_filters()
        f.kindCombo.currentIndexChanged.connect(self._kind_changed)
        f.stepCombo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        f.statusCombo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply_filters)
        f.searchEdit.textChanged.connect(lambda _t: self._timer.start())
        f.table.selectionModel().selectionChanged.connect(self._selected)
        self.current: dict[str, Any] | None = None
        self._filters: dict[str, Any] | None = None
        self.sheet_button = QPushButton(_("In phiếu ca"))
        self.sheet_button.setObjectName("caseSheetButton")
        self.sheet_button.clicked.connect(self.print_case_sheet)
        f.detailLayout.insertWidget(
            f.detailLayout.indexOf(f.detailText) + 1,
            self.sheet_button,
            0,
            Qt.AlignmentFlag.AlignLeft,
        )
        self.sheet_dialog = None
        self.decisions, self.transfer = DecisionPanel(self), TransferPanel(self)
        self.followup = FollowupPanel(self)
        self.attachments = AttachmentsSection.placed(worker, f.detailLayout, f.actionsBox)
        self.remove_button = QPushButton(_("Xóa ca…"))
        self.remove_button.setAccessibleName(_("Xóa ca mở nhầm"))
        self.remove_button.setProperty("needs", "edit")
        add_beside(self.sheet_button, self.remove_button)
        self.remove_button.clicked.connect(self.remove_case)
        self.edit_button = QPushButton(_("Sửa thông tin ca…"))
        self.edit_button.setObjectName("editCaseButton")
        self.edit_button.setAccessibleName(_("Sửa thông tin ca"))
        self.edit_button.setProperty("needs", "edit")
        add_beside(self.remove_button, self.edit_button)
        self.edit_button.clicked.connect(self.edit_details)
        self.correct_button = QPushButton(_("Ghi đính chính…"))
        self.correct_button.setObjectName("correctEventButton")
        self.correct_button.setAccessibleName(_("Ghi đính chính cho mục đã chọn"))
        self.correct_button.setToolTip(
            _("Chọn một mục trên dòng thời gian để đính chính thời điểm hoặc nội dung của nó.")
        )
        self.correct_button.setProperty("needs", "edit")
        f.detailLayout.insertWidget(
            f.detailLayout.indexOf(f.timelineList),
            self.correct_button,
            0,
            Qt.AlignmentFlag.AlignLeft,
        )
        self.correct_button.clicked.connect(self.correct_event)
        f.timelineList.itemSelectionChanged.connect(self._timeline_selected)
        self.intake_button = QPushButton(_("Tiếp nhận ca mới…"), self)
        self.intake_button.setObjectName("intakeButton")
        self.intake_button.setAccessibleName(_("Tiếp nhận ca mới"))
        self.intake_button.setProperty("needs", "edit")
        self._put_beside_title(self.intake_button)
        self.intake_button.clicked.connect(self.record_case)
        self._select_id: str | None = None
        self._select_code = ""
        self.model.loaded.connect(self._select_pending)
        keep_at_top(f.detailLayout, f.timelineList)
        # At an office the cases are the communes' copies: shown, never changed (set_read_only).
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setProperty("role", "warning")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.hide()
        self.layout().insertWidget(1, self.read_only_banner)
        self.read_only = False
        self._show_case(None)

    def set_read_only(self, read_only: bool) -> None:
        """At an office: a banner saying why, and no control that changes a case."""
        self.read_only = read_only
        self.read_only_banner.setText(_(access.OFFICE_READ_ONLY))
        self.read_only_banner.setAccessibleName(self.read_only_banner.text())
        self.read_only_banner.setVisible(read_only)

    # -- filters ----------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        f = self.form
        fill_combo(f.kindCombo, "case_kinds", blank=_("Tất cả"))
        fill_combo(f.statusCombo, "case_statuses", blank=_("Tất cả"))
        # plans waiting for the chairman's decision (Decree 56/2017, Art. 28(4))
        f.statusCombo.addItem(_("Chờ phê duyệt kế hoạch"), AWAITING_DECISION)
        self._fill_steps()

    def _fill_steps(self) -> None:
        combo = self.form.stepCombo
        kind = self.form.kindCombo.currentData()
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("Tất cả"), None)
        # The two kinds of case share some step codes with different meanings: without a kind
        # chosen, each item is one (kind, step) pair, labelled with its kind.
        for entry in code_items("case_steps"):
            entry_kind = entry.get("kind")
            if kind:
                if entry_kind not in (None, kind):
                    continue
                combo.addItem(item_label(entry), entry["code"])
            else:
                short = code_label("case_kinds", entry_kind) if entry_kind else ""
                text = f"{item_label(entry)} ({short})" if short else item_label(entry)
                combo.addItem(
                    text, f"{entry_kind}.{entry['code']}" if entry_kind else entry["code"]
                )
        set_combo(combo, keep)
        combo.blockSignals(False)

    def _kind_changed(self, _index: int) -> None:
        self._fill_steps()
        self.apply_filters()

    def filters(self) -> dict[str, Any]:
        f = self.form
        kind, step = f.kindCombo.currentData(), f.stepCombo.currentData()
        if step and "." in step:
            kind, step = step.split(".", 1)
        return {
            "kind": kind,
            "step": step,
            "status": f.statusCombo.currentData(),
            "query": f.searchEdit.text().strip(),
        }

    def apply_filters(self, force: bool = False) -> None:
        filters = self.filters()
        if force or filters != self._filters:
            self._filters = filters
            self.model.set_filters(**filters)
            self._show_case(None)

    def refresh(self) -> None:
        self.apply_filters(force=True)

    @property
    def idle(self) -> bool:
        return not self._timer.isActive() and self._filters == self.filters() and self.model.idle

    def _update_count(self) -> None:
        total = self.model.total
        self.form.countLabel.setText(
            ""
            if total is None
            else ngettext("{n} ca", "{n} ca", total).format(n=format_number(total))
        )

    # -- one case ---------------------------------------------------------------------------
    def _selected(self, *_args) -> None:
        rows = self.form.table.selectionModel().selectedRows()
        row = self.model.row_data(rows[0].row()) if rows else None
        if row is None:
            self._show_case(None)
        else:
            self.show_case_id(row["id"])

    def show_case_id(self, case_id: str) -> None:
        """Load one case into the detail panel."""
        self.worker.call(
            cases.get_case,
            case_id,
            on_done=self._show_case,
            on_error=lambda exc: self.form.detailText.setText(escape(error_text(exc))),
        )

    def _show_case(self, case: dict[str, Any] | None) -> None:
        self.current = case
        f = self.form
        layout = f.actionsLayout
        while layout.count():
            widget = layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        f.timelineList.clear()
        for panel in (self.decisions, self.followup, self.transfer):  # transfer: «Chuyển xã…»
            panel.show_case(case)
        self.attachments.show_case(case, self.read_only)
        has_case = case is not None
        for widget in (f.actionsTitle, f.actionsBox, f.timelineTitle, f.timelineList):
            widget.setVisible(has_case)
        self.sheet_button.setVisible(has_case)
        self.remove_button.setVisible(has_case and bool(case.get("actions")))  # may edit here
        editable = has_case and bool(case.get("editable")) and not self.read_only
        self.edit_button.setVisible(editable)
        self.correct_button.setVisible(editable)
        self.correct_button.setEnabled(False)
        if case is None:
            f.detailTitle.setText(_("Chi tiết ca"))
            f.detailText.setText(
                _(
                    "Chọn một ca trong danh sách để xem chi tiết, hoặc bấm «Tiếp nhận ca mới» để ghi một ca vừa nhận."
                )
            )
            return
        f.detailTitle.setText(_("Ca {code}").format(code=case.get("code", "")))
        f.detailText.setText(case_html(case))
        for i, action in enumerate(case.get("actions") or []):
            button = QPushButton(cases.action_label(action))
            button.setProperty("action", action)
            button.clicked.connect(lambda _c=False, a=action: self.start_action(a))
            button.setToolTip(button.text())
            layout.addWidget(button, i, 0)  # one a line: long step names are never cut
        if not case.get("actions"):
            f.actionsTitle.hide()
            f.actionsBox.hide()
        fill_timeline(f.timelineList, case)

    def start_action(self, action: str) -> None:
        """Open the step dialog for one action on the current case."""
        from ctxh_desktop.ui.dialogs.step_dialog import StepDialog

        if self.current is None:
            return
        dialog = StepDialog(self.worker, self.current, action, self)
        dialog.saved.connect(self._after_action)
        dialog.open()
        self.step_dialog = dialog

    def _put_beside_title(self, button: QPushButton) -> None:
        """A button at the right of the page title, so the filter row keeps its room."""
        title, page_layout = self.form.titleLabel, self.layout()
        at = page_layout.indexOf(title)
        page_layout.removeWidget(title)
        row = QHBoxLayout()
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
        page_layout.insertLayout(at, row)

    def record_case(self) -> None:
        """Record a report and open a case (button "Tiếp nhận ca mới…")."""
        from ctxh_desktop.ui.dialogs.intake import IntakeDialog

        dialog = IntakeDialog(self.worker, None, self)
        dialog.saved.connect(self.show_new_case)
        dialog.saved.connect(lambda _case: self.changed.emit())
        dialog.open()
        self.intake_dialog = dialog

    def show_new_case(self, case: dict[str, Any]) -> None:
        """Show a just-opened case: every filter cleared, its row selected once it is listed."""
        f = self.form
        for combo in (f.kindCombo, f.stepCombo, f.statusCombo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._fill_steps()
        f.searchEdit.blockSignals(True)
        f.searchEdit.clear()
        f.searchEdit.blockSignals(False)
        self._select_id = case["id"]
        self._select_code = case.get("code") or ""
        self.apply_filters(force=True)
        self._show_case(case)

    def _select_pending(self) -> None:
        """Select the just-opened case when its row arrives; not among the first rows (received
        long ago), it is looked up by its code."""
        if self._select_id is None or not self.model.idle:
            return
        for row in range(self.model.rowCount()):
            data = self.model.row_data(row)
            if data and data["id"] == self._select_id:
                self._select_id = None
                self.form.table.selectRow(row)
                self.form.table.scrollTo(self.model.index(row, 0))
                return
        if self.form.searchEdit.text().strip() != self._select_code:
            self.form.searchEdit.setText(self._select_code)
            self.apply_filters()
        else:
            self._select_id = None

    def print_case_sheet(self) -> None:
        """The current case's tracking sheet in the print preview (button "In phiếu ca")."""
        from ctxh_desktop.ui.dialogs.print_preview import open_case_sheet

        if self.current is not None:
            open_case_sheet(self.worker, self.current["id"], self.window(), self.sheet_opened)

    def remove_case(self) -> None:
        """Remove a case opened by mistake, with a reason (button "Xóa ca…"); its statutory events
        stay in the database with it, never rewritten."""
        from ctxh_desktop.ui.dialogs.remove_record import ask_to_remove

        case = self.current
        if case is not None:
            name = f"{case.get('code')} — {(case.get('person') or {}).get('full_name') or ''}"
            ask_to_remove(self.worker, "case_file", case["id"], name, self._after_remove, self)

    def edit_details(self) -> None:
        """Edit the current case's details (button "Sửa thông tin ca…")."""
        from ctxh_desktop.ui.dialogs.case_details import CaseDetailsDialog

        if self.current is not None:
            dialog = CaseDetailsDialog(self.worker, self.current, self)
            dialog.saved.connect(self._after_action)
            dialog.open()
            self.details_dialog = dialog

    def _timeline_selected(self) -> None:
        self.correct_button.setEnabled(selected_event(self.form.timelineList) is not None)

    def correct_event(self) -> None:
        """Record a correction of the step selected on the timeline (button "Ghi đính chính…")."""
        from ctxh_desktop.ui.dialogs.event_correction import EventCorrectionDialog

        event = selected_event(self.form.timelineList)
        if self.current is not None and event is not None:
            dialog = EventCorrectionDialog(self.worker, self.current, event, self)
            dialog.saved.connect(self._after_action)
            dialog.open()
            self.correction_dialog = dialog

    def _after_remove(self) -> None:
        self.model.reload()
        self._show_case(None)
        self.changed.emit()

    def sheet_opened(self, dialog) -> None:
        """Keep the preview just opened (a case sheet or a decision)."""
        self.sheet_dialog = dialog

    def _after_action(self, case: dict[str, Any]) -> None:
        """The case as a step, a correction or the chairman's decision left it, list reloaded."""
        self._show_case(case)
        self.model.reload()
        self.changed.emit()

    after_decision = _after_action

    def retranslate(self) -> None:
        self.sheet_button.setText(_("In phiếu ca"))
        self.decisions.retranslate()
        self.remove_button.setText(_("Xóa ca…"))
        self.remove_button.setAccessibleName(_("Xóa ca mở nhầm"))
        self.edit_button.setText(_("Sửa thông tin ca…"))
        self.edit_button.setAccessibleName(_("Sửa thông tin ca"))
        self.correct_button.setText(_("Ghi đính chính…"))
        self.correct_button.setAccessibleName(_("Ghi đính chính cho mục đã chọn"))
        self.correct_button.setToolTip(
            _("Chọn một mục trên dòng thời gian để đính chính thời điểm hoặc nội dung của nó.")
        )
        self.intake_button.setText(_("Tiếp nhận ca mới…"))
        self.intake_button.setAccessibleName(_("Tiếp nhận ca mới"))
        self.set_read_only(self.read_only)
        self._fill_filters()
        self.model.retranslate()
        self._update_count()
        if self.current is not None:
            self.show_case_id(self.current["id"])
        else:
            self._show_case(None)
