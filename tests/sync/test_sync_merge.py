"""The merge decision: (epoch, rev) order, deterministic ties, order independence."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from ctxh_desktop.sync import merge


def test_higher_rev_wins_and_equal_does_not():
    assert merge.incoming_wins(None, (0, 1))
    assert merge.incoming_wins((0, 1), (0, 2))
    assert not merge.incoming_wins((0, 2), (0, 1))
    assert not merge.incoming_wins((0, 2), (0, 2))


def test_a_new_epoch_beats_a_higher_rev_of_the_old_epoch():
    assert merge.incoming_wins((0, 50), (1, 3))
    assert not merge.incoming_wins((1, 3), (0, 50))


def test_conflict_is_same_version_with_other_content():
    a = merge.Version.of({"id": "x", "rev": 3, "epoch": 0, "name": "A"}, "d1")
    b = merge.Version.of({"id": "x", "rev": 3, "epoch": 0, "name": "B"}, "d1")
    same = merge.Version.of(
        {"id": "x", "rev": 3, "epoch": 0, "name": "A", "modified_at": "z"}, "d1"
    )
    assert merge.is_conflict(a, b)
    assert not merge.is_conflict(a, same)
    assert merge.incoming_wins(a, b) != merge.incoming_wins(b, a)


versions = st.builds(
    merge.Version,
    st.integers(0, 2),
    st.integers(1, 4),
    st.sampled_from(["d1", "d2"]),
    st.sampled_from(["h1", "h2", "h3"]),
)


@given(st.lists(versions, min_size=1, max_size=6), st.randoms())
def test_any_order_and_repetition_gives_the_same_winner(items, rnd):
    expected = merge.winner(items)
    shuffled = items * 2
    rnd.shuffle(shuffled)
    state = None
    for v in shuffled:
        if merge.incoming_wins(state, v):
            state = v
    assert state == expected == max(items)


def test_all_permutations_small():
    items = [(0, 1, "d1", "a"), (0, 2, "d1", "b"), (0, 2, "d1", "c"), (1, 1, "d1", "d")]
    winners = {merge.winner(list(p)) for p in itertools.permutations(items)}
    assert winners == {(1, 1, "d1", "d")}
