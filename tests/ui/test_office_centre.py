"""At an office, a social-work centre is put on the list of units that report, by ticking it in
the window; the office's lists then name it as a centre, and its figures get their own subtotal
beside the communes'."""

from __future__ import annotations

import datetime as dt

import pytest
from office_windows import office_window_over
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton
from ui_shots import shot

from ctxh_desktop import i18n
from ctxh_desktop.services import exchange
from ctxh_desktop.storage import keyfile

CENTRE = "ttxh-01-01"
CENTRE_NAME = "Trung tâm Công tác xã hội thành phố Hà Nội"


def _office_holding_a_commune_and_a_centre(path):
    """An office whose database already holds rows a commune and the centre sent."""
    created = exchange.create_office(
        path, "mật khẩu văn phòng", "khóa văn phòng", unit_code="01",
        unit_name="Sở Y tế Hà Nội", kdf=keyfile.FAST_KDF,
    )  # fmt: skip
    store = created.session.store
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).isoformat()[:7]  # the page's
    with store.atomic():
        for unit, channel in (("00004", "at_home"), (CENTRE, "hotline_111"), (CENTRE, "facility")):
            person = store.insert("person", {"commune": unit, "full_name": "N.T.H."})
            store.insert(
                "consultation",
                {
                    "commune": unit,
                    "person_id": person["id"],
                    "at": f"{month}-01T09:00",
                    "channel": channel,
                },
            )
    return created.session


@pytest.fixture
def office_window(gui_app, qtbot, tmp_path):
    yield from office_window_over(
        qtbot, _office_holding_a_commune_and_a_centre, tmp_path / "office.db"
    )
    i18n.set_language("vi")


def _open_tab(qtbot, tabs, title: str) -> None:
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def _column(table, c: int) -> list[str]:
    return [table.item(r, c).text() if table.item(r, c) else "" for r in range(table.rowCount())]


def test_a_centre_ticked_on_the_list_is_shown_as_a_centre_and_counted_apart(office_window, qtbot):
    office_window.show_page(6)  # Sync: the office page
    page = office_window.sync.office_page
    qtbot.waitUntil(lambda: page.overview is not None, timeout=30_000)
    f = page.form

    _open_tab(qtbot, f.tabs, "Xã phải báo cáo")
    box = f.expectedList
    qtbot.waitUntil(lambda: box.count() > 0, timeout=15_000)
    texts = [box.item(i).text() for i in range(box.count())]
    shown = f"{CENTRE} — {CENTRE_NAME} (Trung tâm CTXH)"
    assert shown in texts
    item = box.item(texts.index(shown))
    assert item.checkState() == Qt.CheckState.Unchecked
    box.scrollToItem(item)
    rect = box.visualItemRect(item)
    qtbot.mouseClick(
        box.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y())
    )
    assert item.checkState() == Qt.CheckState.Checked
    shot(page, "office_centre_expected_vi")
    save = next(b for b in page.findChildren(QPushButton) if b.text() == "Lưu danh sách xã")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    # the submissions: the centre is on the list, named as a centre
    table = f.communesTable
    qtbot.waitUntil(lambda: CENTRE in _column(table, 0), timeout=30_000)
    assert _column(table, 1)[_column(table, 0).index(CENTRE)] == f"{CENTRE_NAME} (Trung tâm CTXH)"

    # the figures: communes first, the centre after them, a subtotal for each, then the total
    _open_tab(qtbot, f.tabs, "Chỉ tiêu theo xã")
    figures = f.indicatorsTable
    qtbot.waitUntil(lambda: "Tổng cộng" in _column(figures, 1), timeout=30_000)
    names = _column(figures, 1)
    assert names[-3:] == [
        "Cộng các xã, phường, đặc khu",
        "Cộng các trung tâm công tác xã hội",
        "Tổng cộng",
    ]
    assert names.index(f"{CENTRE_NAME} (Trung tâm CTXH)") == len(names) - 4
    heads = [figures.horizontalHeaderItem(c).text() for c in range(figures.columnCount())]
    sessions = next(c for c, h in enumerate(heads) if "tư vấn" in h.lower())
    counted = _column(figures, sessions)
    assert counted[-3:] == ["1", "2", "3"]  # communes, centres, province
    shot(page, "office_centre_figures_vi")
    i18n.set_language("en")
    qtbot.waitUntil(lambda: "Subtotal: social-work centres" in _column(figures, 1), timeout=10_000)
    shot(page, "office_centre_figures_en")
