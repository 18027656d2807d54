"""The dyad-year frame: ``create_dyad_years`` builds it, the ``add_*`` functions join columns on.

The grammar is peacesciencer's (Miller 2022): a ``create_*`` verb builds the base frame, every
``add_*`` verb left-joins columns onto it on (iso3_a, iso3_b, year) and returns a frame with
exactly the same rows in the same order. The frame knows its unit (``"dyad-year"``) and whether
it is directed, and each ``add_*`` checks both before it does anything::

    frame = (create_dyad_years(store, "KAZ", start=1992, end=2020)
             .pipe(add_alliances, store)
             .pipe(add_trade, store))
    # the same, as methods:
    frame = create_dyad_years(store, "KAZ", start=1992, end=2020).add_alliances(store).add_trade(store)

Membership: a state is in the frame in every calendar year in which it was a member of the
state system for at least one day, and two states form a dyad in a year when their memberships
overlap on at least one day of it (peacesciencer's rules). Codes are read on 1 July of the year,
as in every dyad-year table of the store, so COW 365 is the USSR (``as_state = 'SUN'``) to 1991
and COW 345 is Yugoslavia, Serbia and Montenegro, then Serbia.

Where the frame comes from and what each step read (the load log's file hashes, the source
catalogue's citations) is kept in ``frame.attrs``: ``frame.notes``, ``frame.provenance`` and
``frame.citations()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dyadscope.errors import DyadscopeError

UNIT = "dyad-year"
KEYS = ["iso3_a", "iso3_b", "year"]
SYSTEMS = {"cow": "cow-states", "gw": "gw-states"}

ATOP_FLAGS = {"defense": "atop_defense", "offense": "atop_offense", "neutral": "atop_neutral",
              "nonagg": "atop_nonagg", "consul": "atop_consul"}
COW_FLAGS = {"defense": "cow_defense", "neutral": "cow_neutral", "nonagg": "cow_nonagg",
             "entente": "cow_entente"}
ALLIANCE_COLUMNS = [*ATOP_FLAGS.values(), "atop_depth", *COW_FLAGS.values(), "cow_type"]
TRADE_COLUMNS = ["imports_a_from_b", "imports_b_from_a", "trade", "total_trade_a", "total_trade_b",
                 "dependence_a_on_b", "dependence_b_on_a", "asymmetry"]
IGO_COLUMNS = ["shared_igos"]
VOTE_MEASURES = ("agreement", "s", "kappa")


class FrameUnitError(DyadscopeError):
    """An ``add_*`` step given something that is not a dyad-year frame."""


class FrameArgumentError(DyadscopeError, ValueError):
    """Arguments that cannot build a dyad-year frame (system, years, states)."""


class SourceNotLoadedError(DyadscopeError):
    """A step needs a source that the store does not hold."""


class MeasureUnavailableError(DyadscopeError):
    """A measure whose code is not available in this installation."""


class DyadFrame(pd.DataFrame):
    """A pandas DataFrame of dyad-years that knows its unit, direction and provenance.

    Everything pandas does works on it; slices and copies stay DyadFrames with the same
    ``attrs``. The ``add_*`` methods are the module's functions: ``frame.add_trade(store)`` is
    ``add_trade(frame, store)``.
    """

    _metadata: list[str] = []

    @property
    def _constructor(self):
        return DyadFrame

    @property
    def unit(self) -> str | None:
        return self.attrs.get("unit")

    @property
    def directed(self) -> bool:
        return bool(self.attrs.get("directed"))

    @property
    def notes(self) -> list[str]:
        return list(self.attrs.get("notes", []))

    @property
    def provenance(self) -> list[dict]:
        return [dict(p) for p in self.attrs.get("provenance", [])]

    def citations(self) -> dict[str, str]:
        """Source name -> how to cite it, for every source a step of this frame read."""
        return {p["source"]: p["citation"] for p in self.attrs.get("provenance", [])}

    def add_alliances(self, store) -> "DyadFrame":
        return add_alliances(self, store)

    def add_trade(self, store) -> "DyadFrame":
        return add_trade(self, store)

    def add_igos(self, store) -> "DyadFrame":
        return add_igos(self, store)

    def add_vote_alignment(self, store, measures=VOTE_MEASURES) -> "DyadFrame":
        return add_vote_alignment(self, store, measures)


# -- create ----------------------------------------------------------------------------------------

def create_dyad_years(store, states=None, *, start: int = 1946, end: int = 2024,
                      directed: bool = False, system: str = "cow") -> DyadFrame:
    """Every pair of states that were both members of the state system in a year.

    ``states``: None for every pair; one state (a string: ISO3 or any name or code the registry
    resolves) for every dyad with that state; a list of states (``("KAZ", "RUS")``) for the
    pairs with both in the list. ``system``: ``"cow"`` (Correlates of War) or ``"gw"``
    (Gleditsch and Ward). Non-directed frames hold each pair once with ``iso3_a < iso3_b``;
    directed frames hold both orders. When the system list ends before ``end``, the states
    still members on its last day stay members to ``end``, and ``frame.notes`` says so.
    Rows are sorted by iso3_a, iso3_b, year.
    """
    if system not in SYSTEMS:
        raise FrameArgumentError(f"unknown state system {system!r}; accepted: {', '.join(SYSTEMS)}")
    start, end = _year(start, "start"), _year(end, "end")
    if start > end:
        raise FrameArgumentError(f"start ({start}) is after end ({end})")
    focal, members = _resolve_states(states)
    notes: list[str] = []
    state_years = _state_years(store, system, start, end, notes)

    if focal is not None:
        left = state_years[state_years["iso3"] == focal]
        right = state_years[state_years["iso3"] != focal]
        if left.empty:
            notes.append(f"{focal} is not a member of the {system.upper()} state system in {start}-{end}.")
    else:
        if members is not None:
            state_years = state_years[state_years["iso3"].isin(members)]
            absent = sorted(set(members) - set(state_years["iso3"]))
            if absent:
                notes.append(f"not members of the {system.upper()} state system in {start}-{end}: "
                             f"{', '.join(absent)}.")
        left = right = state_years
    pairs = left.merge(right, on="year", suffixes=("_a", "_b"))
    if focal is not None:
        if directed:
            pairs = pd.concat([pairs, _swap(pairs)], ignore_index=True)
        else:
            pairs = pd.concat([pairs[pairs["iso3_a"] < pairs["iso3_b"]],
                               _swap(pairs[pairs["iso3_a"] > pairs["iso3_b"]])], ignore_index=True)
    else:
        keep = pairs["iso3_a"] != pairs["iso3_b"] if directed else pairs["iso3_a"] < pairs["iso3_b"]
        pairs = pairs[keep]
    overlap = (np.maximum(pairs["first_day_a"], pairs["first_day_b"])
               <= np.minimum(pairs["last_day_a"], pairs["last_day_b"]))
    pairs = pairs.loc[overlap, ["iso3_a", "iso3_b", "year", "code_a", "code_b", "as_state_a", "as_state_b"]]
    pairs = pairs.sort_values(KEYS, kind="stable", ignore_index=True)

    frame = DyadFrame(pairs)
    frame.attrs = {
        "unit": UNIT,
        "directed": bool(directed),
        "system": system,
        "start": start,
        "end": end,
        "states": focal if focal is not None else members,
        "notes": notes,
        "provenance": _provenance(store, "create_dyad_years", [SYSTEMS[system]]),
    }
    return frame


def _year(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise FrameArgumentError(f"{name} must be a year (a whole number); got {value!r}")
    return int(value)


def _resolve_states(states) -> tuple[str | None, list[str] | None]:
    """(focal state, None), (None, [states]) or (None, None) for every state."""
    from dyadscope.countries import Registry

    if states is None:
        return None, None
    registry = Registry.default()
    if isinstance(states, (str, int, np.integer)):
        return registry.resolve(states), None
    if not isinstance(states, Iterable):
        raise FrameArgumentError(f"states must be a state, a list of states or None; got {states!r}")
    given = list(states)
    members = sorted({registry.resolve(s) for s in given})
    if len(members) < 2:
        raise FrameArgumentError(
            f"a list of states needs at least two different states, got {given!r}; "
            'for every dyad with one state, pass it alone: create_dyad_years(store, "KAZ")')
    return None, members


def _state_years(store, system: str, start: int, end: int, notes: list[str]) -> pd.DataFrame:
    """One row per member state and year: iso3, as_state, code, year."""
    from dyadscope.countries import Registry

    periods = store.query(
        'SELECT iso3, as_state, code, start, "end" FROM state_system WHERE system = ?', [system])
    if periods.empty:
        raise SourceNotLoadedError(
            f"the store holds no {system.upper()} state-system list; load source "
            f"{SYSTEMS[system]!r} first (dyadscope load --mirror DIR)")
    periods["start"] = pd.to_datetime(periods["start"])
    periods["end"] = pd.to_datetime(periods["end"])
    list_end = periods["end"].max()
    if end > list_end.year:
        last = periods["end"] == list_end
        notes.append(
            f"the {system.upper()} state-system list ends on {list_end.date()}; the {int(last.sum())} "
            f"states that were members on that day are carried forward as members to {end}.")
        periods.loc[last, "end"] = pd.Timestamp(end, 12, 31)

    first = periods["start"].dt.year.clip(lower=start).to_numpy()
    last_year = periods["end"].dt.year.clip(upper=end).to_numpy()
    spans = np.maximum(last_year - first + 1, 0)
    out = periods.iloc[np.repeat(np.arange(len(periods)), spans)].reset_index(drop=True)
    out["year"] = np.concatenate(
        [np.arange(f, l + 1, dtype="int64") for f, l, n in zip(first, last_year, spans) if n > 0]
        or [np.array([], dtype="int64")])

    # Read each code on 1 July of the year, as the dyad-year tables are (COW 345 in 2010 is SRB).
    mapped = Registry.default().map_values(out["code"], system, dates=out["year"])
    known = mapped["iso3"].notna().to_numpy()
    out["iso3"] = np.where(known, mapped["iso3"].to_numpy(dtype=object), out["iso3"].to_numpy(dtype=object))
    out["as_state"] = np.where(known, mapped["as_state"].to_numpy(dtype=object),
                               out["as_state"].to_numpy(dtype=object))

    # The days of the year in the system, so that two states whose memberships do not overlap
    # within a year (one leaves in March, the other joins in June) form no dyad that year.
    out["first_day"] = out["start"].where(out["start"] > _jan1(out["year"]), _jan1(out["year"]))
    out["last_day"] = out["end"].where(out["end"] < _dec31(out["year"]), _dec31(out["year"]))
    span = out.groupby(["iso3", "year"]).agg(first_day=("first_day", "min"), last_day=("last_day", "max"))

    # Two codes folded into one state in the same year (the two Germanies in 1990): one row,
    # with the code of the period in force on 1 July, else of the later one.
    july = pd.to_datetime(out["year"].astype(str) + "-07-01")
    out["_covers"] = (out["start"] <= july) & (out["end"] >= july)
    out = out.sort_values(["iso3", "year", "_covers", "start"], ascending=[True, True, False, False])
    out = out.drop_duplicates(["iso3", "year"])
    out = out[["iso3", "as_state", "code", "year"]].join(span, on=["iso3", "year"])
    out["code"] = out["code"].astype("int64")
    out["as_state"] = out["as_state"].astype("str")  # missing stays missing (NaN), never "None"
    return out.reset_index(drop=True)


def _jan1(years: pd.Series) -> pd.Series:
    return pd.to_datetime(years.astype(str) + "-01-01")


def _dec31(years: pd.Series) -> pd.Series:
    return pd.to_datetime(years.astype(str) + "-12-31")


def _swap(pairs: pd.DataFrame) -> pd.DataFrame:
    """The same rows seen from the other side: every *_a column becomes *_b and back."""
    renamed = {}
    for col in pairs.columns:
        if col.endswith("_a"):
            renamed[col] = col[:-2] + "_b"
        elif col.endswith("_b"):
            renamed[col] = col[:-2] + "_a"
    return pairs.rename(columns=renamed)


# -- what every add_* shares: the unit check, the join, the record of what was read -----------------

def _check(frame, step: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise FrameUnitError(f"{step} needs a dyad-year frame from create_dyad_years(); got {type(frame).__name__}")
    unit = frame.attrs.get("unit")
    if unit != UNIT:
        raise FrameUnitError(
            f"{step} needs a dyad-year frame from create_dyad_years(); got a frame whose unit is "
            f"{unit!r} (accepted: {UNIT!r})")
    missing = [c for c in KEYS if c not in frame.columns]
    if missing:
        raise FrameUnitError(f"{step} needs the columns {', '.join(KEYS)}; the frame lacks {', '.join(missing)}")
    if not frame.attrs.get("directed") and (frame["iso3_a"] >= frame["iso3_b"]).any():
        raise FrameUnitError(
            f"{step}: the frame says it is non-directed but has rows with iso3_a >= iso3_b; "
            "non-directed frames hold each pair once, iso3_a < iso3_b")


def _lookup(frame, table: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``table`` matching each row of ``frame`` on the keys, in the frame's order.

    ``table`` must hold one row per key (aggregate first); a duplicate key raises instead of
    silently multiplying the frame's rows.
    """
    merged = frame[KEYS].reset_index(drop=True).merge(table, how="left", on=KEYS, validate="many_to_one")
    if len(merged) != len(frame):  # validate= already rules this out; keep the promise explicit
        raise DyadscopeError(f"a join changed the number of rows ({len(frame)} -> {len(merged)})")
    return merged


def _attach(frame, values: pd.DataFrame, columns: list[str], store, step: str,
            sources: list[str], notes: list[str]) -> DyadFrame:
    """A copy of ``frame`` with ``columns`` (positionally aligned in ``values``) and the step's
    notes and provenance; applying a step again replaces its columns, notes and provenance."""
    out = DyadFrame(frame.copy())
    out.attrs = {k: (list(v) if isinstance(v, list) else v) for k, v in frame.attrs.items()}
    for col in columns:
        out[col] = values[col].array
    out.attrs["notes"] = [n for n in out.attrs.get("notes", []) if not n.startswith(step + ":")]
    out.attrs["notes"] += [f"{step}: {n}" for n in notes]
    out.attrs["provenance"] = [p for p in out.attrs.get("provenance", []) if p["step"] != step]
    out.attrs["provenance"] += _provenance(store, step, sources)
    return out


def _states(frame) -> list[str]:
    return sorted(set(frame["iso3_a"].unique()) | set(frame["iso3_b"].unique()))


def _year_range(frame) -> tuple[int, int]:
    if len(frame) == 0:
        return 0, -1
    return int(frame["year"].min()), int(frame["year"].max())


def _coverage(store, table: str, source: str) -> tuple[int, int]:
    """First and last year of ``source`` in ``table``; raises when the store lacks the source."""
    lo, hi = store.con.execute(f"SELECT min(year), max(year) FROM {table} WHERE source = ?", [source]).fetchone()
    if lo is None:
        raise SourceNotLoadedError(
            f"the store holds no rows of source {source!r}; load it first (dyadscope load --mirror DIR)")
    return int(lo), int(hi)


def _outside(values, lo: int, hi: int) -> np.ndarray:
    year = values["year"].to_numpy()
    return (year < lo) | (year > hi)


def _provenance(store, step: str, sources: list[str]) -> list[dict]:
    """One entry per part of each source, from the latest load of that part in the load log."""
    from dyadscope.sources import get_source

    log = store.query(
        "SELECT source, part, path, file_sha256, rows_ok, loaded_at, load_id FROM load_log "
        "WHERE list_contains(?, source) ORDER BY load_id", [list(sources)])
    log = log.drop_duplicates(["source", "part"], keep="last")
    out = []
    for row in log.itertuples(index=False):
        entry = get_source(row.source)
        out.append({
            "step": step, "source": row.source, "part": row.part, "title": entry.title,
            "file_sha256": row.file_sha256, "rows": int(row.rows_ok), "loaded_at": str(row.loaded_at),
            "path": row.path, "citation": entry.citation,
        })
    return out


# -- add_alliances ---------------------------------------------------------------------------------

def add_alliances(frame, store) -> DyadFrame:
    """ATOP obligations in force and the COW alliance type, per dyad-year.

    ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul`` (0/1),
    ``atop_depth`` (how many of the five are in force), ``cow_defense``, ``cow_neutral``,
    ``cow_nonagg``, ``cow_entente`` (0/1) and ``cow_type``: the strongest COW type in force,
    1 defence pact (Type I), 2 neutrality or non-aggression pact (Type II), 3 entente
    (Type III), 0 none. A dyad-year the source does not list is 0 within the source's years
    and NA outside them (ATOP 1815-2018, COW 1816-2012). Non-directed frames: an obligation
    counts when either state has it toward the other.
    """
    step = "add_alliances"
    _check(frame, step)
    atop_years = _coverage(store, "alliance", "atop")
    cow_years = _coverage(store, "alliance", "cow-alliance")
    if frame.attrs.get("directed"):
        pair = "iso3_a, iso3_b"
    else:
        pair = "least(iso3_a, iso3_b) AS iso3_a, greatest(iso3_a, iso3_b) AS iso3_b"
    flags = [f"bool_or({src}) FILTER (WHERE source = 'atop') AS {dst}" for src, dst in ATOP_FLAGS.items()]
    flags += [f"bool_or({src}) FILTER (WHERE source = 'cow-alliance') AS {dst}" for src, dst in COW_FLAGS.items()]
    # Several rows per key are normal (both sources; two codes folded into one state, as the
    # two Germanies in 1990; both directions in a non-directed frame): one row per key first.
    table = _query_dyads(store, frame, f"SELECT {pair}, year, {', '.join(flags)} FROM alliance", "GROUP BY ALL")
    values = _lookup(frame, table)
    for years, columns in ((atop_years, ATOP_FLAGS.values()), (cow_years, COW_FLAGS.values())):
        outside = _outside(values, *years)
        for col in columns:
            flag = values[col].astype("boolean").fillna(False).astype("Int64")
            flag[outside] = pd.NA
            values[col] = flag
    atop = values[list(ATOP_FLAGS.values())]
    values["atop_depth"] = atop.sum(axis=1).astype("Int64").where(atop.notna().all(axis=1), pd.NA)
    cow_type = np.select(
        [values["cow_defense"].eq(1).fillna(False).to_numpy(bool),
         (values["cow_neutral"].eq(1) | values["cow_nonagg"].eq(1)).fillna(False).to_numpy(bool),
         values["cow_entente"].eq(1).fillna(False).to_numpy(bool)], [1, 2, 3], 0)
    values["cow_type"] = pd.array(cow_type, dtype="Int64")
    values.loc[_outside(values, *cow_years), "cow_type"] = pd.NA
    notes = [f"ATOP covers {atop_years[0]}-{atop_years[1]} and COW alliances {cow_years[0]}-{cow_years[1]} "
             "in this store; dyad-years outside are NA, dyad-years inside with no alliance 0."]
    if not frame.attrs.get("directed"):
        notes.append("non-directed frame: an obligation counts when either state has it toward the other.")
    return _attach(frame, values, ALLIANCE_COLUMNS, store, step, ["atop", "cow-alliance"], notes)


def _query_dyads(store, frame, select: str, group: str = "") -> pd.DataFrame:
    """``select`` restricted to the frame's years and states (both ends in the frame)."""
    lo, hi = _year_range(frame)
    states = _states(frame)
    return store.query(
        f"{select} WHERE year BETWEEN ? AND ? AND list_contains(?, iso3_a) AND list_contains(?, iso3_b) {group}",
        [lo, hi, states, states])


# -- add_trade -------------------------------------------------------------------------------------

def add_trade(frame, store) -> DyadFrame:
    """COW bilateral trade and each side's dependence on the other, per dyad-year.

    ``imports_a_from_b``, ``imports_b_from_a`` (millions of current US dollars, oriented to the
    frame's a and b), ``trade`` (their sum), ``total_trade_a``, ``total_trade_b`` (each state's
    imports plus exports from all partners), ``dependence_a_on_b = trade / total_trade_a``,
    ``dependence_b_on_a = trade / total_trade_b`` and ``asymmetry = dependence_a_on_b -
    dependence_b_on_a`` (positive: a depends more on b than b on a). Missing flows stay NA (never
    0): so does every dyad-year COW does not list, in particular every year after 2014.
    """
    step = "add_trade"
    _check(frame, step)
    years = _coverage(store, "trade", "cow-trade")
    # The store orients each pair by COW number; give both orientations, and add up the rows of
    # two codes folded into one state in the same year (Yemen and the Yemen Arab Republic, 1990).
    both = (
        "SELECT iso3_a, iso3_b, year, imports_a_from_b, imports_b_from_a FROM trade WHERE source = 'cow-trade' "
        "UNION ALL SELECT iso3_b, iso3_a, year, imports_b_from_a, imports_a_from_b FROM trade WHERE source = 'cow-trade'"
    )
    table = _query_dyads(
        store, frame,
        f"SELECT iso3_a, iso3_b, year, sum(imports_a_from_b) AS imports_a_from_b, "
        f"sum(imports_b_from_a) AS imports_b_from_a FROM ({both})", "GROUP BY ALL")
    values = _lookup(frame, table)
    lo, hi = _year_range(frame)
    totals = store.query(
        "SELECT iso3, year, sum(imports) + sum(exports) AS total FROM trade_total "
        "WHERE source = 'cow-trade' AND year BETWEEN ? AND ? AND list_contains(?, iso3) GROUP BY ALL",
        [lo, hi, _states(frame)])
    for side in ("a", "b"):
        total = totals.rename(columns={"iso3": f"iso3_{side}", "total": f"total_trade_{side}"})
        merged = values[[f"iso3_{side}", "year"]].merge(total, how="left", on=[f"iso3_{side}", "year"],
                                                        validate="many_to_one")
        values[f"total_trade_{side}"] = merged[f"total_trade_{side}"].to_numpy(dtype=float, na_value=np.nan)
    for col in ("imports_a_from_b", "imports_b_from_a"):
        values[col] = values[col].to_numpy(dtype=float, na_value=np.nan)
    values["trade"] = values["imports_a_from_b"] + values["imports_b_from_a"]
    with np.errstate(divide="ignore", invalid="ignore"):
        for a, b in (("a", "b"), ("b", "a")):
            total = values[f"total_trade_{a}"].where(values[f"total_trade_{a}"] > 0)
            values[f"dependence_{a}_on_{b}"] = values["trade"] / total
    values["asymmetry"] = values["dependence_a_on_b"] - values["dependence_b_on_a"]
    outside = _outside(values, *years)
    values.loc[outside, TRADE_COLUMNS] = np.nan
    notes = [f"COW trade covers {years[0]}-{years[1]} in this store; later years are NA. "
             "trade is NA when either flow is missing."]
    return _attach(frame, values, TRADE_COLUMNS, store, step, ["cow-trade"], notes)


# -- add_igos --------------------------------------------------------------------------------------

def add_igos(frame, store) -> DyadFrame:
    """``shared_igos``: the number of intergovernmental organisations both states belong to
    (COW IGO v3). NA for dyad-years COW does not list, in particular every year after 2014."""
    step = "add_igos"
    _check(frame, step)
    years = _coverage(store, "igo", "cow-igo")
    both = ("SELECT iso3_a, iso3_b, year, shared FROM igo WHERE source = 'cow-igo' "
            "UNION ALL SELECT iso3_b, iso3_a, year, shared FROM igo WHERE source = 'cow-igo'")
    # Two codes folded into one state in one year (1990): the larger count, not the sum, since
    # the memberships of the two overlap.
    table = _query_dyads(store, frame, f"SELECT iso3_a, iso3_b, year, max(shared) AS shared_igos FROM ({both})",
                         "GROUP BY ALL")
    values = _lookup(frame, table)
    values["shared_igos"] = values["shared_igos"].astype("Int64")
    values.loc[_outside(values, *years), "shared_igos"] = pd.NA
    notes = [f"COW IGO covers {years[0]}-{years[1]} in this store; later years are NA."]
    return _attach(frame, values, IGO_COLUMNS, store, step, ["cow-igo"], notes)


# -- add_vote_alignment ----------------------------------------------------------------------------

def add_vote_alignment(frame, store, measures=VOTE_MEASURES) -> DyadFrame:
    """UN General Assembly vote alignment per calendar year: ``vote_n`` (roll calls on whole
    resolutions both states voted on that year) and ``vote_<measure>`` for each measure
    (``agreement``, ``index``, ``s``, ``kappa``, ``pi``; see dyadscope.measures.alignment).

    Computed by :func:`dyadscope.measures.all_dyads.compute_all_dyads` over the frame's states.
    ``vote_n`` is 0 in a year with votes in the store but none both cast; outside the years of
    the store's votes everything is NA. The measures are symmetric, so a directed frame has the
    same values for (a, b) and (b, a).
    """
    step = "add_vote_alignment"
    _check(frame, step)
    if isinstance(measures, str):
        measures = [m.strip() for m in measures.split(",")]
    measures = tuple(dict.fromkeys(m for m in measures if m))
    if not measures:
        raise FrameArgumentError("measures is empty; give at least one, e.g. ('agreement', 's', 'kappa')")
    try:
        from dyadscope.measures.all_dyads import compute_all_dyads
    except ImportError as e:
        raise MeasureUnavailableError(
            "vote alignment for many dyads needs dyadscope.measures.all_dyads, which this "
            f"installation lacks ({e})") from e
    columns = ["vote_n", *(f"vote_{m}" for m in measures)]
    lo, hi = store.con.execute("SELECT min(year(date)), max(year(date)) FROM votes").fetchone()
    if lo is None:
        raise SourceNotLoadedError("the store holds no UN votes; load source 'unvotes' or 'unxml' first")
    if len(frame):
        first, last = _year_range(frame)
        table = compute_all_dyads(store, by="year", states=_states(frame), measures=measures,
                                  roll_calls="resolutions", start=dt.date(first, 1, 1), end=dt.date(last, 12, 31))
        table = table.rename(columns={"period": "year", "n": "vote_n",
                                      **{m: f"vote_{m}" for m in measures}})
        table["year"] = table["year"].astype("int64")
        table = table[KEYS + columns]
        if frame.attrs.get("directed"):
            table = pd.concat([table, _swap(table)], ignore_index=True)
    else:
        table = pd.DataFrame({c: pd.Series(dtype="int64" if c == "year" else object) for c in KEYS + columns})
    values = _lookup(frame, table)
    outside = _outside(values, int(lo), int(hi))
    n = values["vote_n"].astype("Float64").fillna(0).astype("Int64")
    n[outside] = pd.NA
    values["vote_n"] = n
    for col in columns[1:]:
        values[col] = values[col].to_numpy(dtype=float, na_value=np.nan)
    notes = [f"UN votes cover {lo}-{hi} in this store (whole resolutions only); other years are NA."]
    return _attach(frame, values, columns, store, step, ["unvotes", "unxml"], notes)
