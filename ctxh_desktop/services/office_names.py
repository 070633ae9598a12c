"""An office's names, suggested when it is set up: the unit's name, the head's title and the
profile printed on its reports (all editable afterwards in Settings)."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.text import fold

#: The head who signs, by the unit's scope.
HEAD_TITLES = {"province": "GIÁM ĐỐC", "commune": "CHỦ TỊCH"}


def province_phrase(province_name: str) -> str:
    """The province as written inside a name: "thành phố Hà Nội", "tỉnh Cao Bằng"."""
    if province_name.startswith("Thành phố "):
        return "thành phố " + province_name[len("Thành phố ") :]
    return f"tỉnh {province_name}"


def place_of(name: str) -> str:
    """The place on the date line of a report: "Hà Nội", "Cao Bằng", "Lũng Cú"."""
    for prefix in ("Thành phố ", "Xã ", "Phường ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def suggested_unit_name(province_name: str, commune: dict[str, str] | None = None) -> str:
    """A first guess at the unit's name, to be corrected by the clerk."""
    if commune:
        name = commune["name"]
        return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
    return f"Sở Y tế {province_phrase(province_name)}" if province_name else ""


def office_profile(
    unit: dict[str, str], clerk: str, head: str, title: str, language: str
) -> dict[str, Any]:
    """The office's profile: names on the consolidated report (all editable in Settings)."""
    province = unit.get("province_name", "")
    commune = codes.commune(unit["code"]) if unit.get("scope") == "commune" else None
    is_department = fold(unit["name"]).startswith("so ")
    return {
        "collaborator_name": clerk,
        "chairman_name": head,
        "signer_title": title or HEAD_TITLES.get(unit.get("scope", ""), ""),
        "agency_name": unit["name"],
        # A Sở reports under the province's People's Committee (Decree 30 header).
        "parent_agency": f"ỦY BAN NHÂN DÂN {province_phrase(province)}".upper()
        if is_department and unit.get("scope") == "province"
        else "",
        "province_name": province,
        "place_name": place_of(commune["name"] if commune else province),
        "language": language,
    }
