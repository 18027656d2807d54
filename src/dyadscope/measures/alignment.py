"""Vote-alignment measures for one dyad: functions of two aligned vote vectors.

Votes are coded on Signorino and Ritter's scale: yes = 1, abstain = 0.5, no = 0, so that
``|x - y|`` is 0 for the same vote, 0.5 when one abstained and 1 for opposite votes.

- ``agreement``: the share of roll calls on which both cast the same vote (the measure behind
  the published RUSSAgree/USAgree shares in Voeten's ideal-point file).
- ``index``: the 1 / 0.5 / 0 agreement index, mean of ``1 - |x - y|`` (Lijphart 1963;
  used in Voeten's dyadic agreement scores).
- ``s``: S-score, ``1 - 2 * mean|x - y|`` (Signorino and Ritter 1999, "Tau-b or Not Tau-b",
  International Studies Quarterly 43(1)), from -1 (always opposite) to 1 (always the same).
- ``kappa`` and ``pi``: chance-corrected agreement, ``1 - D_o / D_e`` (Häge 2011, "Choice or
  Circumstance? Adjusting Measures of Foreign Policy Similarity for Chance Agreement",
  Political Analysis 19(3)). ``D_o`` is the observed mean distance ``|x - y|``; ``D_e`` the
  distance expected by chance: with each state's own vote distribution for Cohen's kappa,
  with the pooled distribution of both for Scott's pi. 1 is perfect agreement, 0 what chance
  alone would give, negative less than chance.

Each function takes vote codes as small integers (0 = no, 1 = abstain, 2 = yes) so that the
same code serves single dyads, bootstrap matrices (one row per resample) and SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from dyadscope.errors import DyadscopeError

CODES = {"N": 0, "A": 1, "Y": 2}
VALUES = np.array([0.0, 0.5, 1.0])  # the scale value of each code
DISTANCE = np.abs(VALUES[:, None] - VALUES[None, :])  # 3 x 3 distance between codes


class UnknownMeasureError(DyadscopeError):
    """A measure name that is not in the registry."""


def _counts(codes: np.ndarray) -> np.ndarray:
    """Per row, how many votes of each code: (..., n) -> (..., 3)."""
    return np.stack([(codes == k).sum(axis=-1) for k in range(3)], axis=-1).astype(float)


def _observed_distance(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.abs(VALUES[x] - VALUES[y]).mean(axis=-1)


def agreement(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (x == y).mean(axis=-1)


def index(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 1.0 - _observed_distance(x, y)


def s_score(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 1.0 - 2.0 * _observed_distance(x, y)


def _chance_corrected(observed: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    expected = np.einsum("...i,ij,...j->...", px, DISTANCE, py)
    with np.errstate(divide="ignore", invalid="ignore"):
        # no variation at all (both always vote yes): chance explains everything, kappa undefined
        return np.where(expected > 0, 1.0 - observed / np.where(expected > 0, expected, 1.0), np.nan)


def kappa(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    n = x.shape[-1]
    return _chance_corrected(_observed_distance(x, y), _counts(x) / n, _counts(y) / n)


def pi(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    n = x.shape[-1]
    pooled = (_counts(x) + _counts(y)) / (2 * n)
    return _chance_corrected(_observed_distance(x, y), pooled, pooled)


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    reference: str
    func: Callable[[np.ndarray, np.ndarray], np.ndarray]


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("agreement", "share of identical votes", "Voeten, UNGA voting data (RUSSAgree, USAgree ...)", agreement),
        Measure("index", "agreement index (1 / 0.5 / 0)", "Lijphart 1963, APSR 57(4); Voeten's agreement scores", index),
        Measure("s", "S-score", "Signorino and Ritter 1999, ISQ 43(1)", s_score),
        Measure("kappa", "Cohen's kappa (distance-weighted)", "Häge 2011, Political Analysis 19(3)", kappa),
        Measure("pi", "Scott's pi (distance-weighted)", "Häge 2011, Political Analysis 19(3)", pi),
    )
}


def get_measure(key: str) -> Measure:
    if key not in MEASURES:
        raise UnknownMeasureError(f"unknown measure {key!r}; known measures: {', '.join(MEASURES)}, idealdist")
    return MEASURES[key]


def encode(votes) -> np.ndarray:
    """Y/N/A strings -> codes 2/0/1."""
    return np.array([CODES[v] for v in votes], dtype=np.int8)


def bootstrap(func, x: np.ndarray, y: np.ndarray, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95):
    """Percentile interval of ``func`` over roll calls resampled with replacement."""
    n = len(x)
    if n == 0:
        return np.nan, np.nan
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=(n_boot, n))
    return percentile_interval(func(x[rows], y[rows]), level)


def percentile_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The central ``level`` interval of bootstrap replicates, ignoring undefined ones (NaN)."""
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return np.nan, np.nan
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail])
    return float(lo), float(hi)
