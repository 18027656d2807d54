"""The vote-alignment definitions on small hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from dyadscope.measures.alignment import MEASURES, UnknownMeasureError, bootstrap, encode, get_measure

# x: Y Y Y N A Y, y: Y Y N N Y Y. Distances 0 0 1 0 0.5 0 -> mean 0.25.
# Expected distance with each side's own marginals: x (N 1/6, A 1/6, Y 4/6), y (N 2/6, Y 4/6):
# N-Y 4/36 + A-N 0.5*2/36 + A-Y 0.5*4/36 + Y-N 8/36 = 15/36. Pooled (N 3/12, A 1/12, Y 8/12):
# 2 * (N-A 0.5*3/144 + N-Y 24/144 + A-Y 0.5*8/144) = 59/144.
X, Y = encode("YYYNAY"), encode("YYNNYY")
HAND = {"agreement": 4 / 6, "index": 0.75, "s": 0.5, "kappa": 1 - 0.25 / (15 / 36), "pi": 1 - 0.25 / (59 / 144)}


@pytest.mark.parametrize("key", list(HAND))
def test_hand_computed(key):
    assert MEASURES[key].func(X, Y) == pytest.approx(HAND[key])


@pytest.mark.parametrize("key", list(HAND))
def test_identical_votes_give_the_maximum(key):
    x = encode("YNAYNY")
    assert MEASURES[key].func(x, x) == pytest.approx(1.0)


def test_opposite_votes():
    x, y = encode("YYNN"), encode("NNYY")
    assert MEASURES["s"].func(x, y) == pytest.approx(-1.0)
    assert MEASURES["agreement"].func(x, y) == 0.0
    assert MEASURES["kappa"].func(x, y) < 0


def test_kappa_undefined_without_variation():
    x = encode("YYYY")
    assert np.isnan(MEASURES["kappa"].func(x, x))


def test_rows_are_independent_samples():
    stacked = np.stack([X, Y])
    values = MEASURES["agreement"].func(stacked, np.stack([Y, Y]))
    assert values.tolist() == [pytest.approx(4 / 6), 1.0]


def test_bootstrap_interval_brackets_the_estimate():
    x, y = encode("YYYNAYNNYA" * 5), encode("YYNNYYNAYA" * 5)
    lo, hi = bootstrap(MEASURES["agreement"].func, x, y, n_boot=500, seed=1)
    assert lo < MEASURES["agreement"].func(x, y) < hi


def test_unknown_measure():
    with pytest.raises(UnknownMeasureError, match="unknown measure 'tau'; known measures: agreement, index, s, kappa, pi"):
        get_measure("tau")
