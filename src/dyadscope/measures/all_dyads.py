"""Vote alignment of every dyad at once, per UN session or calendar year, as a long table or a matrix.

``compute_all_dyads(store)`` gives one row per non-directed dyad (``iso3_a < iso3_b``) and period
with the number of roll calls on which both voted (``n``) and any of the measures of
:mod:`dyadscope.measures.alignment` (agreement, index, s, kappa, pi), with the same definitions
and the same numbers as the single-dyad functions there. ``dyad_matrix`` turns one period of that
table into a square, symmetric state-by-state matrix.

How: one DuckDB query joins the votes with themselves on the roll call and, in the same GROUP BY,
keeps only the counts every measure is a function of: ``n``, the identical votes, the summed
distance ``|x - y|`` in half-steps (votes coded no 0, abstain 1, yes 2, so ``|code_a - code_b|``
is twice the distance on the 0 / 0.5 / 1 scale) and each side's count of no and abstain votes
(the marginals of Häge's kappa and pi). The measures are then vectorised arithmetic on those
counts. Roll calls are chosen by :func:`dyadscope.measures.subsets.roll_call_filter`, as for one dyad.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa

from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError
from dyadscope.measures.alignment import MEASURES, UnknownMeasureError
from dyadscope.measures.alignment import _chance_corrected as chance_corrected
from dyadscope.measures.subsets import roll_call_filter

PERIODS = {"session": "r.session", "year": "year(r.date)"}
DEFAULT_MEASURES = ("agreement", "s", "kappa")


class AllDyadsError(DyadscopeError):
    """An argument of compute_all_dyads or dyad_matrix that cannot be used."""


def check_measures(measures) -> list[str]:
    """Measure keys from a sequence or a comma-separated string, in order, without repeats."""
    if isinstance(measures, str):
        measures = [m.strip() for m in measures.split(",") if m.strip()]
    keys = list(dict.fromkeys(measures))
    if not keys:
        raise AllDyadsError(f"name at least one measure; accepted: {', '.join(MEASURES)}")
    for key in keys:
        if key not in MEASURES:
            raise UnknownMeasureError(
                f"unknown measure {key!r} for all dyads; accepted: {', '.join(MEASURES)}")
    return keys


def _state_codes(store, states) -> list[str]:
    """The sorted ISO3 codes whose votes take part: the given states, or every state that voted."""
    if states is None:
        return [row[0] for row in store.con.execute("SELECT DISTINCT iso3 FROM vote ORDER BY iso3").fetchall()]
    if isinstance(states, str):
        states = [s.strip() for s in states.split(",") if s.strip()]
    registry = Registry.default()
    return sorted({registry.resolve(s) for s in states})


@contextmanager
def _no_progress_bar(con):
    """DuckDB draws a progress bar on queries that run for seconds; library code never prints."""
    shown = con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    con.execute("SET enable_progress_bar = false")
    try:
        yield con
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if shown else 'false'}")


# The six counts per dyad and period travel packed in one BIGINT sum, FIELD_BITS bits each (the
# half-step distance, up to 2n, in the open top bits): two aggregates instead of seven make the
# query about a sixth faster. Exact while every dyad shares fewer than 2**FIELD_BITS roll calls in
# a period; the UN data never come near (at most 184 in a year), and a result that does is
# recomputed with one aggregate per count.
FIELD_BITS = 10
FIELDS = ("same", "a_no", "a_abstain", "b_no", "b_abstain", "halfsteps")


def _coded_votes(period_sql: str, where: str, packed: bool) -> str:
    """The CTEs: the states as small integers, and each selected vote with its period and code."""
    bits = ""
    if packed:
        w = FIELD_BITS
        bits = (f", CASE v.vote WHEN 'N' THEN {1 << w} WHEN 'A' THEN {1 << 2 * w} ELSE 0 END::BIGINT AS bits_a"
                f", CASE v.vote WHEN 'N' THEN {1 << 3 * w} WHEN 'A' THEN {1 << 4 * w} ELSE 0 END::BIGINT AS bits_b")
    return f"""
        WITH state AS (
            SELECT unnest(?::VARCHAR[]) AS iso3, (generate_subscripts(?::VARCHAR[], 1) - 1)::SMALLINT AS sid
        ),
        coded AS MATERIALIZED (
            SELECT v.rc_id, ({period_sql})::SMALLINT AS period, s.sid,
                   CASE v.vote WHEN 'N' THEN 0 WHEN 'A' THEN 1 ELSE 2 END::TINYINT AS code{bits}
            FROM vote v
            JOIN roll_call r ON r.rc_id = v.rc_id
            JOIN state s ON s.iso3 = v.iso3
            WHERE {where}
        )"""


def _aggregates(packed: bool) -> str:
    if packed:
        return f"""count(*) AS n,
            sum(a.bits_a + b.bits_b + (a.code = b.code)::BIGINT
                + (abs(a.code - b.code)::BIGINT << {5 * FIELD_BITS}))::BIGINT AS packed"""
    return """count(*) AS n,
            count(*) FILTER (WHERE a.code = b.code) AS same,
            sum(abs(a.code - b.code))::BIGINT AS halfsteps,
            count(*) FILTER (WHERE a.code = 0) AS a_no,
            count(*) FILTER (WHERE a.code = 1) AS a_abstain,
            count(*) FILTER (WHERE b.code = 0) AS b_no,
            count(*) FILTER (WHERE b.code = 1) AS b_abstain"""


def _dyad_sums(store, codes: list[str], period_sql: str, where: str, params: list, min_votes: int) -> dict:
    """Per dyad and period: n, identical votes, summed half-step distance, each side's N and A counts.

    States enter as small integers (their position in the sorted ``codes``), so that the join
    condition and the grouping compare integers, and ``sid_a < sid_b`` is ``iso3_a < iso3_b``.
    Restricting ``codes`` filters the votes before the join, which is where the time goes.
    """
    def run(packed: bool) -> dict:
        sql = f"""{_coded_votes(period_sql, where, packed)}
            SELECT a.period, a.sid AS sid_a, b.sid AS sid_b, {_aggregates(packed)}
            FROM coded a
            JOIN coded b ON a.rc_id = b.rc_id AND a.sid < b.sid
            GROUP BY a.period, a.sid, b.sid
            HAVING count(*) >= ?
        """
        with _no_progress_bar(store.con) as con:
            found = con.execute(sql, [codes, codes, *params, min_votes]).fetchnumpy()
        return {key: np.asarray(values) for key, values in found.items()}

    sums = run(packed=True)
    if len(sums["n"]) and sums["n"].max() >= 1 << FIELD_BITS:
        sums = run(packed=False)
    else:
        packed, mask = sums.pop("packed"), (1 << FIELD_BITS) - 1
        for i, key in enumerate(FIELDS[:-1]):
            sums[key] = (packed >> (i * FIELD_BITS)) & mask
        sums["halfsteps"] = packed >> (len(FIELDS) - 1) * FIELD_BITS
    order = np.lexsort((sums["sid_b"], sums["sid_a"], sums["period"]))
    return {key: values[order] for key, values in sums.items()}


def _measure_values(sums: dict, measures: list[str]) -> dict[str, np.ndarray]:
    """The measures from the sums, by the same arithmetic as the single-dyad functions."""
    n = sums["n"].astype(float)
    observed = sums["halfsteps"].astype(float) * 0.5 / n  # mean |x - y| on the 0 / 0.5 / 1 scale
    out: dict[str, np.ndarray] = {}
    if {"kappa", "pi"} & set(measures):
        counts_a = np.stack([sums["a_no"], sums["a_abstain"], sums["n"] - sums["a_no"] - sums["a_abstain"]], axis=-1)
        counts_b = np.stack([sums["b_no"], sums["b_abstain"], sums["n"] - sums["b_no"] - sums["b_abstain"]], axis=-1)
        counts_a, counts_b = counts_a.astype(float), counts_b.astype(float)
    for key in measures:
        if key == "agreement":
            out[key] = sums["same"] / n
        elif key == "index":
            out[key] = 1.0 - observed
        elif key == "s":
            out[key] = 1.0 - 2.0 * observed
        elif key == "kappa":
            out[key] = chance_corrected(observed, counts_a / n[:, None], counts_b / n[:, None])
        elif key == "pi":
            pooled = (counts_a + counts_b) / (2 * n[:, None])
            out[key] = chance_corrected(observed, pooled, pooled)
    return out


def compute_all_dyads(
    store,
    *,
    by: str = "session",
    start=None,
    end=None,
    sessions=None,
    states=None,
    measures=DEFAULT_MEASURES,
    roll_calls: str = "resolutions",
    issue: str | None = None,
    min_votes: int = 1,
) -> pd.DataFrame:
    """One row per non-directed dyad (``iso3_a < iso3_b``) and period sharing ``min_votes`` roll calls.

    Columns: ``period`` (session number, or calendar year for ``by="year"``), ``iso3_a``,
    ``iso3_b``, ``n`` (roll calls on which both voted), then one column per measure: any of
    agreement, index, s, kappa, pi (see :mod:`dyadscope.measures.alignment`). Rows are sorted by
    period, iso3_a, iso3_b. ``states``: ISO3 codes (or names the country registry knows); only
    dyads with both states in the list. ``start``/``end`` (ISO dates), ``sessions``, ``issue`` and
    ``roll_calls`` choose the roll calls as :func:`~dyadscope.measures.subsets.roll_call_filter` does.

    >>> compute_all_dyads(store, sessions=[78], states=["KAZ", "RUS", "USA"])  # doctest: +SKIP
       period iso3_a iso3_b   n  agreement         s     kappa
    0      78    KAZ    RUS  79   0.531646  0.303797  0.108718
    1      78    KAZ    USA  79   0.253165 -0.316456 -0.071466
    2      78    RUS    USA  87   0.172414 -0.436782 -0.406674
    """
    if by not in PERIODS:
        raise AllDyadsError(f"unknown period {by!r}; accepted: {', '.join(PERIODS)}")
    keys = check_measures(measures)
    if isinstance(min_votes, bool) or not isinstance(min_votes, (int, np.integer)) or min_votes < 1:
        raise AllDyadsError(f"min_votes must be a whole number of at least 1; got {min_votes!r}")
    where, params = roll_call_filter(issue=issue, roll_calls=roll_calls, start=start, end=end, sessions=sessions)
    codes = _state_codes(store, states)
    sums = _dyad_sums(store, codes, PERIODS[by], where, params, int(min_votes))
    names = pa.array(codes, type=pa.string())
    frame = pd.DataFrame({
        "period": sums["period"].astype(np.int64),
        "iso3_a": names.take(sums["sid_a"]).to_pandas(),  # about ten times faster than via Python objects
        "iso3_b": names.take(sums["sid_b"]).to_pandas(),
        "n": sums["n"].astype(np.int64),
    })
    for key, values in _measure_values(sums, keys).items():
        frame[key] = values.astype(float)
    return frame


def dyad_matrix(frame: pd.DataFrame, measure: str, period=None) -> pd.DataFrame:
    """One period of a :func:`compute_all_dyads` table as a square, symmetric state-by-state matrix.

    Index and columns are the ISO3 codes of the states in that period, sorted; the diagonal and
    dyads without a row are NaN. ``measure`` is a measure column of the frame, or ``n``.
    ``period`` may be left out when the frame holds one period only.
    """
    missing = [c for c in ("period", "iso3_a", "iso3_b") if c not in frame.columns]
    if missing:
        raise AllDyadsError(f"not a dyad frame: no column {', '.join(missing)}; make one with compute_all_dyads")
    if measure != "n" and measure not in MEASURES:
        raise UnknownMeasureError(f"unknown measure {measure!r}; accepted: n, {', '.join(MEASURES)}")
    if measure not in frame.columns:
        have = [c for c in frame.columns if c not in ("period", "iso3_a", "iso3_b")]
        raise AllDyadsError(f"the frame has no column {measure!r}; it has: {', '.join(have)}")
    periods = pd.unique(frame["period"])
    if period is None:
        if len(periods) > 1:
            raise AllDyadsError(
                f"the frame holds {len(periods)} periods ({min(periods)} to {max(periods)}); name one with period=")
        period = periods[0] if len(periods) else None
    elif period not in set(periods.tolist()):
        raise AllDyadsError(f"period {period!r} is not in the frame; it holds {min(periods)} to {max(periods)}"
                            if len(periods) else f"period {period!r} is not in the frame; the frame is empty")
    rows = frame[frame["period"] == period] if period is not None else frame.iloc[0:0]
    states = sorted(set(rows["iso3_a"]) | set(rows["iso3_b"]))
    position = {iso3: i for i, iso3 in enumerate(states)}
    a = rows["iso3_a"].map(position).to_numpy(np.intp)
    b = rows["iso3_b"].map(position).to_numpy(np.intp)
    values = np.full((len(states), len(states)), np.nan)
    values[a, b] = rows[measure].to_numpy(float)
    values[b, a] = values[a, b]
    index = pd.Index(states, name="iso3")
    return pd.DataFrame(values, index=index, columns=index.rename(None))
