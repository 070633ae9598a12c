"""Keys, fingerprints, the office config and device enrolment files, receipts."""

from __future__ import annotations

import json

import pytest

from ctxh_desktop.sync import config, keys, receipt
from ctxh_desktop.sync.errors import BadSignature, DamagedFile, WrongPassphrase

OFFICE = keys.generate_office_keys()
DEVICE = keys.generate_device_keys()


def test_fingerprint_is_grouped_base32_and_stable():
    fp = OFFICE.fingerprint
    groups = fp.split("-")
    assert len(groups) == 5 and all(len(g) == 4 for g in groups)
    assert keys.normalise_fingerprint(fp).isalnum() and len(keys.normalise_fingerprint(fp)) == 20
    assert fp == keys.KeyPair.from_bytes(OFFICE.to_bytes()).fingerprint
    assert fp != DEVICE.fingerprint


def test_the_whole_fingerprint_is_compared_ignoring_dashes_spaces_and_case():
    fp = "ABCD-EFGH-IJKL-MNOP-QRST"
    assert keys.FINGERPRINT_LENGTH * 5 >= 80  # base32: 5 bits a character
    assert keys.fingerprint_matches(fp, "abcd efgh ijkl mnop qrst")
    assert keys.fingerprint_matches(fp, "ABCDEFGHIJKLMNOPQRST")
    assert keys.fingerprint_matches(fp, fp)
    assert not keys.fingerprint_matches(fp, "ABCD-EFGH-IJKL-MNOP")  # a prefix is not enough
    assert not keys.fingerprint_matches(fp, "ABCD-EFGH")
    assert not keys.fingerprint_matches(fp, "ABCD-EFGH-IJKL-MNOP-QRSX")
    assert not keys.fingerprint_matches(fp, fp + "A")
    assert not keys.fingerprint_matches(fp, "")


def test_device_keys_round_trip_as_bytes():
    again = keys.KeyPair.from_bytes(DEVICE.to_bytes())
    assert again.recipient == DEVICE.recipient
    assert again.signing_public == DEVICE.signing_public
    assert again.role == "device"
    with pytest.raises(DamagedFile):
        keys.KeyPair.from_bytes(b"garbage")


def test_secret_text_is_an_age_identity_file():
    text = OFFICE.secret_text()
    assert all(
        line.startswith("#") or line.startswith("AGE-SECRET-KEY-1") or not line
        for line in text.splitlines()
    )


def test_protected_office_key_needs_the_passphrase():
    blob = OFFICE.protect("mật khẩu dài", comment="Đơn vị 01")
    assert blob.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert b"AGE-SECRET-KEY" not in blob
    assert keys.KeyPair.unprotect(blob, "mật khẩu dài").fingerprint == OFFICE.fingerprint
    with pytest.raises(WrongPassphrase):
        keys.KeyPair.unprotect(blob, "sai")


def test_recovery_text_restores_the_office_keys():
    text = keys.recovery_text(OFFICE, "01", "Sở Y tế Hà Nội", "2026-11-23")
    assert OFFICE.fingerprint in text
    again = keys.keys_from_recovery_text(text)
    assert again.fingerprint == OFFICE.fingerprint
    with pytest.raises(DamagedFile):
        keys.keys_from_recovery_text("nothing here")


def make_cfg(**kw):
    return config.make_config(
        OFFICE,
        unit_code="01",
        unit_name="Phòng Văn hóa – Xã hội",
        due_day=5,
        expected_communes=["00004", "00001"],
        **kw,
    )


def test_config_round_trip_and_fingerprint():
    cfg = config.read_config(make_cfg(holidays=["2026-09-02"]))
    assert cfg["unit_name"] == "Phòng Văn hóa – Xã hội"
    assert cfg["expected_communes"] == ["00001", "00004"]
    assert cfg["fingerprint"] == OFFICE.fingerprint
    assert cfg["recipients"] == [OFFICE.recipient]
    assert config.fingerprint_of_file(make_cfg()) == OFFICE.fingerprint


def test_tampered_config_is_refused():
    doc = json.loads(make_cfg())
    doc["due_day"] = 20
    with pytest.raises(BadSignature):
        config.read_config(json.dumps(doc).encode())


def test_config_with_swapped_keys_shows_a_different_fingerprint():
    # An attacker re-signs with their own key: the signature holds, the fingerprint does not match.
    attacker = keys.generate_office_keys()
    forged = config.read_config(
        config.make_config(attacker, unit_code="01", unit_name="Phòng Văn hóa – Xã hội")
    )
    assert forged["fingerprint"] != OFFICE.fingerprint
    assert not keys.fingerprint_matches(forged["fingerprint"], OFFICE.fingerprint)


def test_damaged_config_files():
    for bad in (b"", b"not json", b"[]", b'{"format": "other"}', make_cfg()[:-20]):
        with pytest.raises(DamagedFile):
            config.read_config(bad)


def test_rotation_is_accepted_when_signed_by_the_old_key():
    trusted = config.read_config(make_cfg())
    new_keys = keys.generate_office_keys()
    rotated = config.make_config(new_keys, unit_code="01", unit_name="X", previous=OFFICE)
    assert config.verify_rotation(trusted, rotated)["fingerprint"] == new_keys.fingerprint
    stranger = config.make_config(new_keys, unit_code="01", unit_name="X")
    with pytest.raises(BadSignature):
        config.verify_rotation(trusted, stranger)


def test_enrolment_round_trip_and_tamper():
    data = config.make_enrolment(DEVICE, commune_code="00004", device_id="dev-1", name="Máy xã")
    info = config.read_enrolment(data)
    assert info["fingerprint"] == DEVICE.fingerprint
    assert config.fingerprint_of_file(data) == DEVICE.fingerprint
    doc = json.loads(data)
    doc["commune_code"] = "00007"
    with pytest.raises(BadSignature):
        config.read_enrolment(json.dumps(doc).encode())


def test_receipt_is_signed_by_the_office():
    data = receipt.make_receipt(
        OFFICE,
        unit_code="01",
        commune="00004",
        device_id="dev-1",
        tables={"person": {"count": 10, "max_rev": 4, "max_epoch": 0}},
        covered=[(1, 40), (51, 60)],
    )
    got = receipt.read_receipt(data, OFFICE.signing_public)
    assert got["tables"]["person"]["count"] == 10
    with pytest.raises(BadSignature):
        receipt.read_receipt(data, DEVICE.signing_public)
    assert receipt.unacknowledged(got["covered"], 70) == [(41, 50), (61, 70)]
    assert receipt.unacknowledged([[1, 70]], 70) == []
