"""Code lists shipped as data, and the official administrative units."""

from __future__ import annotations

import json
import re

import pytest

from ctxh_desktop import i18n
from ctxh_desktop.core import codes
from ctxh_desktop.paths import resource_path

VIETNAMESE_MARK = re.compile(r"[^\x00-\x7f]")

FIXED_LISTS = {
    "child_groups",
    "child_extra_groups",
    "problem_types",
    "target_groups",
    "assistance_categories",
    "ethnicities",
    "case_sources",
    "case_kinds",
    "case_steps",
    "case_statuses",
    "risk_levels",
    "protection_levels",
    "needs_domains",
    "closure_reasons",
    "consultation_channels",
    "consultation_topics",
    "consultation_outcomes",
    "support_kinds",
    "support_sources",
    "household_statuses",
    "disability_levels",
    "genders",
    "child_statuses",
    "event_kinds",
    "provider_kinds",
    "referral_statuses",
}


def test_every_agreed_list_is_shipped():
    assert set(codes.list_names()) >= FIXED_LISTS


@pytest.mark.parametrize("name", sorted(FIXED_LISTS))
def test_every_item_has_a_snake_case_code_and_both_labels(name):
    path = resource_path("data", "codes", f"{name}.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["list"] == name and doc["source"]
    for item in doc["items"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", item["code"]), item
        assert item["vi"].strip() and item["en"].strip(), item
        assert not VIETNAMESE_MARK.search(item["en"].replace("–", "").replace("đ", "")), item
    if name != "case_steps":
        all_codes = [item["code"] for item in doc["items"]]
        assert len(all_codes) == len(set(all_codes))


def test_child_groups_are_the_fourteen_letters_of_the_law_then_children_at_risk():
    letters = ["a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l", "m", "n", "o"]
    # Law on Children Art. 10, then the register's category of children at risk (Art. 49(1);
    # Decree 56/2017 Art. 25–27)
    assert codes.codes("child_groups") == [*letters, "at_risk"]
    assert codes.codes("child_groups", parent="at_risk")
    assert codes.label("child_groups", "dd") == "Trẻ em nhiễm HIV/AIDS"
    assert codes.label("child_groups", "a") == "Trẻ em mồ côi cả cha và mẹ"


def test_sub_groups_point_to_an_existing_group():
    top = set(codes.codes("child_groups"))
    subs = [item for item in codes.all_items("child_groups") if item.get("parent")]
    assert subs
    assert all(item["parent"] in top for item in subs)
    assert codes.codes("child_groups", parent="d") == ["d_extremely_severe", "d_severe", "d_mild"]
    assert {"l_rape", "l_molestation"} <= set(codes.codes("child_groups", parent="l"))
    assert codes.parent_of("child_groups", "l_rape") == "l"
    assert codes.parent_of("child_groups", "l") is None
    assert codes.is_valid("child_groups", "d_severe")


def test_fifty_four_ethnic_groups_kinh_first_in_official_order():
    items = codes.items("ethnicities")
    assert len(items) == 54
    assert items[0]["code"] == "kinh"
    assert [item["order"] for item in items] == list(range(1, 55))
    assert {"tay", "thai", "muong", "khmer", "hoa", "nung", "hmong", "dao", "e_de", "ba_na"} <= {
        item["code"] for item in items
    }
    assert codes.label("ethnicities", "muong") == "Mường"


def test_case_steps_per_kind_in_process_order():
    assert codes.steps("child_protection") == [
        "intake",
        "assessment",
        "verification",
        "planning",
        "intervention",
        "review",
        "closed",
        "archived",
    ]
    assert codes.steps("general") == [
        "intake",
        "planning",
        "intervention",
        "monitoring",
        "evaluation",
        "closed",
    ]
    assert codes.step_label("child_protection", "intake") == "Tiếp nhận thông tin"
    assert codes.step_label("general", "intake") == "Thu thập thông tin, đánh giá nhu cầu"
    with pytest.raises(KeyError):
        codes.steps("nonsense")


def test_vietnamese_labels_carry_diacritics():
    assert codes.label("risk_levels", "urgent") == "Khẩn cấp"
    assert codes.label("problem_types", "street_children") == "Trẻ em lang thang"
    assert codes.label("consultation_channels", "commune_office") == "Tại UBND xã"
    for name in ("child_groups", "target_groups", "assistance_categories", "closure_reasons"):
        assert all(VIETNAMESE_MARK.search(i["vi"]) for i in codes.all_items(name)), name


def test_labels_follow_the_current_language():
    assert codes.label("genders", "female") == "Nữ"
    i18n.set_language("en")
    try:
        assert codes.label("genders", "female") == "Female"
        assert codes.step_label("general", "monitoring") == "Monitoring and adjustment"
    finally:
        i18n.set_language("vi")
    assert codes.label("genders", "female", lang="en") == "Female"


def test_unknown_codes_are_shown_as_they_are():
    assert codes.label("genders", "martian") == "martian"
    assert codes.get("genders", "martian") is None
    assert not codes.is_valid("genders", "martian")
    assert not codes.is_valid("genders", None)


def test_unknown_list_is_a_key_error():
    with pytest.raises(KeyError):
        codes.items("no_such_list")


def test_assistance_categories_are_the_eight_of_decree_20():
    assert codes.codes("assistance_categories") == [f"nd20_{n}" for n in range(1, 9)]


def test_coverage_target_counts_only_severe_disability():
    target = codes.coverage_target_codes()
    assert {"a", "b", "c", "dd", "d_extremely_severe", "d_severe"} <= target
    assert {"chemical_agent", "disaster_epidemic"} <= target
    assert "d_mild" not in target and "d" not in target
    assert {"chemical_agent", "disaster_epidemic"} == set(codes.codes("child_extra_groups"))


def test_commune_lookup_of_a_real_code():
    found = codes.commune("00004")
    assert found == {
        "code": "00004",
        "name": "Phường Ba Đình",
        "province_code": "01",
        "province_name": "Thành phố Hà Nội",
        "unit_type": "phuong",
    }
    assert codes.commune(4) == found
    assert codes.commune_unit_label("00004") == "PHƯỜNG"
    assert codes.commune("99999") is None
    assert codes.commune("abc") is None


def test_provinces_and_their_communes():
    provinces = codes.provinces()
    assert len(provinces) == 34
    assert provinces[0] == {"code": "01", "name": "Thành phố Hà Nội"}
    hanoi = codes.communes("01")
    assert any(c["code"] == "00004" for c in hanoi)
    assert all(c["province_code"] == "01" and len(c["code"]) == 5 for c in hanoi)
    assert codes.communes("99") == []
    kinds = {c["unit_type"] for p in provinces for c in codes.communes(p["code"])}
    assert kinds == {"xa", "phuong", "dac_khu"}


def test_unit_label_of_a_commune_and_a_special_zone():
    xa = next(c for c in codes.communes("01") if c["unit_type"] == "xa")
    assert codes.commune_unit_label(xa["code"]) == "XÃ"
    special = next(
        c
        for p in codes.provinces()
        for c in codes.communes(p["code"])
        if c["unit_type"] == "dac_khu"
    )
    assert codes.commune_unit_label(special["code"]) == "ĐẶC KHU"


def test_full_address_names_the_commune_and_province_once():
    person = {"address_detail": "Thôn 3", "address_commune": "00004", "old_address": "Xã cũ"}
    assert (
        codes.full_address(person) == "Thôn 3, Phường Ba Đình, Thành phố Hà Nội (địa chỉ cũ: Xã cũ)"
    )
    assert codes.full_address(
        {"address_detail": "Tổ 5, Phường Ba Đình", "address_commune": "4"}
    ) == ("Tổ 5, Phường Ba Đình, Thành phố Hà Nội")
    assert codes.full_address({}) == ""
