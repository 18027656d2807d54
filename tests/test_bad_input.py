"""Bad input gives a report naming file, row, column, value and reason; a useless file fails whole."""

from __future__ import annotations

import gzip
import json

import pytest

from dyadscope import api
from dyadscope.errors import LoadError


def unvotes_copy(data_dir, folder, edit_votes=None, edit_calls=None):
    """A copy of the unvotes sample, each table cut to its first rows and optionally edited."""
    import pandas as pd

    folder.mkdir(exist_ok=True)
    calls = pd.read_csv(data_dir / "unvotes" / "un_roll_calls.csv.gz", dtype=str, keep_default_na=False).head(50)
    votes = pd.read_csv(data_dir / "unvotes" / "un_votes.csv.gz", dtype=str, keep_default_na=False)
    votes = votes[votes["rcid"].isin(calls["rcid"])].reset_index(drop=True)
    issues = pd.read_csv(data_dir / "unvotes" / "un_roll_call_issues.csv.gz", dtype=str, keep_default_na=False)
    issues = issues[issues["rcid"].isin(calls["rcid"])]
    if edit_votes:
        edit_votes(votes)
    if edit_calls:
        edit_calls(calls)
    votes.to_csv(folder / "un_votes.csv.gz", index=False)
    calls.to_csv(folder / "un_roll_calls.csv.gz", index=False)
    issues.to_csv(folder / "un_roll_call_issues.csv.gz", index=False)
    return folder, votes, calls


def test_unknown_country_and_bad_vote_are_reported_not_dropped(store, data_dir, tmp_path):
    def edit(votes):
        votes.loc[3, "country"] = "Narnia"
        votes.loc[3, "country_code"] = ""
        votes.loc[7, "vote"] = "maybe"

    folder, votes, _ = unvotes_copy(data_dir, tmp_path / "unvotes", edit_votes=edit)
    [result] = api.load(store, "unvotes", folder)
    problems = {(p.row, p.column, p.value): p.reason for p in result.report.errors}
    assert problems[(5, "country", "Narnia")] == "unknown country (name)"  # data row 3 is line 5
    assert problems[(9, "vote", "maybe")].startswith("vote must be yes, no or abstain")
    assert result.rows_rejected == 2
    assert store.con.execute("SELECT count(*) FROM vote").fetchone()[0] == len(votes) - 2
    # nothing lost: the rejected rows are kept in the store with their reasons
    kept = store.query("SELECT row, \"column\", value FROM rejected_row ORDER BY row")
    assert kept.values.tolist() == [[5, "country", "Narnia"], [9, "vote", "maybe"]]
    csv = result.report.to_csv(tmp_path / "report.csv").read_text()
    assert csv.splitlines()[0] == "file,row,column,value,reason,level"
    assert "Narnia" in csv


def test_strict_load_writes_nothing(store, data_dir, tmp_path):
    folder, _, _ = unvotes_copy(data_dir, tmp_path / "unvotes",
                                edit_votes=lambda v: v.__setitem__("vote", v["vote"].where(v.index != 0, "x")))
    with pytest.raises(LoadError, match="nothing loaded"):
        api.load(store, "unvotes", folder, strict=True)
    assert store.con.execute("SELECT count(*) FROM vote").fetchone()[0] == 0
    assert store.con.execute("SELECT count(*) FROM load_log").fetchone()[0] == 0


def test_bad_date_rejects_roll_call_and_its_votes(store, data_dir, tmp_path):
    folder, votes, calls = unvotes_copy(data_dir, tmp_path / "unvotes",
                                        edit_calls=lambda c: c.__setitem__("date", c["date"].where(c.index != 0, "1946-13-45")))
    [result] = api.load(store, "unvotes", folder)
    first = calls.iloc[0]["rcid"]
    reasons = [(p.file.endswith("un_roll_calls.csv.gz"), p.row, p.column, p.value, p.reason) for p in result.report.errors]
    assert (True, 2, "date", "1946-13-45", "not a valid date") in reasons
    orphaned = (votes["rcid"] == first).sum()
    assert sum(1 for p in result.report.errors if p.reason == "no valid roll call with this id") == orphaned


def test_wrong_columns(store, tmp_path):
    path = tmp_path / "atop_alliance.csv"
    path.write_text("ccode1,ccode2,yr,atop_defense\n2,20,1950,1\n", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        api.load(store, "atop", path)
    assert str(e.value) == (
        f"{path}: missing column(s) year, atop_offense, atop_neutral, atop_nonagg, atop_consul; "
        "found ccode1, ccode2, yr, atop_defense"
    )


def test_unknown_cow_code_is_reported(store, tmp_path):
    path = tmp_path / "cow_igo_ndy.csv"
    path.write_text("ccode1,ccode2,year,dyadigos\n365,705,2000,40\n365,9999,2000,3\n", encoding="utf-8")
    [result] = api.load(store, "cow-igo", path)
    [problem] = result.report.errors
    assert (problem.row, problem.column, problem.value, problem.reason) == (3, "ccode2", "9999", "unknown country (cow)")
    assert store.con.execute("SELECT iso3_a, iso3_b, shared FROM igo").fetchall() == [("RUS", "KAZ", 40)]


def test_wrong_encoding_names_the_row(store, tmp_path):
    path = tmp_path / "ES-11.json"
    good = json.dumps({"symbol": "A/RES/ES-11/1", "adoption_date": "2 March 2022", "adoption_type": "By a recorded vote",
                       "MS_in_favour": ["UKRAINE"], "MS_against": [], "MS_abstaining": []})
    path.write_bytes((good + "\n" + good.replace("UKRAINE", "T\u00dcRK\u0130YE") + "\n").encode("utf-8")
                     + "C\u00d4TE D'IVOIRE".encode("latin-1") + b"\n")
    with pytest.raises(LoadError, match=r"ES-11\.json: row 3: bytes .* are not valid utf-8 \(wrong encoding\?\)"):
        api.load(store, "unxml", path)


def test_broken_json_line(store, tmp_path):
    path = tmp_path / "75.json"
    path.write_text('{"symbol": "A/RES/75/1"}\n{"symbol": \n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"75\.json: row 2: not valid JSON"):
        api.load(store, "unxml", path)


def test_unknown_un_name_reported_under_its_list(store, tmp_path):
    path = tmp_path / "ES-11.json"
    rec = {"symbol": "A/RES/ES-11/9", "adoption_date": "2 March 2022", "adoption_type": "By a recorded vote",
           "MS_in_favour": ["UKRAINE", "ATLANTIS"], "MS_against": ["RUSSIAN FEDERATION"], "MS_abstaining": ["KAZAKHSTAN"]}
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    [result] = api.load(store, "unxml", path)
    [problem] = result.report.errors
    assert (problem.row, problem.column, problem.value) == (1, "MS_in_favour", "ATLANTIS")
    assert store.con.execute("SELECT count(*) FROM vote").fetchone()[0] == 3


def test_empty_file(store, tmp_path):
    path = tmp_path / "76.json"
    path.write_text("", encoding="utf-8")
    with pytest.raises(LoadError, match=r"76\.json: the file is empty"):
        api.load(store, "unxml", path)


def test_not_gzip_at_all(store, tmp_path):
    path = tmp_path / "cow_trade_sy.csv.gz"
    path.write_bytes(b"ccode,year,imports,exports\n2,1870,450,418\n")
    with pytest.raises(LoadError, match="corrupt or truncated gzip file"):
        api.load(store, "cow-trade", path)


def test_not_a_file_of_the_source(store, tmp_path):
    path = tmp_path / "whatever.csv"
    path.write_text("a\n1\n")
    with pytest.raises(LoadError, match="not a file of source 'atop'"):
        api.load(store, "atop", path)


def test_corrupt_rda(store, tmp_path):
    path = tmp_path / "atop_alliance.rda"
    path.write_bytes(gzip.compress(b"not an R file"))
    with pytest.raises(LoadError, match="not a readable R data file"):
        api.load(store, "atop", path)
