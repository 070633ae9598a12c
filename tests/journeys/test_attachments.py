"""Journey (attachments help topic): the chairman signs a plan's approval on paper; the
collaborator records its number, then attaches the scan to the case, linked to that decision and
marked for the office. A program renamed .jpg and a file over 3 MB are refused with a clear
message, changing nothing. The scan is viewed, a copy saved, and it is removed."""

from __future__ import annotations

import datetime as dt

import pytest
from attachment_files import EXE, png_bytes, write
from journey_steps import (
    LUNG_CU,
    chairman_suggested,
    commune_wizard,
    fill_plan,
    record_case,
    register_person,
    step,
)
from journey_user import shown
from PySide6.QtWidgets import QLabel, QScrollArea

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

CLIENT = "Vàng Thị Dua"
SCAN_TITLE = "Quyết định 05/QĐ-UBND (bản quét)"


def attach(user, path, fill=None):
    """«Thêm tệp…», the file typed in the chooser, the dialog filled and «Đính kèm» clicked;
    returns the dialog (still open when the file was refused)."""
    user.files.answer(path)
    user.click("Thêm tệp…")
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    if fill is not None:
        fill(dialog)
    user.click("Đính kèm", within=dialog)
    user.settle()
    return dialog


def refused(user, dialog, shot: str) -> str:
    """The dialog stays open with the refusal under its fields (returned); it is cancelled."""
    error = next(
        label
        for label in dialog.findChildren(QLabel)
        if label.accessibleName() == _("Lỗi đính kèm tệp")
    )
    user.wait_for(lambda: shown(error) and error.text(), 30_000)
    text = error.text()
    user.shot(f"refused {shot}", dialog)
    user.click("Hủy", within=dialog)
    user.wait_for(lambda: not shown(dialog))
    return text


@pytest.mark.timeout(300)
def test_attach_a_decision_scan_refuse_bad_files_and_remove(start, lang, tmp_path):
    user = start("attachments")
    commune_wizard(user, lang, **LUNG_CU)
    register_person(user, CLIENT, "03/04/1970", code_label("genders", "female"))
    received = (dt.datetime.now() - dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    record_case(user, "general", CLIENT, received, "poverty", emergency=False)

    def plan(dialog) -> None:
        fill_plan(
            user, "Ổn định cuộc sống", (("Hỗ trợ làm hồ sơ", "Cộng tác viên"),), "3 tháng", dialog
        )
        user.check_item(code_label("needs_domains", "livelihood"), dialog)

    step(user, "Xây dựng kế hoạch", plan)
    step(user, "Phê duyệt kế hoạch", chairman_suggested(user, LUNG_CU["chairman"]))
    section = user.window.cases.attachments
    user.wait_for(lambda: user.sees("Chưa có tệp nào.", section))

    # A program renamed .jpg: refused by its content, nothing attached.
    dialog = attach(user, write(tmp_path, "quyet-dinh.jpg", EXE))
    assert refused(user, dialog, "exe") == _(
        "Tệp này không phải ảnh JPEG, PNG hay tài liệu PDF (đã kiểm tra nội dung tệp, không"
        " dựa vào tên tệp). Chỉ đính kèm được ảnh chụp, bản quét JPEG/PNG hoặc PDF."
    )
    # A file over 3 MB: refused, the cap said.
    big = write(tmp_path, "scan-lon.png", png_bytes() + b"\0" * 3_100_000)
    assert "3 MB" in refused(user, attach(user, big), "too big")
    assert user.sees("Chưa có tệp nào.", section)

    # The scan of the paper decision, linked to it and marked for the office.
    scan = write(tmp_path, "qd-05.png", png_bytes(120, 160))

    def describe(dialog) -> None:
        user.type("Tiêu đề", SCAN_TITLE, dialog)
        combo = user.field("Bản quét của", dialog)
        user.choose_in(combo, combo.itemText(1))
        assert "05/QĐ-UBND" in combo.currentText()
        user.tick("Gửi văn phòng", dialog)
        user.shot("attach the scan", dialog)

    dialog = attach(user, scan, describe)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.wait_for(lambda: user.find_row(SCAN_TITLE, section) is not None, 30_000)
    user.settle()
    area = user.window.cases.findChild(QScrollArea, "detailArea")
    area.ensureWidgetVisible(section)  # scrolled down to the section, as a person does
    user.shot("scan attached")
    view, r = user.find_row(SCAN_TITLE, section)
    assert _("Quyết định phê duyệt kế hoạch") in user.rows(view)[r][0]

    # Viewed whole in the program.
    user.row(SCAN_TITLE, section)
    user.click("Xem", section)
    user.wait_for(lambda: user.top() is not user.window, 30_000)
    viewer = user.top()
    user.shot("scan viewed", viewer)
    user.click("Đóng", within=viewer)
    user.wait_for(lambda: not shown(viewer))

    # A copy saved where the user says, the same file.
    copy = tmp_path / "ban-sao"
    user.files.answer(copy)
    user.click("Lưu bản sao…", section)
    user.wait_for(lambda: (tmp_path / "ban-sao.png").exists(), 30_000)
    assert (tmp_path / "ban-sao.png").read_bytes() == scan.read_bytes()

    # Removed, after a question.
    user.row(SCAN_TITLE, section)
    user.click("Xóa tệp…", section)
    user.wait_for(lambda: user.top() is not user.window)
    box = user.top()
    user.shot("remove the scan", box)
    user.click("Xóa", within=box)
    user.wait_for(lambda: user.sees("Chưa có tệp nào.", section), 30_000)
