"""Post-Soviet states ranked by their alignment with Russia on the real data; Kazakhstan's place."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadscope.analysis.peers import PeersError, compute_peers, peer_rank
from dyadscope.countries import Registry


@pytest.fixture(scope="module")
def by_session(mirror_store):
    return compute_peers(mirror_store, "RUS", focal="KAZ")


@pytest.fixture(scope="module")
def by_year(mirror_store):
    return compute_peers(mirror_store, "RUS", focal="KAZ", by="year", start="2019-01-01")


def test_the_fourteen_other_post_soviet_states(by_session):
    expected = set(Registry.default().post_soviet()) - {"RUS"}
    assert len(expected) == 14
    assert set(by_session["iso3"]) == expected
    per_session = by_session.groupby("period")["iso3"].nunique()
    assert (per_session <= 14).all()
    assert (per_session.loc[57:80] == 14).all()
    # before 1991 only the two Soviet republics with their own UN seat voted
    assert set(by_session.loc[by_session["period"] <= 45, "iso3"]) == {"BLR", "UKR"}


def test_ranks_run_from_1_to_n_ranked_in_every_period(by_session, by_year):
    for frame in (by_session, by_year):
        for _, group in frame.groupby("period"):
            ranked = group[group["value"].notna()]
            n = group["n_ranked"].iloc[0]
            assert n == len(ranked) and ranked["rank"].notna().all()
            assert ranked["rank"].min() == 1 and ranked["rank"].max() <= n
            # 'min' ties: each rank is 1 + the number of states strictly more aligned
            for value, rank in zip(ranked["value"], ranked["rank"]):
                assert rank == 1 + (ranked["value"] > value).sum()


def test_kazakhstan_rank_in_the_sessions_of_2021_and_2024(by_session):
    assert by_session["is_focal"].sum() == by_session.loc[by_session["iso3"] == "KAZ"].shape[0]
    s76 = peer_rank(by_session, "KAZ", 76)
    s79 = peer_rank(by_session, "KAZ", 79)
    assert (s76["rank"], s76["of"]) == (6, 14)
    assert (s79["rank"], s79["of"]) == (7, 14)
    assert s76["value"] == pytest.approx(54 / 83)
    assert s79["value"] == pytest.approx(69 / 111)
    assert s76["median"] == pytest.approx(0.6367, abs=1e-4)
    assert s79["median"] == pytest.approx(0.6117, abs=1e-4)


def test_kazakhstan_rank_in_the_calendar_years_2021_and_2024(by_year):
    y2021 = peer_rank(by_year, "KAZ", 2021)
    y2024 = peer_rank(by_year, "KAZ", 2024)
    assert (y2021["rank"], y2021["of"], y2021["value"]) == (8, 14, pytest.approx(53 / 84))
    assert (y2024["rank"], y2024["of"], y2024["value"]) == (7, 14, pytest.approx(48 / 87))
    # in both years Kazakhstan sits within 0.02 of the post-Soviet median
    assert abs(y2021["value"] - y2021["median"]) < 0.02 and abs(y2024["value"] - y2024["median"]) < 0.02


def test_belarus_first_since_2022(by_session, by_year):
    firsts = by_session[by_session["rank"] == 1].set_index("period")["iso3"]
    assert (firsts.loc[75:80] == "BLR").all()
    firsts_year = by_year[by_year["rank"] == 1].set_index("period")["iso3"]
    assert (firsts_year.loc[2022:2025] == "BLR").all()
    # Moldova, Georgia and Ukraine share the bottom three in every session from 76 (2021-22) on
    bottom = by_session[(by_session["period"] >= 76) & (by_session["rank"] >= 12)]
    assert set(bottom["iso3"]) == {"MDA", "GEO", "UKR"}


def test_rank_agrees_with_the_value_of_each_dyad(mirror_store, by_session):
    row = by_session[(by_session["period"] == 79) & (by_session["iso3"] == "BLR")].iloc[0]
    where_n = mirror_store.query(
        """
        SELECT count(*) AS n, sum(CASE WHEN a.vote = b.vote THEN 1 ELSE 0 END) AS same
        FROM roll_call r JOIN vote a ON a.rc_id = r.rc_id AND a.iso3 = 'RUS'
        JOIN vote b ON b.rc_id = r.rc_id AND b.iso3 = 'BLR'
        WHERE r.session = 79 AND r.superseded_by IS NULL AND NOT coalesce(r.amend, false)
          AND NOT coalesce(r.para, false)
        """
    ).iloc[0]
    assert row["n"] == where_n["n"]
    assert row["value"] == pytest.approx(where_n["same"] / where_n["n"])


def test_a_region_as_a_list_and_ties_share_the_best_rank(mirror_store):
    frame = compute_peers(mirror_store, "RUS", region=["Estonia", "Latvia", "Lithuania"], start="2021-09-01",
                          end="2022-09-01")
    s76 = frame[frame["period"] == 76].set_index("iso3")
    # Estonia and Latvia voted as Russia did equally often (42 of 83 roll calls): a tie
    assert s76.loc["EST", "value"] == s76.loc["LVA", "value"]
    assert s76.loc["EST", "rank"] == s76.loc["LVA", "rank"] == 1 and s76.loc["LTU", "rank"] == 3
    assert not frame["is_focal"].any()


def test_bad_arguments_name_the_value_and_what_is_accepted(mirror_store, by_session):
    with pytest.raises(PeersError, match="unknown region 'balkans'; accepted: post-soviet"):
        compute_peers(mirror_store, "RUS", region="balkans")
    with pytest.raises(PeersError, match="focal state CHN is not in the region"):
        compute_peers(mirror_store, "RUS", focal="CHN")
    with pytest.raises(PeersError, match="unknown period 'month'"):
        compute_peers(mirror_store, "RUS", by="month")
    with pytest.raises(PeersError, match="no peer values for period 2024; periods available: 1-80"):
        peer_rank(by_session, "KAZ", 2024)
    with pytest.raises(PeersError, match="KAZ has no ranked value in period 46"):
        peer_rank(by_session, "KAZ", 46)
    assert isinstance(by_session["rank"].dtype, pd.Int64Dtype)
