"""State lists, contiguity, rivalries and minimum distances from peacesciencer: the real samples
load whole, the Kazakhstan-Russia facts of SOURCE.md hold, bad values are reported."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from dyadscope import api

NEW_SOURCES = ("cow-states", "gw-states", "cow-contiguity", "rivalries", "cow-distance")
USSR = (dt.date(1922, 12, 30), dt.date(1991, 12, 24))


def rows(store, sql, params=None):
    return store.con.execute(sql, params or []).fetchall()


def problems(result):
    return [(p.row, p.column, p.value, p.reason, p.level) for p in result.report.problems]


# -- the real samples ---------------------------------------------------------------------------


def test_new_sources_load_whole_with_two_warnings(mirror_store):
    results = [r for r in mirror_store.results if r.source in NEW_SOURCES]
    assert {r.source: r.rows_ok for r in results} == {
        "cow-states": 243, "gw-states": 216, "cow-contiguity": 1_874, "rivalries": 197, "cow-distance": 952_244}
    assert all(r.rows_rejected == 0 and r.rows_in == r.rows_ok for r in results)
    warnings = [p for r in results for p in r.report.problems]
    # Venice (peacesciencer's made-up code 324) is no state the registry knows; both rivalries start in 1494
    assert [(p.row, p.column, p.value, p.level) for p in warnings] == [
        (7, "ccode1", "324", "warning"), (9, "ccode2", "324", "warning")]


def test_kazakhstan_in_both_state_systems_from_december_1991(mirror_store):
    found = rows(mirror_store, "SELECT system, code, abbr, start, \"end\", as_state FROM state_system "
                               "WHERE iso3 = 'KAZ' ORDER BY system")
    assert found == [("cow", 705, "KZK", dt.date(1991, 12, 26), dt.date(2016, 12, 31), None),
                     ("gw", 705, "KZK", dt.date(1991, 12, 16), dt.date(2017, 12, 31), None)]


def test_russia_flagged_ussr_only_for_periods_starting_in_soviet_times(mirror_store):
    # Russia's one membership period in each list starts in 1816: Russia, not the USSR
    assert rows(mirror_store, "SELECT system, start, as_state FROM state_system WHERE code = 365 ORDER BY system") == [
        ("cow", dt.date(1816, 1, 1), None), ("gw", dt.date(1816, 1, 1), None)]
    # the Kazakhstan-Russia contiguity period starts 1991-12-01, before the USSR ended on 1991-12-25
    rus = rows(mirror_store, "SELECT start, as_state_a FROM contiguity WHERE iso3_a = 'RUS' AND iso3_b = 'KAZ'")
    assert rus == [(dt.date(1991, 12, 1), "SUN")]
    # and generally: a period of code 365 is flagged exactly when it starts in Soviet times
    frame = mirror_store.query(
        "SELECT start, as_state_a AS s FROM contiguity WHERE iso3_a = 'RUS' "
        "UNION ALL SELECT start, as_state_b FROM contiguity WHERE iso3_b = 'RUS'")
    soviet = pd.to_datetime(frame["start"]).between(*map(pd.Timestamp, USSR))
    assert soviet.any() and (~soviet).any()
    assert (frame.loc[soviet, "s"] == "SUN").all() and frame.loc[~soviet, "s"].isna().all()


def test_kazakhstan_russia_land_border_from_1991_12_01(mirror_store):
    found = rows(mirror_store, "SELECT iso3_a, iso3_b, conttype, start, \"end\" FROM contiguity "
                               "WHERE 'KAZ' IN (iso3_a, iso3_b) AND 'RUS' IN (iso3_a, iso3_b) ORDER BY iso3_a")
    assert found == [("KAZ", "RUS", 1, dt.date(1991, 12, 1), dt.date(2016, 12, 1)),
                     ("RUS", "KAZ", 1, dt.date(1991, 12, 1), dt.date(2016, 12, 1))]
    # peacesciencer's conttype 0 (no contiguity record for the period) is kept; nothing outside 0..5
    types = dict(rows(mirror_store, "SELECT conttype, count(*) FROM contiguity GROUP BY 1"))
    assert set(types) == {0, 1, 2, 3, 4, 5} and types[0] == 180


def test_rivalries_map_with_the_start_year(mirror_store):
    found = {r[0]: r[1:] for r in rows(mirror_store,
             "SELECT rivalry_id, iso3_a, iso3_b, as_state_a, as_state_b, start_year, end_year FROM rivalry")}
    assert found[99] == ("USA", "RUS", None, "SUN", 1945, 1989)   # Russia-United States 1: the USSR
    assert found[197] == ("USA", "RUS", None, None, 2007, 2010)  # Russia-United States 2
    assert found[114] == ("YUG", "RUS", None, "SUN", 1948, 1955)  # COW 345 in 1948 is Yugoslavia
    assert found[1] == ("FRA", "XAH", None, None, 1494, 1918)     # pre-1816 codes map too (300 Austria-Hungary)
    assert found[183] == ("UZB", "KAZ", None, None, 1991, 2010)   # Kazakhstan's one rivalry
    venice = rows(mirror_store, "SELECT rivalry_id, name, iso3_a, iso3_b, code_a, code_b FROM rivalry "
                                "WHERE iso3_a IS NULL OR iso3_b IS NULL ORDER BY rivalry_id")
    assert venice == [(6, "Ottoman Empire-Venice", None, "TUR", 324, 640),
                      (8, "Portugal-Venice", "PRT", None, 235, 324)]
    assert rows(mirror_store, "SELECT count(*) FROM rivalry WHERE type3 IS NOT NULL")[0][0] < 197


def test_kazakhstan_russia_minimum_distance(mirror_store):
    years = rows(mirror_store, "SELECT min(year), max(year), count(*), max(mindist) FROM distance "
                               "WHERE iso3_a = 'RUS' AND iso3_b = 'KAZ'")
    assert years == [(1992, 2019, 28, 0.0)]
    assert rows(mirror_store, "SELECT min(year), max(year) FROM distance") == [(1886, 2019)]
    assert rows(mirror_store, "SELECT count(*) FROM distance WHERE iso3_a = iso3_b")[0][0] == 0


@pytest.mark.parametrize("source,stem,table", [
    ("cow-states", "cow_states", "state_system"),
    ("gw-states", "gw_states", "state_system"),
    ("cow-contiguity", "cow_contdir", "contiguity"),
    ("rivalries", "td_rivalries", "rivalry"),
])
def test_rda_and_csv_give_the_same_rows(tmp_path, data_dir, source, stem, table):
    from dyadscope.store import Store

    content = []
    for suffix in (".rda", ".csv.gz"):
        copy = tmp_path / suffix.strip(".")
        copy.mkdir()
        shutil.copy(data_dir / "peacesciencer" / f"{stem}{suffix}", copy)
        with Store(tmp_path / f"{suffix.strip('.')}.duckdb") as s:
            [result] = api.load(s, source, copy)
            assert result.rows_rejected == 0
            columns = [c for c, in rows(s, f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'")]
            quoted = ", ".join(f'"{c}"' for c in columns)
            content.append(rows(s, f"SELECT count(*), sum(hash({quoted})) FROM {table}"))
    assert content[0] == content[1] and content[0][0][0] > 100


# -- loading twice, replacing, bad input ----------------------------------------------------------


def test_second_load_changes_nothing(store, data_dir):
    for source in NEW_SOURCES[:4]:
        api.load(store, source, data_dir)
    before = store.table_counts()
    again = [r for source in NEW_SOURCES[:4] for r in api.load(store, source, data_dir)]
    assert [r.skipped for r in again] == [True] * 4
    assert store.table_counts() == before
    assert before["state_system"] == 243 + 216 and before["load_log"] == 4


def test_new_version_of_one_list_keeps_the_other(store, data_dir, tmp_path):
    api.load(store, "cow-states", data_dir)
    api.load(store, "gw-states", data_dir)
    cow = pd.read_csv(data_dir / "peacesciencer" / "cow_states.csv.gz", dtype=str, keep_default_na=False)
    cow.head(10).to_csv(tmp_path / "cow_states.csv", index=False)
    [result] = api.load(store, "cow-states", tmp_path / "cow_states.csv")
    assert not result.skipped
    assert dict(rows(store, "SELECT system, count(*) FROM state_system GROUP BY 1")) == {"cow": 10, "gw": 216}


def test_conttype_outside_0_to_5_is_reported(store, tmp_path):
    path = tmp_path / "cow_contdir.csv"
    path.write_text("ccode1,ccode2,conttype,stdate,enddate\n"
                    "365,705,1,1991-12-01,2016-12-01\n"
                    "705,365,7,1991-12-01,2016-12-01\n"
                    "705,710,1,1991-12-32,2016-12-01\n", encoding="utf-8")
    [result] = api.load(store, "cow-contiguity", path)
    assert problems(result) == [(3, "conttype", "7", "expected one of 0, 1, 2, 3, 4, 5", "error"),
                                (4, "stdate", "1991-12-32", "not a valid date", "error")]
    assert all(p.file == str(path) for p in result.report.problems)
    assert (result.rows_in, result.rows_ok, result.rows_rejected) == (3, 1, 2)
    assert rows(store, "SELECT iso3_a, iso3_b, conttype, start FROM contiguity") == [
        ("RUS", "KAZ", 1, dt.date(1991, 12, 1))]


def test_state_periods_map_on_their_start_date(store, tmp_path):
    path = tmp_path / "cow_states.csv"
    path.write_text("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
                    "RUS,365,Russia,1816,1,1,1917,12,5,2016\n"
                    "RUS,365,Russia,1922,12,30,1991,12,24,2016\n"
                    "RUS,365,Russia,1991,12,25,2016,12,31,2016\n"
                    "KZK,705,Kazakhstan,1991,13,26,2016,12,31,2016\n", encoding="utf-8")
    [result] = api.load(store, "cow-states", path)
    assert problems(result) == [(5, "styear, stmonth, stday", "1991-13-26", "not a valid date", "error")]
    assert rows(store, "SELECT iso3, as_state, start FROM state_system ORDER BY start") == [
        ("RUS", None, dt.date(1816, 1, 1)), ("RUS", "SUN", dt.date(1922, 12, 30)), ("RUS", None, dt.date(1991, 12, 25))]


def test_unknown_code_in_a_rivalry_is_an_error_from_1816(store, tmp_path):
    path = tmp_path / "td_rivalries.csv"
    path.write_text("rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3\n"
                    "6,Ottoman Empire-Venice,324,640,1494,1717,European GPs,spatial,positional,\n"
                    "500,Nowhere-Russia,365,9999,1900,1910,Nowhere,spatial,,\n", encoding="utf-8")
    [result] = api.load(store, "rivalries", path)
    assert problems(result) == [
        (2, "ccode1", "324", "unknown country (cow) before 1816; row kept without ISO3 for this side", "warning"),
        (3, "ccode2", "9999", "unknown country (cow)", "error")]
    assert rows(store, "SELECT rivalry_id, iso3_a, iso3_b FROM rivalry") == [(6, None, "TUR")]
