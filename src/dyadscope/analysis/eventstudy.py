"""Event study: the level of a dyad series just before and just after dated shocks.

For each shock, the mean of the series over a window before it and over a window after it, the
difference (after - before), and a percentile bootstrap interval of that difference: the points
before and the points after are resampled with replacement, each side on its own.

How time is read (``unit``):

- ``"date"``: the time column holds dates. Points dated before the shock are "before", points on
  or after the shock date "after".
- ``"session"``: UN General Assembly regular sessions. Session N opens in September of year
  1945 + N, so a date falls in session ``year - 1945`` from September on and ``year - 1946``
  before (:func:`session_of`). The session in progress at the shock straddles it (the 76th
  session ran from September 2021 and held most of its votes in December 2021, before the
  invasion of February 2022): by default it is left out (``in_progress="exclude"``); it can be
  counted on either side with ``in_progress="after"`` or ``"before"``.
- ``"year"``: calendar years; the year of the shock is treated like the session in progress.
- ``"period"`` (default): infer from the time column: dates -> ``"date"``, integers of 1000 or
  more -> ``"year"``, smaller integers -> ``"session"``.

The window (``window``) is a number of points of the series on each side (2 means two sessions,
two years, or the two dated points nearest the shock), or, for dated series, a pandas offset
such as ``"365D"``: before is ``[shock - window, shock)``, after ``[shock, shock + window)``.
Points whose value is missing are dropped first, so "2 points" are the two nearest points that
have a value; the result lists which points were used.

Default shocks (``default_shocks()``, from ``dyadscope/data/shocks.csv``): the Crimea accession
treaty (2014-03-18), Nazarbayev's resignation (2019-03-19), the CSTO deployment decision
(2022-01-05) and the invasion of Ukraine (2022-02-24), each with its documentary reference.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from numbers import Integral

import numpy as np
import pandas as pd

from dyadscope.analysis.phases import prepare_series, weighted_mean
from dyadscope.errors import DyadscopeError
from dyadscope.loaders.unxml import regular_session
from dyadscope.measures.alignment import percentile_interval

UNITS = ("period", "date", "session", "year")
IN_PROGRESS = ("exclude", "after", "before")
COLUMNS = [
    "key", "label", "date", "shock_period", "n_before", "n_after", "mean_before", "mean_after",
    "diff", "diff_lo", "diff_hi", "points_before", "points_after",
]


class EventStudyError(DyadscopeError):
    """A series, shock list or window that the event study cannot use."""


def session_of(date) -> int:
    """The UN General Assembly regular session in progress on ``date``.

    Session N opens in September of year 1945 + N (the 1st in 1946, the 76th in September 2021),
    so ``year - 1945`` from September on, else ``year - 1946``. Sessions open in the third week
    of September, so a date in early September is given the session about to open.
    """
    return regular_session(_to_date(date, "date"))


def _to_date(value, name: str) -> dt.date:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as e:
        raise EventStudyError(f"{name} must be a date (YYYY-MM-DD); got {value!r}") from e
    if pd.isna(ts):
        raise EventStudyError(f"{name} must be a date (YYYY-MM-DD); got {value!r}")
    return ts.date()


def default_shocks() -> pd.DataFrame:
    """The shocks shipped with dyadscope: date, key, label, reference (see data/shocks.csv)."""
    path = resources.files("dyadscope").joinpath("data", "shocks.csv")
    with path.open("r", encoding="utf-8") as f:
        shocks = pd.read_csv(f, dtype=str, keep_default_na=False)
    shocks["date"] = pd.to_datetime(shocks["date"], format="%Y-%m-%d")
    return shocks


def _shocks_frame(shocks: pd.DataFrame | None) -> pd.DataFrame:
    if shocks is None:
        return default_shocks()
    if not isinstance(shocks, pd.DataFrame) or "date" not in shocks.columns:
        raise EventStudyError("shocks must be a DataFrame with a 'date' column (and optionally key, label)")
    out = shocks.copy()
    out["date"] = [pd.Timestamp(_to_date(v, f"shock date in row {i + 1}")) for i, v in enumerate(out["date"])]
    if "key" not in out.columns:
        out["key"] = [d.date().isoformat() for d in out["date"]]
    if "label" not in out.columns:
        out["label"] = out["key"]
    return out.reset_index(drop=True)


def _infer_unit(times: pd.Series, unit: str, time: str) -> str:
    if unit not in UNITS:
        raise EventStudyError(f"unknown unit {unit!r}; accepted: {', '.join(UNITS)}")
    is_date = pd.api.types.is_datetime64_any_dtype(times) or (
        len(times) > 0 and all(isinstance(v, (dt.date, pd.Timestamp)) for v in times)
    )
    is_int = pd.api.types.is_integer_dtype(times) or (
        pd.api.types.is_float_dtype(times) and bool((times == np.floor(times)).all())
    )
    if unit == "period":
        if is_date:
            return "date"
        if is_int:
            return "year" if len(times) and times.min() >= 1000 else "session"
        raise EventStudyError(
            f"cannot tell what column {time!r} holds (dtype {times.dtype}); pass unit='date', 'session' or 'year'"
        )
    if unit == "date" and not is_date:
        raise EventStudyError(f"unit='date' needs dates in column {time!r}; it has dtype {times.dtype}")
    if unit in ("session", "year") and not is_int:
        raise EventStudyError(f"unit={unit!r} needs integers in column {time!r}; it has dtype {times.dtype}")
    return unit


def _as_output(values) -> list:
    return [v.date().isoformat() if isinstance(v, pd.Timestamp) else v for v in values]


def event_study(
    series: pd.DataFrame,
    *,
    time: str = "date",
    value: str = "value",
    shocks: pd.DataFrame | None = None,
    window=2,
    unit: str = "period",
    weight: str | None = None,
    in_progress: str = "exclude",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """One row per shock: key, label, date, shock_period (the session or year the shock falls in;
    None for dated series), n_before, n_after, mean_before, mean_after, diff (after - before),
    diff_lo, diff_hi (bootstrap interval of diff), points_before, points_after (time values used).

    Means are weighted by ``weight`` if given (e.g. ``"n"`` roll calls per session). Every shock
    gets a row; a side with no point gives NaN means. The bootstrap of each shock starts from
    ``seed``, so its interval does not depend on which other shocks are studied.
    """
    if in_progress not in IN_PROGRESS:
        raise EventStudyError(f"unknown in_progress {in_progress!r}; accepted: {', '.join(IN_PROGRESS)}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, Integral) or n_boot < 0:
        raise EventStudyError(f"n_boot must be an integer >= 0; got {n_boot!r}")
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise EventStudyError(f"seed must be an integer >= 0; got {seed!r}")
    if not 0 < level < 1:
        raise EventStudyError(f"level must be between 0 and 1; got {level!r}")
    frame, dropped = prepare_series(series, time=time, value=value, weight=weight, error=EventStudyError)
    unit = _infer_unit(frame[time], unit, time)
    if unit == "date":
        frame[time] = pd.to_datetime(frame[time])
    span = _window(window, unit)
    shocks = _shocks_frame(shocks)

    times = frame[time]
    x = frame[value].to_numpy(dtype=float)
    w = frame[weight].to_numpy(dtype=float) if weight is not None else None
    rows = []
    for shock in shocks.itertuples(index=False):
        date = shock.date
        if unit == "date":
            period = None
            before_mask, after_mask = (times < date).to_numpy(), (times >= date).to_numpy()
        else:
            period = session_of(date) if unit == "session" else date.year
            before_mask = (times < period) | ((times == period) & (in_progress == "before"))
            after_mask = (times > period) | ((times == period) & (in_progress == "after"))
            before_mask, after_mask = before_mask.to_numpy(), after_mask.to_numpy()
        before, after = np.flatnonzero(before_mask), np.flatnonzero(after_mask)
        if isinstance(span, int):
            before, after = before[-span:], after[:span]
        else:
            before = before[(times.iloc[before] >= date - span).to_numpy()]
            after = after[(times.iloc[after] < date + span).to_numpy()]
        wb = None if w is None else w[before]
        wa = None if w is None else w[after]
        mean_before = float(weighted_mean(x[before], wb)) if len(before) else np.nan
        mean_after = float(weighted_mean(x[after], wa)) if len(after) else np.nan
        lo, hi = _bootstrap_diff(x[before], wb, x[after], wa, n_boot=n_boot, seed=seed, level=level)
        rows.append({
            "key": shock.key, "label": shock.label, "date": date.date().isoformat(), "shock_period": period,
            "n_before": len(before), "n_after": len(after), "mean_before": mean_before, "mean_after": mean_after,
            "diff": mean_after - mean_before, "diff_lo": lo, "diff_hi": hi,
            "points_before": _as_output(times.iloc[before].tolist()),
            "points_after": _as_output(times.iloc[after].tolist()),
        })
    result = pd.DataFrame(rows, columns=COLUMNS)
    result.attrs.update({
        "time": time, "value": value, "weight": weight, "unit": unit, "window": str(window),
        "in_progress": in_progress if unit != "date" else None, "n_boot": n_boot, "seed": seed,
        "level": level, "dropped": _as_output(dropped),
    })
    return result


def _window(window, unit: str):
    if isinstance(window, Integral) and not isinstance(window, bool):
        if window < 1:
            raise EventStudyError(f"window must be at least 1 point; got {window}")
        return int(window)
    if isinstance(window, str):
        if unit != "date":
            raise EventStudyError(
                f"window {window!r} is a time span, which needs a dated series; for {unit}s give a number of points"
            )
        try:
            offset = pd.tseries.frequencies.to_offset(window)
        except ValueError as e:
            raise EventStudyError(f"window {window!r} is not a pandas offset (e.g. '365D', '6MS'); {e}") from e
        return offset
    raise EventStudyError(f"window must be a number of points or a pandas offset string; got {window!r}")


def _bootstrap_diff(xb, wb, xa, wa, *, n_boot: int, seed: int, level: float):
    if len(xb) == 0 or len(xa) == 0 or n_boot == 0:
        return np.nan, np.nan
    rng = np.random.default_rng(seed)
    rb = rng.integers(0, len(xb), size=(n_boot, len(xb)))
    ra = rng.integers(0, len(xa), size=(n_boot, len(xa)))
    after = weighted_mean(xa[ra], None if wa is None else wa[ra])
    before = weighted_mean(xb[rb], None if wb is None else wb[rb])
    return percentile_interval(after - before, level)
