"""Vote alignment of one dyad on the real data, checked against Voeten's published agreement."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dyadscope.cli import cli, records
from dyadscope.errors import DyadscopeError
from dyadscope.measures.votes import compute_vote_alignment, shared_votes


@pytest.fixture(scope="module")
def kaz_rus(mirror_store):
    return compute_vote_alignment(mirror_store, "KAZ", "RUS", by="session", n_boot=300)


def published(store, state="KAZ", column="agree_rus"):
    frame = store.query(f"SELECT session, {column} AS value FROM ideal_point WHERE iso3 = ?", [state])
    return frame.set_index("session")["value"]


def test_reproduces_voeten_russagree_for_kazakhstan(mirror_store, kaz_rus):
    ours = kaz_rus.set_index("period")["agreement"]
    sessions = range(47, 75)
    diff = (ours.loc[sessions] - published(mirror_store).loc[sessions]).abs()
    assert diff.mean() <= 0.01, diff.describe()


def test_counting_amendment_votes_moves_away_from_the_published_shares(mirror_store, kaz_rus):
    every = compute_vote_alignment(mirror_store, "KAZ", "RUS", measures="agreement", roll_calls="all", n_boot=0)
    sessions = range(47, 75)
    diff_all = (every.set_index("period")["agreement"].loc[sessions] - published(mirror_store).loc[sessions]).abs()
    diff_res = (kaz_rus.set_index("period")["agreement"].loc[sessions] - published(mirror_store).loc[sessions]).abs()
    assert diff_all.mean() > diff_res.mean()


def test_every_session_since_1992_with_intervals(kaz_rus):
    assert kaz_rus["period"].tolist() == list(range(47, 81))
    for m in ("agreement", "index", "s", "kappa", "pi"):
        assert (kaz_rus[f"{m}_lo"] <= kaz_rus[m] + 1e-12).all() and (kaz_rus[m] <= kaz_rus[f"{m}_hi"] + 1e-12).all()
    assert kaz_rus.loc[kaz_rus["period"] <= 78, "idealdist"].notna().all()


def test_fall_after_2022_visible(kaz_rus):
    by = kaz_rus.set_index("period")
    before = by.loc[56:63, "agreement"].mean()  # 2001-2009
    after = by.loc[77:78, "agreement"]            # autumn 2022 - summer 2024
    assert (after < before - 0.2).all()
    # the interval of the 2023-24 session lies wholly below the 2001-2009 mean
    assert by.loc[78, "agreement_hi"] < before


def test_n_is_the_number_of_shared_roll_calls(mirror_store, kaz_rus):
    votes = shared_votes(mirror_store, "KAZ", "RUS", sessions=[77])
    assert kaz_rus.set_index("period").loc[77, "n"] == len(votes)


def test_ukraine_subset_kazakhstan_abstains_where_russia_votes_no(mirror_store):
    votes = shared_votes(mirror_store, "Kazakhstan", "Russian Federation", issue="ukraine")
    assert "A/RES/68/262" in set(votes["symbol"])
    pairs = votes.groupby(["vote_a", "vote_b"]).size().to_dict()
    assert pairs[("A", "N")] >= 10
    assert ("Y", "Y") not in pairs
    es11 = votes[votes["session_label"] == "ES-11"]
    assert es11[["vote_a", "vote_b"]].values.tolist() == [["A", "N"], ["A", "N"], ["N", "N"], ["A", "N"], ["A", "N"], ["A", "N"]]
    whole = compute_vote_alignment(mirror_store, "KAZ", "RUS", by="all", issue="ukraine", measures="agreement", n_boot=0)
    assert whole["n"].item() == len(votes)


def test_year_and_range(mirror_store):
    years = compute_vote_alignment(mirror_store, "KAZ", "RUS", by="year", start="2021-01-01", end="2024-12-31",
                                   measures="agreement,kappa", n_boot=0)
    assert years["period"].tolist() == [2021, 2022, 2023, 2024]
    assert str(years["first"].min()) >= "2021-01-01" and str(years["last"].max()) <= "2024-12-31"


@pytest.mark.parametrize("kwargs,message", [
    ({"by": "month"}, "unknown period 'month'"),
    ({"measures": "tau"}, "unknown measure 'tau'"),
    ({"issue": "sports"}, "unknown issue subset 'sports'"),
    ({"start": "2020-13-01"}, "start must be an ISO date"),
    ({"roll_calls": "some"}, "unknown kind of roll call 'some'"),
])
def test_bad_arguments(mirror_store, kwargs, message):
    with pytest.raises(DyadscopeError, match=message):
        compute_vote_alignment(mirror_store, "KAZ", "RUS", **kwargs)


def test_cli_json_equals_api(mirror_store):
    args = ["--store", mirror_store.path, "measure", "KAZ", "RUS", "--measure", "agreement,s,kappa,pi,idealdist",
            "--by", "session", "--boot", "200", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    api = compute_vote_alignment(mirror_store, "KAZ", "RUS", measures="agreement,s,kappa,pi,idealdist", n_boot=200)
    assert json.loads(result.stdout) == json.loads(json.dumps(records(api)))


def test_cli_csv_equals_api(mirror_store):
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "measure", "KAZ", "RUS", "--issue", "ukraine",
                                      "--by", "all", "--measure", "agreement", "--boot", "0", "--csv"])
    api = compute_vote_alignment(mirror_store, "KAZ", "RUS", by="all", issue="ukraine", measures="agreement", n_boot=0)
    assert result.stdout == api.to_csv(index=False)


def test_cli_bad_measure(mirror_store):
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "measure", "KAZ", "RUS", "--measure", "tau"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown measure 'tau'")
