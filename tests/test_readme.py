"""The README's worked example is real: its figures are what the code gives on the real data."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from dyadscope import api
from dyadscope.cli import records

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_summary_line_matches(mirror_store):
    s = api.summary(mirror_store, "KAZ", "RUS")
    line = (f"KAZ–RUS: {s['roll_calls']} UN General Assembly roll calls both voted on ({s['first']} to {s['last']}); "
            f"identical votes {s['identical']} ({s['share_identical']:.1%})")
    assert line in README
    for row in s["by_decade"]:
        assert re.search(rf"│ {row['decade']}\s+│ {row['roll_calls']}\s+│ {row['identical']}\s+│ {row['share_identical']}", README)


def test_votes_json_matches(mirror_store):
    block = README.split("$ dyadscope votes KAZ RUS --resolution A/RES/ES-11/1 --json\n", 1)[1].split("\n]\n", 1)[0] + "\n]"
    assert json.loads(block) == records(api.votes(mirror_store, "KAZ", "RUS", resolution="A/RES/ES-11/1"))


def test_load_table_matches(mirror_store):
    for r in mirror_store.results:
        assert re.search(rf"│ {re.escape(r.source)}\s+│ {re.escape(r.part)}\s+│ {r.rows_in}\s+│ {r.rows_ok}\s+│ "
                         rf"{r.rows_rejected}\s+│", README), f"{r.source} {r.part}"
