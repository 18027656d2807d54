"""Event coder speed: sentences per second on one core, against the 250 sentences/s that
PETRARCH2 reports for its coding step alone (900,000 sentences an hour).

The corpus is every gold sentence in five languages (../shared/gold/dev.jsonl and
tests/data/coder_dev/sentences.jsonl) and the sentences of the two seed abstracts, repeated to
the size asked for. Two passes: the sentences as given (``lang`` known), and the same with
``lang`` removed, so that the language is identified first. The first pass over the distinct
sentences with empty word caches (lexicons already built) is reported too: the rate on new text.

Usage: python bench/coder.py [--sentences N]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from dyadscope.coding import Coder, CodingInputError
from dyadscope.coding.lexicon import clear_caches

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PETRARCH2 = 250.0


def corpus() -> list[dict]:
    items = []
    for path in (SHARED / "gold" / "dev.jsonl", ROOT / "tests" / "data" / "coder_dev" / "sentences.jsonl"):
        if path.exists():
            items += [{"text": r["text"], "lang": r["lang"]} for r in map(json.loads, path.read_text("utf-8").splitlines())]
    coder = Coder()
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        for record in coder.code_document(seed):
            items.append({"text": record["text"], "lang": record["lang"]})
    return items


def run(items: list[dict], with_lang: bool) -> float:
    coder = Coder()
    started = time.perf_counter()
    for item in items:
        try:
            coder.code_text(item["text"], item["lang"] if with_lang else None)
        except CodingInputError:  # a fragment too short to tell its language is skipped, as by `code`
            pass
    return time.perf_counter() - started


def bench_coder(n: int = 20_000) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    items = corpus()
    distinct = len(items)
    langs = sorted({i["lang"] for i in items})
    Coder().code_text("Russia and Kazakhstan met.", "en")  # build nothing inside the timings but lexicons of en
    for lang in langs:
        Coder().code_text(".", lang)
    clear_caches()
    cold = run(items, True)
    repeated = (items * (n // distinct + 1))[:n]
    warm = run(repeated, True)
    detect = run(repeated, False)
    print(f"coder: {distinct} distinct sentences in {', '.join(langs)}; first pass {distinct / cold:,.0f} sentences/s")
    for label, seconds in (("lang given", warm), ("lang detected", detect)):
        rate = n / seconds
        print(f"  {label:14s} {n} sentences in {seconds:.2f} s: {rate:,.0f} sentences/s on one core "
              f"= {rate / PETRARCH2:.1f}x PETRARCH2's {PETRARCH2:.0f}/s (target >= 4x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=20_000)
    bench_coder(parser.parse_args().sentences)
