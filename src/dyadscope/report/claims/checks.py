"""The named checks a claim's test can use: each measures one thing over the data of a dyad.

A check takes the context (store and pair) and its parameters from the claims file and returns
an :class:`Outcome`: the value, its bootstrap interval where sampling makes sense, how many
observations it rests on, named numbers for the reader, and the evidence rows (votes with their
resolution symbols, curated events with their references, or yearly values). Every check calls
the package's measures; none has its own definition of agreement, net cooperation or trade share.

Parameters are checked by :func:`run_check`, which names the bad one and lists what is accepted.
"""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError
from dyadscope.events.crosswalk import QUADS
from dyadscope.measures.alignment import CODES, MEASURES, percentile_interval
from dyadscope.measures.votes import compute_vote_alignment, shared_votes

N_BOOT = 1000
MAX_VOTE_ROWS = 15  # evidence rows listed when a vote check rests on many roll calls
EVENT_COLUMNS = ["date", "source", "target", "plover_type", "quad", "domain", "summary", "reference"]
VOTE_COLUMNS = ["date", "symbol", "title", "vote_a", "vote_b"]
_SIGN = {q: (1 if "cooperation" in q else -1) for q in QUADS}


class CheckError(DyadscopeError):
    """A claim test that names an unknown check or gives it bad parameters."""


@dataclass
class Context:
    store: object
    a: str
    b: str
    seed: int = 0

    def state(self, value) -> str:
        """'A' and 'B' are the pair; anything else goes through the registry."""
        if value in ("A", "B"):
            return self.a if value == "A" else self.b
        return Registry.default().resolve(value)

    def states(self, value) -> list[str]:
        values = [value] if isinstance(value, str) else list(value)
        return [self.state(v) for v in values]

    def rng(self):
        return np.random.default_rng(self.seed)


@dataclass
class Outcome:
    value: float | int | None
    n: int
    lo: float | None = None
    hi: float | None = None
    numbers: dict = field(default_factory=dict)
    evidence: pd.DataFrame | None = None
    note: str = ""


# -- parameter helpers ------------------------------------------------------------------------------

def _period(value, name: str) -> tuple[dt.date, dt.date]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise CheckError(f"{name} must be a pair of dates [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]; got {value!r}")
    try:
        first, last = (v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)) for v in value)
    except ValueError as e:
        raise CheckError(f"{name} must be a pair of dates written YYYY-MM-DD; got {value!r}") from e
    if first > last:
        raise CheckError(f"{name}: {first} is after {last}")
    return first, last


def _years(value, name: str = "years") -> tuple[int, int]:
    if not isinstance(value, (list, tuple)) or len(value) != 2 or not all(isinstance(v, int) for v in value):
        raise CheckError(f"{name} must be a pair of years [first, last]; got {value!r}")
    if value[0] > value[1]:
        raise CheckError(f"{name}: {value[0]} is after {value[1]}")
    return int(value[0]), int(value[1])


def _measure(name: str) -> str:
    if name not in MEASURES:
        raise CheckError(f"unknown measure {name!r}; accepted: {', '.join(MEASURES)}")
    return name


def _interval(values: np.ndarray) -> tuple[float | None, float | None]:
    lo, hi = percentile_interval(values)
    return (None, None) if np.isnan(lo) else (lo, hi)


# -- votes ------------------------------------------------------------------------------------------

def _votes(ctx, focal, partner, period, issue):
    return shared_votes(ctx.store, ctx.state(focal), ctx.state(partner), start=period[0], end=period[1], issue=issue)


def _vote_evidence(votes: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Every roll call when there are few; otherwise the most recent ones on which the votes differed."""
    if len(votes) <= MAX_VOTE_ROWS:
        return votes[VOTE_COLUMNS], ""
    differ = votes[votes["vote_a"] != votes["vote_b"]]
    shown = differ.tail(MAX_VOTE_ROWS)
    return shown[VOTE_COLUMNS], f"evidence: the {len(shown)} most recent of {len(differ)} roll calls with different votes"


def _codes(votes: pd.DataFrame):
    return (votes["vote_a"].map(CODES).to_numpy(np.int8), votes["vote_b"].map(CODES).to_numpy(np.int8))


def _boot(func, x, y, rng):
    rows = rng.integers(0, len(x), size=(N_BOOT, len(x)))
    return func(x[rows], y[rows])


def _measured(ctx, func, parts) -> tuple[list[float], list[np.ndarray]]:
    """The measure on each set of shared votes, and its bootstrap replicates (roll calls resampled)."""
    rng = ctx.rng()
    values, reps = [], []
    for votes in parts:
        x, y = _codes(votes)
        values.append(float(func(x, y)))
        reps.append(_boot(func, x, y, rng))
    return values, reps


def vote_agreement(ctx, period, measure="agreement", issue=None, focal="A", partner="B") -> Outcome:
    """A vote-alignment measure of focal and partner over the roll calls in a period (whole
    resolutions; optionally one issue subset), with its bootstrap interval."""
    period, measure = _period(period, "period"), _measure(measure)
    frame = compute_vote_alignment(ctx.store, ctx.state(focal), ctx.state(partner), by="all", start=period[0],
                                   end=period[1], issue=issue, measures=[measure], seed=ctx.seed)
    if frame.empty:
        return Outcome(None, 0)
    r = frame.iloc[0]
    votes = _votes(ctx, focal, partner, period, issue)
    evidence, note = _vote_evidence(votes)
    same = int((votes["vote_a"] == votes["vote_b"]).sum())
    return Outcome(float(r[measure]), int(r["n"]), r[f"{measure}_lo"], r[f"{measure}_hi"],
                   {"roll calls": int(r["n"]), "identical votes": same}, evidence, note)


def vote_agreement_change(ctx, before, after, measure="agreement", issue=None, focal="A", partner="B") -> Outcome:
    """The measure after minus before; interval: roll calls resampled within each period."""
    before, after, measure = _period(before, "before"), _period(after, "after"), _measure(measure)
    func = MEASURES[measure].func
    parts = [_votes(ctx, focal, partner, p, issue) for p in (before, after)]
    if any(p.empty for p in parts):
        return Outcome(None, 0, numbers={"roll calls before": len(parts[0]), "roll calls after": len(parts[1])})
    values, reps = _measured(ctx, func, parts)
    lo, hi = _interval(reps[1] - reps[0])
    table = pd.DataFrame({"period": ["before", "after"], "from": [before[0], after[0]], "to": [before[1], after[1]],
                          "roll_calls": [len(p) for p in parts], measure: values})
    return Outcome(values[1] - values[0], min(len(p) for p in parts), lo, hi,
                   {f"{measure} before": values[0], f"{measure} after": values[1],
                    "roll calls before": len(parts[0]), "roll calls after": len(parts[1])}, table)


def vote_agreement_gap(ctx, period, other, measure="agreement", focal="A", partner="B") -> Outcome:
    """Focal's alignment with partner minus its alignment with another state over the same
    period; interval: each dyad's roll calls resampled."""
    period, measure = _period(period, "period"), _measure(measure)
    func = MEASURES[measure].func
    parts = [_votes(ctx, focal, p, period, None) for p in (partner, other)]
    if any(p.empty for p in parts):
        return Outcome(None, 0)
    values, reps = _measured(ctx, func, parts)
    lo, hi = _interval(reps[0] - reps[1])
    names = [ctx.state(partner), ctx.state(other)]
    table = pd.DataFrame({"with": names, "roll_calls": [len(p) for p in parts], measure: values})
    return Outcome(values[0] - values[1], min(len(p) for p in parts), lo, hi,
                   {f"{measure} with {names[0]}": values[0], f"{measure} with {names[1]}": values[1]}, table)


# -- events -----------------------------------------------------------------------------------------

def _events(ctx, period, source, target, either_direction, types, quads, domains, dataset) -> pd.DataFrame:
    sources, targets = ctx.states(source), ctx.states(target)
    pair = "(list_contains(?, source_iso3) AND list_contains(?, target_iso3))"
    where, params = [f"({pair} OR {pair})" if either_direction else pair], [sources, targets]
    if either_direction:
        params += [targets, sources]
    for column, values, accepted in (("plover_type", types, None), ("quad", quads, QUADS), ("domain", domains, None)):
        if values:
            values = [values] if isinstance(values, str) else list(values)
            if accepted and set(values) - set(accepted):
                raise CheckError(f"unknown {column} {sorted(set(values) - set(accepted))}; accepted: {', '.join(accepted)}")
            where.append(f"list_contains(?, {column})")
            params.append(values)
    where += ["dataset = ?", "date BETWEEN ? AND ?"]
    params += [dataset, period[0], period[1]]
    frame = ctx.store.query(
        f"""SELECT date, source_iso3 AS source, target_iso3 AS target, plover_type, quad, domain, summary,
                   citation AS reference
            FROM event WHERE {' AND '.join(where)} ORDER BY date, source, target, event_id""", params)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame[EVENT_COLUMNS]


def event_count(ctx, period, source="A", target="B", either_direction=False, types=None, quads=None, domains=None,
                dataset="curated") -> Outcome:
    """How many events of the given types / quad classes / domains between the actors in a period."""
    period = _period(period, "period")
    frame = _events(ctx, period, source, target, either_direction, types, quads, domains, dataset)
    return Outcome(len(frame), len(frame), numbers={"events": len(frame)}, evidence=frame)


def _net(frame: pd.DataFrame, rng) -> tuple[float | None, np.ndarray]:
    signs = frame["quad"].map(_SIGN).dropna().to_numpy(float)
    if not len(signs):
        return None, np.array([np.nan])
    rows = rng.integers(0, len(signs), size=(N_BOOT, len(signs)))
    return float(signs.mean()), signs[rows].mean(axis=1)


def event_net_cooperation(ctx, period, source="A", target="B", domains=None, dataset="curated") -> Outcome:
    """(cooperative - conflictual events) / both between the actors (both directions) in a period;
    interval: events resampled."""
    period = _period(period, "period")
    frame = _events(ctx, period, source, target, True, None, None, domains, dataset)
    value, reps = _net(frame, ctx.rng())
    lo, hi = _interval(reps)
    return Outcome(value, len(frame), lo, hi, {"events": len(frame)}, frame)


def event_net_cooperation_change(ctx, before, after, source="A", target="B", domains=None,
                                 dataset="curated") -> Outcome:
    """Net cooperation after minus before; interval: events resampled within each period."""
    before, after = _period(before, "before"), _period(after, "after")
    rng = ctx.rng()
    parts = [_events(ctx, p, source, target, True, None, None, domains, dataset) for p in (before, after)]
    nets = [_net(p, rng) for p in parts]
    if any(v is None for v, _ in nets):
        return Outcome(None, min(len(p) for p in parts))
    lo, hi = _interval(nets[1][1] - nets[0][1])
    evidence = pd.concat([p.assign(period=name) for p, name in zip(parts, ("before", "after"))], ignore_index=True)
    return Outcome(nets[1][0] - nets[0][0], min(len(p) for p in parts), lo, hi,
                   {"net cooperation before": nets[0][0], "net cooperation after": nets[1][0],
                    "events before": len(parts[0]), "events after": len(parts[1])},
                   evidence[["period", *EVENT_COLUMNS]])


# -- alliances and trade ----------------------------------------------------------------------------

def _dyad_years(ctx, years, partner="B"):
    from dyadscope.report.sections import dyad_frame

    a, b = ctx.a, ctx.state(partner)
    frame = dyad_frame(ctx.store, a, b, dt.date(years[0], 1, 1), dt.date(years[1], 12, 31))
    return frame if frame is not None else pd.DataFrame(columns=["year"])


OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul", "any")


def alliance_active(ctx, years, obligation="defense", partner="B") -> Outcome:
    """The share of years (with ATOP data) in which an ATOP obligation between A and partner was in force."""
    years = _years(years)
    if obligation not in OBLIGATIONS:
        raise CheckError(f"unknown obligation {obligation!r}; accepted: {', '.join(OBLIGATIONS)}")
    frame = _dyad_years(ctx, years, partner).dropna(subset=["atop_depth"])
    if frame.empty:
        return Outcome(None, 0)
    active = frame["atop_depth"] > 0 if obligation == "any" else frame[f"atop_{obligation}"] == 1
    evidence = frame[["year", "atop_depth", "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]]
    return Outcome(float(active.mean()), len(frame), numbers={"years in force": int(active.sum()),
                                                             "years with ATOP data": len(frame)}, evidence=evidence)


def trade_share(ctx, years, partner="B") -> Outcome:
    """Mean over the years of A's trade with the partner as a share of A's total trade (COW)."""
    years = _years(years)
    frame = _dyad_years(ctx, years, partner).dropna(subset=["dependence_a_on_b"])
    if frame.empty:
        return Outcome(None, 0)
    evidence = frame[["year", "trade", "dependence_a_on_b", "dependence_b_on_a"]]
    return Outcome(float(frame["dependence_a_on_b"].mean()), len(frame),
                   numbers={"first year": float(frame["dependence_a_on_b"].iloc[0]),
                            "last year": float(frame["dependence_a_on_b"].iloc[-1])}, evidence=evidence)


def trade_asymmetry(ctx, years, partner="B") -> Outcome:
    """Mean over the years of (A's dependence on the partner - the partner's dependence on A)."""
    years = _years(years)
    frame = _dyad_years(ctx, years, partner).dropna(subset=["asymmetry"])
    if frame.empty:
        return Outcome(None, 0)
    return Outcome(float(frame["asymmetry"].mean()), len(frame),
                   numbers={"A on partner": float(frame["dependence_a_on_b"].mean()),
                            "partner on A": float(frame["dependence_b_on_a"].mean())},
                   evidence=frame[["year", "dependence_a_on_b", "dependence_b_on_a", "asymmetry"]])


def trade_partner_rank(ctx, year, partner="B") -> Outcome:
    """The partner's rank among all of A's trade partners by total trade in a year (1 = largest)."""
    if not isinstance(year, int):
        raise CheckError(f"year must be a year; got {year!r}")
    a, b = ctx.a, ctx.state(partner)
    frame = ctx.store.query(
        """SELECT partner, sum(flow) AS trade FROM (
               SELECT iso3_b AS partner, coalesce(imports_a_from_b, 0) + coalesce(imports_b_from_a, 0) AS flow
               FROM trade WHERE source = 'cow-trade' AND iso3_a = ? AND year = ?
               UNION ALL
               SELECT iso3_a, coalesce(imports_a_from_b, 0) + coalesce(imports_b_from_a, 0)
               FROM trade WHERE source = 'cow-trade' AND iso3_b = ? AND year = ?)
           GROUP BY partner ORDER BY trade DESC""", [a, year, a, year])
    frame = frame[frame["trade"] > 0].reset_index(drop=True)
    if b not in set(frame["partner"]):
        return Outcome(None, len(frame))
    frame["rank"] = frame["trade"].rank(ascending=False, method="min").astype(int)
    rank = int(frame.loc[frame["partner"] == b, "rank"].iloc[0])
    share = float(frame.loc[frame["partner"] == b, "trade"].iloc[0] / frame["trade"].sum())
    return Outcome(rank, len(frame), numbers={"partners": len(frame), "share of A's trade": share},
                   evidence=frame.head(5)[["rank", "partner", "trade"]])


# -- votes relative to others -----------------------------------------------------------------------

def peer_rank(ctx, years, reference="B", focal="A") -> Outcome:
    """Median over the years of the focal state's rank among post-Soviet states by vote agreement
    with the reference (1 = the closest)."""
    from dyadscope.analysis.peers import compute_peers

    years = _years(years)
    frame = compute_peers(ctx.store, ctx.state(reference), focal=ctx.state(focal), by="year",
                          start=dt.date(years[0], 1, 1), end=dt.date(years[1], 12, 31))
    mine = frame[frame["is_focal"]].dropna(subset=["rank"])
    if mine.empty:
        return Outcome(None, 0)
    evidence = mine[["period", "value", "rank", "n_ranked"]].rename(columns={"period": "year", "value": "agreement"})
    return Outcome(float(mine["rank"].astype(float).median()), len(mine),
                   numbers={"best rank": int(mine["rank"].min()), "worst rank": int(mine["rank"].max()),
                            "states ranked": int(mine["n_ranked"].max())}, evidence=evidence)


def _tilt(ctx, period, toward, partners):
    from dyadscope.analysis.hedging import compute_hedging, compute_tilt

    period = _period(period, "period")
    hedge = compute_hedging(ctx.store, ctx.a, [ctx.state(toward), *partners], by="session",
                            start=period[0], end=period[1])
    return compute_tilt(hedge, toward=ctx.state(toward)) if len(hedge) else pd.DataFrame(columns=["period", "tilt"])


DEFAULT_PARTNERS = ("CHN", "USA", "TUR", "EU")


def hedging_tilt(ctx, period, toward="B", partners=DEFAULT_PARTNERS) -> Outcome:
    """Mean over the sessions of A's tilt toward a partner: agreement with it minus the mean
    agreement with the other partners (compute_tilt)."""
    tilt = _tilt(ctx, period, toward, list(partners)).dropna(subset=["tilt"])
    if tilt.empty:
        return Outcome(None, 0)
    return Outcome(float(tilt["tilt"].mean()), len(tilt), numbers={"sessions": len(tilt)},
                   evidence=tilt.rename(columns={"period": "session"}).round(4))


def hedging_tilt_change(ctx, before, after, toward="B", partners=DEFAULT_PARTNERS) -> Outcome:
    """Mean tilt after minus mean tilt before (sessions of each period)."""
    parts = [_tilt(ctx, p, toward, list(partners)).dropna(subset=["tilt"]) for p in (before, after)]
    if any(p.empty for p in parts):
        return Outcome(None, 0)
    means = [float(p["tilt"].mean()) for p in parts]
    evidence = pd.concat([p.assign(part=name) for p, name in zip(parts, ("before", "after"))], ignore_index=True)
    return Outcome(means[1] - means[0], min(len(p) for p in parts),
                   numbers={"mean tilt before": means[0], "mean tilt after": means[1]},
                   evidence=evidence.rename(columns={"period": "session"}).round(4))


CHECKS = {f.__name__: f for f in (
    vote_agreement, vote_agreement_change, vote_agreement_gap, event_count, event_net_cooperation,
    event_net_cooperation_change, alliance_active, trade_share, trade_asymmetry, trade_partner_rank, peer_rank,
    hedging_tilt, hedging_tilt_change)}


def check_parameters(name: str) -> list[str]:
    return [p for p in inspect.signature(CHECKS[name]).parameters if p != "ctx"]


def run_check(ctx: Context, name: str, params: dict) -> Outcome:
    if name not in CHECKS:
        raise CheckError(f"unknown check {name!r}; accepted: {', '.join(CHECKS)}")
    accepted = check_parameters(name)
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise CheckError(f"check {name!r} takes no parameter {unknown[0]!r}; accepted: {', '.join(accepted)}")
    required = [p for p, v in inspect.signature(CHECKS[name]).parameters.items()
                if p != "ctx" and v.default is inspect.Parameter.empty]
    missing = [p for p in required if p not in params]
    if missing:
        raise CheckError(f"check {name!r} needs parameter {missing[0]!r}")
    return CHECKS[name](ctx, **params)
