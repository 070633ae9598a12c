"""Keys: the office key pair, commune device keys, fingerprints and the office's recovery text.

Both kinds of key holder own two keys made by standard libraries:

* an **age X25519 identity** (``pyrage``) — bundles are encrypted to the office's recipient, and a
  restore bundle from the office back to a commune is encrypted to the device's recipient;
* an **Ed25519 signing key** (``cryptography``) — a device signs its bundles and enrolment file, the
  office signs its config file and receipts.

The secret material is one text in the age *identity file* format: the ``AGE-SECRET-KEY-1…`` line plus
``#`` comment lines, one of which carries the Ed25519 seed. The standard ``age`` tool ignores comment
lines, so the same text (or its passphrase-encrypted form, which ``age -d -i`` also accepts) decrypts
bundles with no help from this app: data is never locked in.

The office keeps that text encrypted with age's passphrase mode (scrypt), see :meth:`OfficeKeys.protect`.
A device key is returned as plain bytes for the storage layer to keep inside the encrypted database.

Fingerprints are the SHA-256 of a domain string plus the public keys, shown as five groups of four
base32 characters (100 bits). People *type* all of it rather than clicking "they match": a match
is checked on the whole fingerprint, so forging one means a 2^100 search.
"""

from __future__ import annotations

import base64
import hashlib
import re
import textwrap
from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519

from ctxh_desktop.core.text import nfc
from ctxh_desktop.i18n import _
from ctxh_desktop.sync.errors import DamagedFile, WrongPassphrase

FINGERPRINT_GROUPS = 5
FINGERPRINT_GROUP_SIZE = 4
FINGERPRINT_LENGTH = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_SIZE

_SEED_LINE = "# ed25519-signing-key: "
_KIND_LINE = "# ctxh-desktop key: "
_MAX_KEY_TEXT = 16 * 1024


def _passphrase(value: str) -> str:
    """Passphrases are compared NFC-normalised (Vietnamese keyboards differ), as for the database."""
    return nfc(value) or ""


def b64(data: bytes) -> str:
    """Standard base64 text of bytes."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, size: int | None = None) -> bytes:
    """Bytes of a base64 text; a malformed value (or a wrong length) is a damaged file."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeError, AttributeError):
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng.")) from None
    if size is not None and len(data) != size:
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng."))
    return data


def signing_public_bytes(key: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of an Ed25519 public key."""
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def load_signing_public(raw: bytes | str) -> Ed25519PublicKey:
    """An Ed25519 public key from 32 raw bytes or their base64 text."""
    data = unb64(raw, 32) if isinstance(raw, str) else raw
    try:
        return Ed25519PublicKey.from_public_bytes(data)
    except ValueError:
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng.")) from None


def verify_signature(public: bytes | str, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``message`` by ``public``."""
    try:
        load_signing_public(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def load_recipient(text: str) -> x25519.Recipient:
    """An age X25519 recipient (``age1…``); a malformed one is a damaged file."""
    try:
        return x25519.Recipient.from_str(text.strip())
    except pyrage.RecipientError:
        raise DamagedFile(_("Tệp bị hỏng hoặc không đúng định dạng.")) from None


def key_id(public_text: str) -> str:
    """A short stable id of a public key (16 hex digits of its SHA-256), used in bundle headers."""
    return hashlib.sha256(public_text.strip().encode("utf-8")).hexdigest()[:16]


# -- fingerprints ---------------------------------------------------------------------------
def fingerprint_of(domain: str, signing_public: bytes, age_recipient: str) -> str:
    """The fingerprint of a key holder: SHA-256 over a domain string and both public keys."""
    digest = hashlib.sha256(
        domain.encode("ascii") + b"\0" + signing_public + b"\0" + age_recipient.encode("ascii")
    ).digest()
    text = base64.b32encode(digest).decode("ascii")
    size = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_SIZE
    return "-".join(
        text[i : i + FINGERPRINT_GROUP_SIZE] for i in range(0, size, FINGERPRINT_GROUP_SIZE)
    )


def normalise_fingerprint(text: str) -> str:
    """Upper-case letters and digits only (dashes, spaces and case are ignored)."""
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def fingerprint_matches(fingerprint: str, typed: str) -> bool:
    """The typed text is the whole fingerprint (ignoring dashes, spaces and case; 100 bits).
    Characters base32 never uses (0, 1, 8, 9) are not guessed at: they fail."""
    want = normalise_fingerprint(fingerprint)
    got = normalise_fingerprint(typed)
    return len(got) == FINGERPRINT_LENGTH and want == got


# -- key pairs ------------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyPair:
    """An age identity and an Ed25519 signing key, held together."""

    identity: x25519.Identity
    signing_key: Ed25519PrivateKey
    role: str  # "office" or "device"

    @classmethod
    def generate(cls, role: str) -> KeyPair:
        """Fresh keys from the operating system's random source."""
        return cls(x25519.Identity.generate(), Ed25519PrivateKey.generate(), role)

    @property
    def recipient(self) -> str:
        """The public age recipient (``age1…``)."""
        return str(self.identity.to_public())

    @property
    def signing_public(self) -> bytes:
        """The raw Ed25519 public key."""
        return signing_public_bytes(self.signing_key)

    @property
    def signing_public_b64(self) -> str:
        """The Ed25519 public key in base64."""
        return b64(self.signing_public)

    @property
    def fingerprint(self) -> str:
        """The holder's fingerprint (what is printed on the stamped letter)."""
        return fingerprint_of(f"ctxh-{self.role}-v1", self.signing_public, self.recipient)

    def sign(self, message: bytes) -> bytes:
        """An Ed25519 signature of ``message``."""
        return self.signing_key.sign(message)

    # -- secret text -------------------------------------------------------------------
    def secret_text(self, comment: str = "") -> str:
        """The secret keys as an age identity file (usable with ``age -d -i``)."""
        seed = self.signing_key.private_bytes_raw()
        lines = [
            f"{_KIND_LINE}{self.role} v1",
            f"# public key: {self.recipient}",
            f"# fingerprint: {self.fingerprint}",
        ]
        lines += [f"# {line}" for line in comment.splitlines() if line.strip()]
        lines += [f"{_SEED_LINE}{b64(seed)}", str(self.identity), ""]
        return "\n".join(lines)

    @classmethod
    def from_secret_text(cls, text: str) -> KeyPair:
        """Keys back from :meth:`secret_text` (``DamagedFile`` when malformed)."""
        role = seed = identity = None
        for raw in text.splitlines():
            line = raw.strip()
            if line.startswith(_KIND_LINE):
                role = line[len(_KIND_LINE) :].split()[0]
            elif line.startswith(_SEED_LINE):
                seed = unb64(line[len(_SEED_LINE) :].strip(), 32)
            elif line.startswith("AGE-SECRET-KEY-1"):
                try:
                    identity = x25519.Identity.from_str(line)
                except pyrage.IdentityError:
                    identity = None
        if role not in ("office", "device") or seed is None or identity is None:
            raise DamagedFile(_("Tệp khóa bị hỏng hoặc không đúng định dạng."))
        return cls(identity, Ed25519PrivateKey.from_private_bytes(seed), role)

    def to_bytes(self) -> bytes:
        """The secret keys as bytes, for the storage layer to keep inside the encrypted database."""
        return self.secret_text().encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyPair:
        """Keys back from :meth:`to_bytes`."""
        if len(data) > _MAX_KEY_TEXT:
            raise DamagedFile(_("Tệp khóa bị hỏng hoặc không đúng định dạng."))
        try:
            return cls.from_secret_text(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise DamagedFile(_("Tệp khóa bị hỏng hoặc không đúng định dạng.")) from None

    # -- passphrase protection -------------------------------------------------------------
    def protect(self, passphrase: str, comment: str = "") -> bytes:
        """The secret keys encrypted with age's passphrase mode (armored text).

        ``age -d -i FILE`` accepts this file directly (it asks for the passphrase).
        """
        if not passphrase:
            raise WrongPassphrase(_("Mật khẩu khóa không được để trống."))
        plain = self.secret_text(comment).encode("utf-8")
        return pyrage.passphrase.encrypt(plain, _passphrase(passphrase), armored=True)

    @classmethod
    def unprotect(cls, data: bytes, passphrase: str) -> KeyPair:
        """Keys from :meth:`protect`'s output; a wrong passphrase raises ``WrongPassphrase``."""
        if len(data) > 4 * _MAX_KEY_TEXT or not passphrase:
            raise WrongPassphrase(_("Mật khẩu khóa không đúng hoặc tệp khóa bị hỏng."))
        try:
            plain = pyrage.passphrase.decrypt(data, _passphrase(passphrase))
        except pyrage.DecryptError:  # never show the library's text
            raise WrongPassphrase(_("Mật khẩu khóa không đúng hoặc tệp khóa bị hỏng.")) from None
        return cls.from_bytes(plain)


def generate_office_keys() -> KeyPair:
    """A new office key pair (the "key ceremony")."""
    return KeyPair.generate("office")


def generate_device_keys() -> KeyPair:
    """A new commune device key pair."""
    return KeyPair.generate("device")


# -- recovery text ----------------------------------------------------------------------------
def recovery_text(keys: KeyPair, unit_code: str, unit_name: str, created: str) -> str:
    """A printable recovery sheet for the office key (keep it locked away, like a safe's key).

    It holds the secret keys in plain text: anyone with the sheet can read every bundle sent to this
    office. :func:`keys_from_recovery_text` reads the keys back from a typed or scanned copy.
    """
    seed = base64.b32encode(keys.signing_key.private_bytes_raw()).decode("ascii").rstrip("=")
    seed_groups = " ".join(seed[i : i + 4] for i in range(0, len(seed), 4))
    # On one line, exactly as the standard ``age -d -i`` reads it from an identity file.
    secret = str(keys.identity)
    lines = [
        _("PHIẾU KHÔI PHỤC KHÓA CỦA ĐƠN VỊ TIẾP NHẬN"),
        _("Đơn vị: {code} — {name}").format(code=unit_code, name=unit_name),
        _("Ngày tạo: {date}").format(date=created),
        _("Dấu vân tay: {fp}").format(fp=keys.fingerprint),
        "",
        _("Khóa giải mã (age):"),
        secret,
        _("Khóa ký (Ed25519, base32):"),
        f"    {seed_groups}",
        "",
        # Prose wrapped to the key line's width, so the printed page cuts nothing.
        textwrap.fill(
            _(
                "Cất phiếu này trong tủ có khóa. Ai có phiếu này đều đọc được mọi tệp gửi đến đơn vị."
            ),
            width=len(secret),
        ),
    ]
    return "\n".join(lines) + "\n"


def age_identity_text(pairs: list[KeyPair], unit_code: str) -> str:
    """An identity file for the standard ``age`` tool: every decryption key of the office, current
    first, one ``AGE-SECRET-KEY-1…`` line each (``age -d -i FILE bundle.ctxh | tar x``)."""
    lines = [f"# ctxh-desktop office {unit_code}: age identities, current first"]
    for pair in pairs:
        lines += [f"# fingerprint: {pair.fingerprint}", str(pair.identity)]
    return "\n".join(lines) + "\n"


def keys_from_recovery_text(text: str) -> KeyPair:
    """The office keys back from a recovery sheet's text (``DamagedFile`` if unreadable)."""
    lines = [line.strip() for line in text.splitlines()]
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("AGE-SECRET-KEY-1"))
        secret = ""
        i = start
        while i < len(lines) and lines[i] and ":" not in lines[i]:
            secret += lines[i].replace(" ", "")
            i += 1
        identity = x25519.Identity.from_str(secret)
        seed_line = lines[i + 1].replace(" ", "").upper()
        seed = base64.b32decode(seed_line + "=" * (-len(seed_line) % 8))
        signing = Ed25519PrivateKey.from_private_bytes(seed)
    except (StopIteration, IndexError, ValueError, pyrage.IdentityError):  # a malformed sheet
        raise DamagedFile(_("Không đọc được phiếu khôi phục khóa.")) from None
    return KeyPair(identity, signing, "office")
