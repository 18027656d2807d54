"""The coder against gold sentences: the project's dev set, our own sentences in five languages,
the PLOVER gold-standard records (type level), and the two seed studies' key events."""

from __future__ import annotations

import importlib.util
import json

import pytest
from click.testing import CliRunner

from conftest import ROOT
from dyadscope.cli import cli
from dyadscope.coding import Coder

SHARED = ROOT.parent / "shared"
OWN = ROOT / "tests" / "data" / "coder_dev" / "sentences.jsonl"
#: sentences written for the rules added after the first round (meetings in background phrases,
#: participles, passives in Kazakh and Turkish, refusals to join sanctions, perfective futures ...)
OWN_MORE = ROOT / "tests" / "data" / "coder_dev" / "generalisation.jsonl"
#: 1,220 sentences in five languages written to the guidelines in five rounds by people who had
#: not seen the coder's rules (the third in the longer style of a chronology); each round was
#: first coded as it came (type F1 0.74, 0.81, 0.76, 0.76, 0.85), then used to find general causes
INDEPENDENT = ROOT / "tests" / "data" / "coder_dev" / "independent.jsonl"


def _shared(path: str):
    target = SHARED / path
    if not target.exists():
        pytest.skip(f"{target} is missing")
    return target


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("score_events", _shared("tools/score_events.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _code(tmp_path, gold_path, **options):
    out = tmp_path / "pred.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for record in Coder(**options).code_file(gold_path):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def _scores(scorer, gold_path, pred_path):
    gold, pred = scorer.read_gold(str(gold_path)), scorer.read_pred(str(pred_path))
    return {level: scorer.score(gold, pred, level) for level in ("type", "quad", "dyad")}


def test_dev_set_meets_the_targets(tmp_path, scorer):
    gold = _shared("gold/dev.jsonl")
    scores = _scores(scorer, gold, _code(tmp_path, gold))
    assert scores["type"]["f1"] >= 0.85, scores
    assert scores["dyad"]["f1"] >= 0.90, scores


@pytest.mark.parametrize("own, floors", [(OWN, (0.85, 0.90)), (OWN_MORE, (0.85, 0.90)), (INDEPENDENT, (0.85, 0.85))],
                         ids=["sentences", "generalisation", "independent"])
def test_own_sentences_in_five_languages(tmp_path, scorer, own, floors):
    scores = _scores(scorer, own, _code(tmp_path, own))
    assert scores["type"]["f1"] >= floors[0], scores
    assert scores["dyad"]["f1"] >= floors[1], scores


@pytest.mark.parametrize("own", [OWN, OWN_MORE, INDEPENDENT], ids=["sentences", "generalisation", "independent"])
def test_own_sentences_cover_every_language(own):
    langs = {json.loads(line)["lang"] for line in own.read_text(encoding="utf-8").splitlines()}
    assert langs == {"en", "ru", "kk", "tr", "pl"}


def test_plover_gold_standard_type_level(tmp_path, scorer):
    """The CAMEO manual's examples, given to `dyadscope code` as they are (one JSON array), are coded
    one event a sentence with any actor and scored on type alone."""
    gsr = _shared("data/plover/PLOVER_GSR_CAMEO.json")
    pred = tmp_path / "gsr.jsonl"
    result = CliRunner().invoke(cli, ["code", str(gsr), "-o", str(pred)])
    assert result.exit_code == 0, result.output
    assert "PLOVER records" in result.output
    gold = scorer.read_gold(str(gsr))
    score = scorer.score(gold, scorer.read_pred(str(pred)), "type")
    assert score["f1"] >= 0.60, score
    # told to treat them as any other text, the coder keeps states and organisations only
    plain = tmp_path / "plain.jsonl"
    result = CliRunner().invoke(cli, ["code", str(gsr), "-o", str(plain), "--states-only", "--all-events"])
    assert result.exit_code == 0 and "PLOVER records" not in result.output
    events = [e for line in plain.read_text().splitlines() for e in json.loads(line)["events"]]
    assert events and all(e["source"] and e["target"] for e in events)
    assert scorer.score(gold, scorer.read_pred(str(plain)), "type")["f1"] < score["f1"]


def _seed_events(name):
    coder = Coder()
    return [(e["source"], e["target"], e["type"], r["lang"], r["text"])
            for r in coder.code_document(_shared(f"seeds/{name}")) for e in r["events"]]


def test_seed_key_events():
    """Kazakhstan did not support the intervention and would not help with sanctions (KAZ→RUS
    REJECT), Russia pressed Kazakhstan (RUS→KAZ COERCE), Kazakhstan turned to other partners to
    balance Russia (KAZ→RUS, reduce relations) — in the Russian, English and Turkish abstracts."""
    events = _seed_events("000_ff2cfc13a3b76fc7.txt")
    for lang in ("ru", "en", "tr"):
        found = {(s, t, k) for s, t, k, lg, _ in events if lg == lang}
        assert ("KAZ", "RUS", "REJECT") in found, (lang, found)
        assert ("RUS", "KAZ", "COERCE") in found, (lang, found)
        assert ("KAZ", "RUS", "SANCTION") in found, (lang, found)
    balancing = [text for s, t, k, lg, text in events if (s, t, k) == ("KAZ", "RUS", "SANCTION")]
    assert balancing and all(any(w in text for w in ("уравновесить", "balance", "dengele")) for text in balancing)


def test_seed_events_are_only_between_the_two():
    events = _seed_events("000_ff2cfc13a3b76fc7.txt")
    assert {frozenset((s, t)) for s, t, *_ in events} == {frozenset(("KAZ", "RUS"))}
