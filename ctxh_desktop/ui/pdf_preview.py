"""PDF on screen and on paper without QtPdf: pages are rasterised with pypdfium2.

:class:`PdfView` shows every page of a document as an image in a scroll area, with zoom.
:func:`paint_pdf` prints a document on any ``QPagedPaintDevice`` (a ``QPrinter``) by rendering each
page at the device's resolution (capped, and in horizontal bands so memory stays small), and
:func:`print_pdf` asks the user for a printer first. Everything stays in memory: no temporary files.

pdfium is not thread-safe, so these functions are only used from the GUI thread.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPalette, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

#: Zoom steps offered by the preview (1.0 = the page at its real size on screen).
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
#: Highest resolution pages are rendered at for printing (dots per inch).
MAX_PRINT_DPI = 600
#: Height of one rendered band when printing, in device pixels.
BAND_PIXELS = 1024


@contextmanager
def opened(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The PDF ``data`` opened with pdfium (closed again on leaving)."""
    doc = pdfium.PdfDocument(data)
    try:
        yield doc
    finally:
        doc.close()


def page_count(data: bytes) -> int:
    """How many pages a PDF has."""
    with opened(data) as doc:
        return len(doc)


def _to_image(bitmap: pdfium.PdfBitmap) -> QImage:
    """A pdfium BGRx bitmap as a QImage of its own (the bitmap may be freed afterwards)."""
    image = QImage(
        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
    )
    return image.copy()


def render_page(page: pdfium.PdfPage, scale: float, crop=(0, 0, 0, 0)) -> QImage:
    """One page (or a cropped part of it) at ``scale`` pixels per PDF point."""
    bitmap = page.render(scale=scale, crop=crop, prefer_bgrx=True, may_draw_forms=False)
    try:
        return _to_image(bitmap)
    finally:
        bitmap.close()


def render_pages(data: bytes, scale: float) -> list[QImage]:
    """Every page of a PDF as an image."""
    images = []
    with opened(data) as doc:
        for index in range(len(doc)):
            page = doc[index]
            try:
                images.append(render_page(page, scale))
            finally:
                page.close()
    return images


class PdfView(QScrollArea):
    """Every page of a PDF, one under the other, zoomable (Ctrl + wheel, or :meth:`set_zoom`)."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.setObjectName("pdfView")
        self.setStyleSheet(
            "QScrollArea#pdfView, QWidget#pdfPages { background: #6b7280; }"
            ' QLabel[pdfPage="true"] { background: white; border: 1px solid #374151; }'
        )
        self._host = QWidget()
        self._host.setObjectName("pdfPages")
        self._layout = QVBoxLayout(self._host)
        self._layout.setSpacing(14)
        self._layout.setContentsMargins(16, 16, 16, 16)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._host)
        self.data: bytes = b""
        self.zoom = 1.0
        self.pages: list[QLabel] = []
        self._sizes: list[tuple[float, float]] = []
        self.fitting = False  # follow the width of the window
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(120)
        self._refit.timeout.connect(self.fit_width)

    # -- content ----------------------------------------------------------------------------
    def set_pdf(self, data: bytes) -> None:
        """Show a document (replacing the one shown)."""
        self.data = data
        with opened(data) as doc:
            self._sizes = [doc.get_page_size(i) for i in range(len(doc))]
        for label in self.pages:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.pages = []
        for number in range(1, len(self._sizes) + 1):
            label = QLabel()
            label.setProperty("pdfPage", True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            label.setAccessibleName(str(number))
            self._layout.addWidget(label)
            self.pages.append(label)
        self._render()

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def _points_to_pixels(self) -> float:
        return self.logicalDpiX() / 72.0

    def _render(self) -> None:
        if not self.data:
            return
        ratio = self.devicePixelRatioF() or 1.0
        scale = self.zoom * self._points_to_pixels()
        images = render_pages(self.data, scale * ratio)
        for label, image, (width, height) in zip(self.pages, images, self._sizes, strict=True):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(QSize(round(width * scale) + 2, round(height * scale) + 2))

    # -- zoom -------------------------------------------------------------------------------
    def set_zoom(self, zoom: float, fitting: bool = False) -> None:
        """Show the pages at ``zoom`` times their real size (clamped to 25 %–400 %)."""
        self.fitting = fitting
        zoom = max(0.25, min(4.0, float(zoom)))
        if abs(zoom - self.zoom) < 1e-6 and self.pages and self.pages[0].pixmap():
            return
        self.zoom = zoom
        self._render()
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-6), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), ZOOMS[0]))

    def fit_width(self) -> None:
        """Zoom so that the pages fill the visible width (the width most pages have: a landscape
        annex is then scrolled sideways)."""
        if not self._sizes:
            return
        widest = Counter(round(width) for width, _height in self._sizes).most_common(1)[0][0]
        margins = self._layout.contentsMargins()
        available = (
            self.viewport().width() - margins.left() - margins.right() - 4
        ) / self._points_to_pixels()
        self.set_zoom(available / widest, fitting=True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self._refit.start()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y() > 0:
                self.zoom_in()
            elif event.angleDelta().y() < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)


# -- paper ----------------------------------------------------------------------------------
def paint_pdf(printer: QPrinter, data: bytes, max_dpi: int = MAX_PRINT_DPI) -> int:
    """Print every page of ``data`` on ``printer`` (already set up); return the pages printed.

    Each page is rendered at the printer's resolution (at most ``max_dpi``) in bands of
    :data:`BAND_PIXELS` rows and scaled to fit the paper, centred, keeping its proportions.
    """
    printer.setFullPage(True)
    painter = QPainter()
    printed = 0
    with opened(data) as doc:
        count = len(doc)
        if not count:
            return 0
        printer.setPageOrientation(_orientation(*doc.get_page_size(0)))
        if not painter.begin(printer):
            raise RuntimeError("printer not ready")
        try:
            for index in range(count):
                if index:
                    # landscape pages (an annex) print on landscape paper
                    printer.setPageOrientation(_orientation(*doc.get_page_size(index)))
                    printer.newPage()
                page = doc[index]
                try:
                    _paint_page(painter, printer, page, max_dpi)
                finally:
                    page.close()
                printed += 1
        finally:
            painter.end()
    return printed


def _orientation(width: float, height: float) -> QPageLayout.Orientation:
    if width > height:
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def _paint_page(painter: QPainter, printer: QPrinter, page: pdfium.PdfPage, max_dpi: int) -> None:
    width, height = page.get_size()  # points
    paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    fit = min(paper.width() / width, paper.height() / height)  # device pixels per point
    target_w, target_h = width * fit, height * fit
    left = paper.left() + (paper.width() - target_w) / 2
    top = paper.top() + (paper.height() - target_h) / 2
    dpi = min(printer.resolution(), max_dpi)
    scale = dpi / 72.0  # rendered pixels per point
    rows = math.ceil(height * scale)  # the whole page's height in rendered pixels
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    first = 0
    while first < rows:
        count = min(BAND_PIXELS, rows - first)
        below = rows - first - count
        # crop = (left, bottom, right, top) in points; pdfium rounds each up to whole pixels,
        # so half a pixel less lands exactly on the band's first and last rows.
        crop = (0, max(0.0, (below - 0.5) / scale), 0, max(0.0, (first - 0.5) / scale))
        image = render_page(page, scale, crop=crop)
        painter.drawImage(
            QRectF(left, top + first / scale * fit, target_w, image.height() / scale * fit), image
        )
        first += image.height()


def new_printer(title: str) -> QPrinter:
    """A printer set up for our documents: A4, high resolution, named after the document."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    return printer


def ask_printer(title: str, pages: int, parent: QWidget | None = None) -> QPrinter | None:
    """The printer dialog; the chosen printer, or ``None`` when the user cancels."""
    printer = new_printer(title)
    printer.setFromTo(1, max(1, pages))
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(1, pages))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_pdf(data: bytes, title: str, parent: QWidget | None = None) -> int:
    """Ask for a printer, then print ``data``; return the pages printed (0 when cancelled)."""
    printer = ask_printer(title, page_count(data), parent)
    return 0 if printer is None else paint_pdf(printer, data)
