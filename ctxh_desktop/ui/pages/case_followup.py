"""A case's follow-up on the case page: its referrals with their status and the provider's answer,
the services given, case conferences, the child's safety plan and the consents recorded, with a
button for each thing the collaborator records (:mod:`ctxh_desktop.ui.dialogs.case_followup`)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_date
from ctxh_desktop.services import case_followup, providers
from ctxh_desktop.ui.common import code_label
from ctxh_desktop.ui.pages.case_timeline import add_followup

#: The buttons of the panel: (name, text, accessible name).
BUTTONS = (
    ("referral", N_("Cập nhật chuyển gửi…"), N_("Cập nhật trạng thái chuyển gửi")),
    (
        "service",
        N_("Ghi dịch vụ đã cung cấp…"),
        N_("Ghi dịch vụ đã cung cấp cho người được hỗ trợ"),
    ),
    ("conference", N_("Ghi họp ca…"), N_("Ghi họp ca hoặc họp liên ngành")),
    ("safety", N_("Kế hoạch an toàn…"), N_("Ghi kế hoạch an toàn cho trẻ")),
    ("consent", N_("Ghi sự đồng ý…"), N_("Ghi sự đồng ý của người được hỗ trợ hoặc cha mẹ")),
)


def _day(value: Any) -> str:
    return format_date(str(value)[:10]) if value else ""


def referral_line(row: dict[str, Any]) -> str:
    """One referral: when, to whom, its status, the answer and the end."""
    text = _("{date} — {provider}: {status}").format(
        date=_day(row.get("at")),
        provider=row.get("provider_name") or _("(không rõ cơ sở)"),
        status=code_label("referral_statuses", row.get("status")),
    )
    if row.get("answered_on"):
        text += _(" ({date}: {answer})").format(
            date=_day(row["answered_on"]), answer=row.get("answer") or ""
        )
    if row.get("done_on"):
        text += _("; xong {date}: {outcome}").format(
            date=_day(row["done_on"]), outcome=row.get("outcome") or ""
        )
    return text


def followup_lines(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(section, lines) of a case's follow-up, sections with nothing left out."""
    sections = [
        (_("Chuyển gửi"), [referral_line(r) for r in data.get("referrals") or []]),
        (
            _("Dịch vụ đã cung cấp"),
            [
                f"{_day(s.get('given_on'))} — {s.get('what') or ''}"
                + (f" ({s['provider_name']})" if s.get("provider_name") else "")
                for s in data.get("services") or []
            ],
        ),
        (
            _("Họp ca, họp liên ngành"),
            [
                f"{_day(c.get('held_on'))} — {code_label('conference_kinds', c.get('kind'))}: "
                f"{c.get('participants') or ''}"
                for c in data.get("conferences") or []
            ],
        ),
        (
            _("Kế hoạch an toàn"),
            [
                _("Người bảo đảm an toàn: {keeper}; gọi: {contacts}; xem lại {date}").format(
                    keeper=p.get("keeper") or "",
                    contacts=p.get("contacts") or "",
                    date=_day(p.get("review_on")),
                )
                for p in (data.get("safety_plans") or [])[:1]
            ],
        ),
        (
            _("Sự đồng ý"),
            [
                f"{_day(c.get('given_on'))} — {code_label('consent_givers', c.get('given_by'))}: "
                + ", ".join(code_label("consent_purposes", x) for x in c.get("purposes") or [])
                + (
                    f" ({code_label('child_views', c['child_view'])})"
                    if c.get("child_view")
                    else ""
                )
                for c in data.get("consents") or []
            ],
        ),
    ]
    return [(title, lines) for title, lines in sections if lines]


def timeline_entries(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(day, text) of the follow-up as the case's timeline lists it."""
    out = []
    for r in data.get("referrals") or []:
        provider = r.get("provider_name") or _("(không rõ cơ sở)")
        if r.get("answered_on"):
            status = code_label(
                "referral_statuses", "declined" if r["status"] == "declined" else "accepted"
            )
            out.append((r["answered_on"], f"{provider}: {status} — {r.get('answer') or ''}"))
        if r.get("done_on"):
            status = code_label("referral_statuses", "completed")
            out.append((r["done_on"], f"{provider}: {status} — {r.get('outcome') or ''}"))
    for s in data.get("services") or []:
        out.append((s["given_on"], _("Dịch vụ đã cung cấp") + f": {s.get('what') or ''}"))
    for c in data.get("conferences") or []:
        out.append((c["held_on"], code_label("conference_kinds", c.get("kind"))))
    for c in data.get("consents") or []:
        out.append(
            (c["given_on"], _("Sự đồng ý") + ": " + code_label("consent_givers", c.get("given_by")))
        )
    return out


class _WrappedText(QLabel):
    """A word-wrapped label that asks for the height its lines take at its width (a scrolled
    column otherwise squeezes it and cuts its last lines)."""

    def fit(self) -> None:
        """Ask for the height the text needs at the current width."""
        height = self.heightForWidth(max(self.width(), 200))
        if height > 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)


class FollowupPanel:
    """The follow-up section above the timeline of the cases page ``page``."""

    def __init__(self, page) -> None:
        self.page = page
        form = page.form
        self.box = QWidget()
        self.box.setObjectName("followupBox")
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setProperty("role", "section")
        layout.addWidget(self.title)
        self.text = _WrappedText()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, _text, _name) in enumerate(BUTTONS):
            button = QPushButton()
            button.setProperty("needs", "edit")
            button.clicked.connect(lambda _c=False, n=name: self.start(n))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[name] = button
        layout.addLayout(grid)
        form.detailLayout.insertWidget(form.detailLayout.indexOf(form.timelineTitle), self.box)
        self.data: dict[str, Any] = {}
        self.asked = 0
        self.dialog = None
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.title.setText(_("Theo dõi ca"))
        for name, text, accessible in BUTTONS:
            self.buttons[name].setText(_(text))
            self.buttons[name].setAccessibleName(_(accessible))

    def show_case(self, case: dict[str, Any] | None) -> None:
        """The case's follow-up (read in the background), its buttons when it may be edited."""
        self.retranslate()
        self.box.setVisible(case is not None)
        self.data = {}
        self.text.setText("")
        if case is None:
            return
        editable = bool(case.get("editable")) and not self.page.read_only
        for button in self.buttons.values():
            button.setVisible(editable)
        self.buttons["safety"].setVisible(editable and case.get("kind") == "child_protection")
        self.buttons["referral"].setEnabled(False)
        self.page.worker.call(
            case_followup.case_followup,
            case["id"],
            on_done=lambda d, i=case["id"]: self._show(i, d),
        )

    def _show(self, case_id: str, data: dict[str, Any]) -> None:
        if self.page.current is None or self.page.current.get("id") != case_id:
            return
        self.data = data
        sections = followup_lines(data)
        html = "".join(
            f"<p><b>{escape(title)}</b><br>" + "<br>".join(escape(x) for x in lines) + "</p>"
            for title, lines in sections
        )
        self.text.setText(html or escape(_("Chưa ghi chuyển gửi, dịch vụ, họp ca hay sự đồng ý.")))
        self.text.setAccessibleName(self.title.text())
        self.text.fit()
        self.buttons["referral"].setEnabled(any(_open(r) for r in data.get("referrals") or []))
        add_followup(self.page.form.timelineList, timeline_entries(data))

    def start(self, name: str) -> None:
        """Open the form of one follow-up record for the current case."""
        case = self.page.current
        if case is None:
            return
        if name == "service":
            self.page.worker.call(providers.list_providers, on_done=self._service_form)
            return
        self._open(*self._form(name, case))

    def _form(self, name: str, case: dict[str, Any]) -> tuple:
        from ctxh_desktop.ui.dialogs import case_followup as forms

        case_id = case["id"]
        if name == "referral":
            open_rows = [r for r in self.data.get("referrals") or [] if _open(r)]
            fields = forms.with_choices(
                forms.REFERRAL_FIELDS, "referral", [(r["id"], referral_line(r)) for r in open_rows]
            )
            fields = forms.with_choices(
                fields,
                "status",
                [
                    (s, code_label("referral_statuses", s))
                    for s in ("accepted", "declined", "completed")
                ],
            )
            return (
                _("Cập nhật chuyển gửi"),
                _(
                    "Đã chuyển gửi → cơ sở tiếp nhận hoặc từ chối (ngày và câu trả lời của cơ sở); "
                    "đã tiếp nhận → hoàn thành (ngày và kết quả)."
                ),
                fields,
                _move_referral,
                (),
            )
        if name == "conference":
            return (
                _("Ghi họp ca"),
                _("Họp ca hoặc họp liên ngành về ca {code}.").format(code=case.get("code")),
                forms.CONFERENCE_FIELDS,
                case_followup.add_conference,
                (case_id,),
            )
        if name == "safety":
            return (
                _("Kế hoạch an toàn"),
                _("Ai giữ an toàn cho trẻ, cần làm gì, gọi ai, khi nào xem lại."),
                forms.SAFETY_FIELDS,
                case_followup.save_safety_plan,
                (case_id,),
            )
        return (
            _("Ghi sự đồng ý"),
            _(
                "Ai đồng ý, khi nào, cho việc gì. Với trẻ từ đủ 7 tuổi, ghi cả ý kiến của chính trẻ "
                "(Luật Trẻ em 2016, Điều 6 khoản 11)."
            ),
            forms.CONSENT_FIELDS,
            case_followup.add_consent,
            (case_id,),
        )

    def _service_form(self, rows: list[dict[str, Any]]) -> None:
        from ctxh_desktop.ui.dialogs import case_followup as forms

        case = self.page.current
        if case is None:
            return
        choices = [("", _("(không qua cơ sở trong danh bạ)"))] + [
            (r["id"], r["name"]) for r in rows
        ]
        self._open(
            _("Ghi dịch vụ đã cung cấp"),
            _("Dịch vụ người được hỗ trợ đã nhận: ngày, nội dung, cơ sở cung cấp."),
            forms.with_choices(forms.SERVICE_FIELDS, "provider_id", choices),
            case_followup.add_service,
            (case["id"],),
        )

    def _open(self, title: str, intro: str, fields: list, save, args: tuple) -> None:
        from ctxh_desktop.ui.dialogs.case_followup import FollowupDialog

        self.dialog = FollowupDialog(self.page.worker, title, intro, fields, save, args, self.page)
        self.dialog.saved.connect(self._saved)
        self.dialog.open()

    def _saved(self, _row: dict[str, Any]) -> None:
        if self.page.current is not None:
            self.page.show_case_id(self.page.current["id"])


def _open(referral: dict[str, Any]) -> bool:
    return referral.get("status") in case_followup.OPEN_REFERRAL_STATUSES


def _move_referral(session, data: dict[str, Any]) -> dict[str, Any]:
    """The referral form's save: the referral chosen moved to the status chosen."""
    return case_followup.move_referral(
        session, data.get("referral") or "", data.get("status"), data
    )
