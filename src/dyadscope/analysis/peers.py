"""Peers: how closely every state of a region votes with a reference state, ranked per period.

``compute_peers(store, "RUS", focal="KAZ")`` gives, per UN General Assembly session (or
calendar year), each post-Soviet state's alignment with Russia and its rank: 1 is the state
most aligned with the reference in that period, ties share the best rank (``min``: two states
tied for first are both 1, the next is 3), and ``n_ranked`` says how many states had a value.
A state that cast no vote alongside the reference in a period has no row for it.

Region ``"post-soviet"`` is the 15 former Soviet republics (``Registry.post_soviet()``) minus
the reference; a list of ISO3 codes (or names) works as a region too. Votes of the USSR count
as Russia's (see :mod:`dyadscope.countries`), so before 1991 the ranking holds the two Soviet
republics with their own UN seat, Ukraine and Belarus.

Alignment is any measure of :mod:`dyadscope.measures.alignment` over the roll calls chosen by
:func:`dyadscope.measures.subsets.roll_call_filter`, as in :mod:`dyadscope.analysis.hedging`.
"""

from __future__ import annotations

import pandas as pd

from dyadscope.analysis.hedging import PERIODS, compute_alignment_with
from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError

REGIONS = ("post-soviet",)


class PeersError(DyadscopeError):
    """A peer ranking asked for a region, state or period that it cannot rank."""


def region_states(region, reference: str) -> list[str]:
    """The states of ``region`` (a region name or a list of states) without the reference."""
    registry = Registry.default()
    if isinstance(region, str):
        if region != "post-soviet":
            raise PeersError(f"unknown region {region!r}; accepted: {', '.join(REGIONS)}, or a list of states")
        states = registry.post_soviet()
    else:
        states = [registry.resolve(s) for s in region]
    states = sorted(set(states) - {reference})
    if not states:
        raise PeersError(f"region {region!r} holds no state besides the reference {reference}")
    return states


def compute_peers(store, reference: str = "RUS", *, region="post-soviet", focal: str | None = None,
                  by: str = "session", measure: str = "agreement", start=None, end=None,
                  roll_calls: str = "resolutions", issue=None) -> pd.DataFrame:
    """Each state's alignment with ``reference`` per period, ranked.

    Columns: reference, period, iso3, name, n, value, rank (1 = most aligned; ties 'min'),
    n_ranked (states with a value that period), is_focal. Ordered by period, then rank.
    """
    if by not in PERIODS:
        raise PeersError(f"unknown period {by!r}; accepted: {', '.join(PERIODS)}")
    registry = Registry.default()
    reference = registry.resolve(reference)
    states = region_states(region, reference)
    if focal is not None:
        focal = registry.resolve(focal)
        if focal not in states:
            raise PeersError(f"focal state {focal} is not in the region; its states: {', '.join(states)}")
    dyads = compute_alignment_with(store, reference, states, by=by, measure=measure, start=start, end=end,
                                   roll_calls=roll_calls, issue=issue)
    frame = dyads.rename(columns={"focal": "reference", "partner": "iso3"})
    frame["name"] = frame["iso3"].map(registry.name)
    frame["rank"] = frame.groupby("period")["value"].rank(ascending=False, method="min").astype("Int64")
    frame["n_ranked"] = frame.groupby("period")["value"].transform("count").astype("int64")
    frame["is_focal"] = frame["iso3"].eq(focal) if focal else False
    frame = frame.sort_values(["period", "rank", "iso3"], na_position="last", ignore_index=True)
    frame = frame[["reference", "period", "iso3", "name", "n", "value", "rank", "n_ranked", "is_focal"]]
    frame.attrs.update(measure=measure, by=by)
    return frame


def peer_rank(peers: pd.DataFrame, focal: str, period) -> dict:
    """Where ``focal`` stands in one period: period, iso3, rank, of (n_ranked), value, and the
    median value of the ranked states."""
    focal = Registry.default().resolve(focal)
    in_period = peers[peers["period"] == period]
    if in_period.empty:
        periods = sorted(peers["period"].unique())
        span = f"{periods[0]}-{periods[-1]}" if periods else "none"
        raise PeersError(f"no peer values for period {period!r}; periods available: {span}")
    row = in_period[in_period["iso3"] == focal]
    if row.empty or pd.isna(row["rank"].iloc[0]):
        raise PeersError(f"{focal} has no ranked value in period {period!r}; ranked there: "
                           + ", ".join(in_period.loc[in_period["rank"].notna(), "iso3"]))
    row = row.iloc[0]
    return {
        "period": int(row["period"]),
        "iso3": focal,
        "rank": int(row["rank"]),
        "of": int(row["n_ranked"]),
        "value": float(row["value"]),
        "median": float(in_period["value"].median()),
    }
