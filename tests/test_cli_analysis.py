"""The analysis commands print exactly what the Python API returns (--json and --csv)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dyadscope.analysis.hedging import compute_hedging, compute_tilt
from dyadscope.analysis.peers import compute_peers
from dyadscope.analysis.phases import compute_phases, dyad_event_study
from dyadscope.cli import cli, records
from dyadscope.measures.all_dyads import compute_all_dyads, dyad_matrix
from dyadscope.measures.votes import compute_vote_alignment


def run_json(store, *args):
    result = CliRunner().invoke(cli, ["--store", store.path, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def same(printed, frame):
    assert printed == json.loads(json.dumps(records(frame)))


def test_all_dyads_session(mirror_store):
    printed = run_json(mirror_store, "measure", "--all-dyads", "--session", "78", "--measure", "agreement,s,kappa")
    same(printed, compute_all_dyads(mirror_store, sessions=[78], measures=["agreement", "s", "kappa"]))
    assert len(printed) > 15_000


def test_all_dyads_matrix_csv(mirror_store):
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "measure", "--all-dyads", "--session", "78",
                                      "--measure", "agreement", "--matrix", "--csv"])
    frame = dyad_matrix(compute_all_dyads(mirror_store, sessions=[78], measures=["agreement"]), "agreement")
    assert result.stdout == frame.reset_index(names="iso3").to_csv(index=False)


def test_phases(mirror_store):
    series = compute_vote_alignment(mirror_store, "KAZ", "RUS", measures=["agreement"], n_boot=0)
    same(run_json(mirror_store, "phases", "KAZ", "RUS", "--measure", "agreement"),
         compute_phases(series, time="period", value="agreement", weight="n"))


def test_event_study(mirror_store):
    series = compute_vote_alignment(mirror_store, "KAZ", "RUS", measures=["agreement"], n_boot=0)
    printed = run_json(mirror_store, "phases", "KAZ", "RUS", "--events")
    same(printed, dyad_event_study(series, measure="agreement", by="session", window=2))
    assert {row["key"] for row in printed} == {"crimea", "nazarbayev", "csto", "invasion"}


def test_hedging(mirror_store):
    long = compute_hedging(mirror_store, "KAZ", ("RUS", "CHN", "USA", "TUR", "EU"))
    same(run_json(mirror_store, "hedging", "KAZ"), compute_tilt(long, toward="RUS"))
    same(run_json(mirror_store, "hedging", "KAZ", "--long"), long)


@pytest.mark.parametrize("by,periods", [("session", [76, 79]), ("year", [2021, 2024])])
def test_peers(mirror_store, by, periods):
    args = ["peers", "RUS", "--region", "post-soviet", "--focal", "KAZ", "--by", by]
    for p in periods:
        args += ["--period", str(p)]
    printed = run_json(mirror_store, *args)
    frame = compute_peers(mirror_store, "RUS", region="post-soviet", focal="KAZ", by=by)
    same(printed, frame[frame["period"].isin(periods)].reset_index(drop=True))
    assert [r["period"] for r in printed if r["is_focal"]] == periods
