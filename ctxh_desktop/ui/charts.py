"""Trend charts of the Reports page (QtCharts): monthly lines and target-group coverage bars.

The data comes from :func:`ctxh_desktop.services.trends.monthly_series`; the charts are rebuilt from
it when the language changes, so titles, legends and month labels follow the language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from ctxh_desktop.core.indicator_table import label
from ctxh_desktop.i18n import N_, _
from ctxh_desktop.i18n.formats import format_number

#: The lines of the trend chart: series key, legend (msgid, the indicator table's), colour.
LINES = tuple(
    (key, label(key), color)
    for key, color in (
        ("cases_new", "#1f5fa8"),
        ("consultations", "#2e8540"),
        ("children_supported", "#c05621"),
    )
)
#: The bars of the coverage chart.
BARS = tuple(
    (key, label(key), color)
    for key, color in (("children_target", "#9fb8d8"), ("children_target_supported", "#1f5fa8"))
)


def month_label(month: str) -> str:
    """``"2026-10"`` → ``"T10/2026"`` (``"10/2026"`` in English)."""
    return _("T{month}/{year}").format(month=int(month[5:7]), year=month[:4])


def _value_axis(maximum: int) -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, max(4, maximum * 1.1))
    axis.applyNiceNumbers()
    axis.setTitleText(_("Số lượng"))
    return axis


def _month_axis(months: list[str]) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    # month over year on two lines, so twelve labels fit side by side
    axis.append([month_label(m).replace("/", "<br>", 1) for m in months])
    axis.setTitleText(_("Tháng"))
    axis.setTruncateLabels(False)
    font = QFont(axis.labelsFont())
    font.setPointSizeF(8)
    axis.setLabelsFont(font)
    return axis


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSizeF(11)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def trend_chart(data: dict[str, Any]) -> QChart:
    """New cases, consultations and children supported, one point per month."""
    months = data["months"]
    chart = _chart(_("Xu hướng theo tháng"))
    top = 0
    for key, legend, color in LINES:
        values = data["series"].get(key, [])
        series = QLineSeries()
        series.setName(_(legend))
        series.setPointsVisible(True)
        pen = QPen(QColor(color))
        pen.setWidth(2)
        series.setPen(pen)
        for index, value in enumerate(values):
            series.append(index, value)
        top = max([top, *values])
        chart.addSeries(series)
    x_axis, y_axis = _month_axis(months), _value_axis(top)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for series in chart.series():
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
    return chart


def coverage_chart(data: dict[str, Any]) -> QChart:
    """Target-group children registered and supported, month by month."""
    months = data["months"]
    series = QBarSeries()
    top = 0
    for key, legend, color in BARS:
        values = data["series"].get(key, [])
        bar = QBarSet(_(legend))
        bar.setColor(QColor(color))
        bar.setBorderColor(QColor(color))
        bar.append([float(v) for v in values])
        series.append(bar)
        top = max([top, *values])
    target = sum(data["series"].get("children_target", [])[-1:])
    supported = sum(data["series"].get("children_target_supported", [])[-1:])
    title = _("Bao phủ nhóm mục tiêu")
    if months and target:
        title += " — " + _("{month}: {supported}/{target} trẻ ({percent}%)").format(
            month=month_label(months[-1]),
            supported=format_number(supported),
            target=format_number(target),
            percent=format_number(round(100.0 * supported / target, 1)),
        )
    chart = _chart(title)
    chart.addSeries(series)
    x_axis, y_axis = _month_axis(months), _value_axis(top)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    return chart


class TrendCharts(QWidget):
    """The two charts side by side; :meth:`set_data` draws them, :meth:`retranslate` redraws."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.trend_view = QChartView()
        self.coverage_view = QChartView()
        for view in (self.trend_view, self.coverage_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(360, 300)
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            layout.addWidget(view)
        self.data: dict[str, Any] | None = None

    def set_data(self, data: dict[str, Any] | None) -> None:
        self.data = data
        self._draw()

    def _draw(self) -> None:
        if self.data is None:
            return
        for view, build in ((self.trend_view, trend_chart), (self.coverage_view, coverage_chart)):
            old = view.chart()
            view.setChart(build(self.data))
            if old is not None:
                old.deleteLater()

    @property
    def trend(self) -> QChart:
        return self.trend_view.chart()

    @property
    def coverage(self) -> QChart:
        return self.coverage_view.chart()

    def retranslate(self) -> None:
        self._draw()


#: The bars of a target's chart: row key, legend (msgid), colour.
TARGET_BARS = (
    ("base", N_("Năm gốc"), "#9fb8d8"),
    ("achieved", N_("Thực hiện"), "#1f5fa8"),
    ("goal", N_("Mục tiêu (số)"), "#c05621"),
)


def target_chart(title: str, rows: list[dict[str, Any]]) -> QChart:
    """One target: base year, achieved and target side by side for each commune and the unit
    (``rows`` as :func:`ctxh_desktop.services.targets.progress` gives them, unit last)."""
    series = QBarSeries()
    top = 0.0
    for key, legend, color in TARGET_BARS:
        values = [float(r[key] or 0) for r in rows]
        if key == "base" and all(r[key] is None for r in rows):
            continue
        bar = QBarSet(_(legend))
        bar.setColor(QColor(color))
        bar.setBorderColor(QColor(color))
        bar.append(values)
        series.append(bar)
        top = max([top, *values])
    chart = _chart(title)
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append([r["commune_name"] or r["commune"] for r in rows])
    x_axis.setTruncateLabels(False)
    y_axis = _value_axis(int(top))
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    return chart
