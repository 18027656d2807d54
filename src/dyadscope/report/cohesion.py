"""The composite cohesion index of a dyad per calendar year (definition in docs/measures/cohesion.md).

Components, each a yearly value of the dyad:

- ``votes``: share of identical votes on whole UN General Assembly resolutions (compute_vote_alignment);
- ``alliance``: number of ATOP obligations in force (atop_depth, add_alliances);
- ``trade``: A's trade with B as a share of A's total trade (dependence_a_on_b, add_trade);
- ``igos``: intergovernmental organisations both belong to (shared_igos, add_igos);
- ``events``: net cooperation of the curated events, (coop - conflict) / (coop + conflict).

Each component is standardised over the years of the dyad in which it is observed,
``z = (x - mean) / sd``, and the index of a year is the unweighted mean of the z-scores present
that year. A component that never changes in the range (sd 0) says nothing about change and is
left out. So 0 is the dyad's own average over the range; +1 one standard deviation more cohesive.
A year needs at least ``MIN_COMPONENTS`` components, and the index starts in the first year with
a roll call both states voted on (when there is one): the first year of a dyad in the state
system can be a few days long (Kazakhstan joined in December 1991).

Interval: a percentile bootstrap. Each replicate resamples, within each year, the roll calls
(votes component) and the events (events component) with replacement, standardises the
replicate with the point estimates' mean and sd, and averages as above. Alliances, trade and
IGOs are counts and sums of the sources, held fixed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dyadscope.analysis.phases import compute_phases
from dyadscope.events.crosswalk import QUADS
from dyadscope.events.measures import compute_event_measures, timeline
from dyadscope.measures.alignment import CODES, percentile_interval
from dyadscope.measures.frames import create_dyad_years
from dyadscope.measures.votes import compute_vote_alignment, shared_votes

COMPONENTS = {
    "votes": "vote agreement (share of identical votes)",
    "alliance": "ATOP obligations in force",
    "trade": "trade with the partner as a share of total trade",
    "igos": "shared intergovernmental organisations",
    "events": "net cooperation of curated events",
}
SOURCES = {"votes": ["unvotes", "unxml"], "alliance": ["atop"], "trade": ["cow-trade"], "igos": ["cow-igo"],
           "events": ["curated"]}
# the sign of each quad class in net cooperation
MIN_COMPONENTS = 2
_SIGN = {q: (1 if "cooperation" in q else -1) for q in QUADS}


def has_curated(store) -> bool:
    return bool(store.con.execute("SELECT count(*) FROM event WHERE dataset = 'curated'").fetchone()[0])


def cohesion_components(store, a: str, b: str, *, start=None, end=None) -> pd.DataFrame:
    """One row per year: year, then each component's raw value (NaN where not observed)."""
    votes = compute_vote_alignment(store, a, b, by="year", start=start, end=end, measures=["agreement"], n_boot=0)
    years_with_votes = votes["period"].astype(int)
    # from the first year with a shared roll call, else from the range asked for
    lo = max(start.year if start else 0, int(years_with_votes.min()) if len(votes) else 1946)
    hi = end.year if end else (int(years_with_votes.max()) if len(votes) else dt.date.today().year)
    columns = ["year", *COMPONENTS, "n_votes", "n_events"]
    if lo > hi:
        return pd.DataFrame(columns=columns, dtype=float)
    frame = create_dyad_years(store, [a, b], start=lo, end=hi).add_alliances(store).add_trade(store).add_igos(store)
    # the frame is ordered a < b; dependence of the report's A on B
    dependence = "dependence_a_on_b" if a < b else "dependence_b_on_a"
    table = pd.DataFrame({"year": frame["year"].astype(int),
                          "alliance": frame["atop_depth"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
                          "trade": frame[dependence].to_numpy(dtype=float, na_value=np.nan),
                          "igos": frame["shared_igos"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)})
    table = table.merge(pd.DataFrame({"year": years_with_votes, "votes": votes["agreement"].to_numpy(float),
                                      "n_votes": votes["n"].to_numpy(int)}), on="year", how="outer")
    if has_curated(store):
        events = compute_event_measures(store, a, b, by="year", dataset="curated", start=start, end=end)
        table = table.merge(pd.DataFrame({"year": events["period"].astype(int),
                                          "events": events["net_cooperation"].astype(float),
                                          "n_events": events["n_events"].astype(int)}), on="year", how="outer")
    else:
        table["events"], table["n_events"] = np.nan, 0
    table = table[(table["year"] >= lo) & (table["year"] <= hi)].sort_values("year", ignore_index=True)
    table["n_votes"] = table["n_votes"].fillna(0).astype(int)
    table["n_events"] = table["n_events"].fillna(0).astype(int)
    return table[columns]


def _standardise(table: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    scales, z = {}, pd.DataFrame(index=table.index)
    for c in COMPONENTS:
        x = table[c].astype(float)
        if x.notna().sum() >= 2 and x.std(ddof=1) > 0:
            scales[c] = (float(x.mean()), float(x.std(ddof=1)))
            z[c] = (x - scales[c][0]) / scales[c][1]
    return z, scales


def compute_cohesion(store, a: str, b: str, *, start=None, end=None, n_boot: int = 500, level: float = 0.95,
                     seed: int = 0) -> pd.DataFrame:
    """One row per year: year, the raw components, their z-scores (``z_<component>``),
    n_components, cohesion and its interval (cohesion_lo, cohesion_hi). ``attrs["scales"]`` holds
    each used component's (mean, sd); ``attrs["left_out"]`` the constant or missing ones."""
    from dyadscope.report.views import check_range

    start, end = check_range(start, end)
    table = cohesion_components(store, a, b, start=start, end=end)
    z, scales = _standardise(table)
    for c in COMPONENTS:
        table[f"z_{c}"] = z[c] if c in z else np.nan
    used = list(scales)
    table["n_components"] = z.notna().sum(axis=1).astype(int) if used else 0
    table["cohesion"] = z.mean(axis=1) if used else np.nan
    table = table[table["n_components"] >= MIN_COMPONENTS].reset_index(drop=True)
    lo, hi = _bootstrap(store, a, b, table, scales, n_boot=n_boot, level=level, seed=seed, start=start, end=end)
    table["cohesion_lo"], table["cohesion_hi"] = lo, hi
    table.attrs.update(scales=scales, left_out=[c for c in COMPONENTS if c not in scales], n_boot=n_boot,
                       level=level)
    return table


def _replicates(values: np.ndarray, n_boot: int, rng) -> np.ndarray:
    rows = rng.integers(0, len(values), size=(n_boot, len(values)))
    return values[rows].mean(axis=1)


def _bootstrap(store, a, b, table, scales, *, n_boot, level, seed, start, end):
    if not n_boot or table.empty:
        return np.full(len(table), np.nan), np.full(len(table), np.nan)
    rng = np.random.default_rng(seed)
    samples: dict[str, dict[int, np.ndarray]] = {"votes": {}, "events": {}}
    if "votes" in scales:
        votes = shared_votes(store, a, b, start=start, end=end)
        same = (votes["vote_a"].map(CODES) == votes["vote_b"].map(CODES)).to_numpy(float)
        for year, idx in votes.groupby("year").indices.items():
            samples["votes"][int(year)] = same[idx]
    if "events" in scales:
        events = timeline(store, a, b, start, end, dataset="curated")
        sign = events["quad"].map(_SIGN).to_numpy(float)
        years = pd.to_datetime(events["date"]).dt.year.to_numpy()
        for year in np.unique(years):
            samples["events"][int(year)] = sign[years == year]
    lows, highs = [], []
    for _, row in table.iterrows():
        reps = []
        for c, (mean, sd) in scales.items():
            if np.isnan(row[f"z_{c}"]):
                continue
            values = samples.get(c, {}).get(int(row["year"]))
            reps.append((_replicates(values, n_boot, rng) - mean) / sd if values is not None and len(values)
                        else np.full(n_boot, row[f"z_{c}"]))
        lo, hi = percentile_interval(np.mean(reps, axis=0), level)
        lows.append(lo)
        highs.append(hi)
    return np.array(lows), np.array(highs)


def cohesion_phases(cohesion: pd.DataFrame, *, n_boot: int = 500) -> pd.DataFrame:
    """Change points in the yearly index (compute_phases, its default BIC penalty, unweighted)."""
    if len(cohesion) < 2:
        return pd.DataFrame(columns=["phase", "start", "end", "n_points", "mean", "lo", "hi", "change_before"])
    return compute_phases(cohesion[["year", "cohesion"]], time="year", value="cohesion", weight=None, n_boot=n_boot)
