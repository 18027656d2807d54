"""Vote alignment of one dyad per period, with bootstrap intervals over roll calls.

``compute_vote_alignment(store, "KAZ", "RUS", by="session")`` gives, per UN General Assembly
session (or calendar year, or the whole range), the number of roll calls on which both voted
and each measure of :mod:`dyadscope.measures.alignment` with a percentile bootstrap interval
(roll calls resampled with replacement), plus the distance between the two ideal points
(Bailey, Strezhnev and Voeten 2017). Roll calls are chosen by :mod:`dyadscope.measures.subsets`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError
from dyadscope.measures.alignment import CODES, MEASURES, get_measure, percentile_interval
from dyadscope.measures.subsets import roll_call_filter

DEFAULT_MEASURES = ("agreement", "index", "s", "kappa", "pi", "idealdist")
PERIODS = ("session", "year", "all")


def resolve_pair(a: str, b: str) -> tuple[str, str]:
    registry = Registry.default()
    a, b = registry.resolve(a), registry.resolve(b)
    if a == b:
        raise DyadscopeError(f"a dyad needs two different states; got {a} twice")
    return a, b


def check_measures(measures) -> list[str]:
    if isinstance(measures, str):
        measures = [m.strip() for m in measures.split(",") if m.strip()]
    measures = list(measures)
    for m in measures:
        if m != "idealdist":
            get_measure(m)
    if not measures:
        raise DyadscopeError("name at least one measure")
    return measures


def shared_votes(store, a: str, b: str, *, start=None, end=None, sessions=None, issue=None,
                 roll_calls: str = "resolutions") -> pd.DataFrame:
    """The roll calls on which both voted, one row each: rc_id, date, year, session, session_label,
    symbol, title, vote_a, vote_b (Y/N/A)."""
    a, b = resolve_pair(a, b)
    where, params = roll_call_filter(issue=issue, roll_calls=roll_calls, start=start, end=end, sessions=sessions)
    frame = store.query(
        f"""
        SELECT r.rc_id, r.date, year(r.date) AS year, r.session, r.session_label, r.symbol, r.title,
               va.vote AS vote_a, vb.vote AS vote_b
        FROM roll_call r
        JOIN vote va ON va.rc_id = r.rc_id AND va.iso3 = ?
        JOIN vote vb ON vb.rc_id = r.rc_id AND vb.iso3 = ?
        WHERE {where}
        ORDER BY r.date, r.rc_id
        """,
        [a, b, *params],
    )
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame


def _bootstrap(funcs: dict, x: np.ndarray, y: np.ndarray, n_boot: int, level: float, rng) -> dict:
    """Percentile intervals for several measures from the same resamples of roll calls."""
    n = len(x)
    rows = rng.integers(0, n, size=(n_boot, n))
    xs, ys = x[rows], y[rows]
    return {key: percentile_interval(func(xs, ys), level) for key, func in funcs.items()}


def compute_vote_alignment(
    store,
    a: str,
    b: str,
    *,
    by: str = "session",
    start=None,
    end=None,
    issue: str | None = None,
    measures=DEFAULT_MEASURES,
    roll_calls: str = "resolutions",
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per period: a, b, period, first, last, n, then ``m``, ``m_lo``, ``m_hi`` per measure.

    ``by``: "session" (UN session number), "year" (calendar year of the vote) or "all" (one row
    for the whole range, period "FIRST/LAST"). ``idealdist`` is |ideal point a - ideal point b|
    of the session (for years, the session that opens in September of that year), with no
    interval: the ideal-point file publishes its own quantiles, not a joint distribution.
    ``n_boot=0`` skips the intervals.
    """
    if by not in PERIODS:
        raise DyadscopeError(f"unknown period {by!r}; accepted: {', '.join(PERIODS)}")
    a, b = resolve_pair(a, b)
    measures = check_measures(measures)
    votes = shared_votes(store, a, b, start=start, end=end, issue=issue, roll_calls=roll_calls)
    vote_measures = {m: MEASURES[m].func for m in measures if m != "idealdist"}
    if by == "all":
        label = f"{votes['date'].min()}/{votes['date'].max()}" if len(votes) else "none"
        votes["period"] = label
    else:
        votes["period"] = votes[by]
    rng = np.random.default_rng(seed)
    rows = []
    for period, group in votes.groupby("period", sort=True):
        x = group["vote_a"].map(CODES).to_numpy(np.int8)
        y = group["vote_b"].map(CODES).to_numpy(np.int8)
        row = {"a": a, "b": b, "period": period, "first": group["date"].min(), "last": group["date"].max(),
               "n": len(group)}
        intervals = _bootstrap(vote_measures, x, y, n_boot, level, rng) if n_boot else {}
        for key, func in vote_measures.items():
            row[key] = float(func(x, y))
            row[f"{key}_lo"], row[f"{key}_hi"] = intervals.get(key, (np.nan, np.nan))
        rows.append(row)
    columns = ["a", "b", "period", "first", "last", "n"] + [
        c for k in vote_measures for c in (k, f"{k}_lo", f"{k}_hi")
    ]
    result = pd.DataFrame(rows, columns=columns)
    if "idealdist" in measures:
        result = _add_ideal_distance(store, result, a, b, by)
    return result


def _add_ideal_distance(store, result: pd.DataFrame, a: str, b: str, by: str) -> pd.DataFrame:
    points = store.query(
        "SELECT session, iso3, ideal_point FROM ideal_point WHERE iso3 IN (?, ?)", [a, b]
    ).pivot(index="session", columns="iso3", values="ideal_point")
    if a not in points or b not in points:
        result["idealdist"] = np.nan
        return result
    distance = (points[a] - points[b]).abs()
    if by == "session":
        result["idealdist"] = result["period"].map(distance)
    elif by == "year":
        result["idealdist"] = (result["period"] - 1945).map(distance)
    else:
        result["idealdist"] = np.nan
    return result
