"""Event measures and the timeline on a small hand-made event set with known answers; the CLI
prints exactly what the API returns; the real chronology shows 2022."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dyadscope.cli import cli, records
from dyadscope.events.measures import (PLOVER_TYPES, EventMeasureError, compute_event_counts,
                                       compute_event_measures, timeline)
from dyadscope.loaders.curated import QUAD_OF
from dyadscope.store import Store

CHRONOLOGY = Path(__file__).resolve().parents[1] / "src" / "dyadscope" / "data" / "chronology"

# date, precision, source, target, PLOVER type, goldstein, domain, dataset
EVENTS = [
    ("2021-01-01", "year", "KAZ", "RUS", "SUPPORT", 8.0, "trade", "test"),
    ("2021-05-05", "day", "KAZ", "RUS", "CONSULT", 1.0, "diplomacy", "test"),
    ("2022-01-06", "day", "RUS", "KAZ", "AID", 8.5, "security", "test"),
    ("2022-02-10", "day", "KAZ", "RUS", "CONSULT", 1.9, "diplomacy", "test"),
    ("2022-03-29", "day", "KAZ", "RUS", "REJECT", -4.0, "sanctions", "test"),
    ("2022-07-01", "month", "RUS", "KAZ", "DISAPPROVE", -2.0, "diplomacy", "test"),
    ("2022-07-06", "day", "RUS", "KAZ", "COERCE", -5.0, "energy", "test"),
    # other dyads: they count only in each actor's volume
    ("2022-02-01", "day", "KAZ", "CHN", "CONSULT", 1.9, "diplomacy", "test"),
    ("2022-08-01", "day", "RUS", "USA", "DISAPPROVE", -2.0, "diplomacy", "test"),
    ("2022-08-02", "day", "RUS", "UKR", "ASSAULT", -10.0, "security", "test"),
    # another dataset: kept on its own rows
    ("2022-05-05", "day", "RUS", "KAZ", "CONSULT", 1.0, "diplomacy", "other"),
]


def fill(store: Store) -> Store:
    rows = pd.DataFrame([
        {"event_id": f"e{i}", "dataset": ds, "part": "hand", "date": pd.Timestamp(d).date(), "date_precision": p,
         "source_iso3": s, "target_iso3": t, "source_actor": None, "target_actor": None, "plover_type": plover,
         "quad": QUAD_OF[plover], "cameo_code": "000", "goldstein": g, "domain": dom,
         "summary": f"event {i}", "citation": f"Reference {i}", "checked": "by hand"}
        for i, (d, p, s, t, plover, g, dom, ds) in enumerate(EVENTS)
    ])
    store.con.register("_rows", rows)
    store.con.execute("INSERT INTO event BY NAME SELECT * FROM _rows")
    store.con.unregister("_rows")
    return store


@pytest.fixture
def events_store():
    with Store(":memory:") as store:
        yield fill(store)


def row(frame, period, dataset="test"):
    found = frame[(frame["period"] == period) & (frame["dataset"] == dataset)]
    assert len(found) == 1, frame[["dataset", "period"]]
    return found.iloc[0]


def test_by_year_known_answers(events_store):
    frame = compute_event_measures(events_store, "KAZ", "RUS", by="year")
    assert list(zip(frame["dataset"], frame["period"])) == [("other", 2022), ("test", 2021), ("test", 2022)]
    y21, y22 = row(frame, 2021), row(frame, 2022)
    assert (y21.n_events, y21.verbal_cooperation, y21.cooperation, y21.conflict) == (2, 2, 0 + 2, 0)
    assert (y21.goldstein_sum, y21.goldstein_mean, y21.net_cooperation) == (9.0, 4.5, 1.0)
    assert (y22.n_events, y22.verbal_cooperation, y22.material_cooperation, y22.verbal_conflict,
            y22.material_conflict) == (5, 1, 1, 2, 1)
    assert (y22.AID, y22.CONSULT, y22.REJECT, y22.DISAPPROVE, y22.COERCE, y22.SUPPORT) == (1, 1, 1, 1, 1, 0)
    assert y22.goldstein_sum == pytest.approx(-0.6)
    assert y22.goldstein_mean == pytest.approx(-0.12)
    assert y22.net_cooperation == pytest.approx((2 - 3) / 5)
    assert row(frame, 2022, "other").net_cooperation == 1.0
    assert set(PLOVER_TYPES) <= set(frame.columns)


def test_by_quarter_fills_empty_periods_and_leaves_out_year_dates(events_store):
    frame = compute_event_measures(events_store, "KAZ", "RUS", by="quarter", dataset="test")
    assert frame["period"].tolist() == ["2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q2", "2022Q3"]
    assert frame["n_events"].tolist() == [1, 0, 0, 3, 0, 2]
    assert frame.attrs["left_out_coarser_dates"] == 1
    assert row(frame, "2022Q1").net_cooperation == pytest.approx(1 / 3)
    assert row(frame, "2022Q3").net_cooperation == -1.0
    assert pd.isna(row(frame, "2021Q3").net_cooperation) and pd.isna(row(frame, "2021Q3").goldstein_mean)


def test_by_month_places_month_precision_events(events_store):
    frame = compute_event_measures(events_store, "KAZ", "RUS", by="month", dataset="test",
                                   start="2022-01-01", end="2022-12-31")
    assert len(frame) == 12
    assert row(frame, "2022-07").n_events == 2 and row(frame, "2022-12").n_events == 0


def test_directed_domain_and_dates(events_store):
    directed = compute_event_measures(events_store, "KAZ", "RUS", by="year", dataset="test", directed=True)
    assert row(directed, 2022).n_events == 2 and row(directed, 2022).net_cooperation == 0.0
    reverse = compute_event_measures(events_store, "RUS", "KAZ", by="year", dataset="test", directed=True)
    assert row(reverse, 2022).n_events == 3
    energy = compute_event_measures(events_store, "KAZ", "RUS", by="year", dataset="test", domain="energy")
    assert energy["n_events"].tolist() == [1] and energy["COERCE"].tolist() == [1]
    two = compute_event_measures(events_store, "KAZ", "RUS", by="year", dataset="test", domain="energy,sanctions")
    assert two["n_events"].tolist() == [2]
    window = compute_event_measures(events_store, "KAZ", "RUS", by="year", dataset="test", start="2022-03-01",
                                    end="2022-12-31")
    assert window["n_events"].tolist() == [3]


def test_normalised_by_each_actors_volume(events_store):
    frame = compute_event_measures(events_store, "KAZ", "RUS", by="year", dataset="test", normalise=True)
    y22 = row(frame, 2022)
    assert (y22.volume_a, y22.volume_b) == (6, 7)  # KAZ: five with RUS, one with CHN; RUS: five, USA, UKR
    assert y22.n_events_per_a == pytest.approx(5 / 6) and y22.n_events_per_b == pytest.approx(5 / 7)
    assert y22.conflict_per_b == pytest.approx(3 / 7)
    assert y22.goldstein_sum_per_a == pytest.approx(-0.6 / 6)
    quarters = compute_event_measures(events_store, "KAZ", "RUS", by="quarter", dataset="test", normalise=True)
    q1, q3 = row(quarters, "2022Q1"), row(quarters, "2022Q3")
    assert (q1.volume_a, q1.volume_b, q3.volume_a, q3.volume_b) == (4, 3, 2, 4)
    assert row(quarters, "2021Q2").volume_a == 1  # the year-dated 2021 event has no quarter


def test_counts_long_form(events_store):
    counts = compute_event_counts(events_store, "KAZ", "RUS", by="year", dataset="test")
    assert counts[counts["period"] == 2022]["n"].sum() == 5
    assert counts[(counts["period"] == 2021)][["quad", "plover_type", "n"]].values.tolist() == [
        ["verbal_cooperation", "CONSULT", 1], ["verbal_cooperation", "SUPPORT", 1]]


def test_timeline_lists_dated_events_with_references(events_store):
    frame = timeline(events_store, "KAZ", "RUS", "2022-01-01", "2022-12-31", dataset="test")
    assert [str(d) for d in frame["date"]] == ["2022-01-06", "2022-02-10", "2022-03-29", "2022-07-01", "2022-07-06"]
    assert frame["reference"].tolist() == [f"Reference {i}" for i in (2, 3, 4, 5, 6)]
    assert frame.loc[3, "date_precision"] == "month"
    assert list(frame.columns[:4]) == ["date", "date_precision", "source", "source_actor"]
    assert len(timeline(events_store, "Kazakhstan", "Russia", dataset=None)) == 8


@pytest.mark.parametrize("kwargs,message", [
    ({"by": "week"}, "unknown period 'week'; expected one of month, quarter, year"),
    ({"dataset": "gdelt2"}, "no events of dataset 'gdelt2' in the store; datasets loaded: other, test"),
    ({"domain": "economy"}, "unknown domain 'economy'; expected one of security, energy"),
])
def test_bad_arguments_are_named(events_store, kwargs, message):
    with pytest.raises(EventMeasureError) as e:
        compute_event_measures(events_store, "KAZ", "RUS", **kwargs)
    assert str(e.value).startswith(message)


# -- the command line -----------------------------------------------------------------------------


@pytest.fixture
def file_store(tmp_path):
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        fill(store)
    with Store(path, read_only=True) as store:
        yield store


def run(store, *args):
    return CliRunner().invoke(cli, ["--store", store.path, *args])


@pytest.mark.parametrize("args,kwargs", [
    (["--by", "year"], {"by": "year"}),
    (["--by", "quarter", "--dataset", "test", "--normalise"], {"by": "quarter", "dataset": "test", "normalise": True}),
    (["--by", "month", "--directed", "--domain", "diplomacy", "--from", "2022-01-01", "--to", "2022-06-30"],
     {"by": "month", "directed": True, "domain": "diplomacy", "start": "2022-01-01", "end": "2022-06-30"}),
])
def test_events_json_and_csv_equal_the_api(file_store, args, kwargs):
    result = run(file_store, "events", "KAZ", "RUS", *args, "--json")
    assert result.exit_code == 0, result.output
    frame = compute_event_measures(file_store, "KAZ", "RUS", **kwargs)
    assert json.loads(result.stdout) == json.loads(json.dumps(records(frame)))
    result = run(file_store, "events", "KAZ", "RUS", *args, "--csv")
    assert result.stdout == frame.to_csv(index=False)


def test_timeline_json_equals_the_api(file_store):
    result = run(file_store, "timeline", "KAZ", "RUS", "--from", "2022-01-01", "--to", "2022-12-31",
                 "--dataset", "test", "--json")
    assert result.exit_code == 0, result.output
    frame = timeline(file_store, "KAZ", "RUS", "2022-01-01", "2022-12-31", dataset="test")
    assert json.loads(result.stdout) == records(frame)
    table = run(file_store, "timeline", "KAZ", "RUS", "--dataset", "test")
    assert table.exit_code == 0 and "Reference 6" in table.stdout


def test_cli_errors_are_one_line(file_store):
    result = run(file_store, "events", "KAZ", "RUS", "--dataset", "gdelt2")
    assert result.exit_code == 1
    assert "Error: no events of dataset 'gdelt2' in the store" in result.output
    result = run(file_store, "timeline", "KAZ", "RUS", "--domain", "economy")
    assert result.exit_code == 1 and "unknown domain 'economy'" in result.output


def test_year_dates_left_out_are_said(file_store):
    result = run(file_store, "events", "KAZ", "RUS", "--by", "quarter", "--dataset", "test")
    assert result.exit_code == 0
    assert "1 event(s) dated only to the year left out" in result.stderr


# -- the real chronology -------------------------------------------------------------------------


def _has_2022_rows() -> bool:
    path = CHRONOLOGY / "kaz_rus_2022_2025.csv"
    if not path.is_file() or path.stat().st_size == 0:
        return False
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return bool(frame["date"].str.startswith("2022").any())


def test_the_2022_timeline_lists_referenced_events(mirror_store):
    if not _has_2022_rows():
        pytest.skip("kaz_rus_2022_2025.csv has no 2022 rows yet: the researchers are still writing it")
    frame = timeline(mirror_store, "KAZ", "RUS", "2022-01-01", "2022-12-31")
    assert len(frame) > 0
    assert all(str(d).startswith("2022") for d in frame["date"])
    assert frame["reference"].str.strip().ne("").all() and frame["checked"].str.strip().ne("").all()
    printed = run(mirror_store, "timeline", "KAZ", "RUS", "--from", "2022-01-01", "--to", "2022-12-31", "--json")
    assert json.loads(printed.stdout) == records(frame)


def test_net_cooperation_falls_in_2022(mirror_store):
    if not _has_2022_rows():
        pytest.skip("kaz_rus_2022_2025.csv has no 2022 rows yet: the researchers are still writing it")
    frame = compute_event_measures(mirror_store, "KAZ", "RUS", by="year", dataset="curated")
    net = frame.set_index("period")["net_cooperation"]
    assert net[2022] < net[2021]
