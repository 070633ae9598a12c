"""The close of a Decree 30/2020 document: "Nơi nhận:" at the left, the signature block at the
right, kept with the last lines of the body."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Paragraph, Spacer, Table

from ctxh_desktop.i18n import _
from ctxh_desktop.reports.frame import esc, standard, style, table_style, upper


def authority_lines(profile: Mapping[str, Any]) -> list[str]:
    """The signature authority lines: "TM. ỦY BAN NHÂN DÂN", then "CHỦ TỊCH" or
    "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" for a deputy."""
    lines = []
    if profile.get("sign_on_behalf"):
        lines.append(standard(profile["sign_on_behalf"]))
    title = profile.get("signer_title") or ""
    if profile.get("sign_deputy"):
        head = profile.get("deputy_of") or "CHỦ TỊCH"
        lines.append(_("KT. {title}").format(title=standard(head)))
        lines.append(standard(title or "PHÓ CHỦ TỊCH"))
    elif title:
        lines.append(standard(title))
    return [upper(x) for x in lines]


_SIGN_SPACE = 24 * mm


def _sig_style() -> ParagraphStyle:
    return style("sig", size=13, bold=True, align=TA_CENTER, after=0, leading=16)


def signature_top(lines: Sequence[str], note: str | None = None) -> list[Flowable]:
    """The authority lines of a signature block in bold caps (and an italic note under them)."""
    out: list[Flowable] = [Paragraph(esc(line), _sig_style()) for line in lines]
    if note:
        out.append(Paragraph(esc(note), style("sig_note", size=12, italic=True, align=TA_CENTER)))
    return out


def signature_name(name: str) -> Paragraph:
    """The signer's full name in bold."""
    return Paragraph(esc(name or ""), _sig_style())


def signature_cell(lines: Sequence[str], name: str, note: str | None = None) -> list[Flowable]:
    """A signature block: authority lines in bold caps, room to sign, the name in bold."""
    return [*signature_top(lines, note), Spacer(1, _SIGN_SPACE), signature_name(name)]


def signatures_side_by_side(
    width: float, left: tuple[list[Flowable], str], right: tuple[list[Flowable], str]
) -> KeepTogether:
    """Two signature blocks whose names line up (e.g. the collaborator and the chairman)."""
    table = Table(
        [[left[0], right[0]], [signature_name(left[1]), signature_name(right[1])]],
        colWidths=[width * 0.45, width * 0.55],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), _SIGN_SPACE),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8 * mm), table])


def recipients_cell(profile: Mapping[str, Any]) -> list[Flowable]:
    """ "Nơi nhận:" (12 pt bold italic) and its list (11 pt), each "- …;", "- Lưu: VT." last."""
    head = style("rcp_head", size=12, bold=True, italic=True, align=TA_LEFT, after=0, leading=14)
    item = style("rcp_item", size=11, align=TA_LEFT, after=0, leading=13)
    out: list[Flowable] = [Paragraph(esc(_("Nơi nhận:")), head)]
    archive = _("Lưu: VT.")
    for raw in profile.get("recipients") or []:
        text = str(raw).strip().lstrip("-").strip().rstrip(";.").strip()
        if text and not text.lower().startswith(("lưu:", archive.split(":")[0].lower() + ":")):
            out.append(Paragraph(esc(f"- {text};"), item))
    out.append(Paragraph(esc(f"- {archive}"), item))
    return out


def closing(
    profile: Mapping[str, Any], width: float, left: list[Flowable] | None = None
) -> KeepTogether:
    """Recipients (or another left block) and the signature block side by side."""
    left_block = left if left is not None else recipients_cell(profile)
    right = signature_cell(authority_lines(profile), profile.get("signer_name") or "")
    table = Table([[left_block, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), table])


#: How much of the body's last flowable (about two lines or rows) goes over with the signature
#: when the closing block does not fit under it.
_TAIL_HEIGHT = 28


class KeepWithTail(KeepTogether):
    """The body's last flowable followed by the closing block, never the closing block alone.

    When both do not fit in the space left, the last flowable is split so that its last lines
    (or table rows) go to the next page with the closing block: the signer never signs a page
    without text. A last flowable that cannot be split goes over whole.
    """

    def __init__(self, last: Flowable, closing_block: Flowable) -> None:
        parts = (
            # reportlab keeps a KeepTogether's flowables in _content (left out of its stubs)
            closing_block._content  # type: ignore[attr-defined]
            if isinstance(closing_block, KeepTogether)
            else [closing_block]
        )
        super().__init__([last, *parts])  # measured flat: a KeepTogether wraps to a huge height
        self._last, self._closing = last, closing_block

    def split(self, aW: float, aH: float) -> list[Flowable]:
        """Split the last flowable where the page ends, or just above its last lines."""
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH >= self._H:  # type: ignore[attr-defined]  # set by KeepTogether.wrap, not in stubs
            return [self._last, self._closing]
        last_height = self._last.wrap(aW, aH)[1]
        if last_height > aH:
            parts = self._last.split(aW, aH)
        else:
            parts = self._last.split(aW, max(last_height - _TAIL_HEIGHT, 1))
        if len(parts) >= 2:
            return [*parts[:-1], KeepWithTail(parts[-1], self._closing)]
        frame_now = getattr(self, "_frame", None)
        if last_height > aH and not getattr(frame_now, "_atTop", True):
            return [FrameBreak(), KeepWithTail(self._last, self._closing)]
        return super().split(aW, aH)


def keep_with_tail(body: Sequence[Flowable], closing_block: Flowable) -> list[Flowable]:
    """``body`` then ``closing_block``, the closing block kept with the body's last lines."""
    if not body:
        return [closing_block]
    return [*body[:-1], KeepWithTail(body[-1], closing_block)]
