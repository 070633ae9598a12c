"""Journey (workforce): a commune records its social-work collaborator from Settings, the course
she attended (then corrects its hours) and her practising certificate (then removes it as entered
by mistake), marks a facility in the provider directory as offering social-work services, and
reads the collaborators, the staff trained and the facility in this month's report figures."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_steps import LUNG_CU, commune_wizard
from journey_user import shown

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

TODAY = dt.date.today()
MONTH = TODAY.strftime("%m/%Y")
NAME = "Vàng Thị Mai"


def _figure(user, label: str) -> str:
    found = user.find_row(_(label))
    return user.rows(found[0])[found[1]][1] if found else ""


def _shows(user, label: str, value: str) -> None:
    """Wait until the report's figures show ``value`` for ``label`` (they follow the month)."""
    user.wait_for(lambda: _figure(user, label) == value)


@pytest.mark.timeout(240)
def test_staff_training_and_a_facility_reach_the_report(start, lang):
    user = start("workforce")
    commune_wizard(user, lang, **LUNG_CU)

    # Settings → the staff register: the collaborator.
    user.nav("Cài đặt")
    user.click("Người làm công tác xã hội…")
    user.wait_for(lambda: user.top() is not user.window)
    staff = user.top()
    user.click("Thêm người mới", staff)
    user.type("Họ và tên", NAME, staff)
    user.choose("Vị trí", code_label("staff_roles", "collaborator"), staff)
    user.type("Làm từ ngày", "01/02/2024", staff)
    user.type("Phụ cấp hằng tháng (đồng)", "1.490.000", staff)
    user.click("Lưu thông tin người này", staff)
    user.wait_for(lambda: user.find_row(NAME, staff) is not None)
    user.row(NAME, staff)
    user.shot("collaborator saved")

    # Her course, then its hours corrected.
    user.type("Tên khóa tập huấn", "Kỹ năng công tác xã hội với trẻ em", staff)
    user.type("Ngày bắt đầu khóa", TODAY.strftime("%d/%m/%Y"), staff)
    user.type("Số giờ", "24", staff)
    user.tick("Được cấp giấy chứng nhận", staff)
    user.click("Lưu khóa tập huấn", staff)
    user.wait_for(lambda: user.find_row("Kỹ năng công tác xã hội với trẻ em", staff) is not None)
    user.row("Kỹ năng công tác xã hội với trẻ em", staff)
    user.type("Số giờ", "40", staff)
    user.click("Lưu khóa tập huấn", staff)
    user.wait_for(lambda: user.find_row("40", staff) is not None)
    user.shot("course corrected")

    # Her certificate, then removed as entered by mistake.
    user.type("Số chứng chỉ hành nghề", "08/2025/CCHN", staff)
    user.type("Ngày cấp", "05/05/2025", staff)
    user.type("Nơi cấp", "Sở Y tế Tuyên Quang", staff)
    user.click("Lưu chứng chỉ", staff)
    user.wait_for(lambda: user.find_row("08/2025/CCHN", staff) is not None)
    user.row("08/2025/CCHN", staff)
    with user.answering(lambda box: user.accept_message(box, "Xóa")):
        user.click("Xóa chứng chỉ…", staff)
    user.wait_for(lambda: user.find_row("08/2025/CCHN", staff) is None)
    user.shot("certificate removed")

    # The directory: a facility offering social-work services.
    user.click("Cơ sở cung cấp dịch vụ…", staff)
    user.wait_for(lambda: user.top() is not staff)
    directory = user.top()
    user.click("Thêm cơ sở mới", directory)
    user.type("Tên cơ sở", "Trung tâm Công tác xã hội tỉnh Tuyên Quang", directory)
    user.choose("Loại hình", code_label("provider_ownership", "public"), directory)
    user.type("Công suất (số chỗ)", "60", directory)
    user.type("Số nhân viên công tác xã hội", "12", directory)
    user.tick("Có cung cấp dịch vụ công tác xã hội", directory)
    user.click("Lưu thông tin cơ sở", directory)
    user.wait_for(lambda: user.find_row("Trung tâm Công tác xã hội tỉnh", directory) is not None)
    user.shot("facility saved")
    user.click("Đóng", directory)
    user.wait_for(lambda: not shown(directory))
    user.click("Đóng", staff)
    user.wait_for(lambda: not shown(staff))

    # This month's figures.
    user.nav("Báo cáo")
    user.choose("Loại báo cáo", "Báo cáo tháng")
    user.set_date("Tháng", MONTH)
    _shows(user, "Cộng tác viên công tác xã hội (cuối kỳ)", "1")
    _shows(user, "Người làm CTXH được tập huấn trong kỳ", "1")
    _shows(user, "Số giờ tập huấn", "40")
    _shows(user, "Người làm CTXH có chứng chỉ hành nghề", "0")
    _shows(user, "Cơ sở cung cấp dịch vụ công tác xã hội", "1")
    view, row = user.find_row(_("Cơ sở cung cấp dịch vụ công tác xã hội"))
    view.scrollTo(view.model().index(row, 0))
    user.shot("report figures")
