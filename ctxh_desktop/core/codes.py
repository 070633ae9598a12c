"""Code lists (shipped as data) and the official administrative units.

Each list lives in ``resources/data/codes/<name>.json``::

    {"list": name, "source": "legal source", "items": [{"code", "vi", "en", "parent"?, "order"?, "kind"?}]}

Codes are stable English snake_case and are what the database stores and statistics count; labels
carry both languages, so code lists need no ``.po`` entry. A list is read on first use and cached.
Hierarchical lists (``child_groups``) give sub-groups a ``parent``; ``case_steps`` tags each step
with the case ``kind`` it belongs to (a step code may occur under both kinds).

Administrative units come from the ``vietnam_provinces`` package (units in force since
1 July 2025): commune codes are 5-digit zero-padded strings (``"00004"``), province codes 2-digit
strings (``"01"``).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from ctxh_desktop.i18n import DEFAULT_LANGUAGE, _, current_language
from ctxh_desktop.paths import resource_path

#: The children counted by the provincial coverage target: groups a, b, c and đ, children with a
#: *severe* disability (the two severe sub-levels of d: extremely severe and severe, not mild),
#: victims of chemical agents and children affected by disasters or epidemics.
COVERAGE_TARGET_CODES = frozenset(
    {"a", "b", "c", "dd", "d_extremely_severe", "d_severe", "chemical_agent", "disaster_epidemic"}
)

_UNIT_TYPES = {"XA": "xa", "PHUONG": "phuong", "DAC_KHU": "dac_khu"}
_UNIT_LABELS = {"xa": "XÃ", "phuong": "PHƯỜNG", "dac_khu": "ĐẶC KHU"}


@functools.cache
def _load(name: str) -> dict[str, Any]:
    path = resource_path("data", "codes", f"{name}.json")
    if not path.is_file():
        raise KeyError(f"unknown code list: {name}")
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    return {
        "list": doc.get("list", name),
        "source": doc.get("source", ""),
        "items": tuple(dict(item) for item in doc["items"]),
    }


def list_names() -> list[str]:
    """The names of every shipped code list, sorted."""
    folder = resource_path("data", "codes")
    return sorted(p.stem for p in folder.glob("*.json"))


def source(name: str) -> str:
    """The legal source a list follows (as written in its file)."""
    return _load(name)["source"]


def all_items(name: str) -> list[dict[str, Any]]:
    """Every entry of a list, sub-groups included, in file order (copies: safe to change).

    ``KeyError`` if no such list is shipped.
    """
    return [dict(item) for item in _load(name)["items"]]


def _is_hierarchical(name: str) -> bool:
    return any(item.get("parent") for item in _load(name)["items"])


def items(name: str, parent: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """The entries of a list to offer for choice.

    For a hierarchical list, ``parent=None`` gives the top level and ``parent="l"`` the sub-groups
    of ``l``. ``kind`` keeps entries of that kind only (``case_steps``: ``"child_protection"`` or
    ``"general"``).
    """
    found = []
    for item in _load(name)["items"]:
        if (parent is not None or _is_hierarchical(name)) and item.get("parent") != parent:
            continue
        if kind is not None and item.get("kind") not in (None, kind):
            continue
        found.append(dict(item))
    return found


def codes(name: str, **filters: Any) -> list[str]:
    """The codes of :func:`items` (same filters: ``parent``, ``kind``), each once, in order."""
    seen: list[str] = []
    for item in items(name, **filters):
        if item["code"] not in seen:
            seen.append(item["code"])
    return seen


def get(name: str, code: str | None) -> dict[str, Any] | None:
    """The entry of ``code`` in a list (any level), or ``None``."""
    for item in _load(name)["items"]:
        if item["code"] == code:
            return dict(item)
    return None


def _text(item: dict[str, Any], lang: str | None) -> str:
    lang = lang or current_language()
    return item.get(lang) or item.get(DEFAULT_LANGUAGE) or item["code"]


def label(name: str, code: str | None, lang: str | None = None) -> str:
    """A code's label in ``lang`` (default: the current language); an unknown code is returned as is."""
    item = get(name, code)
    if item is None:
        return "" if code is None else str(code)
    return _text(item, lang)


def is_valid(name: str, code: Any) -> bool:
    """Whether ``code`` is an entry (any level) of the list ``name``."""
    return isinstance(code, str) and get(name, code) is not None


def parent_of(name: str, code: str | None) -> str | None:
    """The parent code of a sub-group (``"l_rape"`` → ``"l"``); ``None`` for a top-level or unknown code."""
    item = get(name, code)
    return item.get("parent") if item else None


def steps(kind: str) -> list[str]:
    """The step codes of a case kind, in process order (``KeyError`` for an unknown kind)."""
    if not is_valid("case_kinds", kind):
        raise KeyError(f"unknown case kind: {kind}")
    return codes("case_steps", kind=kind)


def step_label(kind: str | None, step: str | None, lang: str | None = None) -> str:
    """The name of a step of a case kind; without a kind, the first step with that code."""
    for item in _load("case_steps")["items"]:
        if item["code"] == step and (kind is None or item.get("kind") == kind):
            return _text(item, lang)
    return "" if step is None else str(step)


def coverage_target_codes() -> frozenset[str]:
    """Group codes of the children counted by the coverage target.

    Groups a, b, c and dd (đ), "severe d" meaning the two severe disability levels
    ``d_extremely_severe`` and ``d_severe`` (a child recorded only as ``d`` or ``d_mild`` is not
    counted), and the extra groups ``chemical_agent`` and ``disaster_epidemic``.
    """
    return COVERAGE_TARGET_CODES


# -- administrative units ----------------------------------------------------------------------
def _province_code(value: Any) -> str:
    return f"{int(value):02d}"


def _commune_code(value: Any) -> str:
    return f"{int(value):05d}"


@functools.cache
def _provinces() -> tuple[dict[str, str], ...]:
    return tuple(
        {"code": _province_code(p.code), "name": p.name}
        for p in sorted(Province.iter_all(), key=lambda p: int(p.code))
    )


@functools.cache
def _province_names() -> dict[str, str]:
    return {p["code"]: p["name"] for p in _provinces()}


def _ward_dict(ward: Any) -> dict[str, str]:
    province = _province_code(ward.province_code)
    return {
        "code": _commune_code(ward.code),
        "name": ward.name,
        "province_code": province,
        "province_name": _province_names().get(province, ""),
        "unit_type": _UNIT_TYPES.get(ward.division_type.name, "xa"),
    }


def provinces() -> list[dict[str, str]]:
    """The 34 provinces and centrally-run cities: ``[{"code": "01", "name": "Thành phố Hà Nội"}, …]``."""
    return [dict(p) for p in _provinces()]


def province_name(code: str | int | None) -> str | None:
    """The name of a province from its code (``"01"`` or ``1``), or ``None``."""
    try:
        return _province_names().get(_province_code(code))
    except (TypeError, ValueError):
        return None


@functools.cache
def _communes_of(province: str) -> tuple[dict[str, str], ...]:
    if province not in _province_names():
        return ()
    found = (_ward_dict(w) for w in Ward.iter_by_province(ProvinceCode(int(province))))
    return tuple(sorted(found, key=lambda c: c["code"]))


def communes(province_code: str | int) -> list[dict[str, str]]:
    """The communes (xã, phường, đặc khu) of a province, by code; empty for an unknown province."""
    try:
        province = _province_code(province_code)
    except (TypeError, ValueError):
        return []
    return [dict(c) for c in _communes_of(province)]


@functools.lru_cache(maxsize=512)
def _commune(code: int) -> dict[str, str] | None:
    try:
        ward = Ward.from_code(WardCode(code))
    except (ValueError, KeyError):
        return None
    return _ward_dict(ward)


def commune(code: str | int | None) -> dict[str, str] | None:
    """A commune by its official code (``"00004"``, ``"4"`` or ``4``), or ``None`` if unknown.

    ``{"code", "name", "province_code", "province_name", "unit_type": "xa"|"phuong"|"dac_khu"}``
    """
    if code is None or isinstance(code, bool):
        return None
    text = str(code).strip()
    if not text.isdigit() or len(text) > 5:
        return None
    found = _commune(int(text))
    return dict(found) if found else None


def commune_unit_label(code: str | int | None) -> str:
    """The unit word for document headers: ``"XÃ"``, ``"PHƯỜNG"`` or ``"ĐẶC KHU"`` (``"XÃ"`` if unknown)."""
    found = commune(code)
    return _UNIT_LABELS[found["unit_type"]] if found else _UNIT_LABELS["xa"]


def full_address(person: dict[str, Any]) -> str:
    """A person's address as written on paper: the detail (village, street), then the commune and
    province named from ``address_commune``; the old address (before the 2025 merger) after it.

    Parts already written in the detail are not repeated; empty when nothing is known.
    """
    parts = [str(person.get("address_detail") or "").strip()]
    commune_info = commune(person.get("address_commune"))
    if commune_info:
        parts += [commune_info["name"], commune_info["province_name"]]
    text = ""
    for part in parts:
        if part and part.casefold() not in text.casefold():
            text = f"{text}, {part}" if text else part
    old = str(person.get("old_address") or "").strip()
    if text and old:
        return _("{address} (địa chỉ cũ: {old})").format(address=text, old=old)
    return text or old


__all__ = [
    "COVERAGE_TARGET_CODES",
    "all_items",
    "codes",
    "commune",
    "commune_unit_label",
    "communes",
    "coverage_target_codes",
    "full_address",
    "get",
    "is_valid",
    "items",
    "label",
    "list_names",
    "parent_of",
    "province_name",
    "provinces",
    "source",
    "step_label",
    "steps",
]
