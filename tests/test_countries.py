"""The country registry against the real source files in ../shared/data."""

from __future__ import annotations

import datetime as dt
import glob
import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import SHARED_DATA as DATA
from dyadscope.countries import CountryArgumentError, Registry, normalise
from dyadscope.errors import UnknownCountryError


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.default()


@pytest.fixture(scope="module")
def unvotes() -> pd.DataFrame:
    # keep_default_na=False: Namibia's code "NA" must stay a string.
    votes = pd.read_csv(DATA / "unvotes" / "un_votes.csv.gz", keep_default_na=False)
    calls = pd.read_csv(DATA / "unvotes" / "un_roll_calls.csv.gz", usecols=["rcid", "date"])
    return votes.merge(calls, on="rcid", how="left")


def _unmapped(frame: pd.DataFrame, values: pd.Series) -> list:
    return sorted(set(values[frame["iso3"].isna()].astype(str)))


# -- every name and code in the real data maps --------------------------------------------

def un_extract_names() -> set[str]:
    names: set[str] = set()
    for path in glob.glob(str(DATA / "unxml-ga" / "*.json")):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                for key in ("MS_in_favour", "MS_against", "MS_abstaining"):
                    names.update(record.get(key) or [])
    return names


def test_every_un_extract_name_maps(reg):
    names = un_extract_names()
    assert len(names) > 190
    unmapped = []
    for name in sorted(names):
        try:
            reg.resolve(name, "un_name")
        except UnknownCountryError:
            unmapped.append(name)
    assert unmapped == [], f"UN extract names not in the registry: {unmapped}"


def test_un_extract_names_are_193_member_states(reg):
    keys = {reg.resolve(name, "un_name") for name in un_extract_names()}
    assert len(keys) == 193
    members = set(reg.frame.loc[reg.frame["un_name"].notna(), "iso3"])
    assert keys == members


def test_every_unvotes_name_and_code_maps(reg, unvotes):
    by_name = reg.map_values(unvotes["country"], "name", dates=unvotes["date"])
    by_code = reg.map_values(unvotes["country_code"], "iso2", dates=unvotes["date"])
    assert _unmapped(by_name, unvotes["country"]) == []
    coded = unvotes["country_code"] != ""  # FRG, Yemen Arab Republic, Zanzibar have no code
    assert coded.sum() > 860_000
    assert _unmapped(by_code[coded], unvotes.loc[coded, "country_code"]) == []
    disagree = unvotes.loc[coded & (by_name["iso3"] != by_code["iso3"]), ["country", "country_code"]]
    assert disagree.empty, f"name and code disagree: {disagree.drop_duplicates().values.tolist()}"
    same_state = by_name["as_state"].fillna("-") == by_code["as_state"].fillna("-")
    assert same_state[coded].all()


def test_unvotes_special_rows(reg, unvotes):
    result = reg.map_values(unvotes["country"], "name", dates=unvotes["date"])
    frame = unvotes.assign(iso3=result["iso3"], as_state=result["as_state"])
    first = frame.groupby("country").first()
    assert first.loc["Federal Republic of Germany", "iso3"] == "DEU"
    assert first.loc["Yemen Arab Republic", ["iso3", "as_state"]].tolist() == ["YEM", "YAR"]
    assert first.loc["Zanzibar", "iso3"] == "XZN"
    assert first.loc["Namibia", "iso3"] == "NAM"
    assert first.loc["Czechoslovakia", "iso3"] == "CSK"
    russia = frame[frame["country"] == "Russia"]
    assert set(russia.loc[russia["date"] < "1991-12-25", "as_state"]) == {"SUN"}
    assert set(russia.loc[russia["date"] > "1992-01-01", "as_state"]) == {None}
    assert set(russia["iso3"]) == {"RUS"}
    yugo = frame[frame["country"] == "Yugoslavia"]
    assert set(yugo.loc[yugo["date"] < "2003-01-01", "iso3"]) == {"YUG"}
    assert set(yugo.loc[yugo["date"] > "2007-01-01", "iso3"]) == {"SRB"}


# every peacesciencer table with COW codes (ps_data_version has none; gw_states is tested below)
COW_FILES = [p for p in sorted(DATA.glob("peacesciencer/*.csv.gz"))
             if p.name not in ("ps_data_version.csv.gz", "gw_states.csv.gz")]


@pytest.mark.parametrize("path", COW_FILES, ids=lambda p: p.name)
def test_every_cow_code_since_1946_maps(reg, path):
    frame = pd.read_csv(path, keep_default_na=False)
    columns = [c for c in ("ccode", "ccode1", "ccode2") if c in frame]
    assert columns, f"{path.name} has no COW code column"
    # The date of each row: its year, else the end of the period it describes.
    when = next(frame[c] for c in ("year", "enddate", "endyear") if c in frame)
    keep = pd.to_numeric(when.astype(str).str[:4]) >= 1946
    assert keep.any()
    for column in columns:
        result = reg.map_values(frame.loc[keep, column], "cow", dates=when[keep])
        assert _unmapped(result, frame.loc[keep, column]) == [], f"{path.name} {column}"


def test_every_cow_and_gw_state_maps_at_any_date(reg):
    cow = pd.read_csv(DATA / "peacesciencer" / "cow_states.csv.gz")
    gw = pd.read_csv(DATA / "peacesciencer" / "gw_states.csv.gz", keep_default_na=False)
    assert _unmapped(reg.map_values(cow["ccode"], "cow", cow["styear"]), cow["ccode"]) == []
    assert _unmapped(reg.map_values(cow["stateabb"], "cow_abbr", cow["styear"]), cow["stateabb"]) == []
    assert _unmapped(reg.map_values(gw["gwcode"], "gw", gw["startdate"]), gw["gwcode"]) == []


def test_every_idealpoint_code_maps(reg):
    ideal = pd.read_csv(DATA / "voeten-idealpoints" / "IdealpointestimatesAll_Jun2024.csv",
                        keep_default_na=False)
    year = ideal["session"] + 1945
    by_ccode = reg.map_values(ideal["ccode"], "cow", dates=year)
    by_iso = reg.map_values(ideal["iso3c"], "iso3", dates=year)
    assert _unmapped(by_ccode, ideal["ccode"]) == []
    assert _unmapped(by_iso, ideal["iso3c"]) == []
    # The file's one known oddity: Yemen People's Republic (ccode 680) carries iso3c "YAR".
    differ = ideal.loc[by_ccode["iso3"] != by_iso["iso3"], ["ccode", "iso3c"]].drop_duplicates()
    assert differ.values.tolist() == [[680, "YAR"]]
    assert by_ccode.loc[ideal["ccode"] == 680, "iso3"].unique().tolist() == ["YMD"]


# -- facts ---------------------------------------------------------------------------------

def test_kazakhstan(reg):
    row = reg.get("KAZ")
    assert (row["cow"], row["cow_abbr"], row["gw"], row["iso2"]) == (705, "KZK", 705, "KZ")
    assert row["un_name"] == "KAZAKHSTAN" and row["post_soviet"] is True
    assert row["cameo"] == "KAZ"
    for value, scheme in ((705, "cow"), ("KZK", "cow_abbr"), ("705", "gw"), ("KZ", "iso2"),
                          ("Казахстан", "name"), ("Қазақстан", "name"), ("Kazachstan", "name")):
        assert reg.resolve(value, scheme) == "KAZ"


def test_russia_and_the_ussr(reg):
    row = reg.get("RUS")
    assert (row["cow"], row["cow_abbr"]) == (365, "RUS")
    assert reg.resolve("Russia", "name", date="1980-01-01") == "RUS"
    assert reg.resolve_with_state("Russia", "name", date="1980-01-01") == ("RUS", "SUN")
    assert reg.resolve_with_state("Russia", "name", date=dt.date(2000, 1, 1)) == ("RUS", None)
    assert reg.resolve_with_state(365, "cow", date=1991) == ("RUS", "SUN")
    assert reg.resolve_with_state(365, "cow", date=1992) == ("RUS", None)
    assert reg.resolve_with_state("SUN", "iso3") == ("RUS", "SUN")
    assert reg.resolve_with_state("Soviet Union", "name") == ("RUS", "SUN")
    assert reg.resolve("СССР") == "RUS"


def test_serbia_yugoslavia_by_date(reg):
    assert reg.resolve(345, "cow", date=1995) == "YUG"
    assert reg.resolve(345, "cow", date=2004) == "SCG"
    assert reg.resolve(345, "cow", date=2010) == "SRB"
    assert reg.resolve(345, "cow", date="2006-06-04") == "SCG"
    assert reg.resolve(345, "cow", date="2006-06-05") == "SRB"
    assert reg.resolve("Yugoslavia", "name", date="2015-09-01") == "SRB"
    assert reg.resolve("YU", "iso2", date="1970-01-01") == "YUG"
    assert reg.resolve("CS", "iso2", date="1970-01-01") == "CSK"


def test_germany_and_yemen(reg):
    assert reg.resolve(260, "cow") == "DEU"
    assert reg.resolve(255, "cow") == "DEU"
    assert reg.resolve(265, "cow") == "DDR"
    assert reg.resolve_with_state(678, "cow", date=1980) == ("YEM", "YAR")
    assert reg.resolve_with_state(678, "gw", date=1980) == ("YEM", "YAR")
    assert reg.resolve_with_state(678, "gw", date=1995) == ("YEM", None)
    assert reg.resolve(680, "cow") == "YMD"


@pytest.mark.parametrize("name", ["TÜRKİYE", "TURKIYE", "TÜRKÝYE", "TÜRKIYE", "TURKEY", "türkiye"])
def test_turkiye_spellings(reg, name):
    assert reg.resolve(name, "un_name") == "TUR"
    assert reg.resolve(name) == "TUR"


def test_normalise():
    assert normalise("Côte d’Ivoire") == normalise("COTE D'IVOIRE") == "COTE D'IVOIRE"
    assert normalise("TÜRKÝYE") == normalise("Türkiye") == "TURKIYE"
    assert normalise("  São  Tomé ") == "SAO TOME"


def test_unknown_name_raises_with_the_value(reg):
    with pytest.raises(UnknownCountryError, match="Narnia") as info:
        reg.resolve("Narnia", "un_name")
    assert "scheme un_name" in str(info.value)
    with pytest.raises(UnknownCountryError, match=r"did you mean Kazakhstan \(KAZ\)"):
        reg.resolve("Kazahstan", "name")
    with pytest.raises(UnknownCountryError, match="999"):
        reg.resolve(999, "cow")
    with pytest.raises(UnknownCountryError, match="ZZZ"):
        reg.get("ZZZ")


def test_bad_arguments(reg):
    with pytest.raises(CountryArgumentError, match="accepted: auto, iso3"):
        reg.resolve("KAZ", "fips")
    with pytest.raises(CountryArgumentError, match="accepted: en, ru"):
        reg.name("KAZ", "de")
    with pytest.raises(CountryArgumentError, match="cannot read date"):
        reg.resolve(345, "cow", date="last year")


def test_map_values_reports_unknown_as_none(reg):
    values = pd.Series(["Kazakhstan", "Narnia", None, "Russia"], index=[10, 11, 12, 13])
    dates = pd.Series(["2000-01-01", "2000-01-01", "2000-01-01", "1970-05-05"], index=values.index)
    result = reg.map_values(values, "name", dates=dates)
    assert result.index.tolist() == [10, 11, 12, 13]
    assert result["iso3"].tolist() == ["KAZ", None, None, "RUS"]
    assert result["as_state"].tolist() == [None, None, None, "SUN"]


@pytest.mark.parametrize("value, expected", [
    ("ОДКБ", "CSTO"), ("ҰҚШҰ", "CSTO"), ("ЕАЭС", "EAEU"), ("СНГ", "CIS"), ("ШОС", "SCO"),
    ("NATO", "NATO"), ("НАТО", "NATO"), ("ООН", "UN"), ("ОБСЕ", "OSCE"), ("AGİT", "OSCE"),
    ("Türk Devletleri Teşkilatı", "OTS"), ("Unia Europejska", "EU"), ("EEC", "EU"),
])
def test_organisations_resolve(reg, value, expected):
    assert reg.resolve(value) == expected
    assert reg.get(expected)["kind"] == "organisation"


def test_post_soviet(reg):
    states = reg.post_soviet()
    assert len(states) == 15
    assert {"KAZ", "RUS", "UKR", "EST", "GEO"} <= set(states)
    assert "SUN" not in states


def test_search(reg):
    assert reg.search("kaz")[0]["iso3"] == "KAZ"
    assert reg.search("KZK")[0]["iso3"] == "KAZ"
    assert reg.search("705")[0]["iso3"] == "KAZ"
    assert reg.search("Қазақ")[0]["iso3"] == "KAZ"
    assert len(reg.search(None)) == len(reg.frame)
    assert reg.search("no such place") == []


def test_un_members_have_names_in_five_languages(reg):
    members = reg.frame[reg.frame["un_name"].notna()]
    assert len(members) == 193
    columns = ["name_en", "name_ru", "name_kk", "name_tr", "name_pl"]
    missing = members.loc[members[columns].isna().any(axis=1), "iso3"].tolist()
    assert missing == []
    assert reg.name("KAZ", "kk") == "Қазақстан"
    assert reg.name("RUS", "pl") == "Rosja"


def test_table_is_consistent(reg):
    frame = reg.frame
    assert frame["iso3"].is_unique
    assert set(frame["kind"]) == {"state", "territory", "historical", "organisation"}
    folded = frame["fold_into"].dropna()
    assert set(folded) <= set(frame["iso3"])
    assert dict(zip(frame.loc[folded.index, "iso3"], folded)) == {"SUN": "RUS", "YAR": "YEM"}
    periods_target = set(reg.periods["iso3"]) | set(reg.periods["as_state"].replace("", None).dropna())
    assert periods_target <= set(frame["iso3"])
    assert set(reg.aliases["iso3"]) <= set(frame["iso3"])


def test_every_gw_code_in_gw_ddy_maps(reg):
    pyreadr = pytest.importorskip("pyreadr")
    frame = next(iter(pyreadr.read_r(str(DATA / "peacesciencer" / "gw_ddy.rda")).values()))
    codes = pd.Series(pd.unique(pd.concat([frame["gwcode1"], frame["gwcode2"]])).astype(int))
    assert _unmapped(reg.map_values(codes, "gw"), codes) == []
    assert reg.resolve(970, "gw") == "KIR" and reg.resolve(970, "cow") == "NRU"
