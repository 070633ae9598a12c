"""Counts in English take the plural form the catalog gives; Vietnamese has one form."""

from __future__ import annotations

from ctxh_desktop import i18n
from ctxh_desktop.i18n import ngettext


def test_english_counts_take_their_plural_form_and_vietnamese_one_form():
    assert ngettext("{n} ca", "{n} ca", 1) == "{n} ca"
    i18n.set_language("en")
    assert ngettext("{n} ca", "{n} ca", 1).format(n=1) == "1 case"
    assert ngettext("{n} ca", "{n} ca", 0).format(n=0) == "0 cases"
    assert ngettext("{n} người", "{n} người", 1).format(n=1) == "1 person"
    assert ngettext("{n} người", "{n} người", 2).format(n=2) == "2 people"
    assert (i18n.plural_index("en", 1), i18n.plural_index("en", 5)) == (0, 1)
    assert i18n.plural_index("vi", 1) == i18n.plural_index("vi", 5) == 0
