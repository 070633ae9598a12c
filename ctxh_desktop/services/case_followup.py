"""A case's follow-up: referrals that are answered and finish, services given, case
conferences, the child's safety plan and consents — each write one audited transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctxh_desktop.core import followup
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.access import record, require_records_edit
from ctxh_desktop.services.case_corrections import live_case
from ctxh_desktop.services.context import Session
from ctxh_desktop.storage import case_followup as queries

#: The statuses of a referral not yet finished (it may still move).
OPEN_REFERRAL_STATUSES = tuple(followup.REFERRAL_MOVES)


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def _person(session: Session, case: dict[str, Any]) -> dict[str, Any] | None:
    if not case.get("person_id"):
        return None
    try:
        return session.store.get("person", case["person_id"])
    except KeyError:
        return None


def case_followup(session: Session, case_id: str) -> dict[str, Any]:
    """A case's referrals, services, conferences, safety plans and consents (newest first)."""
    store = session.store
    return {
        "referrals": queries.case_referrals(store, case_id),
        "services": queries.case_records(store, "case_service", case_id),
        "conferences": queries.case_records(store, "case_conference", case_id),
        "safety_plans": queries.case_records(store, "safety_plan", case_id),
        "consents": queries.case_records(store, "consent", case_id),
        "child_protection": live_case(session, case_id).get("kind") == "child_protection",
    }


def move_referral(
    session: Session,
    referral_id: str,
    status: str,
    data: dict[str, Any],
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Record the provider's answer (``accepted`` / ``declined``) or the referral's end
    (``completed``) with its date; a move the referral cannot make is refused."""
    require_records_edit(session)
    try:
        referral = session.store.get("referral", referral_id)
    except KeyError:
        raise UserError(_("Không tìm thấy lượt chuyển gửi này.")) from None
    changes = followup.referral_move(referral, status, data, _today(today))
    with session.store.atomic():
        row = session.store.update("referral", referral_id, changes)
        record(session, "update", "referral", referral_id, {"status": status})
    return row


def _add(session: Session, table: str, case: dict[str, Any], clean: dict[str, Any]) -> dict:
    with session.store.atomic():
        row = session.store.insert(table, {**clean, "case_id": case["id"]})
        record(session, "create", table, row["id"], {"case": case["id"]})
    return row


def add_service(
    session: Session, case_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Record a service given to the case's person: date, what, provider (of the directory)."""
    require_records_edit(session)
    case = live_case(session, case_id)
    clean = followup.validate_service(data, _today(today))
    if clean["provider_id"]:
        try:
            session.store.get("service_provider", clean["provider_id"])
        except KeyError:
            raise UserError(
                _("Hãy chọn cơ sở cung cấp dịch vụ trong danh bạ."), field="provider_id"
            ) from None
    return _add(session, "case_service", case, {**clean, "person_id": case.get("person_id")})


def add_conference(
    session: Session, case_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Record a case conference (họp ca / họp liên ngành): date, participants and minutes."""
    require_records_edit(session)
    case = live_case(session, case_id)
    return _add(session, "case_conference", case, followup.validate_conference(data, _today(today)))


def save_safety_plan(
    session: Session, case_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Record the safety plan of a child-protection case (a new version each time: the earlier
    ones stay on the case)."""
    require_records_edit(session)
    case = live_case(session, case_id)
    if case.get("kind") != "child_protection":
        raise UserError(_("Kế hoạch an toàn chỉ dành cho ca bảo vệ trẻ em."))
    return _add(session, "safety_plan", case, followup.validate_safety_plan(data, _today(today)))


def add_consent(
    session: Session, case_id: str, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Record a consent: who gave it, when, for what, and a child's own view when 7 or older."""
    require_records_edit(session)
    case = live_case(session, case_id)
    clean = followup.validate_consent(data, _person(session, case), _today(today))
    return _add(session, "consent", case, {**clean, "person_id": case.get("person_id")})
