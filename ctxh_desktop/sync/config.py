"""The office's signed config file and a commune device's signed enrolment file.

Both are small, self-signed JSON documents (:mod:`ctxh_desktop.sync.signed`). A self-signature only
proves the file was not altered after the key holder made it; *trust* comes from the person typing
the start of the fingerprint printed on the stamped letter (:func:`keys.fingerprint_matches`).

Rotation: a new config made with ``previous=old_keys`` carries a second signature by the old office
key, so a commune that trusts the old config can accept the new one without a new fingerprint check
(:func:`verify_rotation`). Revocation of a device is a status in the office's device registry: the
office simply stops accepting that device's bundles, nothing has to be sent anywhere.
"""

from __future__ import annotations

import datetime as dt
import re

from ctxh_desktop.core.centres import UNIT_CODE
from ctxh_desktop.i18n import _
from ctxh_desktop.sync import keys, signed
from ctxh_desktop.sync.errors import BadSignature, DamagedFile

CONFIG_FORMAT = "ctxh-office-config"
CONFIG_VERSION = 1
CONFIG_DOMAIN = "ctxh-office-config-v1"
ENROLMENT_FORMAT = "ctxh-device-enrolment"
ENROLMENT_VERSION = 1
ENROLMENT_DOMAIN = "ctxh-device-enrolment-v1"

_CODE = UNIT_CODE  # a 2–5 digit official code or a social-work centre's
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def _damaged() -> DamagedFile:
    return DamagedFile(_("Tệp cấu hình bị hỏng hoặc không đúng định dạng."))


# -- office config ------------------------------------------------------------------------------
def make_config(
    office: keys.KeyPair,
    *,
    unit_code: str,
    unit_name: str,
    due_day: int = 5,
    expected_communes: list[str] | tuple[str, ...] = (),
    escrow_recipients: list[str] | tuple[str, ...] = (),
    holidays: list[str] | None = None,
    issued_at: str | None = None,
    previous: keys.KeyPair | None = None,
) -> bytes:
    """The office's signed config file (bytes to write or send).

    ``escrow_recipients`` are extra age recipients (a recovery key held higher up) that every bundle
    is also encrypted to. ``previous`` (key rotation) adds a signature by the old office key.
    """
    for recipient in escrow_recipients:
        keys.load_recipient(recipient)
    if not 1 <= int(due_day) <= 28:
        raise ValueError("due_day must be within 1..28")
    body = {
        "format": CONFIG_FORMAT,
        "version": CONFIG_VERSION,
        "unit_code": unit_code,
        "unit_name": unit_name,
        "recipients": [office.recipient],
        "escrow_recipients": list(escrow_recipients),
        "signing_public_key": office.signing_public_b64,
        "fingerprint": office.fingerprint,
        "due_day": int(due_day),
        "expected_communes": sorted(expected_communes),
        "issued_at": issued_at or _now(),
    }
    if holidays is not None:
        body["holidays"] = sorted(holidays)
    signers = {"self": office}
    if previous is not None:
        body["previous_signing_public_key"] = previous.signing_public_b64
        body["previous_fingerprint"] = previous.fingerprint
        signers["previous"] = previous
    return signed.sign_document(body, CONFIG_DOMAIN, signers)


def _check_config_fields(body: dict) -> None:
    if body.get("version") != CONFIG_VERSION:
        raise DamagedFile(
            _("Tệp cấu hình do phiên bản mới hơn của phần mềm tạo ra. Hãy cập nhật phần mềm.")
        )
    try:
        ok = (
            isinstance(body["unit_code"], str)
            and bool(_CODE.match(body["unit_code"]))
            and isinstance(body["unit_name"], str)
            and isinstance(body["recipients"], list)
            and len(body["recipients"]) >= 1
            and isinstance(body["escrow_recipients"], list)
            and isinstance(body["due_day"], int)
            and 1 <= body["due_day"] <= 28
            and isinstance(body["expected_communes"], list)
            and all(isinstance(c, str) and _CODE.match(c) for c in body["expected_communes"])
            and isinstance(body["issued_at"], str)
            and all(isinstance(d, str) and _DATE.match(d) for d in body.get("holidays", []))
        )
    except KeyError:
        ok = False
    if not ok:
        raise _damaged()
    for recipient in body["recipients"] + body["escrow_recipients"]:
        if not isinstance(recipient, str):
            raise _damaged()
        keys.load_recipient(recipient)
    keys.load_signing_public(body.get("signing_public_key", ""))


def read_config(data: bytes) -> dict:
    """The config's content after checking its format and self-signature.

    The result has a ``fingerprint`` recomputed from the keys (never trusted from the file); compare
    it with what the person types before installing the config.
    """
    body, sigs = signed.split_document(data, CONFIG_FORMAT)
    _check_config_fields(body)
    signed.check_signature(body, sigs, "self", CONFIG_DOMAIN, body["signing_public_key"])
    previous = body.get("previous_signing_public_key")
    if previous is not None:
        signed.check_signature(body, sigs, "previous", CONFIG_DOMAIN, previous)
    body["fingerprint"] = keys.fingerprint_of(
        "ctxh-office-v1", keys.unb64(body["signing_public_key"], 32), body["recipients"][0]
    )
    return body


def verify_rotation(trusted: dict, new_data: bytes) -> dict:
    """A new config accepted because the currently trusted office key signed it too.

    ``trusted`` is the config installed now (as returned by :func:`read_config`). Raises
    ``BadSignature`` when the new config was not signed by that key, or is for another unit.
    """
    new = read_config(new_data)
    if (
        new.get("previous_signing_public_key") != trusted["signing_public_key"]
        or new["unit_code"] != trusted["unit_code"]
    ):
        raise BadSignature(
            _(
                "Cấu hình mới không được ký bằng khóa đang dùng của đơn vị. Hãy kiểm tra dấu vân tay."
            )
        )
    return new


def all_recipients(config: dict) -> list[str]:
    """Every age recipient a bundle for this office is encrypted to (office + escrow)."""
    return list(config["recipients"]) + list(config.get("escrow_recipients", []))


# -- device enrolment -----------------------------------------------------------------------------
def make_enrolment(
    device: keys.KeyPair,
    *,
    commune_code: str,
    device_id: str,
    name: str,
    created_at: str | None = None,
    previous: keys.KeyPair | None = None,
) -> bytes:
    """A commune device's enrolment file, signed by the device key. ``previous`` (a key rotation)
    adds a signature by the device's old key, which the office checks against the key it holds."""
    body = {
        "format": ENROLMENT_FORMAT,
        "version": ENROLMENT_VERSION,
        "commune_code": commune_code,
        "device_id": device_id,
        "name": name,
        "signing_public_key": device.signing_public_b64,
        "recipient": device.recipient,
        "fingerprint": device.fingerprint,
        "created_at": created_at or _now(),
    }
    signers = {"self": device}
    if previous is not None:
        body["previous_signing_public_key"] = previous.signing_public_b64
        signers["previous"] = previous
    return signed.sign_document(body, ENROLMENT_DOMAIN, signers)


def read_enrolment(data: bytes) -> dict:
    """The enrolment's content after checking its format and self-signature
    (``fingerprint`` recomputed from the keys)."""
    body, sigs = signed.split_document(data, ENROLMENT_FORMAT)
    ok = (
        body.get("version") == ENROLMENT_VERSION
        and isinstance(body.get("commune_code"), str)
        and bool(_CODE.match(body["commune_code"]))
        and isinstance(body.get("device_id"), str)
        and 0 < len(body["device_id"]) <= 64
        and isinstance(body.get("name"), str)
        and isinstance(body.get("recipient"), str)
        and isinstance(body.get("signing_public_key"), str)
    )
    if not ok:
        raise DamagedFile(_("Tệp đăng ký thiết bị bị hỏng hoặc không đúng định dạng."))
    keys.load_recipient(body["recipient"])
    public = keys.unb64(body["signing_public_key"], 32)
    signed.check_signature(body, sigs, "self", ENROLMENT_DOMAIN, public)
    previous = body.get("previous_signing_public_key")
    if previous is not None:
        if not isinstance(previous, str):
            raise DamagedFile(_("Tệp đăng ký thiết bị bị hỏng hoặc không đúng định dạng."))
        signed.check_signature(body, sigs, "previous", ENROLMENT_DOMAIN, previous)
    body["fingerprint"] = keys.fingerprint_of("ctxh-device-v1", public, body["recipient"])
    return body


def fingerprint_of_file(data: bytes) -> str:
    """The fingerprint of a config or enrolment file (either kind; checked first)."""
    body = signed.parse_json(data)
    if body.get("format") == ENROLMENT_FORMAT:
        return read_enrolment(data)["fingerprint"]
    return read_config(data)["fingerprint"]
