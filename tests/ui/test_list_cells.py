"""A list cell shows any stored text within bounds: cut with "…", control characters as "?"."""

from __future__ import annotations

from ctxh_desktop.ui.table_model import MAX_CELL_TEXT, MAX_WHOLE_TEXT, Column


def test_a_huge_or_control_character_text_is_cut_and_shown_on_one_line():
    name = Column("full_name", "Họ và tên")
    shown = name.display({"full_name": "Nguyễn Văn " * 300_000})
    assert len(shown) == MAX_CELL_TEXT and shown.endswith("…")
    assert name.display({"full_name": "Nguyễn\x01Văn\x00"}) == "Nguyễn?Văn?"
    code = Column("code", "Mã ca", whole=True)
    assert len(code.display({"code": "2026" * 100})) == MAX_WHOLE_TEXT
