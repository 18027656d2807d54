"""The README's "Coding text" example is real: coding its input gives exactly the output shown."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ROOT
from dyadscope.cli import cli
from dyadscope.coding import code_file

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Coding text\n", 1)[1].split("\n## ", 1)[0]


def _input(tmp_path):
    lines = SECTION.split("$ cat examples.jsonl\n", 1)[1].split("\n\n", 1)[0]
    path = tmp_path / "examples.jsonl"
    path.write_text(lines + "\n", encoding="utf-8")
    return path


def test_readme_command_output(tmp_path):
    path = _input(tmp_path)
    out = tmp_path / "coded.jsonl"
    result = CliRunner().invoke(cli, ["code", str(path), "-o", str(out)])
    assert result.exit_code == 0
    summary = SECTION.split("$ dyadscope code examples.jsonl -o coded.jsonl\n", 1)[1].split("\n", 1)[0]
    assert summary.replace("coded.jsonl", str(out)) in result.output.replace("\n", " ").replace("  ", " ")
    shown = SECTION.split("python -m json.tool --no-ensure-ascii\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(shown) == json.loads(out.read_text(encoding="utf-8").splitlines()[0])


def test_readme_python_output(tmp_path):
    records, skipped = code_file(_input(tmp_path))
    printed = [" ".join(str(x) for x in (r["id"], e["source"], "→", e["target"], e["type"], e["cameo"], e["goldstein"],
                                         e["date"], e["trigger"]))
               for r in records for e in r["events"]]
    shown = SECTION.rsplit("```\n", 2)[-2].strip().splitlines()
    assert printed == shown
    assert skipped == []
    assert {r["lang"] for r in records} == {"en", "ru", "kk", "tr", "pl"}
