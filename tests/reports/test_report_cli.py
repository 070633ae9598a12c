"""``ctxh report``: on a demo database the printed figures are those of ``ctxh stats``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_samples import font_report, pdf_text

from ctxh_desktop.i18n.formats import format_number
from ctxh_desktop.reports.figures import MAIN_INDICATORS


def ctxh(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTXH_PASSPHRASE": "demo", "CTXH_LANG": "vi"}
    return subprocess.run(
        [sys.executable, "-m", "ctxh_desktop.cli", *args], capture_output=True, env=env
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "demo.db"
    out = ctxh("demo", str(path), "--scale", "small", "--seed", "3", "--as-of", "2026-11-01")
    assert out.returncode == 0, out.stderr.decode()
    return path


def _stats(db: Path, *period: str) -> dict[str, int]:
    out = ctxh("stats", str(db), *period, "--json")
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout)["counts"]


def test_monthly_pdf_figures_equal_ctxh_stats(demo_db, tmp_path):
    target = tmp_path / "thang10.pdf"
    out = ctxh("report", "monthly", str(demo_db), "--month", "2026-10", "--out", str(target))
    assert out.returncode == 0, out.stderr.decode()
    data = target.read_bytes()
    text = pdf_text(data)
    c = {k: format_number(v) for k, v in _stats(demo_db, "--month", "2026-10").items()}
    assert "Kết quả công tác xã hội tháng 10 năm 2026" in text
    assert f"Tổng số đối tượng có hồ sơ đến cuối kỳ: {c['people']} người" in text
    assert f"Tiếp nhận mới {c['cases_new']} trường hợp" in text
    assert f"Số trường hợp khẩn cấp tiếp nhận: {c['cases_emergency']};" in text
    assert f"Số kế hoạch được phê duyệt: {c['plans_approved']};" in text
    assert f"Tổng số trường hợp đang quản lý {c['cases_open']}" in text
    assert f"chuyển gửi đến cơ sở cung cấp dịch vụ: {c['referrals']}." in text
    assert (
        f"Tổ chức {c['consultations']} buổi tư vấn cho {c['consultation_people']} lượt người"
        in text
    )
    assert f"đang quản lý đến cuối kỳ: {c['children']}," in text
    assert f"Số lượt hỗ trợ: {c['child_supports']};" in text
    assert f"tổng kinh phí hỗ trợ: {c['child_support_amount_vnd']} đồng" in text
    assert all(font_report(data).values())


def test_consolidated_xlsx_totals_equal_ctxh_stats_over_the_range(demo_db, tmp_path):
    target = tmp_path / "tonghop.xlsx"
    args = ("--from", "2026-01", "--to", "2026-06")
    out = ctxh("report", "consolidated", str(demo_db), *args, "--out", str(target))
    assert out.returncode == 0, out.stderr.decode()
    counts = _stats(demo_db, *args)
    ws = load_workbook(io.BytesIO(target.read_bytes()))["Tổng hợp"]
    headers = [cell.value for cell in ws[4]]
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "Tổng cộng")
    row = dict(zip(headers, total, strict=False))
    for key, label in MAIN_INDICATORS:
        assert row[label] == counts.get(key, 0), key


def test_wrong_output_extension_is_refused(demo_db, tmp_path):
    out = ctxh(
        "report", "monthly", str(demo_db), "--month", "2026-10", "--out", str(tmp_path / "a.doc")
    )
    assert out.returncode == 2 and b"Traceback" not in out.stderr
    out = ctxh("report", "monthly", str(demo_db), "--month", "2026-13", "--out", "x.pdf")
    assert out.returncode == 2
