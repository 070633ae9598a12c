"""The case sheet keeps a corrected step as recorded, says it was corrected, and prints the
correcting entry with what it corrected and why."""

from __future__ import annotations

from report_samples import fake_labels, pdf_text

from ctxh_desktop.core import event_corrections
from ctxh_desktop.reports.case_sheet import case_sheet_pdf


def test_sheet_prints_both_the_corrected_step_and_its_correction(profile, case):
    events = [dict(e, id=f"e{i}") for i, e in enumerate(case["events"])]
    events.append(
        {
            "id": "fix",
            "at": "2026-10-05T09:00",
            "kind": "correction",
            "step": "assessment",
            "summary": "Ghi nhầm giờ",
            "corrects": "e0",
            "correction": {"at": ["2026-10-02T08:30", "2026-10-02T07:30"]},
        }
    )
    corrected = {**case, "events": event_corrections.annotate(events)}
    text = " ".join(pdf_text(case_sheet_pdf(profile, corrected, fake_labels)).split())
    assert "Tổng đài 111 chuyển thông tin về trẻ bị bạo lực." in text  # the original, kept
    assert "Đã được đính chính ngày 05/10/2026 09:00" in text
    assert "02/10/2026 08:30 → 02/10/2026 07:30" in text
    assert "Lý do: Ghi nhầm giờ" in text
