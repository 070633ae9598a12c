"""A case's follow-up as the forms save it: a referral's answer and end, a service given, a case
conference, a child's safety plan and a consent.

A referral moves ``sent`` → ``accepted`` or ``declined`` (the provider's answer, with its date),
then ``accepted`` → ``completed`` (the date it was done and what came of it); nothing else.

Consent: disclosing the private information of a child aged 7 or more needs the consent of the
child and of the parent or guardian (Law on Children 2016, Art. 6(11); what is private information
is listed in Decree 56/2017/NĐ-CP, Art. 33). When a parent, guardian or carer consents for such a
child, the child's own view is therefore asked for (:data:`CHILD_VIEW_AGE`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.values import (
    CHILD_AGE_LIMIT,
    age_on,
    check_code,
    check_codes,
    check_past_date,
    check_text,
    parse_date,
    refusal,
)
from ctxh_desktop.i18n import N_, _

#: The moves a referral may make (status → the statuses it may go to).
REFERRAL_MOVES: dict[str, tuple[str, ...]] = {
    "sent": ("accepted", "declined"),
    "accepted": ("completed",),
}
#: From this age a child's own view is asked with a parent's consent (Law on Children 2016,
#: Art. 6(11)).
CHILD_VIEW_AGE = 7

_ANSWER_REQUIRED = N_("Hãy ghi câu trả lời của cơ sở nhận chuyển gửi.")


def _fields(checks: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run each field's check, collect every message, raise them together or return the values."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, check in checks.items():
        try:
            clean[field] = check()
        except UserError as err:
            errors.setdefault(field, err.message)
    if errors:
        raise ValidationError(errors)
    return clean


def _date_from(value: Any, today: dt.date, field: str, not_before: str | None) -> str:
    iso = check_past_date(value, today, field)
    if not_before and iso < not_before[:10]:
        raise refusal(field, _("Ngày không thể trước ngày chuyển gửi hoặc ngày trả lời."))
    return iso


def referral_move(
    referral: dict[str, Any], status: str, data: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    """The changes moving ``referral`` to ``status`` with the date and answer in ``data``;
    a move :data:`REFERRAL_MOVES` does not allow is refused in Vietnamese."""
    current = referral.get("status") or "sent"
    if status not in REFERRAL_MOVES.get(current, ()):
        raise UserError(
            _("Không thể chuyển trạng thái chuyển gửi từ «{old}» sang «{new}».").format(
                old=codes.label("referral_statuses", current),
                new=codes.label("referral_statuses", status),
            ),
            field="status",
        )
    if status == "completed":
        return {
            "status": status,
            **_fields(
                {
                    "done_on": lambda: _date_from(
                        data.get("on"), today, "done_on", referral.get("answered_on")
                    ),
                    "outcome": lambda: check_text(data.get("answer"), 2000, "outcome"),
                }
            ),
        }
    return {
        "status": status,
        **_fields(
            {
                "answered_on": lambda: _date_from(
                    data.get("on"), today, "answered_on", referral.get("at")
                ),
                "answer": lambda: (
                    check_text(data.get("answer"), 2000, "answer")
                    or _raise(refusal("answer", _(_ANSWER_REQUIRED)))
                ),
            }
        ),
    }


def _raise(error: UserError) -> Any:
    raise error


def validate_service(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A service given on a case: the date, what was given, the provider (optional) and a note."""
    return _fields(
        {
            "given_on": lambda: check_past_date(data.get("given_on"), today, "given_on"),
            "what": lambda: check_text(data.get("what"), 500, "what", mandatory=True),
            "provider_id": lambda: data.get("provider_id") or None,
            "note": lambda: check_text(data.get("note"), 2000, "note"),
        }
    )


def validate_conference(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A case conference: date, kind (case or inter-agency meeting), participants and minutes."""
    return _fields(
        {
            "held_on": lambda: check_past_date(data.get("held_on"), today, "held_on"),
            "kind": lambda: check_code(
                "conference_kinds", data.get("kind"), "kind", mandatory=True
            ),
            "participants": lambda: check_text(
                data.get("participants"), 1000, "participants", mandatory=True
            ),
            "minutes": lambda: check_text(data.get("minutes"), 20_000, "minutes"),
        }
    )


def validate_safety_plan(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A child's safety plan: who keeps the child safe, what to do, whom to call, and a review
    date from today on."""

    def review_on() -> str:
        iso = parse_date(data.get("review_on"), "review_on")
        if len(iso) != 10:
            raise refusal("review_on", _("Cần ngày đầy đủ (ngày/tháng/năm)."))
        if iso < today.isoformat():
            raise refusal("review_on", _("Ngày xem lại kế hoạch an toàn không thể ở quá khứ."))
        return iso

    return _fields(
        {
            "keeper": lambda: check_text(data.get("keeper"), 300, "keeper", mandatory=True),
            "actions": lambda: check_text(data.get("actions"), 4000, "actions", mandatory=True),
            "contacts": lambda: check_text(data.get("contacts"), 1000, "contacts", mandatory=True),
            "review_on": review_on,
        }
    )


def child_age(person: dict[str, Any] | None, on: str) -> int | None:
    """The person's age on the day ``on`` when a child (under 16, Law on Children 2016, Art. 1),
    else ``None``."""
    birth = (person or {}).get("birth_date")
    if not birth:
        return None
    age = age_on(birth, dt.date.fromisoformat(on))
    return age if 0 <= age < CHILD_AGE_LIMIT else None


def validate_consent(
    data: dict[str, Any], person: dict[str, Any] | None, today: dt.date
) -> dict[str, Any]:
    """A consent: who gave it and when, for what; for a child of 7 or more for whom a parent,
    guardian or carer consents, the child's own view (Law on Children 2016, Art. 6(11))."""
    clean = _fields(
        {
            "given_by": lambda: check_code(
                "consent_givers", data.get("given_by"), "given_by", mandatory=True
            ),
            "giver_name": lambda: check_text(data.get("giver_name"), 100, "giver_name"),
            "given_on": lambda: check_past_date(data.get("given_on"), today, "given_on"),
            "purposes": lambda: (
                check_codes("consent_purposes", data.get("purposes"), "purposes")
                or _raise(refusal("purposes", _("Hãy chọn ít nhất một việc được đồng ý.")))
            ),
            "child_view": lambda: check_code("child_views", data.get("child_view"), "child_view"),
            "note": lambda: check_text(data.get("note"), 2000, "note"),
        }
    )
    age = child_age(person, clean["given_on"])
    if age is None or age < CHILD_VIEW_AGE or clean["given_by"] == "person":
        clean["child_view"] = None
    elif not clean["child_view"]:
        raise refusal(
            "child_view",
            _(
                "Trẻ {age} tuổi: hãy ghi ý kiến của chính trẻ (trẻ từ đủ 7 tuổi, "
                "Luật Trẻ em 2016, Điều 6 khoản 11)."
            ).format(age=age),
        )
    return clean
