"""The coder on the independent sentences of tests/data/coding/ (written from the chronology,
apart from the coder's development; see that folder's README).

``tune.jsonl`` was read while the coder was developed, ``heldout.jsonl`` and ``blind2.jsonl``
never were: their floors here guard the generalisation measured on them (docs/coding.md gives
the figures) against a change that would fit the development sentences at the expense of unseen
ones.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from test_coding_accuracy import _code, _scores, scorer  # noqa: F401  (the scorer fixture)

FOLDER = ROOT / "tests" / "data" / "coding"

#: floors a little under the figures measured when the files were last scored
FLOORS = {"tune.jsonl": (0.90, 0.90), "heldout.jsonl": (0.78, 0.80), "blind2.jsonl": (0.85, 0.86)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_independent_sentences(tmp_path, scorer, name):  # noqa: F811
    gold = FOLDER / name
    scores = _scores(scorer, gold, _code(tmp_path, gold))
    type_floor, dyad_floor = FLOORS[name]
    assert scores["type"]["f1"] >= type_floor, scores
    assert scores["dyad"]["f1"] >= dyad_floor, scores
