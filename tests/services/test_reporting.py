"""What the reports print from an open session: the profile and its recipients."""

from __future__ import annotations

from ctxh_desktop.services import reporting
from ctxh_desktop.storage import exchange as db_exchange

OFFICE = "Sở Y tế tỉnh Hà Giang"


def test_recipients_name_the_receiving_office_before_the_archive(demo):
    with demo.store.atomic():
        db_exchange.install_office(demo.store, "ab" * 16, "02", OFFICE, b"{}", "2026-11-01T08:00")
        demo.store.set_setting("recipients", "Thường trực Đảng ủy xã")
    assert reporting.report_profile(demo)["recipients"] == [OFFICE, "Thường trực Đảng ủy xã"]
    demo.store.set_setting("recipients", f"{OFFICE}\nThường trực Đảng ủy xã")
    assert reporting.report_profile(demo)["recipients"].count(OFFICE) == 1
