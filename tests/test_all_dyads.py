"""Every dyad at once: the same numbers as the single-dyad definitions, Voeten's published agreement,
the matrix view and the arguments.

Run as a script to print the validation tables of docs/measures/all-dyads.md:
``PYTHONPATH=src python tests/test_all_dyads.py [--store PATH]`` (without --store it loads ../shared/data
into a temporary store first).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadscope.errors import DyadscopeError, UnknownCountryError
from dyadscope.measures import all_dyads
from dyadscope.measures.all_dyads import AllDyadsError, compute_all_dyads, dyad_matrix
from dyadscope.measures.alignment import CODES, MEASURES, UnknownMeasureError
from dyadscope.measures.subsets import SubsetError
from dyadscope.measures.votes import shared_votes

DYADS = [("KAZ", "RUS"), ("RUS", "USA"), ("CHN", "KAZ")]  # each already in iso3 order
SESSIONS = [49, 66, 77, 80]
PARTNERS = {"RUS": "agree_rus", "USA": "agree_usa", "CHN": "agree_chn"}


# -- a hand-made store: every number known in advance --------------------------------------------

# KAZ and RUS vote as in tests/test_alignment.py (x: Y Y Y N A Y, y: Y Y N N Y Y); USA votes on the
# first two roll calls only. One amendment vote (KAZ Y, RUS N) and one roll call recorded by a
# second source (superseded) come on top.
HAND = {"agreement": 4 / 6, "index": 0.75, "s": 0.5, "kappa": 1 - 0.25 / (15 / 36), "pi": 1 - 0.25 / (59 / 144)}


@pytest.fixture
def hand_store(store):
    calls = [(f"t:{i}", 1, f"1946-0{i}-01", False, None) for i in range(1, 7)]
    calls += [("t:amend", 1, "1946-07-01", True, None), ("t:dup", 1, "1946-08-01", False, "t:1")]
    votes = list(zip(["KAZ"] * 6, "YYYNAY")) + list(zip(["RUS"] * 6, "YYNNYY"))
    rows = [(f"t:{i % 6 + 1}", iso3, v) for i, (iso3, v) in enumerate(votes)]
    rows += [("t:1", "USA", "N"), ("t:2", "USA", "Y")]
    rows += [("t:amend", "KAZ", "Y"), ("t:amend", "RUS", "N"), ("t:dup", "KAZ", "N"), ("t:dup", "RUS", "Y")]
    store.con.executemany(
        "INSERT INTO roll_call (rc_id, source, part, session, date, amend, superseded_by) "
        "VALUES (?, 'test', 'all', ?, ?, ?, ?)",
        calls)
    store.con.executemany("INSERT INTO vote (rc_id, iso3, vote) VALUES (?, ?, ?)", rows)
    return store


def test_hand_made_store(hand_store):
    frame = compute_all_dyads(hand_store, measures=list(HAND))
    assert frame[["period", "iso3_a", "iso3_b", "n"]].values.tolist() == [
        [1, "KAZ", "RUS", 6], [1, "KAZ", "USA", 2], [1, "RUS", "USA", 2]]
    kaz_rus = frame.iloc[0]
    for key, value in HAND.items():
        assert kaz_rus[key] == pytest.approx(value, abs=1e-12), key
    # KAZ-USA: Y/N and Y/Y
    assert frame.iloc[1][["agreement", "index", "s"]].tolist() == [0.5, 0.5, 0.0]


def test_hand_made_store_amendments_and_superseded(hand_store):
    every = compute_all_dyads(hand_store, roll_calls="all", measures="agreement", states=["KAZ", "RUS"])
    assert every[["n", "agreement"]].values.tolist() == [[7, 4 / 7]]  # the amendment counts, the duplicate never


@pytest.mark.parametrize("bits", [3, 2])
def test_packed_counts_and_the_unpacked_fallback(hand_store, monkeypatch, bits):
    # 3 bits hold the counts of up to 7 shared roll calls (packed path at another width);
    # with 2 bits, KAZ-RUS's 6 shared roll calls do not fit and the query runs unpacked
    every = tuple(HAND)
    wide = compute_all_dyads(hand_store, measures=every, roll_calls="all")
    monkeypatch.setattr(all_dyads, "FIELD_BITS", bits)
    pd.testing.assert_frame_equal(compute_all_dyads(hand_store, measures=every, roll_calls="all"), wide)


def test_hand_made_store_by_year_and_min_votes(hand_store):
    frame = compute_all_dyads(hand_store, by="year", min_votes=3)
    assert frame[["period", "iso3_a", "iso3_b", "n"]].values.tolist() == [[1946, "KAZ", "RUS", 6]]


# -- the real data: the same numbers as the single-dyad definitions ---------------------------------

@pytest.fixture(scope="module")
def every_measure(mirror_store):
    return compute_all_dyads(mirror_store, sessions=SESSIONS, measures=tuple(MEASURES)).set_index(
        ["period", "iso3_a", "iso3_b"])


def single_dyad(votes: pd.DataFrame) -> dict[str, float]:
    x = votes["vote_a"].map(CODES).to_numpy(np.int8)
    y = votes["vote_b"].map(CODES).to_numpy(np.int8)
    return {key: float(m.func(x, y)) for key, m in MEASURES.items()}


@pytest.mark.parametrize("session", SESSIONS)
@pytest.mark.parametrize("a,b", DYADS)
def test_same_numbers_as_single_dyad_definitions(mirror_store, every_measure, a, b, session):
    votes = shared_votes(mirror_store, a, b, sessions=[session])
    assert len(votes) > 20
    row = every_measure.loc[(session, a, b)]
    assert row["n"] == len(votes)
    expected = single_dyad(votes)
    np.testing.assert_allclose([row[k] for k in MEASURES], [expected[k] for k in MEASURES], rtol=1e-12, atol=1e-12)


def test_same_numbers_by_year_on_every_roll_call(mirror_store):
    frame = compute_all_dyads(mirror_store, by="year", start="2014-01-01", end="2023-12-31", roll_calls="all",
                              states=["KAZ", "RUS"], measures=tuple(MEASURES))
    assert frame["period"].tolist() == list(range(2014, 2024))
    votes = shared_votes(mirror_store, "KAZ", "RUS", start="2014-01-01", end="2023-12-31", roll_calls="all")
    for row in frame.itertuples():
        expected = single_dyad(votes[votes["year"] == row.period])
        assert row.n == (votes["year"] == row.period).sum()
        np.testing.assert_allclose([getattr(row, k) for k in MEASURES], [expected[k] for k in MEASURES],
                                   rtol=1e-12, atol=1e-12)


def test_same_numbers_on_an_issue_subset(mirror_store):
    frame = compute_all_dyads(mirror_store, issue="ukraine", states=["KAZ", "RUS", "USA"], measures=tuple(MEASURES))
    for a, b in [("KAZ", "RUS"), ("KAZ", "USA"), ("RUS", "USA")]:
        votes = shared_votes(mirror_store, a, b, issue="ukraine")
        ours = frame[(frame["iso3_a"] == a) & (frame["iso3_b"] == b)]
        assert ours["n"].sum() == len(votes)
        for session, group in votes.groupby("session"):
            row = ours[ours["period"] == session].iloc[0]
            expected = single_dyad(group)
            np.testing.assert_allclose([row[k] for k in MEASURES], [expected[k] for k in MEASURES],
                                       rtol=1e-12, atol=1e-12)


# -- the real data: Voeten's published agreement -----------------------------------------------------

def voeten_comparison(store, *, roll_calls: str = "resolutions", sessions=range(1, 75)) -> pd.DataFrame:
    """Per state, partner (RUS, USA, CHN) and session: our agreement next to the published share.

    One row per published value; ``agreement`` is NaN where we find no shared roll call.
    """
    ours = compute_all_dyads(store, sessions=sessions, states=None, measures=("agreement",), roll_calls=roll_calls)
    published = store.query(
        "SELECT iso3, session, agree_rus, agree_usa, agree_chn FROM ideal_point WHERE session BETWEEN ? AND ?",
        [min(sessions), max(sessions)])
    frames = []
    for partner, column in PARTNERS.items():
        dyads = ours[(ours["iso3_a"] == partner) | (ours["iso3_b"] == partner)]
        other = dyads["iso3_b"].where(dyads["iso3_a"] == partner, dyads["iso3_a"])
        dyads = pd.DataFrame({"iso3": other, "session": dyads["period"], "n": dyads["n"],
                              "agreement": dyads["agreement"]})
        rows = published.loc[(published["iso3"] != partner) & published[column].notna(), ["iso3", "session", column]]
        rows = rows.rename(columns={column: "published"}).merge(dyads, on=["iso3", "session"], how="left")
        frames.append(rows.assign(partner=partner))
    frame = pd.concat(frames, ignore_index=True)
    frame["diff"] = (frame["agreement"] - frame["published"]).abs()
    return frame


def summarise(frame: pd.DataFrame) -> dict:
    d = frame["diff"].dropna()
    return {"n": len(d), "mean": d.mean(), "median": d.median(), "p95": d.quantile(0.95),
            "within_0.01": (d <= 0.01).mean(), "unmatched": int(frame["agreement"].isna().sum())}


@pytest.fixture(scope="module")
def voeten(mirror_store):
    return voeten_comparison(mirror_store)


def test_kazakhstan_russia_reproduces_russagree(voeten):
    kaz = voeten[(voeten["partner"] == "RUS") & (voeten["iso3"] == "KAZ") & voeten["session"].between(47, 74)]
    assert len(kaz) == 28
    assert kaz["diff"].mean() <= 0.01, kaz[["session", "agreement", "published"]]


def test_every_state_against_russia_usa_china(voeten):
    for partner in PARTNERS:
        figures = summarise(voeten[voeten["partner"] == partner])
        assert figures["n"] > 8000 and figures["unmatched"] <= 1, figures
        assert figures["median"] < 0.005, (partner, figures)
        assert figures["within_0.01"] > 0.6, (partner, figures)
    # from session 40 (1985) on the published shares count votes on whole resolutions only,
    # as roll_calls="resolutions" does: there most published values are reproduced exactly
    late = summarise(voeten[voeten["session"] >= 40])
    assert late["median"] < 1e-6 and late["within_0.01"] > 0.85, late


def test_early_sessions_count_every_roll_call(mirror_store, voeten):
    # in sessions 1-39 the published shares count amendment and paragraph votes too
    early = voeten_comparison(mirror_store, roll_calls="all", sessions=range(1, 40))
    assert summarise(early)["mean"] < summarise(voeten[voeten["session"] < 40])["mean"] / 2


# -- the matrix, the states filter, min_votes, bad arguments ---------------------------------------

@pytest.fixture(scope="module")
def session_78(mirror_store):
    return compute_all_dyads(mirror_store, sessions=[78], measures=("agreement", "kappa"))


def test_matrix_symmetric_with_nan_diagonal(session_78):
    matrix = dyad_matrix(session_78, "kappa")
    assert list(matrix.index) == list(matrix.columns) == sorted(matrix.index)
    assert len(matrix) >= 190
    values = matrix.to_numpy()
    assert np.isnan(np.diag(values)).all()
    np.testing.assert_array_equal(values, values.T)
    row = session_78[(session_78["iso3_a"] == "KAZ") & (session_78["iso3_b"] == "RUS")].iloc[0]
    assert matrix.loc["KAZ", "RUS"] == matrix.loc["RUS", "KAZ"] == row["kappa"]
    assert dyad_matrix(session_78, "n").loc["RUS", "KAZ"] == row["n"]


def test_matrix_needs_one_period(mirror_store, session_78):
    two = compute_all_dyads(mirror_store, sessions=[77, 78], states=["KAZ", "RUS", "CHN"])
    with pytest.raises(AllDyadsError, match="holds 2 periods"):
        dyad_matrix(two, "agreement")
    assert dyad_matrix(two, "agreement", period=77).shape == (3, 3)
    with pytest.raises(AllDyadsError, match="period 76 is not in the frame"):
        dyad_matrix(two, "agreement", period=76)
    with pytest.raises(AllDyadsError, match="no column 'pi'"):
        dyad_matrix(session_78, "pi")
    with pytest.raises(UnknownMeasureError, match="unknown measure 'tau'"):
        dyad_matrix(session_78, "tau")


def test_states_filter_same_rows_as_filtering_afterwards(mirror_store, session_78):
    states = ["USA", "RUS", "CHN", "KAZ", "KGZ", "UZB", "TJK", "TKM", "BLR", "ARM", "Azerbaijan"]
    codes = {"USA", "RUS", "CHN", "KAZ", "KGZ", "UZB", "TJK", "TKM", "BLR", "ARM", "AZE"}
    fast = compute_all_dyads(mirror_store, sessions=[78], states=states, measures=("agreement", "kappa"))
    slow = session_78[session_78["iso3_a"].isin(codes) & session_78["iso3_b"].isin(codes)].reset_index(drop=True)
    assert len(fast) == len(codes) * (len(codes) - 1) // 2
    pd.testing.assert_frame_equal(fast, slow)


def test_min_votes(mirror_store, session_78):
    cut = int(session_78["n"].quantile(0.25))
    fewer = compute_all_dyads(mirror_store, sessions=[78], measures=("agreement", "kappa"), min_votes=cut)
    assert 0 < len(fewer) < len(session_78) and fewer["n"].min() >= cut
    pd.testing.assert_frame_equal(fewer, session_78[session_78["n"] >= cut].reset_index(drop=True))


def test_columns_and_order(session_78):
    assert list(session_78.columns) == ["period", "iso3_a", "iso3_b", "n", "agreement", "kappa"]
    assert (session_78["iso3_a"] < session_78["iso3_b"]).all()
    assert session_78.equals(session_78.sort_values(["period", "iso3_a", "iso3_b"]).reset_index(drop=True))


@pytest.mark.parametrize("kwargs,error,message", [
    ({"measures": ("agreement", "tau")}, UnknownMeasureError,
     "unknown measure 'tau' for all dyads; accepted: agreement, index, s, kappa, pi"),
    ({"measures": "idealdist"}, UnknownMeasureError, "unknown measure 'idealdist'"),
    ({"measures": ()}, AllDyadsError, "name at least one measure"),
    ({"by": "month"}, AllDyadsError, "unknown period 'month'; accepted: session, year"),
    ({"min_votes": 0}, AllDyadsError, "min_votes must be a whole number of at least 1; got 0"),
    ({"states": ["KAZ", "Narnia"]}, UnknownCountryError, "unknown country 'Narnia'"),
    ({"issue": "sports"}, SubsetError, "unknown issue subset 'sports'"),
    ({"roll_calls": "some"}, SubsetError, "unknown kind of roll call 'some'"),
    ({"start": "2020-13-01"}, SubsetError, "start must be an ISO date"),
])
def test_bad_arguments(mirror_store, kwargs, error, message):
    with pytest.raises(error, match=message) as caught:
        compute_all_dyads(mirror_store, **kwargs)
    assert isinstance(caught.value, DyadscopeError)


def test_nothing_selected_gives_an_empty_frame(mirror_store):
    frame = compute_all_dyads(mirror_store, sessions=[], measures=("agreement", "pi"))
    assert list(frame.columns) == ["period", "iso3_a", "iso3_b", "n", "agreement", "pi"] and frame.empty
    assert dyad_matrix(frame, "agreement").empty


# -- the validation tables of docs/measures/all-dyads.md -------------------------------------------

def validation_tables(store) -> str:
    def table(rows: list[tuple[str, str, pd.DataFrame]]) -> list[str]:
        out = ["| partner | sessions | roll calls | n | mean | median | 95th pct | within 0.01 | unmatched |",
               "|---|---|---|---:|---:|---:|---:|---:|---:|"]
        for label, roll_calls, frame in rows:
            f = summarise(frame)
            out.append(f"| {label} | {int(frame['session'].min())}–{int(frame['session'].max())} | {roll_calls} "
                       f"| {f['n']} | {f['mean']:.4f} | {f['median']:.4f} | {f['p95']:.4f} | {f['within_0.01']:.3f} "
                       f"| {f['unmatched']} |")
        return out

    res = voeten_comparison(store)
    every = voeten_comparison(store, roll_calls="all")
    lines = table([(p, "resolutions", res[res["partner"] == p]) for p in PARTNERS]
                  + [("all three", "resolutions", res)])
    lines += [""] + table([
        ("all three", "resolutions", res[res["session"] < 40]),
        ("all three", "all", every[every["session"] < 40]),
        ("all three", "resolutions", res[res["session"] >= 40]),
        ("all three", "all", every[every["session"] >= 40]),
        ("all three", "resolutions", voeten_comparison(store, sessions=range(75, 79))),
    ])
    kaz = res[(res["partner"] == "RUS") & (res["iso3"] == "KAZ") & res["session"].between(47, 74)]
    lines += ["", f"KAZ–RUS, sessions 47–74, resolutions: mean |difference| {kaz['diff'].mean():.4f} "
                  f"over {len(kaz)} sessions.", ""]
    # per session: the median |difference|, and the median over states of (roll calls the state
    # voted on in our selection) - (n_votes in the published file)
    lines += ["| session | median diff, resolutions | median diff, all | roll calls − n_votes, resolutions "
              "| roll calls − n_votes, all |", "|---:|---:|---:|---:|---:|"]
    counts = store.query("""
        SELECT i.session,
               median(count_res - i.n_votes) AS extra_res, median(count_all - i.n_votes) AS extra_all
        FROM ideal_point i
        JOIN (SELECT v.iso3, r.session, count(*) AS count_all,
                     count(*) FILTER (WHERE NOT coalesce(r.amend, false) AND NOT coalesce(r.para, false)) AS count_res
              FROM vote v JOIN roll_call r ON r.rc_id = v.rc_id WHERE r.superseded_by IS NULL GROUP BY ALL) c
          ON c.iso3 = i.iso3 AND c.session = i.session
        WHERE i.session <= 74 GROUP BY i.session""").set_index("session")
    medians = pd.DataFrame({"res": res.groupby("session")["diff"].median(),
                            "all": every.groupby("session")["diff"].median()}).join(counts)
    for session, row in medians.iterrows():
        lines.append(f"| {session} | {row['res']:.4f} | {row['all']:.4f} "
                     f"| {row['extra_res']:+.0f} | {row['extra_all']:+.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse
    import tempfile
    from pathlib import Path

    from dyadscope import api
    from dyadscope.store import Store

    parser = argparse.ArgumentParser(description="Print the validation tables against Voeten's published agreement.")
    parser.add_argument("--store", type=Path, help="a loaded store (default: load ../shared/data into a temporary one)")
    parser.add_argument("--mirror", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args()
    if args.store:
        with Store(args.store, read_only=True) as s:
            print(validation_tables(s))
    else:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "store.duckdb") as s:
            api.load_mirror(s, args.mirror)
            print(validation_tables(s))
