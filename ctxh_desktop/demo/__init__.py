"""Deterministic synthetic data for one commune: people, cases, counselling, children, supports,
awareness activities.

:func:`generate` returns table name → rows with every column of the synced tables
(:mod:`ctxh_desktop.storage.schema`); JSON columns hold Python lists/dicts. The same
``(commune, scale, seed, as_of)`` always gives the same rows: every random choice comes from one
seeded :class:`random.Random`, ids included. Case timelines are produced by
:func:`ctxh_desktop.core.workflow.apply_action`, so every case is one the workflow accepts.
Everything happens at or before ``as_of`` 17:00.
"""

from __future__ import annotations

import datetime as dt

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.demo import activities, cases, children, counselling, people, staff
from ctxh_desktop.demo.generation import CASE_SUFFIX, DEMO_USER, SCALES, Generation
from ctxh_desktop.i18n import _


def generate(commune_code: str, scale: str, seed: int, as_of: dt.date) -> dict[str, list[dict]]:
    """Synthetic data for ``commune_code`` ending at ``as_of`` 17:00; deterministic.

    Returns table name → rows for person, service_provider, case_file, case_event,
    consultation, child_profile, child_support, referral, staff, staff_training,
    staff_certificate and activity.
    """
    if scale not in SCALES:
        raise UserError(_("Quy mô không hợp lệ: {scale}.").format(scale=scale), "scale")
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    g = Generation(str(commune_code).zfill(5), scale, int(seed), as_of)
    person_rows, child_indexes, adult_indexes = people.people(g)
    providers = people.providers(g)
    case_rows, events, referrals = cases.cases(
        g, person_rows, child_indexes, adult_indexes, providers
    )
    consultations = counselling.consultations(g, person_rows, case_rows, providers)
    profiles, supports = children.children(g, person_rows, child_indexes)
    workers, trainings, certificates = staff.staff(g)  # last: the draws above stay as they were
    return {
        "person": person_rows,
        "service_provider": providers,
        "case_file": case_rows,
        "case_event": events,
        "consultation": consultations,
        "child_profile": profiles,
        "child_support": supports,
        "referral": referrals,
        "staff": workers,
        "staff_training": trainings,
        "staff_certificate": certificates,
        "activity": activities.activities(g),  # last: the other tables' draws stay as they were
    }


__all__ = ["CASE_SUFFIX", "DEMO_USER", "SCALES", "generate"]
