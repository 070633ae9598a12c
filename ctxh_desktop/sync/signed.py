"""Small signed JSON documents (config, enrolment, receipt): canonical form, signing, checking.

A document is a JSON object whose ``signature`` member holds base64 Ed25519 signatures over a
domain-separation string plus the *canonical* JSON of every other member (sorted keys, no spaces,
UTF-8, integers and strings only — no floats, so the form is stable across languages and versions).
The file is written indented for people to read; the canonical form is recomputed when checking.
"""

from __future__ import annotations

import json
from typing import Any

from ctxh_desktop.i18n import _
from ctxh_desktop.sync import keys
from ctxh_desktop.sync.errors import BadSignature, DamagedFile

MAX_DOCUMENT = 256 * 1024


def canonical(value: Any) -> bytes:
    """The canonical JSON bytes of a value (sorted keys, compact, UTF-8)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _no_float(value: Any) -> None:
    if isinstance(value, float):
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng."))
    if isinstance(value, dict):
        for item in value.values():
            _no_float(item)
    elif isinstance(value, list):
        for item in value:
            _no_float(item)


def parse_json(data: bytes, limit: int = MAX_DOCUMENT) -> dict:
    """A JSON object from untrusted bytes (bounded size; ``DamagedFile`` when malformed)."""
    if not data or len(data) > limit:
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng."))
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng.")) from None
    if not isinstance(value, dict):
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng."))
    _no_float(value)
    return value


def signing_message(domain: str, body: dict) -> bytes:
    """What is signed: the domain string, a NUL byte, then the canonical body."""
    return domain.encode("ascii") + b"\0" + canonical(body)


def sign_document(body: dict, domain: str, signers: dict[str, keys.KeyPair]) -> bytes:
    """The document file: ``body`` plus a ``signature`` map (one entry per named signer)."""
    if "signature" in body:
        raise ValueError("body must not hold a signature")
    message = signing_message(domain, body)
    doc = {**body, "signature": {name: keys.b64(k.sign(message)) for name, k in signers.items()}}
    text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)
    return text.encode("utf-8") + b"\n"


def split_document(data: bytes, format_id: str) -> tuple[dict, dict[str, bytes]]:
    """The body and the raw signatures of a document file of the expected format (not checked)."""
    doc = parse_json(data)
    if doc.get("format") != format_id:
        raise DamagedFile(_("Tệp không đúng loại hoặc không đúng định dạng."))
    sigs = doc.pop("signature", None)
    if not isinstance(sigs, dict) or not sigs:
        raise BadSignature(_("Tệp không có chữ ký hợp lệ."))
    raw = {}
    for name, text in sigs.items():
        if not isinstance(text, str):
            raise BadSignature(_("Tệp không có chữ ký hợp lệ."))
        raw[name] = keys.unb64(text, 64)
    return doc, raw


def check_signature(
    body: dict, signatures: dict[str, bytes], name: str, domain: str, public: bytes | str
) -> None:
    """Raise ``BadSignature`` unless signer ``name`` signed ``body`` with ``public``."""
    sig = signatures.get(name)
    if sig is None or not keys.verify_signature(public, sig, signing_message(domain, body)):
        raise BadSignature(
            _("Chữ ký của tệp không hợp lệ: tệp đã bị sửa hoặc không do đúng người gửi tạo ra.")
        )
