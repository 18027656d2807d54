"""The dyad-year frame: create_dyad_years builds the rows, every add_* keeps them, and the
Kazakhstan-Russia facts of peacesciencer's SOURCE.md come out of the frame."""

from __future__ import annotations

import math
import sys
import types

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from dyadscope.errors import DyadscopeError, UnknownCountryError
from dyadscope.measures import frames
from dyadscope.measures.frames import (
    DyadFrame, FrameArgumentError, FrameUnitError, MeasureUnavailableError, add_alliances, add_igos,
    add_trade, add_vote_alignment, create_dyad_years,
)

ADDS = {
    "add_alliances": (add_alliances, frames.ALLIANCE_COLUMNS),
    "add_trade": (add_trade, frames.TRADE_COLUMNS),
    "add_igos": (add_igos, frames.IGO_COLUMNS),
}


@pytest.fixture(scope="module")
def kaz(mirror_store):
    """Every dyad with Kazakhstan, 1992-2020, with alliances, trade and IGOs."""
    return (create_dyad_years(mirror_store, "KAZ", start=1992, end=2020)
            .pipe(add_alliances, mirror_store).pipe(add_trade, mirror_store).pipe(add_igos, mirror_store))


@pytest.fixture(scope="module")
def kaz_rus(kaz):
    return kaz[kaz["iso3_b"] == "RUS"].set_index("year")


@pytest.fixture
def fake_all_dyads(monkeypatch):
    """A stand-in for dyadscope.measures.all_dyads with the agreed contract, recording its calls."""
    calls = []

    def compute_all_dyads(store, *, by, states, measures, roll_calls, start, end):
        calls.append({"by": by, "states": list(states), "measures": tuple(measures), "roll_calls": roll_calls,
                      "start": start.isoformat(), "end": end.isoformat()})
        table = pd.DataFrame({"period": [2013, 2014, 2013], "iso3_a": ["KAZ", "KAZ", "CHN"],
                              "iso3_b": ["RUS", "RUS", "KAZ"], "n": [80, 0, 75]})
        for i, m in enumerate(measures):
            table[m] = [0.9 - i / 10, np.nan, 0.5]
        return table

    module = types.ModuleType("dyadscope.measures.all_dyads")
    module.compute_all_dyads = compute_all_dyads
    monkeypatch.setitem(sys.modules, "dyadscope.measures.all_dyads", module)
    return calls


# -- the base frame -------------------------------------------------------------------------------


def test_focal_frame_has_one_row_per_year_per_other_member(mirror_store):
    frame = create_dyad_years(mirror_store, "KAZ", start=1992, end=2020)
    assert isinstance(frame, DyadFrame) and frame.unit == "dyad-year" and not frame.directed
    assert ((frame["iso3_a"] == "KAZ") | (frame["iso3_b"] == "KAZ")).all()
    assert (frame["iso3_a"] < frame["iso3_b"]).all()
    assert not frame.duplicated(["iso3_a", "iso3_b", "year"]).any()
    members = mirror_store.query(
        "SELECT year, count(DISTINCT iso3) AS n FROM state_system, range(1992, 2017) r(year) "
        "WHERE system = 'cow' AND year(start) <= year AND year(\"end\") >= year GROUP BY year")
    per_year = frame.groupby("year").size()
    for year, n in zip(members["year"], members["n"]):
        assert per_year[year] == n - 1, year
    # 2017-2020 lie beyond the COW list (2016): the 2016 members are carried forward, and the frame says so
    assert (per_year.loc[2017:2020] == per_year[2016]).all()
    assert any("ends on 2016-12-31" in n and "carried forward" in n for n in frame.notes)


def test_kazakhstan_absent_before_1991(mirror_store):
    frame = create_dyad_years(mirror_store, "Kazakhstan", start=1946, end=2000)
    assert frame["year"].min() == 1991
    assert len(create_dyad_years(mirror_store, "KAZ", start=1946, end=1990)) == 0


def test_full_frame_1992_is_every_pair_of_members(mirror_store):
    frame = create_dyad_years(mirror_store, start=1992, end=1992)
    n = mirror_store.con.execute(
        "SELECT count(DISTINCT iso3) FROM state_system WHERE system = 'cow' "
        "AND year(start) <= 1992 AND year(\"end\") >= 1992").fetchone()[0]
    assert n == 181
    assert len(frame) == math.comb(n, 2)
    directed = create_dyad_years(mirror_store, start=1992, end=1992, directed=True)
    assert len(directed) == n * (n - 1) and directed.directed


def _peacesciencer_universe(frame: pd.DataFrame, code1: str, code2: str, scheme: str) -> pd.DataFrame:
    """peacesciencer's dyad-years with codes read as ISO3 on 1 July; codes that fold into one
    state in the same year (the two Germanies, the two Yemens in 1990) give one dyad."""
    from dyadscope.countries import Registry

    registry = Registry.default()
    years = frame["year"].astype("int64")
    out = pd.DataFrame({
        "iso3_a": registry.map_values(frame[code1].astype("int64"), scheme, dates=years)["iso3"].to_numpy(),
        "iso3_b": registry.map_values(frame[code2].astype("int64"), scheme, dates=years)["iso3"].to_numpy(),
        "year": years.to_numpy(),
    })
    assert out["iso3_a"].notna().all() and out["iso3_b"].notna().all()
    return out[out["iso3_a"] != out["iso3_b"]].drop_duplicates()


def _same_dyads(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    both = ours[["iso3_a", "iso3_b", "year"]].merge(theirs, how="outer", indicator=True)
    assert both["_merge"].value_counts().to_dict() == {"both": len(theirs), "left_only": 0, "right_only": 0}


def test_directed_universe_is_peacesciencers_cow_ddy(mirror_store, data_dir):
    # peacesciencer's own directed COW dyad-years 1816-2024 (years after 2016 carried forward),
    # incl. its rule that two states form no dyad in a year in which their memberships do not overlap
    ddy = pd.read_csv(data_dir / "peacesciencer" / "cow_ddy.csv.gz")
    ours = create_dyad_years(mirror_store, start=1816, end=2024, directed=True)
    _same_dyads(ours, _peacesciencer_universe(ddy, "ccode1", "ccode2", "cow"))


def test_directed_universe_is_peacesciencers_gw_ddy(mirror_store, data_dir):
    pyreadr = pytest.importorskip("pyreadr")
    ddy = next(iter(pyreadr.read_r(data_dir / "peacesciencer" / "gw_ddy.rda").values()))
    ddy = ddy[(ddy["microstate1"] == 0) & (ddy["microstate2"] == 0)]  # the store's GW list has no microstates
    ours = create_dyad_years(mirror_store, start=1816, end=2024, directed=True, system="gw")
    _same_dyads(ours, _peacesciencer_universe(ddy, "gwcode1", "gwcode2", "gw"))


def test_pair_and_directed_pair(mirror_store):
    pair = create_dyad_years(mirror_store, ("KAZ", "Russia"), start=1990, end=2024)
    assert pair[["iso3_a", "iso3_b"]].drop_duplicates().values.tolist() == [["KAZ", "RUS"]]
    assert pair["year"].tolist() == list(range(1991, 2025))
    # in 1991 COW 365 is still the USSR, kept under RUS and flagged
    assert pair.set_index("year").loc[1991, "as_state_b"] == "SUN"
    assert pd.isna(pair.set_index("year").loc[1992, "as_state_b"])
    directed = create_dyad_years(mirror_store, ["KAZ", "RUS"], start=1992, end=1993, directed=True)
    assert directed[["iso3_a", "iso3_b", "year"]].values.tolist() == [
        ["KAZ", "RUS", 1992], ["KAZ", "RUS", 1993], ["RUS", "KAZ", 1992], ["RUS", "KAZ", 1993]]


def test_codes_read_on_1_july_as_in_the_dyad_year_tables(mirror_store):
    frame = create_dyad_years(mirror_store, ["USA", "YUG", "SCG", "SRB"], start=2001, end=2008)
    assert [tuple(r) for r in frame[["iso3_a", "iso3_b", "year"]].values if r[2] in (2002, 2003, 2006)] == [
        ("SCG", "USA", 2003), ("SRB", "USA", 2006), ("USA", "YUG", 2002)]
    # the two Germanies fold into DEU in 1990: one DEU per year, never a DEU-DEU dyad
    germany = create_dyad_years(mirror_store, start=1990, end=1990)
    assert not (germany["iso3_a"] == germany["iso3_b"]).any()
    assert not germany.duplicated(["iso3_a", "iso3_b", "year"]).any()


def test_gw_system(mirror_store):
    frame = create_dyad_years(mirror_store, "KAZ", start=1991, end=2020, system="gw")
    assert frame["year"].min() == 1991
    assert any("GW state-system list ends on 2017-12-31" in n for n in frame.notes)
    assert frame.citations()["gw-states"].startswith("Gleditsch, Kristian S.")


@pytest.mark.parametrize("kwargs, message", [
    ({"system": "iso"}, "unknown state system 'iso'; accepted: cow, gw"),
    ({"start": 2000, "end": 1990}, "start (2000) is after end (1990)"),
    ({"start": "1990"}, "start must be a year (a whole number); got '1990'"),
    ({"states": ["KAZ"]}, "a list of states needs at least two different states"),
])
def test_bad_arguments(mirror_store, kwargs, message):
    with pytest.raises(FrameArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        create_dyad_years(mirror_store, **kwargs)


def test_unknown_state(mirror_store):
    with pytest.raises(UnknownCountryError):
        create_dyad_years(mirror_store, "Atlantis")


# -- every add_* keeps the rows -------------------------------------------------------------------


@pytest.mark.parametrize("directed", [False, True], ids=["non-directed", "directed"])
@pytest.mark.parametrize("name", list(ADDS))
def test_add_keeps_row_count_and_order(mirror_store, name, directed):
    add, columns = ADDS[name]
    # 1988-2022: across the unification of Germany and Yemen, the end of the USSR, and past
    # every source's coverage
    base = create_dyad_years(mirror_store, start=1988, end=2022, directed=directed)
    out = add(base, mirror_store)
    assert len(out) == len(base)
    assert out.index.equals(base.index)
    assert out[base.columns].equals(base)
    assert list(out.columns) == list(base.columns) + columns
    assert out.unit == "dyad-year" and out.directed == directed and isinstance(out, DyadFrame)
    assert {p["step"] for p in out.provenance} == {"create_dyad_years", name}


@pytest.mark.parametrize("name", list(ADDS))
def test_add_keeps_rows_of_a_filtered_frame(mirror_store, name):
    add, _ = ADDS[name]
    base = create_dyad_years(mirror_store, "KAZ", start=2010, end=2016)
    base = base[base["year"] % 2 == 0].iloc[::-1]  # rows dropped and reversed: the index is no range
    out = add(base, mirror_store)
    assert out.index.equals(base.index)
    assert out[["iso3_a", "iso3_b", "year"]].equals(base[["iso3_a", "iso3_b", "year"]])


@pytest.mark.parametrize("name", [*ADDS, "add_vote_alignment"])
def test_add_refuses_what_is_not_a_dyad_year_frame(mirror_store, name):
    add = ADDS[name][0] if name in ADDS else add_vote_alignment
    plain = pd.DataFrame({"iso3_a": ["KAZ"], "iso3_b": ["RUS"], "year": [2000]})
    with pytest.raises(FrameUnitError, match=rf"{name} needs a dyad-year frame from create_dyad_years\(\); "
                                             r"got a frame whose unit is None \(accepted: 'dyad-year'\)"):
        add(plain, mirror_store)
    state_years = plain.copy()
    state_years.attrs["unit"] = "state-year"
    with pytest.raises(FrameUnitError, match="unit is 'state-year'"):
        add(state_years, mirror_store)
    frame = create_dyad_years(mirror_store, ("KAZ", "RUS"), start=2000, end=2001)
    with pytest.raises(FrameUnitError, match="the frame lacks year"):
        add(frame.drop(columns="year"), mirror_store)
    with pytest.raises(FrameUnitError, match="got list"):
        add([1, 2], mirror_store)
    assert issubclass(FrameUnitError, DyadscopeError)


def test_pipe_and_methods_agree(mirror_store, kaz):
    by_method = create_dyad_years(mirror_store, "KAZ", start=1992, end=2020).add_alliances(
        mirror_store).add_trade(mirror_store).add_igos(mirror_store)
    pd.testing.assert_frame_equal(by_method, kaz)
    assert by_method.attrs == kaz.attrs


def test_applying_a_step_twice_replaces_its_columns(mirror_store, kaz):
    again = kaz.add_trade(mirror_store)
    assert list(again.columns) == list(kaz.columns)
    pd.testing.assert_frame_equal(again, kaz)
    assert len(again.provenance) == len(kaz.provenance)


# -- Kazakhstan-Russia: the facts of SOURCE.md ----------------------------------------------------


def test_atop_defence_pact_1992_2018(kaz_rus):
    atop = kaz_rus.loc[1992:2018]
    assert (atop["atop_defense"] == 1).all()
    assert (atop["atop_nonagg"] == 1).all()
    assert (atop["atop_consul"] == 1).all()
    assert (atop["atop_depth"] >= 3).all()
    assert (atop["atop_depth"] == atop[list(frames.ATOP_FLAGS.values())].sum(axis=1)).all()
    # ATOP ends in 2018: NA, not 0, after
    assert kaz_rus.loc[2019:2020, list(frames.ATOP_FLAGS.values()) + ["atop_depth"]].isna().all().all()


def test_cow_defence_pact_1992_2012(kaz_rus):
    assert (kaz_rus.loc[1992:2012, "cow_defense"] == 1).all()
    assert (kaz_rus.loc[1992:2012, "cow_type"] == 1).all()
    assert kaz_rus.loc[2013:2020, [*frames.COW_FLAGS.values(), "cow_type"]].isna().all().all()


def test_no_alliance_is_zero_within_coverage(mirror_store, kaz):
    assert mirror_store.con.execute(
        "SELECT count(*) FROM alliance WHERE 'BRA' IN (iso3_a, iso3_b) AND 'KAZ' IN (iso3_a, iso3_b)").fetchone() == (0,)
    bra = kaz[kaz["iso3_a"] == "BRA"].set_index("year")
    assert (bra.loc[1992:2012, [*frames.COW_FLAGS.values(), "cow_type"]] == 0).all().all()
    assert (bra.loc[1992:2018, [*frames.ATOP_FLAGS.values(), "atop_depth"]] == 0).all().all()
    assert bra.loc[2019:2020, "atop_depth"].isna().all()


def test_trade_2013_sides_and_dependence(kaz_rus):
    row = kaz_rus.loc[2013]
    # SOURCE.md: flow1 5,887 = Russia's (COW 365, ccode1) imports from Kazakhstan; flow2 19,395 =
    # Kazakhstan's imports from Russia. In the frame a = KAZ, b = RUS.
    assert row["imports_a_from_b"] == 19_395
    assert row["imports_b_from_a"] == 5_887
    assert row["trade"] == 19_395 + 5_887
    assert row["dependence_a_on_b"] == pytest.approx(row["trade"] / row["total_trade_a"])
    assert row["dependence_b_on_a"] == pytest.approx(row["trade"] / row["total_trade_b"])
    assert row["dependence_a_on_b"] > row["dependence_b_on_a"]
    assert row["asymmetry"] == pytest.approx(row["dependence_a_on_b"] - row["dependence_b_on_a"])
    assert row["asymmetry"] > 0


def test_trade_directed_mirrors(mirror_store):
    frame = create_dyad_years(mirror_store, ("KAZ", "RUS"), start=2013, end=2013, directed=True)
    rows = add_trade(frame, mirror_store).set_index("iso3_a")
    assert rows.loc["RUS", "imports_a_from_b"] == 5_887 and rows.loc["KAZ", "imports_a_from_b"] == 19_395
    assert rows.loc["RUS", "asymmetry"] == pytest.approx(-rows.loc["KAZ", "asymmetry"])


def test_trade_and_igos_na_after_2014(kaz_rus):
    assert kaz_rus.loc[2015:2020, frames.TRADE_COLUMNS].isna().all().all()
    assert kaz_rus.loc[2015:2020, "shared_igos"].isna().all()
    assert kaz_rus.loc[1992:2014, "shared_igos"].notna().all()


def test_shared_igos_2014(kaz_rus):
    assert kaz_rus.loc[2014, "shared_igos"] == 47


def test_non_directed_alliance_counts_either_direction(mirror_store):
    # ATOP is directed: a defence obligation of a toward b alone shows in one direction of a
    # directed frame, and in the one row of the non-directed frame.
    one_sided = mirror_store.query(
        "SELECT a.iso3_a, a.iso3_b, a.year FROM alliance a LEFT JOIN alliance b ON b.source = 'atop' "
        "AND b.iso3_a = a.iso3_b AND b.iso3_b = a.iso3_a AND b.year = a.year "
        "WHERE a.source = 'atop' AND a.year >= 2000 AND a.defense AND NOT coalesce(b.defense, false) "
        "ORDER BY a.year, a.iso3_a, a.iso3_b LIMIT 1")
    assert len(one_sided) == 1
    a, b, year = one_sided.iloc[0]
    year = int(year)
    directed = add_alliances(create_dyad_years(mirror_store, [a, b], start=year, end=year, directed=True),
                             mirror_store).set_index("iso3_a")
    assert directed.loc[a, "atop_defense"] == 1 and directed.loc[b, "atop_defense"] == 0
    both = add_alliances(create_dyad_years(mirror_store, [a, b], start=year, end=year), mirror_store)
    assert both["atop_defense"].tolist() == [1]
    assert any("either state" in n for n in both.notes)


def test_provenance_names_each_file_read(mirror_store, kaz):
    log = mirror_store.load_log()
    by_source = {p["source"]: p for p in kaz.provenance}
    assert set(by_source) == {"cow-states", "atop", "cow-alliance", "cow-trade", "cow-igo"}
    atop = log[log["source"] == "atop"].iloc[-1]
    assert by_source["atop"]["file_sha256"] == atop["file_sha256"]
    assert {p["part"] for p in kaz.provenance if p["source"] == "cow-trade"} == {"cow_trade_ndy", "cow_trade_sy"}
    assert kaz.citations()["atop"].startswith("Leeds, Brett Ashley")
    assert any(n.startswith("add_trade: COW trade covers 1870-2014") for n in kaz.notes)


# -- vote alignment -------------------------------------------------------------------------------


def test_vote_alignment_joins_the_all_dyads_table(mirror_store, fake_all_dyads):
    base = create_dyad_years(mirror_store, ["KAZ", "RUS", "CHN"], start=2012, end=2014)
    out = add_vote_alignment(base, mirror_store)
    assert len(out) == len(base) and out[base.columns].equals(base)
    assert fake_all_dyads == [{"by": "year", "states": ["CHN", "KAZ", "RUS"],
                               "measures": ("agreement", "s", "kappa"), "roll_calls": "resolutions",
                               "start": "2012-01-01", "end": "2014-12-31"}]
    rows = out.set_index(["iso3_a", "iso3_b", "year"])
    assert rows.loc[("KAZ", "RUS", 2013), ["vote_n", "vote_agreement", "vote_s", "vote_kappa"]].tolist() == \
        pytest.approx([80, 0.9, 0.8, 0.7])
    assert rows.loc[("CHN", "KAZ", 2013), "vote_agreement"] == 0.5
    # no row from the measure in a year with votes: no roll call in common, n = 0, measures NA
    assert rows.loc[("KAZ", "RUS", 2012), "vote_n"] == 0
    assert pd.isna(rows.loc[("KAZ", "RUS", 2012), "vote_agreement"])
    assert {p["source"] for p in out.provenance if p["step"] == "add_vote_alignment"} == {"unvotes", "unxml"}


def test_vote_alignment_directed_and_one_measure(mirror_store, fake_all_dyads):
    base = create_dyad_years(mirror_store, ["KAZ", "RUS"], start=2013, end=2013, directed=True)
    out = add_vote_alignment(base, mirror_store, measures="s")
    assert list(out.columns) == list(base.columns) + ["vote_n", "vote_s"]
    assert out["vote_s"].tolist() == [0.9, 0.9] and out["vote_n"].tolist() == [80, 80]


def test_vote_alignment_without_the_all_dyads_module(mirror_store, monkeypatch):
    monkeypatch.setitem(sys.modules, "dyadscope.measures.all_dyads", None)
    base = create_dyad_years(mirror_store, ["KAZ", "RUS"], start=2013, end=2013)
    with pytest.raises(MeasureUnavailableError, match="dyadscope.measures.all_dyads"):
        add_vote_alignment(base, mirror_store)


def test_vote_alignment_real(mirror_store):
    all_dyads = pytest.importorskip("dyadscope.measures.all_dyads")
    base = create_dyad_years(mirror_store, "KAZ", start=2012, end=2024)
    out = add_vote_alignment(base, mirror_store, measures="agreement,kappa")
    assert len(out) == len(base) and out[base.columns].equals(base)
    assert list(out.columns[-3:]) == ["vote_n", "vote_agreement", "vote_kappa"]
    kaz_rus = out[out["iso3_b"] == "RUS"].set_index("year")
    expected = all_dyads.compute_all_dyads(mirror_store, by="year", states=["KAZ", "RUS"],
                                           measures=["agreement", "kappa"]).set_index("period")
    for year in (2013, 2022):
        assert kaz_rus.loc[year, "vote_n"] == expected.loc[year, "n"] > 0
        assert kaz_rus.loc[year, "vote_agreement"] == pytest.approx(expected.loc[year, "agreement"])
        assert kaz_rus.loc[year, "vote_kappa"] == pytest.approx(expected.loc[year, "kappa"])


# -- the documentation's example is a real run ----------------------------------------------------


def test_documented_example_matches(kaz):
    doc = (ROOT / "docs" / "measures" / "dyad-years.md").read_text(encoding="utf-8")
    assert f"The frame has {len(kaz):,} rows." in doc
    kaz_rus = kaz[kaz["iso3_b"] == "RUS"].set_index("year")
    block = kaz_rus.loc[[1992, 2000, 2012, 2013, 2014, 2018, 2019, 2020],
                        ["atop_depth", "cow_type", "trade", "dependence_a_on_b", "dependence_b_on_a",
                         "asymmetry", "shared_igos"]].round(3).to_string()
    assert block in doc
    for note in kaz.notes:
        assert note in doc
