"""Steps several journeys share, each done through the window as a person does it."""

from __future__ import annotations

import re
from pathlib import Path

from journey_user import User, norm, shown, wanted
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDateTimeEdit, QWidget

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
FINGERPRINT = re.compile(r"\b([A-Z0-9]{4}(?:[- ][A-Z0-9]{4}){3,})\b")
NEXT, CREATE, FINISH = "Tiếp >", "Tạo dữ liệu", "Hoàn tất"
#: The commune of most journeys and its people, as the wizard asks for them.
LUNG_CU = {
    "province": "Tuyên Quang",
    "search": "lung cu",
    "commune": "Xã Lũng Cú",
    "collaborator": "Nguyễn Thị Thu Hà",
    "chairman": "Sùng Mí Páo",
    "passphrase": "Lung-Cu-2026",
}
#: The receiving office of the province, as its wizard asks for it.
TUYEN_QUANG_OFFICE = {
    "province": "Tuyên Quang",
    "clerk": "Trần Thị Minh Thư",
    "head": "Hoàng Văn Đức",
    "passphrase": "Du-lieu-So-2026",
    "key_passphrase": "Khoa-cua-So-2026",
}


def next_page(user: User, text: str = NEXT) -> None:
    """Press the wizard's «Tiếp» (or «Tạo dữ liệu», «Hoàn tất») button."""
    user.click(text)


def first_page(user: User, lang: str, kind: str) -> None:
    """The wizard's first page: the language (the wizard switches at once) and what the
    machine is for."""
    user.tick(LANGUAGE_NAMES[lang])
    user.wait_for(lambda: user.has_button(NEXT))  # the wizard speaks the chosen language
    user.tick(kind)
    user.shot("wizard language")
    next_page(user)


def fill_page(user: User, step: str, fields: dict[str, str], then: str = NEXT) -> None:
    """Type into the fields next to these labels, take the picture, go on."""
    for label, text in fields.items():
        user.type(label, text)
    user.shot(step)
    next_page(user, then)


def passphrase_page(user: User, what: str, passphrase: str, step: str, then: str = NEXT) -> None:
    """A passphrase page: «<what> (ít nhất 10 ký tự)» and «Nhập lại <what>»."""
    again = f"Nhập lại {what[:1].lower()}{what[1:]}"
    fill_page(user, step, {f"{what} (ít nhất 10 ký tự)": passphrase, again: passphrase}, then)


def commune_wizard(
    user: User,
    lang: str,
    province: str,
    search: str,
    commune: str,
    collaborator: str,
    chairman: str,
    passphrase: str,
    office_config: Path | None = None,
    office_fingerprint: str = "",
) -> str:
    """The first-run wizard for a commune, from the language page to the main window; the office's
    config file is installed on the last page when given (else «Hoàn tất» leaves it for later).
    Returns the recovery code the wizard showed (a person copies it down)."""
    first_page(user, lang, "Xã, phường, đặc khu: cộng tác viên ghi chép và gửi dữ liệu")
    user.choose("Tỉnh/thành phố", province)
    user.type("Tìm xã", search)
    user.wait_for(lambda: user.field("Xã/phường").currentText() == commune)
    user.shot("wizard commune")
    next_page(user)
    fill_page(
        user,
        "wizard people",
        {
            "Họ và tên của bạn (cộng tác viên)": collaborator,
            "Họ và tên Chủ tịch UBND xã (người ký)": chairman,
        },
    )
    passphrase_page(user, "Mật khẩu", passphrase, "wizard passphrase", then=CREATE)
    user.wait_for(lambda: user.has_button("Tôi đã in hoặc chép lại mã khôi phục"), 60_000)
    user.shot("wizard recovery code")
    code = re.search(r"[A-Z2-9]{5}(?:-[A-Z2-9]{5}){5}", user.screen_text()).group(0)
    user.tick("Tôi đã in hoặc chép lại mã khôi phục")
    next_page(user)
    if office_config is not None:
        user.files.answer(office_config)
        user.click("Chọn tệp…")
        user.type("Dấu vân tay", office_fingerprint)
        user.wait_for(lambda: user.button("Kiểm tra và cài đặt").isEnabled())
        user.click("Kiểm tra và cài đặt")
        user.wait_for(lambda: user.sees(_("Đã cài cấu hình của {name}.").split("{")[0]))
    user.shot("wizard office config")
    next_page(user, FINISH)
    finished(user, commune)
    return code


def finished(user: User, unit: str) -> None:
    """The wizard closed and the main window shows the new database, its Home page loaded."""
    user.wait_for(lambda: user.app.wizard is None, 30_000)
    user.wait_for(lambda: unit in user.window.commune_label.text(), 30_000)
    user.settle()
    user.wait_for(lambda: user.window.home.is_loaded, 30_000)
    user.shot("main window")


def office_wizard(
    user: User,
    lang: str,
    province: str,
    clerk: str,
    head: str,
    passphrase: str,
    key_passphrase: str,
    config_path: Path,
) -> str:
    """The first-run wizard for a receiving office; saves the config file for the communes and
    returns the fingerprint shown to be read out to them."""
    first_page(
        user, lang, "Đơn vị tiếp nhận: nhận và tổng hợp dữ liệu của các xã (thường là Sở Y tế)"
    )
    user.choose("Tỉnh/thành phố", province)
    unit = user.field("Tên đơn vị").text()
    user.shot("wizard unit")
    next_page(user)
    fill_page(
        user,
        "wizard people",
        {
            "Họ và tên của bạn (cán bộ tổng hợp)": clerk,
            "Họ và tên thủ trưởng đơn vị (người ký)": head,
        },
    )
    passphrase_page(user, "Mật khẩu", passphrase, "wizard passphrase")
    passphrase_page(user, "Mật khẩu khóa", key_passphrase, "wizard key passphrase", CREATE)
    confirm = "Tôi đã in hoặc chép lại mã khôi phục và phiếu khóa, và cất giữ cẩn thận"
    user.wait_for(lambda: user.has_button(confirm), 60_000)
    user.shot("wizard recovery")
    user.tick(confirm)
    next_page(user)
    user.files.answer(config_path)
    user.click("Lưu tệp cấu hình…")
    user.wait_for(config_path.exists)
    fingerprint = plain_fingerprint(user)
    user.shot("wizard config file")
    next_page(user, FINISH)
    finished(user, unit)
    return fingerprint


def plain_fingerprint(user: User) -> str:
    """The fingerprint written large under «Dấu vân tay của đơn vị:»."""
    user.label("Dấu vân tay của đơn vị")
    found = FINGERPRINT.search(user.screen_text())
    assert found, "no fingerprint shown"
    return found.group(1)


def register_person(user: User, name: str, birth_date: str, gender: str, address: str = "") -> None:
    """People ▸ «Thêm người»: name, birth date, gender (and the hamlet, when given), saved; the
    person is listed."""
    user.nav("Người dân")
    user.click("Thêm người")
    user.wait_for(lambda: user.top() is not user.window)
    user.type("Họ và tên", name)
    user.type("Ngày sinh", birth_date)
    user.choose("Giới tính", gender)
    if address:
        user.type("Địa chỉ (thôn, ấp, tổ)", address)
    user.shot("person form")
    user.click("Lưu")
    user.wait_for(lambda: user.top() is user.window)
    user.settle()
    user.wait_for(lambda: user.find_row(name) is not None)
    user.shot("person registered")


def write_enrolment(user: User, path: Path) -> str:
    """Sync ▸ «Tạo tệp đăng ký thiết bị…»: the file is saved; returns the fingerprint the
    message box shows (read out to the office)."""
    user.nav("Đồng bộ")
    user.files.answer(path)
    said: list[str] = []

    def read_and_close(box) -> None:
        said.append(user.message_text(box))
        user.accept_message(box, "OK")

    with user.answering(read_and_close):
        user.click("Tạo tệp đăng ký thiết bị…")
    assert path.exists()
    found = FINGERPRINT.search(said[0])
    assert found, said[0]
    return found.group(1)


def export_bundle(user: User, folder: Path, full: bool = True) -> Path:
    """Sync ▸ «Xuất dữ liệu…»: the export wizard writes the bundle into a folder typed by the
    person; returns the written file (read from the wizard's last page)."""
    user.nav("Đồng bộ")
    user.settle()
    user.click("Xuất dữ liệu…")
    user.wait_for(lambda: user.top() is not user.window)
    if full:
        user.tick("Toàn bộ dữ liệu (lần gửi đầu tiên, hoặc khi đơn vị đề nghị gửi lại)")
    folder.mkdir(parents=True, exist_ok=True)
    user.files.answer(folder)
    user.click("Chọn thư mục…")
    assert user.field("Lưu vào thư mục").text() == str(folder)
    user.shot("export wizard")
    before = set(folder.iterdir())
    user.click("Xuất tệp")
    user.wait_for(lambda: user.has_button("Xong"), 60_000)
    user.shot("export done")
    written = set(folder.iterdir()) - before
    assert len(written) == 1, written
    path = written.pop()
    assert path.name in user.screen_text()
    user.click("Xong")
    user.wait_for(lambda: user.top() is user.window)
    user.settle()
    return path


def enrol_device(office: User, path: Path, fingerprint: str) -> None:
    """At the office, Sync ▸ «Đăng ký thiết bị của xã…»: the commune's file, then the first
    characters of the fingerprint the commune read out on the phone."""
    office.nav("Đồng bộ")
    office.files.answer(path)
    office.click("Đăng ký thiết bị của xã…")
    office.wait_for(lambda: office.top() is not office.window)
    dialog = office.top()
    office.type("Dấu vân tay", fingerprint)
    office.shot("enrol device")
    office.click("Kiểm tra và cài đặt")
    office.wait_for(lambda: not dialog.isVisible())
    office.settle()


def set_moment(user: User, label: str, when, within=None) -> None:
    """Tab into a date-and-time field (its first section is then selected) and type the day and
    the hour, as a person does (``ddMMyyyyHHmm``: the field moves on by itself)."""
    edit = user.field(label, within)
    if not isinstance(edit, QDateTimeEdit):  # the label's neighbour is the field's frame
        edit = next(e for e in edit.findChildren(QDateTimeEdit) if shown(e))
    edit.window().activateWindow()
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    user.wait_for(lambda: QApplication.focusWidget() is edit, 5_000)
    user.qtbot.keyClicks(edit, when.strftime("%d%m%Y%H%M"))
    assert edit.dateTime().toString("yyyy-MM-ddTHH:mm") == when.strftime("%Y-%m-%dT%H:%M"), (
        edit.text(),
        edit.currentSection(),
    )


def record_case(
    user: User,
    kind: str,
    person: str,
    received,
    problem: str,
    emergency: bool,
    level: str | None = None,
    summary: str = "",
) -> None:
    """The intake dialog, from the person's row on People («Ghi nhận ca mới…»): the report is
    recorded and the Cases page shows the new case, selected."""
    user.nav("Người dân")
    user.settle()
    user.row(person)
    user.click("Ghi nhận ca mới…")
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    kinds = user.field("Loại ca")
    label = code_label("case_kinds", kind)
    user.choose_in(
        kinds, next(t for t in map(kinds.itemText, range(kinds.count())) if t.startswith(label))
    )
    assert user.field("Người được hỗ trợ").text() == person
    set_moment(user, "Thời điểm tiếp nhận", received)
    user.choose("Nguồn thông tin", code_label("case_sources", "hotline_111"))
    user.check_item(code_label("problem_types", problem))
    if emergency:
        user.tick("Khẩn cấp: cần can thiệp trong 12 giờ")
    if level:
        user.choose("Cấp độ bảo vệ trẻ em", code_label("protection_levels", level))
    if summary:
        user.type("Tóm tắt sự việc", summary)
    user.shot("intake")
    user.click("Lưu")
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.settle()
    user.wait_for(lambda: user.window.cases.current is not None, 30_000)
    user.shot("case opened")


def step(user: User, action: str, fill=None, shot: str = "") -> None:
    """One statutory step: its button on the case, its dialog filled by ``fill(dialog)``, saved."""
    before = len(user.window.cases.current["events"])
    user.click(action)
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    user.type("Nội dung tóm tắt", _(action))
    if fill is not None:
        fill(dialog)
    user.shot(shot or action)
    user.click("Lưu", within=dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.wait_for(lambda: len(user.window.cases.current["events"]) > before, 30_000)
    user.settle()


def close_case(user: User) -> None:
    """The last step: «Kết thúc ca» with the plan's goals reached; the case shows as closed."""
    step(
        user,
        "Kết thúc ca",
        lambda d: user.choose("Lý do kết thúc", code_label("closure_reasons", "goal_reached"), d),
    )
    assert user.window.cases.current["step"] == "closed"
    user.shot("case closed")


def print_to_pdf(user: User, button: str, pdf: Path, shot: str) -> str:
    """Click a print button, wait for the preview, save it as ``pdf`` with «Lưu thành…», close the
    preview; returns the PDF's text (spaces collapsed)."""
    from pypdf import PdfReader

    user.click(button)
    user.wait_for(lambda: user.top() is not user.window, 60_000)
    preview = user.top()
    user.wait_for(lambda: user.button("Lưu thành…").isEnabled(), 60_000)
    user.shot(shot)
    user.files.answer(pdf)
    user.click("Lưu thành…")
    user.wait_for(pdf.exists)
    user.click("Đóng")
    user.wait_for(lambda: not preview.isVisible())
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)


def chairman_suggested(user: User, chairman: str):
    """The approval dialog's fill for a decision signed on paper: wait for the chairman of Settings
    to be suggested as approver (Decree 56/2017 Art. 28(4)), as a person reads the field before
    saving, and type the decision's number (its date is today's)."""

    def fill(dialog) -> None:
        approver = user.field("Người phê duyệt", dialog)
        user.wait_for(lambda: approver.text().startswith(chairman))
        user.type("Số quyết định", "05/QĐ-UBND", dialog)

    return fill


def inputs_named(user: User, name: str, within=None) -> list:
    """Every visible input whose accessible name is ``name`` (the cells of a table's rows)."""
    from journey_user import INPUTS

    wanted_names = wanted(name)
    return [
        w
        for w in user._all(QWidget, within)
        if isinstance(w, INPUTS)
        and not isinstance(w, QAbstractItemView)  # the table itself, named by its label
        and norm(w.accessibleName()) in wanted_names
    ]


def fill_plan(user: User, objectives: str, activities, timeframe: str, within=None) -> None:
    """The plan editor: objectives, one row per activity (what, who), the timeframe."""
    user.type("Mục tiêu", objectives, within)
    for what, who in activities:
        user.click("Thêm hoạt động", within)
        user.type_into(inputs_named(user, "Hoạt động", within)[-1], what)
        user.type_into(inputs_named(user, "Người thực hiện", within)[-1], who)
    user.type("Thời gian thực hiện kế hoạch", timeframe, within)
