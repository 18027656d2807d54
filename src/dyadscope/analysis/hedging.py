"""Hedging (multi-vector) profile: a focal state's vote alignment with several partners over time.

``compute_hedging(store, "KAZ")`` gives, per UN General Assembly session (or calendar year),
Kazakhstan's alignment with Russia, China, the USA, Turkey and the EU, in one long frame;
``compute_tilt`` turns it into one row per period with the tilt towards one partner:

    tilt = value(toward) - mean(value of every other partner present in that period)

so a positive tilt towards RUS means the focal state votes more like Russia than like the
average of its other partners.

The EU as a partner is the unweighted mean, over the states that were EU (EC) members in that
period, of the focal state's alignment with each member: every member counts once, whatever
its number of shared roll calls. Membership (``data/eu_members.csv``) is taken on one day per
period:

- a session N: the members on 1 January of its second calendar year (1946 + N); session 75
  (2020-21) leaves the United Kingdom out, session 74 (2019-20) keeps it;
- a calendar year: the members on 31 December of that year.

Most General Assembly votes fall in November and December, so both days sit just after the
bulk of a period's votes. ``n_members`` counts the members that voted with the focal state in
that period; the EU row's ``n`` is the largest number of shared roll calls with any member. A
focal state that is itself a member is left out of its own EU mean.

Alignment is any measure of :mod:`dyadscope.measures.alignment` (agreement, index, s, kappa,
pi) over the roll calls chosen by :func:`dyadscope.measures.subsets.roll_call_filter`.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources

import numpy as np
import pandas as pd

from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError
from dyadscope.measures.all_dyads import compute_all_dyads
from dyadscope.measures.alignment import MEASURES, UnknownMeasureError

PERIODS = ("session", "year")
DEFAULT_PARTNERS = ("RUS", "CHN", "USA", "TUR", "EU")
EU = "EU"


class HedgingError(DyadscopeError):
    """A hedging profile asked for a period, partner or date that cannot be used."""


# -- EU membership --------------------------------------------------------------------------------

def eu_members_table() -> pd.DataFrame:
    """Every EU (EC) member state since 1958: iso3, name, joined, left (empty while a member), reference."""
    return _eu_members().copy()


@functools.cache
def _eu_members() -> pd.DataFrame:
    with (resources.files("dyadscope") / "data" / "eu_members.csv").open("r", encoding="utf-8") as f:
        table = pd.read_csv(f, dtype=str, keep_default_na=False)
    for column in ("joined", "left"):
        table[column] = pd.to_datetime(table[column].replace("", None)).dt.date
    return table


def eu_members_on(date) -> list[str]:
    """The ISO3 codes of the EU member states on ``date`` (an ISO string or a date), sorted."""
    if isinstance(date, dt.datetime):  # pandas Timestamps too
        date = date.date()
    try:
        day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
    except ValueError as e:
        raise HedgingError(f"cannot read date {date!r}; give a datetime.date or an ISO date (YYYY-MM-DD)") from e
    table = _eu_members()
    left = table["left"].map(lambda d: dt.date.max if pd.isna(d) else d)
    return sorted(table.loc[(table["joined"] <= day) & (day <= left), "iso3"])


def membership_day(period: int, by: str) -> dt.date:
    """The day on which EU membership is read for a period (see the module docs)."""
    if by == "session":
        return dt.date(1946 + int(period), 1, 1)
    return dt.date(int(period), 12, 31)


# -- dyad values ----------------------------------------------------------------------------------

def _check_by(by: str) -> None:
    if by not in PERIODS:
        raise HedgingError(f"unknown period {by!r}; accepted: {', '.join(PERIODS)}")


def compute_alignment_with(store, focal: str, others, *, by: str = "session", measure: str = "agreement",
                           start=None, end=None, roll_calls: str = "resolutions", issue=None) -> pd.DataFrame:
    """The focal state's alignment with each of ``others`` per period.

    One row per (partner, period) with at least one roll call on which both voted: focal,
    partner, period (session number or calendar year), n (such roll calls), value. The values
    are those of :func:`dyadscope.measures.all_dyads.compute_all_dyads` for the focal state's dyads.
    """
    _check_by(by)
    if measure not in MEASURES:
        raise UnknownMeasureError(f"unknown measure {measure!r}; accepted: {', '.join(MEASURES)}")
    others = [o for o in dict.fromkeys(others) if o != focal]
    columns = ["focal", "partner", "period", "n", "value"]
    if not others:
        return pd.DataFrame(columns=columns)
    dyads = compute_all_dyads(store, by=by, states=[focal, *others], measures=(measure,), roll_calls=roll_calls,
                              issue=issue, start=start, end=end)
    dyads = dyads[(dyads["iso3_a"] == focal) | (dyads["iso3_b"] == focal)]
    frame = pd.DataFrame({
        "focal": focal,
        "partner": dyads["iso3_b"].where(dyads["iso3_a"] == focal, dyads["iso3_a"]),
        "period": dyads["period"].astype("int64"),
        "n": dyads["n"].astype("int64"),
        "value": dyads[measure].astype(float),
    }, columns=columns)
    return frame.sort_values(["partner", "period"], ignore_index=True)


# -- hedging profile ------------------------------------------------------------------------------

def _resolve_partners(focal: str, partners) -> list[str]:
    registry = Registry.default()
    if isinstance(partners, str):
        partners = [p.strip() for p in partners.split(",") if p.strip()]
    resolved = []
    for partner in partners:
        code = registry.resolve(partner)
        if code != EU and registry.get(code)["kind"] == "organisation":
            raise HedgingError(
                f"partner {partner!r} is an organisation; of the organisations only EU can be a partner "
                "(the mean over its member states)")
        if code == focal:
            raise HedgingError(f"the focal state {focal} cannot be its own partner")
        if code not in resolved:
            resolved.append(code)
    if not resolved:
        raise HedgingError("name at least one partner")
    return resolved


def compute_hedging(store, focal: str = "KAZ", partners=DEFAULT_PARTNERS, *, by: str = "session",
                    measure: str = "agreement", start=None, end=None, roll_calls: str = "resolutions",
                    issue=None) -> pd.DataFrame:
    """The focal state's alignment with each partner per period, long.

    Columns: focal, partner, period, n, value (the measure), n_members (EU rows only: the members
    that voted with the focal state that period). Rows are ordered by partner as given, then period.
    """
    _check_by(by)
    focal = Registry.default().resolve(focal)
    partners = _resolve_partners(focal, partners)
    states = [p for p in partners if p != EU]
    if EU in partners:
        states += eu_members_table()["iso3"].tolist()
    dyads = compute_alignment_with(store, focal, states, by=by, measure=measure, start=start, end=end,
                                   roll_calls=roll_calls, issue=issue)
    parts = []
    for partner in partners:
        if partner == EU:
            parts.append(_eu_rows(dyads, focal, by))
        else:
            part = dyads[dyads["partner"] == partner].copy()
            part["n_members"] = pd.NA
            parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    frame["n_members"] = frame["n_members"].astype("Int64")
    frame = frame[["focal", "partner", "period", "n", "value", "n_members"]]
    frame.attrs.update(measure=measure, by=by)
    return frame


def _eu_rows(dyads: pd.DataFrame, focal: str, by: str) -> pd.DataFrame:
    rows = []
    for period, group in dyads.groupby("period", sort=True):
        members = set(eu_members_on(membership_day(period, by)))
        voted = group[group["partner"].isin(members) & group["value"].notna()]
        if voted.empty:
            continue
        rows.append((focal, EU, int(period), int(voted["n"].max()), float(voted["value"].mean()), len(voted)))
    return pd.DataFrame(rows, columns=["focal", "partner", "period", "n", "value", "n_members"])


def compute_tilt(hedging: pd.DataFrame, toward: str = "RUS") -> pd.DataFrame:
    """One row per period: period, tilt, then each partner's value as a column.

    ``tilt = value(toward) - mean(value of the other partners present in that period)``; NaN
    where ``toward`` or every other partner is missing.
    """
    focals = hedging["focal"].unique() if "focal" in hedging else []
    if len(focals) > 1:
        raise HedgingError(f"the hedging frame holds several focal states ({', '.join(focals)}); pass one")
    partners = list(dict.fromkeys(hedging["partner"]))
    if toward not in partners and toward != EU:
        try:
            toward = Registry.default().resolve(toward)
        except DyadscopeError:
            pass  # reported below, with the partners that are there
    if toward not in partners:
        raise HedgingError(f"partner {toward!r} is not in the hedging frame; partners: {', '.join(partners)}")
    wide = hedging.pivot(index="period", columns="partner", values="value").reindex(columns=partners)
    others = [p for p in partners if p != toward]
    tilt = (wide[toward] - wide[others].mean(axis=1)) if others else pd.Series(np.nan, index=wide.index)
    result = wide.reset_index()
    result.insert(1, "tilt", tilt.to_numpy(dtype=float))
    result.columns.name = None
    return result
