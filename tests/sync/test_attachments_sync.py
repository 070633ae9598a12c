"""An attachment's file reaches the office only when marked "gửi văn phòng" and its person
consented; otherwise only the record that a file exists leaves the commune (real bundles)."""

from __future__ import annotations

import pytest
from attachment_files import pdf_bytes, png_bytes, write
from test_exchange_service import commune, enrol, office, office_template  # noqa: F401

from ctxh_desktop.services import attachments, exchange


def _person(commune_session, consent: bool) -> str:
    return commune_session.store.insert(
        "person", {"full_name": "Hà Thị Lan", "consent_share": int(consent)}
    )["id"]


@pytest.mark.parametrize(
    ("for_office", "consent", "arrives"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_a_file_leaves_only_marked_and_consented(
    tmp_path,
    office,  # noqa: F811
    commune,  # noqa: F811
    for_office,
    consent,
    arrives,
):
    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    person = _person(commune, consent)
    path = write(tmp_path, "quyet-dinh.pdf", pdf_bytes())
    row = attachments.add_attachment(
        commune, path, person_id=person, title="Quyết định", for_office=for_office
    )
    result = exchange.import_file(o, exchange.export(commune, tmp_path).path, ids)
    assert result.status == "accepted", result.message
    there = o.store.get("attachment", row["id"])
    assert (there["content"] is not None) is arrives
    assert (there["title"] == "Quyết định") is arrives
    if arrives:
        assert attachments.attachment_content(o, row["id"]) == path.read_bytes()
    else:
        assert there["file_name"] is None and there["sha256"] is None


def _marked_photo(office_and_keys, commune_session, tmp_path, consent: bool):
    """An enrolled commune, a person (consenting or not) and a photo marked for the office; a
    function sending the next bundle and returning the office's copy of the photo."""
    o, ids, _cfg = office_and_keys
    enrol(o, commune_session, tmp_path)
    person = _person(commune_session, consent)
    row = attachments.add_attachment(
        commune_session, write(tmp_path, "anh.png", png_bytes()), person_id=person, for_office=True
    )

    def send(name: str) -> dict:
        path = exchange.export(commune_session, tmp_path / name).path
        assert exchange.import_file(o, path, ids).status == "accepted"
        return o.store.get("attachment", row["id"])

    return person, row, send


def test_a_file_unmarked_later_is_taken_back(tmp_path, office, commune):  # noqa: F811
    _person_id, row, send = _marked_photo(office, commune, tmp_path, True)
    assert send("1.ctxh")["content"] is not None
    attachments.set_for_office(commune, row["id"], False)
    assert send("2.ctxh")["content"] is None
    assert commune.store.get("attachment", row["id"])["content"] is not None


def test_a_received_attachment_that_is_not_an_image_or_pdf_refuses_the_file():
    from ctxh_desktop.core import attachments as rules
    from ctxh_desktop.core.column_schema import check_stored_row
    from ctxh_desktop.core.errors import UserError

    row = {"id": "x", "mime": rules.PNG, "size": 5, "content": rules.encode(b"MZ\x90\x00exe")}
    with pytest.raises(UserError, match=r"attachment.*content"):
        check_stored_row("attachment", row)


def test_exported_attachments_pass_the_python_filter(tmp_path, office, commune):  # noqa: F811
    """The export's SQL filter and the Python one (used by restore) agree on attachments."""
    from ctxh_desktop.storage import exchange as db_exchange
    from ctxh_desktop.sync import bundle

    o, ids, _cfg = office
    enrol(o, commune, tmp_path)
    for consent, marked in ((True, True), (True, False), (False, True)):
        attachments.add_attachment(
            commune,
            write(tmp_path, "a.png", png_bytes()),
            person_id=_person(commune, consent),
            for_office=marked,
        )
    keep = exchange.privacy_filter(commune)
    hi = db_exchange.last_change_seq(commune.store)
    expected = [
        keep(t, r)
        for t, r in db_exchange.changed_rows(commune.store, 0, hi, full=True)
        if t == "attachment"
    ]
    opened = bundle.open_bundle(
        exchange.export(commune, tmp_path, full=True).path.read_bytes(),
        ids,
        exchange.device_lookup(o),
        max_schema=99,
    )
    got = [r for t, r in opened.rows() if t == "attachment"]
    assert got == expected and [r["content"] is not None for r in got] == [True, False, False]


def test_consent_given_then_withdrawn_sends_the_file_then_takes_it_back(tmp_path, office, commune):  # noqa: F811
    from ctxh_desktop.services import people

    person, _row, send = _marked_photo(office, commune, tmp_path, False)
    assert send("1.ctxh")["content"] is None
    people.update_person(commune, person, {"consent_share": True})
    assert send("2.ctxh")["content"] is not None
    people.update_person(commune, person, {"consent_share": False})
    assert send("3.ctxh")["content"] is None


def test_a_received_attachment_whose_content_is_not_its_recorded_kind_is_refused():
    from ctxh_desktop.core import attachments as rules
    from ctxh_desktop.core.column_schema import check_stored_row
    from ctxh_desktop.core.errors import UserError

    data = png_bytes()
    row = {"id": "x", "mime": rules.PDF, "size": len(data), "content": rules.encode(data)}
    with pytest.raises(UserError, match="không khớp"):
        check_stored_row("attachment", row)
    check_stored_row("attachment", {**row, "mime": rules.PNG})


def test_an_export_too_large_for_the_office_is_refused_before_anything_is_written(
    tmp_path,
    office,  # noqa: F811
    commune,  # noqa: F811
    monkeypatch,
):
    from ctxh_desktop.core.errors import UserError
    from ctxh_desktop.sync import bundle_format

    o, _ids, _cfg = office
    enrol(o, commune, tmp_path)
    attachments.add_attachment(
        commune, write(tmp_path, "a.pdf", pdf_bytes()), person_id=_person(commune, True)
    )
    small = bundle_format.Limits(max_payload=1000)
    monkeypatch.setattr(bundle_format, "DEFAULT_LIMITS", small)
    out = tmp_path / "out"
    out.mkdir()
    watermark = commune.store.meta("export_watermark")
    with pytest.raises(UserError, match="quá lớn"):
        exchange.export(commune, out)
    assert list(out.iterdir()) == [] and commune.store.meta("export_watermark") == watermark
