"""The claims ledger: every claim of the two studies gets a computed verdict with numbers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dyadscope.cli import cli
from dyadscope.measures.votes import compute_vote_alignment
from dyadscope.report.claims import (VERDICTS, ClaimsError, evaluate_claims, ledger_json, load_claims)
from dyadscope.report.claims.ledger import claim_verdict, test_verdict as verdict_of

IDS = [f"C{i}" for i in range(1, 9)] + [f"Q{i}" for i in range(1, 8)]


@pytest.fixture(scope="module")
def ledger(mirror_store):
    return evaluate_claims(mirror_store, "KAZ", "RUS")


def _claim(ledger, cid):
    return next(c for c in ledger["claims"] if c["id"] == cid)


def test_all_fifteen_claims_have_a_verdict_with_numbers(ledger):
    assert [c["id"] for c in ledger["claims"]] == IDS
    for claim in ledger["claims"]:
        assert claim["verdict"] in VERDICTS
        for test in claim["tests"]:
            assert test["value"] is not None and test["n"] > 0, (claim["id"], test["check"])
            assert test["why"], claim["id"]
            assert test["evidence"] is not None and len(test["evidence"]), (claim["id"], test["check"])


def test_verdicts_follow_from_the_numbers(ledger):
    for claim in ledger["claims"]:
        for test in claim["tests"]:
            assert test["verdict"] == verdict_of(test, test["value"], test["lo"], test["hi"], test["n"])
        assert claim["verdict"] == claim_verdict([t["verdict"] for t in claim["tests"]], claim["rule"])


def test_numbers_are_those_of_the_measures(ledger, mirror_store):
    test = _claim(ledger, "C1")["tests"][2]
    expected = compute_vote_alignment(mirror_store, "KAZ", "RUS", by="all", start="1992-01-01", end="2022-02-23",
                                      measures=["agreement"])
    assert test["value"] == pytest.approx(expected["agreement"].iloc[0])
    assert test["n"] == expected["n"].iloc[0]


def test_evidence_rows_carry_symbols_and_references(ledger):
    ukraine = _claim(ledger, "C3")["tests"][0]["evidence"]
    assert "A/RES/ES-11/1" in set(ukraine["symbol"])
    es11_1 = ukraine[ukraine["symbol"] == "A/RES/ES-11/1"].iloc[0]
    assert (es11_1["vote_a"], es11_1["vote_b"]) == ("A", "N")
    sanctions = _claim(ledger, "C3")["tests"][1]["evidence"]
    assert sanctions["reference"].str.len().min() > 5
    energy = _claim(ledger, "C4")["tests"][0]["evidence"]
    assert (energy["domain"] == "energy").all() and (energy["source"] == "RUS").all()


def test_a_tense_2022_and_a_recovery(ledger):
    c5 = _claim(ledger, "C5")["tests"][0]
    assert c5["numbers"]["net cooperation after"] < 0 < c5["numbers"]["net cooperation before"]
    assert c5["verdict"] == "supported"


@pytest.mark.parametrize("value, lo, hi, expect, threshold, verdict", [
    (-0.1, -0.2, -0.05, "<", 0, "supported"),
    (-0.1, -0.2, 0.05, "<", 0, "not enough evidence"),
    (0.1, 0.05, 0.2, "<", 0, "contradicted"),
    (0.6, None, None, ">", 0.5, "supported"),
    (0.02, -0.05, 0.08, "within", 0.1, "supported"),
    (0.3, 0.2, 0.4, "within", 0.1, "contradicted"),
    (3, None, None, ">=", 3, "supported"),
    (2, None, None, ">=", 3, "contradicted"),
])
def test_verdict_rule(value, lo, hi, expect, threshold, verdict):
    assert verdict_of({"expect": expect, "threshold": threshold}, value, lo, hi, 10) == verdict
    assert verdict_of({"expect": expect, "threshold": threshold, "min_n": 20}, value, lo, hi, 10) == "not enough evidence"


def test_claim_rules():
    assert claim_verdict(["supported", "supported"]) == "supported"
    assert claim_verdict(["supported", "not enough evidence"]) == "not enough evidence"
    assert claim_verdict(["supported", "contradicted"]) == "contradicted"
    assert claim_verdict(["contradicted", "supported"], "any") == "supported"
    assert claim_verdict(["contradicted", "contradicted"], "any") == "contradicted"


USER_CLAIMS = '''
pair = ["Kazakhstan", "China"]
[[claim]]
id = "U1"
text = "Kazakhstan votes with China on most roll calls since 2014."
[[claim.test]]
check = "vote_agreement"
period = ["2014-01-01", "2025-12-31"]
expect = ">"
threshold = 0.5
min_n = 50
why = "most: more than half"
'''


def test_a_user_claims_file(mirror_store, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(USER_CLAIMS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "claims", "KAZ", "CHN", "--claims", str(path),
                                      "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    expected = ledger_json(evaluate_claims(mirror_store, "KAZ", "CHN", path))
    assert printed == json.loads(json.dumps(expected, default=str))
    (claim,) = printed["claims"]
    agreement = compute_vote_alignment(mirror_store, "KAZ", "CHN", by="all", start="2014-01-01", end="2025-12-31",
                                       measures=["agreement"])["agreement"].iloc[0]
    assert claim["tests"][0]["value"] == pytest.approx(agreement)
    assert claim["verdict"] == ("supported" if claim["tests"][0]["lo"] > 0.5 else claim["verdict"])
    # the built-in claims are about KAZ-RUS: for another pair they are not evaluated
    assert evaluate_claims(mirror_store, "KAZ", "CHN")["applies"] is False


def test_the_report_takes_a_claims_file(mirror_store, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(USER_CLAIMS, encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "report", "KAZ", "CHN", "--claims", str(path),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert 'id="claim-U1"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("text, message", [
    ("[[claim]]\nid='X'\ntext='t'\n[[claim.test]]\ncheck='friendship'\nexpect='>'\nthreshold=0\n",
     "claim X, test 1: unknown check 'friendship'; accepted: vote_agreement, "),
    ("[[claim]]\nid='X'\ntext='t'\n[[claim.test]]\ncheck='vote_agreement'\nexpect='=='\nthreshold=0\n",
     "claim X, test 1: expect '=='; accepted: <, <=, >, >=, within"),
    ("[[claim]]\nid='X'\ntext='t'\n", "claim X: needs at least one [[claim.test]]"),
    ("pair = ['KAZ']\n", "pair must be two states"),
    ("claim = 3 =", "not valid TOML"),
])
def test_bad_claims_files(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClaimsError, match=None) as info:
        load_claims(path)
    assert message in str(info.value)


def test_bad_check_parameters_are_errors_at_the_cli(mirror_store, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[[claim]]\nid='X'\ntext='t'\n[[claim.test]]\ncheck='vote_agreement'\nexpect='>'\n"
                    "threshold=0\nperiod=['2022-01-01', '2021-01-01']\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "claims", "KAZ", "RUS", "--claims", str(path)])
    assert result.exit_code == 1
    assert "Error: " in result.output and "claim X, test 1: period: 2022-01-01 is after 2021-01-01" in result.output
    path.write_text("[[claim]]\nid='X'\ntext='t'\n[[claim.test]]\ncheck='vote_agreement'\nexpect='>'\n"
                    "threshold=0\nperiod=['2022-01-01', '2023-01-01']\ncolour='red'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "claims", "KAZ", "RUS", "--claims", str(path)])
    assert result.exit_code == 1 and "takes no parameter 'colour'; accepted: period, measure" in result.output
