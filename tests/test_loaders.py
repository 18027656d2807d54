"""Every real sample loads, with the row counts each SOURCE.md states, and the known facts hold."""

from __future__ import annotations

import pytest

from dyadscope import api
from dyadscope.countries import Registry

# (source, table, rows) as stated in ../shared/data/*/SOURCE.md
EXPECTED_ROWS = [
    ("unvotes", "vote", "rc_id LIKE 'unvotes:%'", 870_109),
    ("unvotes", "roll_call", "source = 'unvotes'", 6_203),
    # 752 records adopted by recorded vote, of which 21 repeat an earlier record of the same resolution
    ("unxml", "roll_call", "source = 'unxml'", 731),
    ("idealpoints", "ideal_point", "true", 11_238),
    ("atop", "alliance", "source = 'atop'", 273_296),
    ("cow-alliance", "alliance", "source = 'cow-alliance'", 120_784),
    ("cow-trade", "trade", "true", 673_654),
    ("cow-trade", "trade_total", "true", 14_410),
    ("cow-igo", "igo", "true", 917_695),
    ("cow-states", "state_system", "source = 'cow-states' AND system = 'cow'", 243),
    ("gw-states", "state_system", "source = 'gw-states' AND system = 'gw'", 216),
    ("cow-contiguity", "contiguity", "true", 1_874),
    ("rivalries", "rivalry", "true", 197),
    ("cow-distance", "distance", "true", 952_244),
]


def count(store, sql, params=None):
    return store.con.execute(sql, params or []).fetchone()[0]


@pytest.mark.parametrize("source,table,where,rows", EXPECTED_ROWS, ids=lambda v: str(v))
def test_row_counts_match_source_md(mirror_store, source, table, where, rows):
    assert count(mirror_store, f"SELECT count(*) FROM {table} WHERE {where}") == rows


def test_no_real_row_is_rejected(mirror_store):
    rejected = [p for r in mirror_store.results for p in r.report.errors]
    assert rejected == [], "\n".join(map(str, rejected[:20]))
    assert all(r.rows_rejected == 0 for r in mirror_store.results)


def test_issue_codes_kept(mirror_store):
    pairs = count(mirror_store, "SELECT count(*) FROM (SELECT unnest(issue_codes) FROM roll_call WHERE source = 'unvotes')")
    assert pairs == 5_745


def test_unxml_coverage(mirror_store):
    first, last = mirror_store.con.execute(
        "SELECT min(date), max(date) FROM roll_call WHERE source = 'unxml'").fetchone()
    # SOURCE.md's 2019-10-10 is the first adoption of any kind; the first recorded vote is 2019-11-07
    assert (str(first), str(last)) == ("2019-11-07", "2026-06-04")
    per_file = dict(mirror_store.con.execute(
        "SELECT session_label, count(*) FROM roll_call WHERE source = 'unxml' GROUP BY 1").fetchall())
    # SOURCE.md counts records: 79.json has 132 and 80.json 168, of which 19 and 2 repeat a resolution
    assert per_file == {"74": 90, "75": 100, "76": 80, "77": 88, "78": 85, "79": 113, "80": 166, "ES-10": 3, "ES-11": 6}
    repeated = [p for r in mirror_store.results if r.source == "unxml" for p in r.report.problems
                if p.reason.startswith("the same resolution is recorded again")]
    assert len(repeated) == 752 - 731


def test_unxml_votes_match_the_published_long_table(mirror_store, data_dir):
    """derived_votes_long (made independently from the same JSON) has one row per listed name and
    record; without repeated records and names it must equal our vote table, state by state."""
    import pandas as pd

    long = pd.read_csv(data_dir / "unxml-ga" / "derived_votes_long.csv.gz", keep_default_na=False)
    assert len(long) == 131_916
    ours = count(mirror_store, "SELECT count(*) FROM vote WHERE rc_id LIKE 'unxml:%'")
    long["iso3"] = Registry.default().map_values(long["ms_name_raw"], "un_name")["iso3"].to_numpy()
    assert long["iso3"].notna().all()
    assert ours == len(long.drop_duplicates(["symbol", "iso3"]))
    for state, name in (("KAZ", "KAZAKHSTAN"), ("RUS", "RUSSIAN FEDERATION")):
        theirs = long[long["ms_name"] == name].drop_duplicates(["symbol"])["vote"].value_counts().to_dict()
        mine = mirror_store.query(
            "SELECT vote, count(*) AS n FROM vote WHERE iso3 = ? AND rc_id LIKE 'unxml:%' GROUP BY vote", [state])
        assert dict(zip(mine["vote"], mine["n"])) == theirs


def test_kazakhstan_and_russia_vote_counts(mirror_store):
    assert count(mirror_store, "SELECT count(*) FROM vote WHERE rc_id LIKE 'unvotes:%' AND iso3 = 'KAZ'") == 2_394
    assert count(mirror_store, "SELECT count(*) FROM vote WHERE rc_id LIKE 'unvotes:%' AND iso3 = 'RUS'") == 6_145


def test_ussr_votes_kept_under_russia_and_flagged(mirror_store):
    flagged = mirror_store.con.execute(
        "SELECT min(r.date), max(r.date), count(*) FROM vote v JOIN roll_call r USING (rc_id) "
        "WHERE v.iso3 = 'RUS' AND v.as_state = 'SUN'").fetchone()
    before = count(mirror_store, "SELECT count(*) FROM vote v JOIN roll_call r USING (rc_id) "
                                 "WHERE v.iso3 = 'RUS' AND r.date < DATE '1991-12-25'")
    assert flagged[2] == before > 3_000
    assert str(flagged[1]) < "1991-12-25"
    after = count(mirror_store, "SELECT count(*) FROM vote v JOIN roll_call r USING (rc_id) "
                                "WHERE v.iso3 = 'RUS' AND r.date >= DATE '1992-01-01' AND v.as_state IS NOT NULL")
    assert after == 0


def test_session_74_overlap_counted_once(mirror_store):
    superseded = count(mirror_store, "SELECT count(*) FROM roll_call WHERE superseded_by IS NOT NULL")
    both = count(mirror_store, """
        SELECT count(*) FROM roll_call v JOIN roll_call x ON v.symbol = x.symbol
        WHERE v.source = 'unvotes' AND x.source = 'unxml'""")
    assert superseded == both > 0
    # in the combined table no resolution symbol of session 74 appears twice
    dupes = count(mirror_store, """
        SELECT count(*) FROM (SELECT symbol FROM roll_call WHERE superseded_by IS NULL AND session = 74
                              AND NOT coalesce(amend, false) AND NOT coalesce(para, false)
                              GROUP BY symbol HAVING count(*) > 1)""")
    assert dupes == 0
    combined = count(mirror_store, "SELECT count(*) FROM roll_call WHERE superseded_by IS NULL")
    assert combined == 6_203 + 731 - superseded


def test_absent_is_not_abstain(mirror_store):
    es111 = mirror_store.con.execute(
        "SELECT yes, no, abstain FROM roll_call WHERE symbol = 'A/RES/ES-11/1'").fetchone()
    assert es111 == (141, 5, 35)
    assert count(mirror_store, "SELECT count(*) FROM vote WHERE rc_id = 'unxml:A/RES/ES-11/1'") == 181


@pytest.mark.parametrize("symbol,kaz,rus", [
    ("A/RES/ES-11/1", "A", "N"), ("A/RES/ES-11/2", "A", "N"), ("A/RES/ES-11/3", "N", "N"),
    ("A/RES/ES-11/4", "A", "N"), ("A/RES/ES-11/5", "A", "N"), ("A/RES/ES-11/6", "A", "N"),
])
def test_es11_votes(mirror_store, symbol, kaz, rus):
    frame = api.votes(mirror_store, "KAZ", "RUS", resolution=symbol)
    assert frame[["KAZ", "RUS"]].values.tolist() == [[kaz, rus]]


def test_crimea_resolution_68_262(mirror_store):
    frame = api.votes(mirror_store, "Kazakhstan", "Russia", resolution="68/262")
    assert len(frame) == 1
    assert frame.iloc[0]["symbol"] == "A/RES/68/262"
    assert frame.iloc[0]["RUS"] == "N"


def test_atop_kazakhstan_russia_defence_pact_from_1992(mirror_store):
    rows = mirror_store.query(
        "SELECT year, defense, nonagg, consul FROM alliance WHERE source = 'atop' "
        "AND iso3_a = 'KAZ' AND iso3_b = 'RUS' ORDER BY year")
    assert rows["year"].min() == 1992 and rows["year"].max() == 2018
    assert rows["defense"].all() and rows["nonagg"].all() and rows["consul"].all()
    assert count(mirror_store, "SELECT count(*) FROM alliance WHERE source = 'atop' "
                               "AND 'KAZ' IN (iso3_a, iso3_b) AND 'RUS' IN (iso3_a, iso3_b)") == 54


def test_trade_and_igo_kazakhstan_russia(mirror_store):
    flow = mirror_store.con.execute(
        "SELECT imports_a_from_b, imports_b_from_a FROM trade WHERE iso3_a = 'RUS' AND iso3_b = 'KAZ' AND year = 2013"
    ).fetchone()
    assert flow == (5887.0, 19395.0)
    assert count(mirror_store, "SELECT shared FROM igo WHERE 'KAZ' IN (iso3_a, iso3_b) "
                               "AND 'RUS' IN (iso3_a, iso3_b) AND year = 2014") == 47


def test_idealpoints_published_agreement_kept(mirror_store):
    agree = dict(mirror_store.con.execute(
        "SELECT session, round(agree_rus, 3) FROM ideal_point WHERE iso3 = 'KAZ' AND session IN (47, 76, 77, 78)"
    ).fetchall())
    assert agree == {47: 0.730, 76: 0.675, 77: 0.582, 78: 0.557}
    assert count(mirror_store, "SELECT count(*) FROM ideal_point WHERE iso3 = 'RUS' AND as_state = 'SUN'") > 0


def test_load_log_records_each_part(mirror_store):
    log = mirror_store.load_log()
    assert set(log["source"]) == {"unvotes", "unxml", "idealpoints", "atop", "cow-alliance", "cow-trade", "cow-igo",
                                  "cow-states", "gw-states", "cow-contiguity", "rivalries", "cow-distance", "curated"}
    assert (log["rows_in"] >= log["rows_ok"]).all()
    assert log["file_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()


def test_kazakhstan_russia_in_voeten_data_as_source_md_states(mirror_store):
    # SOURCE.md (unvotes): 2,367 roll calls on which both voted; the same vote on 73.1% of them
    shared = api.votes(mirror_store, "KAZ", "RUS")
    voeten = shared[shared["rc_id"].str.startswith("unvotes:")]
    voeten_all = mirror_store.query(
        "SELECT count(*) AS n FROM vote a JOIN vote b USING (rc_id) WHERE a.iso3 = 'KAZ' AND b.iso3 = 'RUS' "
        "AND rc_id LIKE 'unvotes:%'")["n"][0]
    assert voeten_all == 2_367
    same_all = mirror_store.query(
        "SELECT avg(CASE WHEN a.vote = b.vote THEN 1 ELSE 0 END) AS s FROM vote a JOIN vote b USING (rc_id) "
        "WHERE a.iso3 = 'KAZ' AND b.iso3 = 'RUS' AND rc_id LIKE 'unvotes:%'")["s"][0]
    assert round(same_all, 3) == 0.731
    # in the combined table the session-74 roll calls the UN extract also records count once
    assert len(voeten) == voeten_all - mirror_store.query(
        "SELECT count(*) AS n FROM roll_call r JOIN vote a USING (rc_id) JOIN vote b USING (rc_id) "
        "WHERE r.superseded_by IS NOT NULL AND a.iso3 = 'KAZ' AND b.iso3 = 'RUS'")["n"][0]


def test_unxml_counts_are_the_ones_the_un_states(mirror_store):
    # A/RES/75/290 A lists every name twice; A/RES/75/254 A-C lists none; the stated counts stand
    rows = dict((s, (y, n, a)) for s, y, n, a in mirror_store.con.execute(
        "SELECT symbol, yes, no, abstain FROM roll_call WHERE symbol IN ('A/RES/75/290 A', 'A/RES/75/254 A-C')"
    ).fetchall())
    assert rows["A/RES/75/254 A-C"][:2] == (168, 2)
    names = mirror_store.con.execute(
        "SELECT count(*) FROM vote WHERE rc_id = 'unxml:A/RES/75/290 A' AND vote = 'Y'").fetchone()[0]
    assert rows["A/RES/75/290 A"][0] == names


@pytest.mark.parametrize("written", ["A/RES/78/183 A", "78/183A", "a/res/78/183 a"])
def test_symbol_with_a_letter_suffix(mirror_store, written):
    frame = api.votes(mirror_store, "KAZ", "RUS", resolution=written)
    assert frame["symbol"].tolist() == ["A/RES/78/183 A"]


def test_voeten_letter_suffix_written_like_the_un(mirror_store):
    assert count(mirror_store, "SELECT count(*) FROM roll_call WHERE source_symbol = 'R/26/2758G' "
                               "AND symbol = 'A/RES/26/2758 G'") == 1
