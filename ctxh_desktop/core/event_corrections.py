"""Corrections of statutory case events: a new event that says what was wrong, never a rewrite.

A step recorded on a case's timeline (Decree 56/2017/NĐ-CP, Arts. 26–33; Circular 02/2020/TT-BLĐTBXH,
Art. 9) stays as it was recorded. A mistake in its moment or its text is corrected by a new event
of kind ``correction`` whose ``corrects`` column holds the original event's id and whose
``correction`` column holds what changed (``{"at": [old, new], "summary": [old, new]}``); its
``summary`` is the reason. Both stay on the timeline, in the case sheet and at the office.

Where the corrected event set a milestone of the case (received, assessed, plan drafted or
approved, separation start or end, return, closure), the case's milestone column follows the
corrected moment, so the deadlines (:mod:`ctxh_desktop.core.deadlines`) are counted from it; the
milestones must still follow the workflow's order. :func:`as_corrected` gives the timeline as
corrected (used by the deadlines); :func:`annotate` adds the notes a reader sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.moments import parse_moment
from ctxh_desktop.i18n import N_, _

#: The event kind of a correction.
CORRECTION = "correction"
#: Longest reason and corrected text accepted.
MAX_REASON = 1000
MAX_SUMMARY = 4000

#: The case milestones an event of each kind may have set (the column follows a corrected moment
#: when it holds the original one).
MILESTONES: dict[str, tuple[str, ...]] = {
    "received": ("received_at",),
    "assessment": ("assessed_at",),
    "plan_drafted": ("plan_drafted_at",),
    "plan_approved": ("plan_approved_at",),
    "separation": ("separation_start", "separation_end"),
    "follow_up": ("returned_at",),
    "closed": ("closed_at",),
}
#: The milestones in the order the workflow records them, each with its name in messages.
ORDER: tuple[tuple[str, str], ...] = (
    ("received_at", N_("tiếp nhận")),
    ("assessed_at", N_("đánh giá")),
    ("plan_drafted_at", N_("xây dựng kế hoạch")),
    ("plan_approved_at", N_("phê duyệt kế hoạch")),
    ("closed_at", N_("kết thúc ca")),
)
#: Milestones that only follow another one.
AFTER: dict[str, tuple[str, str]] = {
    "separation_start": ("received_at", N_("bắt đầu cách ly tạm thời")),
    "separation_end": ("separation_start", N_("kết thúc cách ly tạm thời")),
    "returned_at": ("received_at", N_("trở về gia đình, cộng đồng")),
}
_NAMES = dict(ORDER) | {"separation_start": AFTER["separation_start"][1]}


def _show(moment: str | None) -> str:
    parsed = parse_moment(moment) if moment else None
    return parsed.strftime("%d/%m/%Y %H:%M") if parsed else str(moment or "")


def _text(value: Any, limit: int, field: str, missing: str | None = None) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValidationError({field: _("Nội dung không hợp lệ.")})
    text = (value or "").strip()
    if not text:
        if missing:
            raise ValidationError({field: missing})
        return None
    if len(text) > limit:
        raise ValidationError({field: _("Nội dung quá dài (tối đa {n} ký tự).").format(n=limit)})
    return text


def _change_of(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """What a correcting event changed (``{}`` when it holds nothing readable)."""
    change = event.get("correction")
    return change if isinstance(change, Mapping) else {}


def as_corrected(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The timeline as corrected: each corrected event with its latest corrected moment and text,
    the correcting events themselves left out (they are records about the timeline, not steps)."""
    given = list(events)
    if not any(e.get("kind") == CORRECTION for e in given):
        return given
    rows = [dict(e) for e in given]
    by_id = {e.get("id"): e for e in rows if e.get("id")}
    for event in sorted(
        (e for e in rows if e.get("kind") == CORRECTION), key=lambda e: str(e.get("at") or "")
    ):
        original = by_id.get(event.get("corrects"))
        change = _change_of(event)
        if original is None:
            continue
        for key in ("at", "summary"):
            pair = change.get(key)
            if isinstance(pair, list | tuple) and len(pair) == 2:
                original[key] = pair[1]
        if change.get("reporter") and event.get("narrative") is not None:
            original["narrative"] = event["narrative"]
    return [e for e in rows if e.get("kind") != CORRECTION]


def _changes_text(change: Mapping[str, Any]) -> str:
    parts = []
    pair = change.get("at")
    if isinstance(pair, list | tuple) and len(pair) == 2:
        parts.append(_("thời điểm {old} → {new}").format(old=_show(pair[0]), new=_show(pair[1])))
    pair = change.get("summary")
    if isinstance(pair, list | tuple) and len(pair) == 2:
        parts.append(_("nội dung «{old}» → «{new}»").format(old=pair[0] or "", new=pair[1] or ""))
    if change.get("reporter"):
        parts.append(_("thông tin người báo tin (được giữ kín)"))
    return "; ".join(parts)


def annotate(
    events: list[dict[str, Any]], kind_label: Callable[[str | None], str] = lambda code: str(code)
) -> list[dict[str, Any]]:
    """Add ``correction_note`` to corrected and correcting events (in the current language), and
    to the corrected ones ``corrected`` (true) with ``corrected_at`` / ``corrected_summary`` as
    they now read; ``kind_label`` names an event kind. In place."""
    by_id = {e.get("id"): e for e in events if e.get("id")}
    for event in sorted(
        (e for e in events if e.get("kind") == CORRECTION), key=lambda e: str(e.get("at") or "")
    ):
        original = by_id.get(event.get("corrects"))
        change = _change_of(event)
        what = _changes_text(change)
        if original is None:
            event["correction_note"] = _(
                "Đính chính một mục không còn trên dòng thời gian: {what}."
            ).format(what=what)
            continue
        event["correction_note"] = _("Đính chính mục «{kind}» ghi lúc {moment}: {what}.").format(
            kind=kind_label(original.get("kind")), moment=_show(original.get("at")), what=what
        )
        original["corrected"] = True
        for key in ("at", "summary"):
            pair = change.get(key)
            if isinstance(pair, list | tuple) and len(pair) == 2:
                original[f"corrected_{key}"] = pair[1]
        note = _("Đã được đính chính ngày {moment}: {what}.").format(
            moment=_show(event.get("at")), what=what
        )
        before = original.get("correction_note")
        original["correction_note"] = f"{before}\n{note}" if before else note
    return events


def _out_of_order(later: str, m2: str, earlier: str, m1: str) -> ValidationError:
    return ValidationError(
        {
            "at": _(
                "Sau khi đính chính, mốc {later} ({m2}) sẽ trước mốc {earlier} ({m1}): "
                "các bước của ca phải theo đúng thứ tự."
            ).format(later=_(later), m2=_show(m2), earlier=_(earlier), m1=_show(m1))
        }
    )


def _check_order(case: Mapping[str, Any]) -> None:
    """The milestones of ``case`` in the workflow's order, or a message naming the two out of it."""
    previous: tuple[str, str] | None = None
    for column, name in ORDER:
        value = case.get(column)
        if not value:
            continue
        if previous is not None and value < previous[0]:
            raise _out_of_order(name, value, previous[1], previous[0])
        previous = (value, name)
    for column, (base, name) in AFTER.items():
        value, before = case.get(column), case.get(base)
        if value and before and value < before:
            raise _out_of_order(name, value, _NAMES[base], before)


def correct(
    case: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    event_id: str,
    data: Mapping[str, Any],
    at: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Correct one event of ``case`` (``events``: its timeline as stored) at moment ``at``.

    ``data`` holds ``reason`` (required), and the corrected ``at`` (``YYYY-MM-DDTHH:MM``) and/or
    ``summary``; at least one must differ from the event as it now reads. Returns the changes to
    the case's milestone columns and the correcting event to add. Raises ``UserError`` /
    ``ValidationError`` (field → message) when the correction cannot be made.
    """
    now = parse_moment(at)
    if now is None:
        raise ValueError(f"not a moment: {at!r}")
    stored = {e.get("id"): e for e in events}
    if event_id not in stored:
        raise UserError(_("Không tìm thấy mục này trên dòng thời gian của ca."))
    if stored[event_id].get("kind") == CORRECTION:
        raise UserError(_("Đây là một mục đính chính; hãy chọn mục gốc để đính chính."))
    current = {e["id"]: e for e in as_corrected(events) if e.get("id")}[event_id]
    reason = _text(data.get("reason"), MAX_REASON, "reason", _("Hãy ghi lý do đính chính."))
    change: dict[str, list[Any]] = {}
    raw = data.get("at")
    if raw not in (None, ""):
        moment = parse_moment(raw)
        if moment is None or len(str(raw).strip()) < 16:
            raise ValidationError({"at": _("Ngày giờ phải có dạng YYYY-MM-DDTHH:MM.")})
        if moment > now:
            raise ValidationError(
                {
                    "at": _("Thời điểm không được sau thời điểm ghi nhận ({moment}).").format(
                        moment=_show(at)
                    )
                }
            )
        new_at = moment.strftime("%Y-%m-%dT%H:%M")
        if new_at != current.get("at"):
            change["at"] = [current.get("at"), new_at]
    if "summary" in data:
        summary = _text(data.get("summary"), MAX_SUMMARY, "summary")
        if summary != (current.get("summary") or None):
            change["summary"] = [current.get("summary"), summary]
    if not change:
        raise ValidationError(
            {"at": _("Hãy nhập thời điểm hoặc nội dung mới, khác với mục đang ghi.")}
        )
    milestones: dict[str, Any] = {}
    if "at" in change:
        old, new = change["at"]
        for column in MILESTONES.get(current.get("kind") or "", ()):
            if case.get(column) == old:
                milestones[column] = new
                break
        _check_order({**case, **milestones})
        received = milestones.get("received_at") or case.get("received_at")
        if received and new < received:
            raise ValidationError(
                {
                    "at": _("Thời điểm không được trước lúc tiếp nhận ca ({moment}).").format(
                        moment=_show(received)
                    )
                }
            )
        if "received_at" in milestones:
            earlier = [e for e in as_corrected(events) if e.get("id") != event_id and e["at"] < new]
            if earlier:
                raise ValidationError(
                    {
                        "at": _(
                            "Đã có bước ghi lúc {moment}, trước thời điểm tiếp nhận mới: "
                            "thời điểm tiếp nhận phải trước mọi bước của ca."
                        ).format(moment=_show(min(e["at"] for e in earlier)))
                    }
                )
    event = {
        "at": now.strftime("%Y-%m-%dT%H:%M"),
        "kind": CORRECTION,
        "step": case.get("step"),
        "summary": reason,
        "narrative": None,
        "sensitive": False,
        "corrects": event_id,
        "correction": change,
    }
    return milestones, event


def reporter_correction(
    case: Mapping[str, Any], events: Sequence[Mapping[str, Any]], note: str, at: str
) -> dict[str, Any]:
    """The correcting event that records a new reporter (``note``, as the intake writes it) for
    the report received: confidential like the original (``sensitive``), so it leaves the
    commune only as far as the original does."""
    received = next((e for e in events if e.get("kind") == "received"), None)
    if received is None:
        raise UserError(_("Không tìm thấy mục này trên dòng thời gian của ca."))
    return {
        "at": at,
        "kind": CORRECTION,
        "step": case.get("step"),
        "summary": N_("Sửa thông tin người báo tin"),
        "narrative": note,
        "sensitive": True,
        "corrects": received["id"],
        "correction": {"reporter": True},
    }
