"""The views shared by the report and the web app, over a store built from ../shared/data."""

from __future__ import annotations

import json

import pytest

from dyadscope.errors import UnknownCountryError
from dyadscope.measures.votes import compute_vote_alignment
from dyadscope.report.charts import embed_spec, to_svg
from dyadscope.report.views import VIEWS, ViewError, compute_view


@pytest.fixture(scope="module")
def kaz_rus(mirror_store):
    return {name: compute_view(mirror_store, name, "KAZ", "RUS") for name in VIEWS if name != "claims"}


def _figure(view, fid):
    return next(f for f in view["figures"] if f["id"] == fid)


def test_every_view_is_json_with_the_contract_keys(kaz_rus):
    for name, view in kaz_rus.items():
        text = json.dumps(view, allow_nan=False)  # NaN would fail here
        assert json.loads(text) == view
        assert view["view"] == name and view["pair"] == ["KAZ", "RUS"] and view["names"] == ["Kazakhstan", "Russia"]
        assert {"title", "from", "to", "numbers", "figures", "tables", "sources", "notes"} <= set(view)
        for f in view["figures"]:
            assert f["data"] and "data" not in f["spec"] and f["sources"], (name, f["id"])
            assert set(f["sources"]) <= set(view["sources"])


def test_agreement_figure_equals_compute_vote_alignment(kaz_rus, mirror_store):
    rows = {r["session"]: r for r in _figure(kaz_rus["votes"], "agreement")["data"]}
    expected = compute_vote_alignment(mirror_store, "KAZ", "RUS", by="session").set_index("period")
    assert set(rows) == set(expected.index)
    for col in ("n", "agreement", "agreement_lo", "agreement_hi", "kappa"):
        assert rows[77][col] == pytest.approx(expected.loc[77, col])
    assert rows[77]["n"] == 82 and rows[77]["agreement"] == pytest.approx(46 / 82)


def test_ukraine_resolutions_one_by_one(kaz_rus):
    table = next(t for t in kaz_rus["votes"]["tables"] if t["id"] == "ukraine")
    symbols = [r[table["columns"].index("symbol")] for r in table["rows"]]
    assert "A/RES/ES-11/1" in symbols and "A/RES/68/262" in symbols
    row = table["rows"][symbols.index("A/RES/ES-11/1")]
    assert row[table["columns"].index("KAZ")] == "A" and row[table["columns"].index("RUS")] == "N"


def test_overview_cohesion_has_phases_and_intervals(kaz_rus):
    data = _figure(kaz_rus["overview"], "cohesion")["data"]
    years = [r["year"] for r in data]
    assert years[0] == 1992 and years == sorted(years)
    assert all(r["cohesion_lo"] <= r["cohesion"] <= r["cohesion_hi"] for r in data)
    phases = next(t for t in kaz_rus["overview"]["tables"] if t["id"] == "phases")
    assert len(phases["rows"]) >= 2
    by_year = {r["year"]: r["cohesion"] for r in data}
    assert by_year[2022] < 0 < by_year[2006]  # the invasion year is below the dyad's own average


def test_events_peaks_and_troughs_come_with_referenced_events(kaz_rus):
    view = kaz_rus["events"]
    extremes = next(t for t in view["tables"] if t["id"] == "peaks-troughs")
    troughs = [r[1] for r in extremes["rows"] if r[0] == "trough"]
    assert troughs[0] == 2022
    evidence = next(t for t in view["tables"] if t["id"] == "evidence")
    cols = evidence["columns"]
    rows_2022 = [r for r in evidence["rows"] if r[cols.index("year")] == 2022]
    assert rows_2022 and all(r[cols.index("reference")] for r in rows_2022)


def test_specs_render_offline(kaz_rus):
    spec = embed_spec(_figure(kaz_rus["votes"], "agreement"))
    assert spec["data"]["values"] and spec["$schema"].endswith("v6.json")
    svg = to_svg(_figure(kaz_rus["votes"], "agreement"))
    assert svg.startswith("<svg") and svg.count("<path") > 30


def test_bad_inputs(mirror_store):
    with pytest.raises(ViewError, match="accepted: overview, votes"):
        compute_view(mirror_store, "nope", "KAZ", "RUS")
    with pytest.raises(UnknownCountryError):
        compute_view(mirror_store, "votes", "Atlantis", "RUS")
    with pytest.raises(ViewError, match="YYYY-MM-DD"):
        compute_view(mirror_store, "votes", "KAZ", "RUS", start="2022-13-01")
    with pytest.raises(ViewError, match="after"):
        compute_view(mirror_store, "votes", "KAZ", "RUS", start="2022-01-01", end="2021-01-01")


def test_a_date_range_narrows_every_series(mirror_store):
    view = compute_view(mirror_store, "votes", "Kazakhstan", "China", start="2014-01-01", end="2019-12-31")
    assert view["pair"] == ["KAZ", "CHN"] and view["from"] == "2014-01-01"
    sessions = [r["session"] for r in _figure(view, "agreement")["data"]]
    assert min(sessions) >= 68 and max(sessions) <= 74
