"""The commune profile (Settings): names and signers used on screen and in documents."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.core import centres, codes
from ctxh_desktop.core.errors import UserError, ValidationError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.i18n import _
from ctxh_desktop.services.context import Session

#: Profile keys, all stored as settings.
PROFILE_KEYS = (
    "commune_code",
    "commune_name",
    "province_name",
    "unit_type",
    "collaborator_name",
    "chairman_name",
    "signer_title",
    "sign_on_behalf",
    "sign_deputy",
    "parent_agency",
    "agency_name",
    "place_name",
    "doc_number",
    "language",
)

_UNIT_WORDS = {"xa": "XÃ", "phuong": "PHƯỜNG", "dac_khu": "ĐẶC KHU"}


def check_commune(code: str) -> dict[str, Any]:
    """The official commune for a 5-digit code (or the social-work centre for a centre's code,
    :mod:`ctxh_desktop.core.centres`), or a clear refusal."""
    text = (code or "").strip()
    if centres.is_centre(text):
        return centres.check_centre(text)
    info = codes.commune(text.zfill(5)) if text.isdigit() else None
    if info is None:
        raise UserError(
            _("Mã xã không hợp lệ: {code} (cần mã 5 chữ số theo danh mục hành chính).").format(
                code=code
            ),
            field="commune",
        )
    return info


def _short_name(name: str) -> str:
    for prefix in ("Xã ", "Phường ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def apply_commune_defaults(session: Session, info: dict[str, Any]) -> None:
    """Fill the profile with what the official list says about the commune (editable later)."""
    if info.get("unit_type") == centres.CENTRE:
        _apply_defaults(session, centre_defaults(info))
        return
    province = info.get("province_name", "")
    unit = _UNIT_WORDS.get(info.get("unit_type", "xa"), "XÃ")
    defaults = {
        "commune_code": info["code"],
        "commune_name": info["name"],
        "province_name": province,
        "unit_type": info.get("unit_type", "xa"),
        "parent_agency": "",
        "agency_name": f"ỦY BAN NHÂN DÂN {unit} {_short_name(info['name']).upper()}",
        "place_name": _short_name(info["name"]),
        "doc_number": "/BC-UBND",
        "signer_title": "CHỦ TỊCH",
        "sign_on_behalf": "TM. ỦY BAN NHÂN DÂN",
        "sign_deputy": "0",
        "language": "vi",
    }
    _apply_defaults(session, defaults)


def centre_defaults(info: dict[str, Any]) -> dict[str, str]:
    """A social-work centre's profile: its own name heads its documents, signed by its director.
    The agency it answers to is left for the centre to fill in Settings (it has changed with the
    2025 reorganisation of ministries and differs between provinces)."""
    province = info.get("province_name", "")
    return {
        "commune_code": info["code"],
        "commune_name": info["name"],
        "province_name": province,
        "unit_type": centres.CENTRE,
        "parent_agency": "",
        "agency_name": info["name"].upper(),
        "place_name": province.removeprefix("Thành phố "),
        "doc_number": "/BC-TTCTXH",
        "signer_title": "GIÁM ĐỐC",
        "sign_on_behalf": "",
        "sign_deputy": "0",
        "language": "vi",
    }


def _apply_defaults(session: Session, defaults: dict[str, str]) -> None:
    store = session.store
    for key, value in defaults.items():
        if store.setting(key) is None:
            store.set_setting(key, value)


def get_profile(session: Session) -> dict[str, Any]:
    """Every profile value (empty strings for unset ones), with ``kind`` (``commune`` or
    ``office``) and, at an office, its ``unit_code`` and ``unit_name`` (shown, not saved here)."""
    from ctxh_desktop.storage import exchange as office_records

    settings = session.store.settings()
    profile: dict[str, Any] = {key: settings.get(key, "") for key in PROFILE_KEYS}
    profile["sign_deputy"] = profile["sign_deputy"] == "1"
    profile["kind"] = session.kind
    if session.kind == "office":
        office = office_records.office(session.store) or {}
        profile["unit_code"] = office.get("unit_code") or ""
        profile["unit_name"] = office.get("unit_name") or ""
    return profile


def save_profile(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    """Save profile values (unknown keys refused); returns the stored profile."""
    from ctxh_desktop.services.access import record, require

    require(session, "settings")
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for key, value in data.items():
        if key not in PROFILE_KEYS:
            raise ValueError(key)
        if key == "sign_deputy":
            clean[key] = "1" if value else "0"
            continue
        text = nfc(str(value or "")) or ""
        if len(text) > 200:
            errors[key] = _("Tối đa {n} ký tự.").format(n=200)
        clean[key] = text
    if "language" in clean and clean["language"] not in ("vi", "en"):
        errors["language"] = _("Ngôn ngữ không hợp lệ.")
    if clean.get("commune_code"):
        try:
            check_commune(clean["commune_code"])
        except UserError as exc:
            errors["commune_code"] = exc.message
    if errors:
        raise ValidationError(errors)
    with session.store.atomic():
        for key, value in clean.items():
            session.store.set_setting(key, value)
        record(session, "settings", detail={"keys": sorted(clean)})
    return get_profile(session)
