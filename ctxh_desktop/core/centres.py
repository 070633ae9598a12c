"""Social-work centres (Trung tâm công tác xã hội) as reporting units beside the communes.

A provincial social-work centre is a public social-assistance facility (Decree 103/2017/NĐ-CP on
social-assistance facilities names the "trung tâm công tác xã hội" among them; the
2021–2030 social-work development programme, Decision 112/QĐ-TTg of 2021, counts its services). It
records what a commune records — its hotline and the counselling at the centre, interventions,
children, supports — and sends its file to the office, which counts it apart from the communes.

Its unit code stands where a commune's 5-digit code stands (the ``commune`` column of every row,
the sender of a bundle, the expected list of an office): ``ttxh-PP-NN``, the letters "ttxh", the
province's 2-digit code and the centre's number in the province (01 for the first). Letters and
dashes cannot occur in an official commune code, so the two never collide.
"""

from __future__ import annotations

import re
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _

PREFIX = "ttxh"
#: A centre's unit code: ``ttxh-<province>-<number>``.
CENTRE_CODE = re.compile(r"ttxh-(\d{2})-(\d{2})")
#: Any unit that sends rows: a 2–5 digit official code or a centre's code (bundle headers,
#: enrolments, configs).
UNIT_CODE = re.compile(r"^(?:[0-9]{2,5}|ttxh-[0-9]{2}-[0-9]{2})$")

#: ``kind`` of a unit in lists and reports.
COMMUNE, CENTRE = "commune", "centre"


def centre_code(province: str | int, number: int = 1) -> str:
    """The code of centre ``number`` (1–99) of a province: ``centre_code("01") == "ttxh-01-01"``."""
    return f"{PREFIX}-{int(province):02d}-{int(number):02d}"


def is_centre(code: Any) -> bool:
    """Whether ``code`` has the shape of a centre's unit code (``ttxh-PP-NN``)."""
    return isinstance(code, str) and CENTRE_CODE.fullmatch(code) is not None


def unit_kind(code: Any) -> str:
    """``"centre"`` for a centre's code, else ``"commune"``."""
    return CENTRE if is_centre(code) else COMMUNE


def default_name(province_name: str, number: int = 1) -> str:
    """ "Trung tâm Công tác xã hội tỉnh Cao Bằng" (a second centre: "… số 2")."""
    if province_name.startswith("Thành phố "):
        place = "thành phố " + province_name[len("Thành phố ") :]
    else:
        place = f"tỉnh {province_name}"
    name = f"Trung tâm Công tác xã hội {place}"
    return name if number == 1 else f"{name} số {number}"


def centre(code: Any) -> dict[str, str] | None:
    """A centre by its code, shaped like :func:`codes.commune`, or ``None`` when the code is not
    a centre's or names no province: ``{"code", "name", "province_code", "province_name",
    "unit_type": "centre"}`` (``name`` is the default one; the centre may set its own)."""
    found = CENTRE_CODE.fullmatch(code) if isinstance(code, str) else None
    if found is None:
        return None
    province, number = found.group(1), int(found.group(2))
    province_name = codes.province_name(province)
    if province_name is None or number < 1:
        return None
    return {
        "code": code,
        "name": default_name(province_name, number),
        "province_code": province,
        "province_name": province_name,
        "unit_type": CENTRE,
    }


def unit(code: Any) -> dict[str, str] | None:
    """A commune (official list) or a centre by its code; ``None`` when it is neither."""
    if is_centre(code):
        return centre(code)
    return codes.commune(code)


def check_centre(code: Any, field: str = "commune") -> dict[str, str]:
    """The centre of a code, or a clear refusal."""
    found = centre(code)
    if found is None:
        raise UserError(
            _("Mã trung tâm không hợp lệ: {code} (dạng ttxh-<mã tỉnh>-<số thứ tự>).").format(
                code=code
            ),
            field=field,
        )
    return found


def new_centre(province: Any, name: str, number: Any = 1) -> dict[str, str]:
    """A centre to set up from its province (2-digit code), its name and its number in the
    province (1–99): the :func:`centre` dict with the chosen name; refused when a value is wrong."""
    text = str(province or "").strip()
    if not text.isdigit() or codes.province_name(text.zfill(2)) is None:
        raise UserError(
            _("Mã tỉnh không hợp lệ: {code} (cần mã tỉnh 2 chữ số).").format(code=province),
            field="province",
        )
    try:
        count = int(str(number).strip())
    except ValueError:
        count = 0
    if not 1 <= count <= 99:
        raise UserError(_("Số thứ tự của trung tâm phải từ 1 đến 99."), field="number")
    info = check_centre(centre_code(text, count))
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise UserError(_("Hãy nhập tên trung tâm."), field="name")
    if len(cleaned) > 200:
        raise UserError(_("Tối đa {n} ký tự.").format(n=200), field="name")
    return {**info, "name": cleaned}


def kind_label(code: Any) -> str:
    """What a unit is, as lists show it: "Xã, phường" or "Trung tâm CTXH"."""
    return _("Trung tâm CTXH") if is_centre(code) else _("Xã, phường")
