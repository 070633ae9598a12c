"""Journey (approve-plan help topic): the administrator gives the commune chairman his own account
in the window; the collaborator takes two children's cases to a drafted plan; the chairman signs
in as himself, finds both plans waiting for his decision, approves the first with a decision
number and date (Decree 56/2017/NĐ-CP, Art. 28(4)), prints the decision (Mẫu số 05, Art.
28(2)(c)) as PDF, and returns the second plan with a reason: it goes back to plan drafting; then
he decides a temporary separation of the second child (Art. 32(2))."""

from __future__ import annotations

import datetime as dt

import pytest
from journey_steps import (
    LUNG_CU,
    commune_wizard,
    fill_plan,
    print_to_pdf,
    record_case,
    register_person,
    step,
)
from journey_user import User, shown
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ctxh_desktop.i18n import _
from ctxh_desktop.ui.common import code_label

CHAIRMAN = {"username": "chutich.pao", "password": "Pao-ky-2026"}
CHILDREN = ("Vàng Thị Dợ", "Giàng A Tủa")
ACTIVITIES = (("Thăm gia đình hằng tuần", "Cộng tác viên"),)
NUMBER = "12/QĐ-UBND"
REASON = "Cần thêm người của trạm y tế"


def create_chairman_account(user: User) -> None:
    """Settings ▸ «Tài khoản người dùng…»: a new account with the approver's role."""
    user.nav("Cài đặt")
    user.settle()
    user.click("Tài khoản người dùng…")
    user.wait_for(lambda: user.has_button("Lưu tài khoản"))
    dialog = user.top()
    user.click("Tài khoản mới", within=dialog)
    user.type("Tên đăng nhập", CHAIRMAN["username"], within=dialog)
    user.type("Họ và tên", LUNG_CU["chairman"], within=dialog)
    user.choose("Vai trò", _("Chủ tịch UBND xã (xem, in, phê duyệt)"), within=dialog)  # as listed
    user.type("Mật khẩu đăng nhập", CHAIRMAN["password"], within=dialog)
    user.click("Lưu tài khoản", within=dialog)
    user.wait_for(lambda: user.find_row(CHAIRMAN["username"], within=dialog) is not None)
    user.shot("chairman account")
    user.click("Đóng", within=dialog)
    user.wait_for(lambda: not shown(dialog))


def case_to_drafted_plan(user: User, child: str, born: dt.date) -> str:
    """The collaborator registers a child, records a report and drafts the plan; returns its code."""
    register_person(user, child, born.strftime("%d/%m/%Y"), code_label("genders", "female"))
    received = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    record_case(user, "child_protection", child, received, "neglect", emergency=False)
    step(
        user,
        "Đánh giá ban đầu",
        lambda d: user.choose("Mức độ nguy cơ", code_label("risk_levels", "medium"), d),
    )
    step(user, "Xác minh, đánh giá nhu cầu")
    step(
        user,
        "Xây dựng kế hoạch",
        lambda d: fill_plan(user, "Trẻ được chăm sóc an toàn", ACTIVITIES, "3 tháng", d),
    )
    assert user.window.cases.current["step"] == "planning"
    return user.window.cases.current["code"]


def sign_in_as_chairman(start, user: User) -> User:
    """The program closed and opened again the next morning: the data file's passphrase, then
    the chairman's own account."""
    user = start.again(user)
    opened: list = []

    def press_open() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not shown(dialog):
            QTimer.singleShot(50, press_open)
            return
        user.type("Mật khẩu", LUNG_CU["passphrase"], within=dialog)
        opened.append(dialog)
        user.click("Open", within=dialog)

    QTimer.singleShot(50, press_open)
    assert user.app.start()
    user.wait_for(lambda: bool(opened))
    user.wait_for(lambda: user.has_button("Đăng nhập"), 30_000)
    user.type("Tên đăng nhập", CHAIRMAN["username"])
    user.type("Mật khẩu đăng nhập", CHAIRMAN["password"])
    user.shot("chairman signs in")
    user.click("Đăng nhập")
    user.wait_for(lambda: user.window.session is not None and user.top() is user.window, 30_000)
    user.settle()
    return user


def decide(user: User, child: str, button: str, fill, confirm: str) -> None:
    """The chairman picks the child's case and takes a decision in its dialog."""
    page = user.window.cases
    user.row(child)
    user.wait_for(lambda: page.current is not None and child in str(page.current["person"]))
    user.click(button)
    user.wait_for(lambda: user.top() is not user.window)
    dialog = user.top()
    fill(dialog)
    user.shot(button, dialog)
    user.click(confirm, within=dialog)
    user.wait_for(lambda: not shown(dialog), 30_000)
    user.settle()


@pytest.mark.timeout(400)
def test_the_chairman_approves_one_plan_prints_the_decision_and_returns_another(
    start, lang, tmp_path
):
    user = start("chairman-approval")
    commune_wizard(user, lang, **LUNG_CU)
    create_chairman_account(user)
    born = dt.date.today().replace(day=1, year=dt.date.today().year - 8)
    codes = [case_to_drafted_plan(user, child, born) for child in CHILDREN]

    user = sign_in_as_chairman(start, user)
    assert user.window.session.user == CHAIRMAN["username"]
    user.nav("Hồ sơ ca")
    user.settle()
    user.choose("Trạng thái", _("Chờ phê duyệt kế hoạch"))
    page = user.window.cases
    user.wait_for(lambda: page.idle and page.model.rowCount() == 2, 30_000)
    user.shot("plans waiting")
    user.row(CHILDREN[0])
    user.wait_for(lambda: page.current is not None)
    assert not user.has_button("Xây dựng kế hoạch")  # he decides; he never edits the case
    assert (
        not user.has_button("Tiếp nhận ca mới…") or not user.button("Tiếp nhận ca mới…").isEnabled()
    )

    decide(
        user,
        CHILDREN[0],
        "Phê duyệt kế hoạch…",
        lambda d: user.type("Số quyết định", NUMBER, within=d),
        "Phê duyệt",
    )
    user.wait_for(lambda: page.current["step"] == "intervention", 30_000)
    decision = page.current["plan"]["decision"]
    assert decision["number"] == NUMBER and decision["signed_by"] == LUNG_CU["chairman"]
    assert decision["date"] == dt.date.today().isoformat() and not decision["on_paper"]
    assert page.current["code"] == codes[0]

    # The decision, previewed and saved as PDF.
    pdf = tmp_path / "quyet-dinh.pdf"
    text = print_to_pdf(user, "In quyết định phê duyệt", pdf, "decision preview")
    assert NUMBER in text and LUNG_CU["chairman"] in text and CHILDREN[0] in text
    assert ACTIVITIES[0][0] in text and "56/2017/NĐ-CP" in text

    # The second plan goes back to drafting, with the reason on its timeline.
    user.choose("Trạng thái", _("Chờ phê duyệt kế hoạch"))
    user.wait_for(lambda: page.idle and page.model.rowCount() == 1, 30_000)
    decide(
        user,
        CHILDREN[1],
        "Trả lại kế hoạch…",
        lambda d: user.type("Lý do trả lại", REASON, within=d),
        "Trả lại",
    )
    user.wait_for(lambda: bool(page.current["plan"].get("returns")), 30_000)
    assert page.current["step"] == "planning" and page.current["code"] == codes[1]
    assert REASON in page.current["events"][0]["summary"]
    user.wait_for(lambda: page.idle and page.model.rowCount() == 0, 30_000)
    user.shot("nothing left to decide")

    # He decides a temporary separation for the same child (Art. 32(2)): it starts now.
    user.choose("Trạng thái", _("Tất cả"))
    user.wait_for(lambda: page.idle and page.model.rowCount() == 2, 30_000)
    decide(
        user,
        CHILDREN[1],
        "Quyết định tạm thời cách ly…",
        lambda d: (
            user.type("Số quyết định", "13/QĐ-UBND", within=d),
            user.type("Nơi tạm trú an toàn, người chăm sóc", "Nhà bà ngoại", within=d),
        ),
        "Quyết định",
    )
    user.wait_for(lambda: bool(page.current.get("separation_decision")), 30_000)
    assert page.current["separation_decision"]["signed_by"] == LUNG_CU["chairman"]
    assert user.sees("13/QĐ-UBND")
