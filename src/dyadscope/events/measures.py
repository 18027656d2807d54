"""Event measures per dyad and period, and a dyad's dated timeline.

Definitions (see docs/measures/events.md):

- Quad class of a PLOVER type as in the PLOVER README ("PLOVER quad categories"):
  verbal cooperation AGREE, CONSULT, SUPPORT, CONCEDE; material cooperation COOPERATE, AID,
  RETREAT, INVESTIGATE; verbal conflict DEMAND, DISAPPROVE, REJECT, THREATEN, SANCTION; material
  conflict PROTEST, CRIME, MOBILIZE, COERCE, ASSAULT (``dyadscope.events.crosswalk.QUADS``).
- cooperation = verbal + material cooperation; conflict = verbal + material conflict.
- net_cooperation = (cooperation − conflict) / (cooperation + conflict), in [−1, 1]; missing for
  a period without events.
- goldstein_sum / goldstein_mean: sum and mean of the Goldstein (1992) values of the events.
- normalise=True adds each actor's total event volume in the period (events of the same dataset
  with that actor as source or target, any partner, any domain) and the counts divided by it,
  a correction for how much each actor is reported at all.

An event whose date is known only to the year is counted with ``by="year"`` only; with
``by="month"`` or ``"quarter"`` it is left out (the number left out is in ``frame.attrs``).
"""

from __future__ import annotations

import pandas as pd

from dyadscope.errors import DyadscopeError
from dyadscope.events.crosswalk import PLOVER_TYPES, QUADS
from dyadscope.loaders.curated import DOMAINS
from dyadscope.measures.votes import resolve_pair
from dyadscope.store import Store

PERIODS = ("month", "quarter", "year")
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_PERIOD_RANK = {"month": 1, "quarter": 1, "year": 2}  # the coarsest date precision a period can place

TIMELINE_COLUMNS = ["date", "date_precision", "source", "source_actor", "target", "target_actor", "plover_type",
                    "quad", "cameo", "goldstein", "domain", "summary", "reference", "checked", "dataset", "event_id"]


class EventMeasureError(DyadscopeError):
    """An event measure asked for with an unknown period, dataset or domain."""



def _add_date_range(where: list, params: list, start, end) -> None:
    """Conditions on ``event.date`` for an optional first and last date (ISO strings or dates)."""
    if start:
        where.append("date >= CAST(? AS DATE)")
        params.append(str(start))
    if end:
        where.append("date <= CAST(? AS DATE)")
        params.append(str(end))

def _check(by: str | None, domain, store: Store, dataset) -> list[str] | None:
    if by is not None and by not in PERIODS:
        raise EventMeasureError(f"unknown period {by!r}; expected one of {', '.join(PERIODS)}")
    domains = None
    if domain is not None:
        domains = [domain] if isinstance(domain, str) else list(domain)
        domains = [d.strip() for item in domains for d in item.split(",") if d.strip()]
        for d in domains:
            if d not in DOMAINS:
                raise EventMeasureError(f"unknown domain {d!r}; expected one of {', '.join(DOMAINS)}")
    if dataset is not None:
        known = [r[0] for r in store.con.execute("SELECT DISTINCT dataset FROM event ORDER BY 1").fetchall()]
        if dataset not in known:
            raise EventMeasureError(f"no events of dataset {dataset!r} in the store; datasets loaded: "
                                    + (", ".join(known) or "none (load the chronology with `dyadscope load "
                                                            "--mirror DIR` or `dyadscope load curated PATH`)"))
    return domains


def _events(store: Store, a: str, b: str | None, *, dataset=None, domains=None, directed=False, start=None,
            end=None) -> pd.DataFrame:
    """Events of dyad a–b (a→b only when directed), or every event involving a when b is None."""
    if b is None:
        where, params = ["(source_iso3 = ? OR target_iso3 = ?)"], [a, a]
    elif directed:
        where, params = ["source_iso3 = ? AND target_iso3 = ?"], [a, b]
    else:
        where = ["((source_iso3 = ? AND target_iso3 = ?) OR (source_iso3 = ? AND target_iso3 = ?))"]
        params = [a, b, b, a]
    if dataset is not None:
        where.append("dataset = ?")
        params.append(dataset)
    if domains:
        where.append(f"domain IN ({', '.join('?' * len(domains))})")
        params += domains
    _add_date_range(where, params, start, end)
    sql = f"""
        SELECT event_id, dataset, date, date_precision, source_iso3, source_actor, target_iso3, target_actor,
               plover_type, quad, cameo_code, goldstein, domain, summary, citation, checked
        FROM event WHERE {' AND '.join(where)}
        ORDER BY date, source_iso3, target_iso3, cameo_code, event_id
    """
    frame = store.query(sql, params)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _period(dates: pd.Series, by: str) -> pd.Series:
    if by == "year":
        return dates.dt.year.astype(int)
    if by == "quarter":
        return dates.dt.to_period("Q").astype(str)
    return dates.dt.to_period("M").astype(str)


def _all_periods(first: pd.Timestamp, last: pd.Timestamp, by: str) -> list:
    if by == "year":
        return list(range(first.year, last.year + 1))
    freq = "Q" if by == "quarter" else "M"
    return [str(p) for p in pd.period_range(first, last, freq=freq)]


def _placeable(frame: pd.DataFrame, by: str) -> pd.Series:
    return frame["date_precision"].map(_PRECISION_RANK) <= _PERIOD_RANK[by]


def compute_event_counts(store: Store, a: str, b: str, by: str = "month", *, dataset: str | None = None,
                         domain=None, directed: bool = False, start=None, end=None) -> pd.DataFrame:
    """Long form: one row per dataset, period, quad class and PLOVER type with its event count ``n``
    (only combinations that occur)."""
    a, b = resolve_pair(a, b)
    domains = _check(by, domain, store, dataset)
    events = _events(store, a, b, dataset=dataset, domains=domains, directed=directed, start=start, end=end)
    events = events[_placeable(events, by)]
    events = events.assign(period=_period(events["date"], by))
    out = (events.groupby(["dataset", "period", "quad", "plover_type"]).size().rename("n").reset_index()
           if len(events) else pd.DataFrame(columns=["dataset", "period", "quad", "plover_type", "n"]))
    return out.sort_values(["dataset", "period", "quad", "plover_type"]).reset_index(drop=True)


def compute_event_measures(store: Store, a: str, b: str, by: str = "month", *, dataset: str | None = None,
                           domain=None, directed: bool = False, normalise: bool = False, start=None,
                           end=None) -> pd.DataFrame:
    """Event measures of dyad a–b per period (month, quarter or year), one row per dataset and period.

    Columns: dataset, period, n_events, the four quad-class counts, one count per PLOVER type,
    cooperation, conflict, goldstein_sum, goldstein_mean, net_cooperation; with ``normalise``
    also volume_a, volume_b and n_events / cooperation / conflict / goldstein_sum per actor
    volume (``*_per_a``, ``*_per_b``). Periods without events between the first and the last
    (or ``start`` and ``end``) are kept with zero counts. ``directed``: only events with a as
    source and b as target. ``dataset=None``: every dataset, each on its own rows.
    """
    a, b = resolve_pair(a, b)
    domains = _check(by, domain, store, dataset)
    events = _events(store, a, b, dataset=dataset, domains=domains, directed=directed, start=start, end=end)
    placeable = _placeable(events, by)
    left_out = int((~placeable).sum())
    events = events[placeable].assign(period=lambda f: _period(f["date"], by))

    rows = []
    for name, group in events.groupby("dataset"):
        first = pd.Timestamp(start) if start else group["date"].min()
        last = pd.Timestamp(end) if end else group["date"].max()
        per_period = dict(list(group.groupby("period")))
        empty = group.iloc[:0]
        for period in _all_periods(first, last, by):
            rows.append(_row(name, period, per_period.get(period, empty)))
    frame = pd.DataFrame(rows, columns=_columns())
    if normalise:
        frame = _add_volumes(store, frame, a, b, by, start, end)
    frame.attrs["left_out_coarser_dates"] = left_out
    return frame


def _columns() -> list[str]:
    return (["dataset", "period", "n_events", *QUADS, *PLOVER_TYPES, "cooperation", "conflict", "goldstein_sum",
             "goldstein_mean", "net_cooperation"])


def _row(dataset: str, period, group: pd.DataFrame) -> dict:
    quads = group["quad"].value_counts()
    types = group["plover_type"].value_counts()
    row = {"dataset": dataset, "period": period, "n_events": len(group)}
    row |= {q: int(quads.get(q, 0)) for q in QUADS}
    row |= {t: int(types.get(t, 0)) for t in PLOVER_TYPES}
    coop = row["verbal_cooperation"] + row["material_cooperation"]
    conflict = row["verbal_conflict"] + row["material_conflict"]
    goldstein = group["goldstein"].dropna()
    row |= {
        "cooperation": coop,
        "conflict": conflict,
        "goldstein_sum": float(goldstein.sum()),
        "goldstein_mean": float(goldstein.mean()) if len(goldstein) else None,
        "net_cooperation": (coop - conflict) / (coop + conflict) if coop + conflict else None,
    }
    return row


_PERIOD_SQL = {
    "year": "CAST(year(date) AS VARCHAR)",
    "quarter": "CAST(year(date) AS VARCHAR) || 'Q' || CAST(quarter(date) AS VARCHAR)",
    "month": "strftime(date, '%Y-%m')",
}


def _volumes(store: Store, actor: str, by: str, start, end) -> dict:
    """(dataset, period) → events with ``actor`` as source or target, any partner, any domain.

    Counted in the store: an actor such as RUS may have millions of rows in GDELT."""
    coarsest = [p for p, rank in _PRECISION_RANK.items() if rank <= _PERIOD_RANK[by]]
    where, params = ["(source_iso3 = ? OR target_iso3 = ?)"], [actor, actor]
    where.append(f"date_precision IN ({', '.join('?' * len(coarsest))})")
    params += coarsest
    _add_date_range(where, params, start, end)
    rows = store.con.execute(
        f"SELECT dataset, {_PERIOD_SQL[by]} AS period, count(*) FROM event WHERE {' AND '.join(where)} GROUP BY 1, 2",
        params).fetchall()
    return {(dataset, int(period) if by == "year" else period): n for dataset, period, n in rows}


def _add_volumes(store: Store, frame: pd.DataFrame, a: str, b: str, by: str, start, end) -> pd.DataFrame:
    frame = frame.copy()
    keys = list(zip(frame["dataset"], frame["period"]))
    for side, actor in (("a", a), ("b", b)):
        counts = _volumes(store, actor, by, start, end)
        frame[f"volume_{side}"] = [int(counts.get(k, 0)) for k in keys]
    for measure in ("n_events", "cooperation", "conflict", "goldstein_sum"):
        for side in ("a", "b"):
            volume = frame[f"volume_{side}"]
            frame[f"{measure}_per_{side}"] = (frame[measure] / volume).where(volume > 0)
    return frame


def timeline(store: Store, a: str, b: str, start=None, end=None, *, dataset: str | None = "curated",
             domain=None) -> pd.DataFrame:
    """The dated events between a and b (both directions), each with its reference, oldest first.

    Columns: date, date_precision, source, source_actor, target, target_actor, plover_type, quad,
    cameo, goldstein, domain, summary, reference, checked, dataset, event_id.
    """
    a, b = resolve_pair(a, b)
    domains = _check(None, domain, store, dataset)
    events = _events(store, a, b, dataset=dataset, domains=domains, start=start, end=end)
    frame = events.rename(columns={"source_iso3": "source", "target_iso3": "target", "cameo_code": "cameo",
                                   "citation": "reference"})
    frame["date"] = frame["date"].dt.date
    return frame[TIMELINE_COLUMNS].reset_index(drop=True)


__all__ = ["compute_event_counts", "compute_event_measures", "timeline", "PERIODS", "PLOVER_TYPES",
           "EventMeasureError"]
