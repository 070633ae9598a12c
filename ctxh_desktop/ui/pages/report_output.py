"""The reports the reports page makes: their kinds and formats, the chosen report built in the
worker (with the registers workbook), and the document to preview, print or save."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.core.periods import make_period
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.services import reporting
from ctxh_desktop.ui.dialogs.print_preview import PrintDocument

MONTHLY, HALF_YEAR, ANNUAL, CONSOLIDATED = "monthly", "half_year", "annual", "consolidated"

KINDS = (
    (MONTHLY, N_("Báo cáo tháng")),
    (HALF_YEAR, N_("Báo cáo 6 tháng đầu năm")),
    (ANNUAL, N_("Báo cáo năm")),
    (CONSOLIDATED, N_("Báo cáo tổng hợp các xã")),
)

FORMATS = (("pdf", N_("PDF")), ("xlsx", N_("Excel")))


# -- in the worker thread ---------------------------------------------------------------------
def write_registers(session, path: str) -> str:
    """Write the registers workbook to ``path`` (audited); returns the path."""
    reporting.save_output(session, path, reporting.registers_workbook(session), "registers")
    return path


def build_report(session, spec: dict[str, Any], fmt: str = "pdf", task=None) -> dict[str, Any]:
    """The chosen report as PDF (and, for the consolidated report in Excel, the workbook too)."""
    steps = 2 if fmt == "xlsx" else 1
    if task is not None:
        task.progress(0, steps)
    xlsx = None
    if spec["kind"] == CONSOLIDATED:
        pdf = reporting.consolidated_report(session, spec["from"], spec["to"], "pdf")
        if fmt == "xlsx":
            if task is not None:
                task.progress(1, steps)
            xlsx = reporting.consolidated_report(session, spec["from"], spec["to"], "xlsx")
    else:
        pdf = reporting.monthly_report(session, spec.get("month"), spec.get("from"), spec.get("to"))
    if task is not None:
        task.progress(steps, steps)
    return {"pdf": pdf, "xlsx": xlsx}


def report_document(spec: dict[str, Any], result: dict[str, Any]) -> PrintDocument:
    """The built report (:func:`build_report`'s result) as a document titled for its period."""
    period = make_period(spec.get("month"), spec.get("from"), spec.get("to"))
    first, last = period.months
    kind = spec["kind"]
    wording = N_("Báo cáo tổng hợp {period}") if kind == CONSOLIDATED else N_("Báo cáo {period}")

    def title() -> str:
        return _(wording).format(period=period.label())

    stem = {
        MONTHLY: f"bao-cao-thang-{first}",
        HALF_YEAR: f"bao-cao-6-thang-{first[:4]}",
        ANNUAL: f"bao-cao-nam-{first[:4]}",
        CONSOLIDATED: f"bao-cao-tong-hop-{first}-{last}",
    }[kind]
    return PrintDocument(
        title=title,
        pdf=result["pdf"],
        file_stem=stem,
        detail={"report": kind, "from": first, "to": last},
        xlsx=result.get("xlsx"),
    )
