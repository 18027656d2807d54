"""Phases of a dyad series: change points in its level, returned as a phase table.

A series (one value per period: a session, a year, a date) is cut where its mean shifts, by
PELT (Killick, Fearnhead and Eckley 2012, "Optimal detection of changepoints with a linear
computational cost", JASA 107(500)) as implemented in ruptures (Truong, Oudre and Vayatis 2020,
"Selective review of offline change point detection methods", Signal Processing 167).

What is minimised, for ``model="l2"`` (the default): the sum over phases of the squared
deviations of the points from their phase mean, plus ``penalty`` for every change point, with
every phase at least ``min_size`` points long. The segmentation itself is unweighted (ruptures'
costs know no weights); the weight column only enters the phase means and their intervals.

Default penalty (``penalty=None``), for ``model="l2"`` only::

    penalty = 2 * sigma**2 * log(n)

This is the Schwarz (BIC) penalty of a change in the mean of Gaussian noise (Yao 1988,
"Estimating the number of change-points via Schwarz' criterion", Statistics & Probability
Letters 6(3)): each change point adds two parameters, the new mean and the location, each
costing ``log(n)`` on the scale of ``-2 log-likelihood``; the l2 cost is ``sigma**2`` times
that scale, hence the factor ``sigma**2``. It is the "SIC"/"BIC" penalty of the R package
changepoint, ``(1 + 1) * log(n)``, written for unscaled data. ``sigma`` is the noise standard
deviation, estimated robustly so that the jumps themselves do not inflate it: the median
absolute deviation of the first differences, times 1.4826 (consistency with the normal), over
``sqrt(2)`` (a difference of two independent noise terms has variance ``2 sigma**2``). If that is
zero (a series moving in equal steps or with mostly repeated values), the standard deviation of
the first differences over ``sqrt(2)`` is used, then the standard deviation of the values; a
constant series is one phase.

Phase means are weighted by ``weight`` (e.g. ``n``, the number of roll calls of a session, so a
phase's mean agreement is the share over all its roll calls), and each comes with a percentile
bootstrap interval: the points of the phase (with their weights) resampled with replacement.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
import pandas as pd
import ruptures as rpt

from dyadscope.errors import DyadscopeError
from dyadscope.measures.alignment import percentile_interval

MODELS = ("l2", "l1", "normal", "rbf", "rank")  # ruptures costs that work on one series alone
PENALTY_RULE = "2 * sigma^2 * log(n), sigma = 1.4826 * MAD(first differences) / sqrt(2)"


class PhaseError(DyadscopeError):
    """A series or a setting that change-point detection cannot use."""


def robust_sigma(values) -> float:
    """Noise standard deviation of a series whose mean jumps now and then (see module doc)."""
    x = np.asarray(values, dtype=float)
    if len(x) < 2:
        return 0.0
    d = np.diff(x)
    sigma = 1.4826 * float(np.median(np.abs(d - np.median(d)))) / math.sqrt(2)
    if sigma == 0:
        sigma = float(np.std(d, ddof=1)) / math.sqrt(2) if len(d) > 1 else 0.0
    if sigma == 0:
        sigma = float(np.std(x, ddof=1))
    return sigma


def default_penalty(values) -> float:
    """``2 * sigma**2 * log(n)``: the BIC penalty for a change in mean, on the l2 cost's scale."""
    n = len(values)
    if n < 2:
        return 0.0
    return 2.0 * robust_sigma(values) ** 2 * math.log(n)


def weighted_mean(values: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """Mean over the last axis, weighted if ``weights`` has the same shape."""
    if weights is None:
        return values.mean(axis=-1)
    total = weights.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, (values * weights).sum(axis=-1) / np.where(total > 0, total, 1), np.nan)


def bootstrap_mean(values: np.ndarray, weights: np.ndarray | None, *, n_boot: int, rng, level: float):
    """Percentile interval of the (weighted) mean over the points resampled with replacement."""
    n = len(values)
    if n == 0 or n_boot == 0:
        return np.nan, np.nan
    rows = rng.integers(0, n, size=(n_boot, n))
    return percentile_interval(weighted_mean(values[rows], None if weights is None else weights[rows]), level)


def prepare_series(series: pd.DataFrame, *, time: str, value: str, weight: str | None, error=PhaseError):
    """Check the columns, sort by time, drop missing values: (frame, dropped time values).

    Raises ``error`` naming the bad column or value. Rows whose value (or weight) is missing are
    dropped and their time values returned, so the caller can say which.
    """
    if not isinstance(series, pd.DataFrame):
        raise error(f"the series must be a pandas DataFrame; got {type(series).__name__}")
    needed = [time, value] + ([weight] if weight is not None else [])
    missing = [c for c in needed if c not in series.columns]
    if missing:
        hint = "; pass weight=None for unweighted means" if weight in missing else ""
        raise error(
            f"column {missing[0]!r} is not in the series; its columns are: {', '.join(map(str, series.columns))}{hint}"
        )
    frame = series[needed].copy()
    for col in needed[1:]:
        try:
            frame[col] = pd.to_numeric(frame[col]).astype(float)
        except (TypeError, ValueError) as e:
            raise error(f"column {col!r} must be numeric; {e}") from e
    if frame[time].isna().any():
        raise error(f"column {time!r} has missing time values; every row needs one")
    if frame[time].duplicated().any():
        dup = frame.loc[frame[time].duplicated(), time].tolist()[0]
        raise error(f"time value {dup!r} occurs more than once in column {time!r}; give one row per period")
    if weight is not None and (frame[weight] < 0).any():
        bad = frame.loc[frame[weight] < 0, weight].iloc[0]
        raise error(f"weights must not be negative; column {weight!r} has {bad}")
    frame = frame.sort_values(time, kind="stable").reset_index(drop=True)
    keep = frame[value].notna() & np.isfinite(frame[value])
    if weight is not None:
        keep &= frame[weight].notna()
    dropped = frame.loc[~keep, time].tolist()
    return frame[keep].reset_index(drop=True), dropped


class PhaseDetector:
    """Change points in the mean of one series, and the table of phases between them.

    >>> frame, true_breaks = piecewise_series([0.8, 0.6], [10, 10], noise=0.02, seed=1)
    >>> PhaseDetector().fit(frame, weight=None).breaks_
    [11]

    Attributes after ``fit``: ``phases_`` (phase, start, end, n_points, mean, lo, hi,
    change_before), ``breaks_`` (time values where a new phase starts), ``penalty_``,
    ``sigma_`` (None when the penalty was given), ``dropped_`` (time values whose value was
    missing and were left out). ``phases_.attrs`` repeats the settings and ``dropped``.
    """

    def __init__(
        self,
        *,
        model: str = "l2",
        penalty: float | None = None,
        min_size: int = 3,
        jump: int = 1,
        n_boot: int = 1000,
        seed: int = 0,
        level: float = 0.95,
    ):
        if model not in MODELS:
            raise PhaseError(f"unknown model {model!r}; accepted: {', '.join(MODELS)}")
        if penalty is None and model != "l2":
            raise PhaseError(
                f"model {model!r} has no default penalty (the default, {PENALTY_RULE}, is on the l2 cost's "
                "scale); pass penalty= explicitly"
            )
        if penalty is not None and (
            isinstance(penalty, bool) or not isinstance(penalty, Real) or not penalty >= 0 or math.isinf(penalty)
        ):
            raise PhaseError(f"penalty must be a finite number >= 0 or None; got {penalty!r}")
        for name, v, lowest in (("min_size", min_size, 1), ("jump", jump, 1), ("n_boot", n_boot, 0), ("seed", seed, 0)):
            if isinstance(v, bool) or not isinstance(v, Integral) or v < lowest:
                raise PhaseError(f"{name} must be an integer >= {lowest}; got {v!r}")
        if not 0 < level < 1:
            raise PhaseError(f"level must be between 0 and 1; got {level!r}")
        self.model = model
        self.penalty = penalty
        self.min_size = int(min_size)
        self.jump = int(jump)
        self.n_boot = int(n_boot)
        self.seed = int(seed)
        self.level = level

    def fit(self, series: pd.DataFrame, *, time: str = "period", value: str = "value", weight: str | None = "n"):
        frame, dropped = prepare_series(series, time=time, value=value, weight=weight)
        if frame.empty:
            raise PhaseError(f"column {value!r} has no non-missing values; nothing to segment")
        x = frame[value].to_numpy(dtype=float)
        w = frame[weight].to_numpy(dtype=float) if weight is not None else None
        n = len(x)
        if self.penalty is None:
            self.sigma_ = robust_sigma(x)
            self.penalty_ = default_penalty(x)
        else:
            self.sigma_ = None
            self.penalty_ = float(self.penalty)
        cuts = self._cuts(x)
        bounds = [0, *cuts, n]
        times = frame[time].tolist()
        rows = []
        for k, (s, e) in enumerate(zip(bounds[:-1], bounds[1:]), start=1):
            rng = np.random.default_rng([self.seed, k])
            ws = None if w is None else w[s:e]
            mean = float(weighted_mean(x[s:e], ws))
            lo, hi = bootstrap_mean(x[s:e], ws, n_boot=self.n_boot, rng=rng, level=self.level)
            rows.append({"phase": k, "start": times[s], "end": times[e - 1], "n_points": e - s,
                         "mean": mean, "lo": lo, "hi": hi})
        phases = pd.DataFrame(rows, columns=["phase", "start", "end", "n_points", "mean", "lo", "hi"])
        phases["change_before"] = phases["mean"].diff()
        phases.attrs.update({
            "time": time, "value": value, "weight": weight, "model": self.model, "penalty": self.penalty_,
            "penalty_rule": PENALTY_RULE if self.penalty is None else "given", "sigma": self.sigma_,
            "min_size": self.min_size, "jump": self.jump, "n_boot": self.n_boot, "seed": self.seed,
            "level": self.level, "n_points": n, "dropped": dropped,
        })
        self.phases_ = phases
        self.breaks_ = phases["start"].iloc[1:].tolist()
        self.dropped_ = dropped
        return self

    def _cuts(self, x: np.ndarray) -> list[int]:
        """Indices where a new phase starts."""
        n = len(x)
        if n < 2 * self.min_size or np.ptp(x) == 0:
            return []  # no split can leave two phases of min_size points, or nothing to split
        algo = rpt.Pelt(model=self.model, min_size=self.min_size, jump=self.jump)
        try:
            ends = algo.fit(x.reshape(-1, 1)).predict(pen=self.penalty_)
        except rpt.exceptions.BadSegmentationParameters as e:
            raise PhaseError(f"{n} points cannot be split with min_size={self.min_size}, jump={self.jump}") from e
        return [int(b) for b in ends[:-1]]


def compute_phases(
    frame: pd.DataFrame,
    *,
    time: str = "period",
    value: str = "value",
    weight: str | None = "n",
    penalty: float | None = None,
    min_size: int = 3,
    model: str = "l2",
    jump: int = 1,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """The phase table of one series (see :class:`PhaseDetector`)."""
    detector = PhaseDetector(model=model, penalty=penalty, min_size=min_size, jump=jump, n_boot=n_boot, seed=seed)
    return detector.fit(frame, time=time, value=value, weight=weight).phases_


def piecewise_series(means, lengths, *, noise: float = 0.05, seed: int = 0, start: int = 1, n: int | None = None):
    """A seeded piecewise-constant series with Gaussian noise, and the true breaks.

    Returns ``(frame, breaks)``: ``frame`` has columns period (``start``, ``start + 1``, ...),
    value and, if ``n`` is given, a constant weight column n; ``breaks`` are the periods where a
    new level starts. The test fixture and doc example of :class:`PhaseDetector`.
    """
    if len(means) != len(lengths) or not means:
        raise PhaseError("means and lengths must be non-empty and of the same length")
    rng = np.random.default_rng(seed)
    level = np.repeat(np.asarray(means, dtype=float), lengths)
    frame = pd.DataFrame({"period": np.arange(start, start + len(level)),
                          "value": level + rng.normal(0.0, noise, len(level))})
    if n is not None:
        frame["n"] = n
    breaks = [start + int(c) for c in np.cumsum(lengths)[:-1]]
    return frame, breaks


def dyad_event_study(series: pd.DataFrame, *, measure: str = "agreement", by: str = "session", window=2,
                     shocks: pd.DataFrame | None = None, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """The event study of one vote-alignment frame (``compute_vote_alignment``) around the shocks.

    Time is the frame's ``period`` read as ``by`` ("session" or "year"); means are weighted by
    ``n`` (roll calls), so the mean before a shock is the share over all its roll calls, as in
    the phase table. See :func:`dyadscope.analysis.eventstudy.event_study`.
    """
    from dyadscope.analysis.eventstudy import event_study

    return event_study(series, time="period", value=measure, weight="n", unit=by, window=window, shocks=shocks,
                       n_boot=n_boot, seed=seed)
