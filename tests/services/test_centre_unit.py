"""A social-work centre at the office: offered beside the province's communes, put on the list of
units that report (a wrong code changes nothing), and refused at enrolment until it is listed."""

from __future__ import annotations

import pytest

from ctxh_desktop.core import centres
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.services import exchange, office, session
from ctxh_desktop.storage import keyfile
from ctxh_desktop.sync import keys


def test_the_office_lists_its_provinces_centre_and_adds_it_on_request(office_unit):
    offered = {r["commune"]: r for r in office.expected_commune_list(office_unit)}
    centre = offered["ttxh-01-01"]
    assert centre["kind"] == "centre" and not centre["expected"]
    assert offered["00004"]["kind"] == "commune"
    for wrong in ("ttxh-99-01", "ttxh-01", "TTXH-01-01"):
        with pytest.raises(UserError):
            office.update_expected_communes(office_unit, ["ttxh-01-01", wrong])
    assert not office.expected_commune_list(office_unit)[-1]["expected"]  # nothing changed
    listed = office.update_expected_communes(office_unit, ["ttxh-01-01"])
    assert "ttxh-01-01" in {r["commune"] for r in listed}


def test_a_centres_device_enrols_only_once_the_centre_is_listed(office_unit, tmp_path):
    config = tmp_path / "office.ctxhcfg"
    config.write_bytes(exchange.office_config(office_unit))
    s, _code = session.create_centre(
        tmp_path / "centre.db",
        "mật khẩu của trung tâm",
        centres.new_centre("01", "Trung tâm Công tác xã hội thành phố Hà Nội"),
        kdf=keyfile.FAST_KDF,
    )
    s.user, s.role = "ctv", "admin"
    exchange.trust_office(s, config, keys.normalise_fingerprint(exchange.file_fingerprint(config)))
    enrolment = tmp_path / "centre.ctxhdev"
    typed = exchange.write_enrolment(s, enrolment)
    with pytest.raises(UserError):
        exchange.enrol_device(office_unit, enrolment, typed)
    office.update_expected_communes(office_unit, ["ttxh-01-01"])
    assert exchange.enrol_device(office_unit, enrolment, typed)["commune_code"] == "ttxh-01-01"
    s.close()
