"""The register's category of children at risk, beside the 14 groups of the law, in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_shots import shot

from ctxh_desktop import i18n
from ctxh_desktop.ui.main_window import CHILDREN


def test_the_editor_and_the_group_filter_offer_children_at_risk(window, qtbot, idle, click_nav):
    click_nav(window, CHILDREN)
    page = window.children_page
    idle(page)
    filters = [page.form.groupCombo.itemText(i) for i in range(page.form.groupCombo.count())]
    assert any(t.startswith("NC. Trẻ em có nguy cơ") for t in filters)
    qtbot.mouseClick(page.form.addButton, Qt.MouseButton.LeftButton)
    dialog = page.editor
    qtbot.waitExposed(dialog)
    tree = dialog.form.groupsTree
    top = tree.topLevelItem(tree.topLevelItemCount() - 1)
    assert top.text(0).startswith("NC. Trẻ em có nguy cơ bị xâm hại, bạo lực, bóc lột, bỏ rơi")
    dialog.set_checked("at_risk_violence")
    assert "at_risk" in dialog.checked_groups()  # the sub-group brings its category
    tree.scrollToItem(top.child(top.childCount() - 1))
    shot(dialog, "child_editor_at_risk_vi")
    dialog.reject()
    i18n.set_language("en")
    try:
        qtbot.mouseClick(page.form.addButton, Qt.MouseButton.LeftButton)
        english = page.editor
        qtbot.waitExposed(english)
        tree = english.form.groupsTree
        last = tree.topLevelItem(tree.topLevelItemCount() - 1)
        assert last.text(0) == "AR. Child at risk of abuse, violence, exploitation or abandonment"
        shot(english, "child_editor_at_risk_en")
        english.reject()
    finally:
        i18n.set_language("vi")
