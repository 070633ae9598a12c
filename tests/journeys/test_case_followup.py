"""Journey: a child-protection case followed up in the window — a referral to a provider of the
directory, refused when it skips a step, then accepted and done with the provider's answer; a
service given, an inter-agency meeting, the child's safety plan, and a parent's consent which asks
for the child's own view (Law on Children 2016, Art. 6(11): a child of 7 or more); the case sheet
lists them."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_steps import (
    LUNG_CU,
    commune_wizard,
    print_to_pdf,
    record_case,
    register_person,
    step,
)
from journey_user import shown
from PySide6.QtWidgets import QScrollArea

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

CHILD = "Giàng Thị Mỷ"
PROVIDER = "Trung tâm Công tác xã hội tỉnh"
BORN = dt.date.today().replace(year=dt.date.today().year - 10, day=1)


def _form(user, button: str, fill, saves: bool = True) -> None:
    """A follow-up button of the case, its form filled by ``fill(dialog)``, then «Lưu»."""
    user.click(button)
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    fill(dialog)
    user.shot(button)
    user.click("Lưu", within=dialog)
    if saves:
        user.wait_for(lambda: not shown(dialog), 30_000)
        user.settle()
    return dialog


def _refer(user) -> None:
    def fill(dialog) -> None:
        user.click("Danh bạ…", within=dialog)
        user.wait_for(lambda: user.top() is not dialog)
        directory = user.top()
        user.type("Tên cơ sở", PROVIDER, directory)
        user.click("Lưu thông tin cơ sở", directory)
        user.settle()
        user.click("Chọn cơ sở này", directory)
        user.wait_for(lambda: not shown(directory))
        user.settle()
        assert user.field("Chuyển gửi tới cơ sở", dialog).currentText().startswith(PROVIDER)

    step(user, "Chuyển gửi", fill)


@pytest.mark.timeout(300)
def test_referral_services_conference_safety_plan_and_consent(start, lang, tmp_path):
    user = start("case-followup")
    commune_wizard(user, lang, **LUNG_CU)
    register_person(user, CHILD, BORN.strftime("%d/%m/%Y"), code_label("genders", "female"))
    received = dt.datetime.combine(dt.date.today(), dt.time(8, 0)) - dt.timedelta(days=2)
    record_case(user, "child_protection", CHILD, received, "neglect", emergency=False)
    page = user.window.cases
    _refer(user)
    user.wait_for(lambda: user.sees(PROVIDER))

    # a referral cannot be done before the provider answers: refused, in Vietnamese, at the form
    def skip(d) -> None:
        user.choose("Trạng thái mới", code_label("referral_statuses", "completed"), d)

    dialog = _form(user, "Cập nhật chuyển gửi…", skip, saves=False)
    refused = _("Không thể chuyển trạng thái chuyển gửi từ «{old}» sang «{new}».").format(
        old=code_label("referral_statuses", "sent"),
        new=code_label("referral_statuses", "completed"),
    )
    user.wait_for(lambda: user.sees(refused, dialog))
    user.choose("Trạng thái mới", code_label("referral_statuses", "accepted"), dialog)
    user.type("Trả lời của cơ sở, kết quả", "Nhận trẻ tư vấn tâm lý", dialog)
    user.click("Lưu", within=dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.wait_for(lambda: user.sees("Nhận trẻ tư vấn tâm lý"))

    def done(d) -> None:
        user.choose("Trạng thái mới", code_label("referral_statuses", "completed"), d)
        user.type("Trả lời của cơ sở, kết quả", "Đã xong 4 buổi", d)

    _form(user, "Cập nhật chuyển gửi…", done)
    user.wait_for(lambda: user.sees("Đã xong 4 buổi"))
    assert not user.button("Cập nhật chuyển gửi…").isEnabled()  # nothing left to answer

    _form(
        user,
        "Ghi dịch vụ đã cung cấp…",
        lambda d: user.type("Dịch vụ đã cung cấp", "Khám sức khỏe", d),
    )

    def meeting(d) -> None:
        user.choose("Loại cuộc họp", code_label("conference_kinds", "interagency"), d)
        user.type("Thành phần tham dự", "Công an xã, trạm y tế, trường", d)
        user.type("Biên bản, kết luận", "Thống nhất kế hoạch hỗ trợ", d)

    _form(user, "Ghi họp ca…", meeting)

    def safety(d) -> None:
        user.type("Người bảo đảm an toàn cho trẻ", "Bà ngoại", d)
        user.type("Việc cần làm để trẻ an toàn", "Trẻ ở với bà ngoại", d)
        user.type("Gọi ai khi cần giúp", "Tổng đài 111", d)

    _form(user, "Kế hoạch an toàn…", safety)

    def consent(d) -> None:
        user.choose("Người đồng ý", code_label("consent_givers", "parent"), d)
        user.tick(code_label("consent_purposes", "share_office"), d)

    dialog = _form(user, "Ghi sự đồng ý…", consent, saves=False)
    # a child of 10: her own view is asked (Law on Children 2016, Art. 6(11))
    own_view = _(
        "Trẻ {age} tuổi: hãy ghi ý kiến của chính trẻ (trẻ từ đủ 7 tuổi, "
        "Luật Trẻ em 2016, Điều 6 khoản 11)."
    ).format(age=10)
    user.wait_for(lambda: user.sees(own_view, dialog))
    user.choose("Ý kiến của trẻ (từ đủ 7 tuổi)", code_label("child_views", "agrees"), dialog)
    user.click("Lưu", within=dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.settle()
    agrees = code_label("child_views", "agrees")
    for seen in ("Khám sức khỏe", "Công an xã, trạm y tế, trường", "Bà ngoại", agrees):
        user.wait_for(lambda s=seen: user.sees(s))
    timeline = [
        page.form.timelineList.item(i).text() for i in range(page.form.timelineList.count())
    ]
    assert any("Khám sức khỏe" in line for line in timeline)  # the follow-up among the steps
    area = page.findChild(QScrollArea, "detailArea")  # scrolled down, as a person does
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    user.shot("case follow-up")
    assert page.current["code"]

    text = print_to_pdf(user, "In phiếu ca", tmp_path / "phieu-ca.pdf", "case sheet preview")
    done = code_label("referral_statuses", "completed")
    for seen in (PROVIDER, done, "Khám sức khỏe", "Công an xã, trạm y tế, trường"):
        assert seen in text, seen
