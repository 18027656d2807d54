"""The command line: exit codes, exact error messages, and --json equal to the Python API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyadscope import api
from dyadscope.cli import cli, records


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, store=None):
        prefix = ["--store", str(store)] if store else []
        return runner.invoke(cli, [*prefix, *map(str, args)], catch_exceptions=False)

    return invoke


def test_every_command_is_documented_with_an_example(run):
    for name, command in cli.commands.items():
        assert command.help and "Example: dyadscope" in command.help, f"command {name!r} lacks an example"
        assert run(name, "--help").exit_code == 0


def test_every_command_has_a_section_in_docs_cli():
    page = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"\n## {name}\n" not in page or f"(#{name})" not in page]
    assert not missing, f"docs/cli.md has no section or table row for: {', '.join(missing)}"


def test_votes_json_equals_api(run, mirror_store):
    result = run("votes", "KAZ", "RUS", "--resolution", "A/RES/ES-11/1", "--json", store=mirror_store.path)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == records(api.votes(mirror_store, "KAZ", "RUS", resolution="A/RES/ES-11/1"))
    assert [(r["KAZ"], r["RUS"]) for r in printed] == [("A", "N")]
    assert printed[0]["date"] == "2022-03-02"


def test_votes_by_session_csv(run, mirror_store):
    result = run("votes", "KAZ", "RUS", "--session", "77", "--csv", store=mirror_store.path)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "date,session,session_label,symbol,title,KAZ,RUS,rc_id,source"
    assert len(lines) - 1 == len(api.votes(mirror_store, "KAZ", "RUS", session=77)) > 50


def test_countries_json_equals_api(run):
    result = run("countries", "kaz", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(json.dumps(api.countries("kaz"), default=str))
    assert any(row["iso3"] == "KAZ" for row in json.loads(result.output))


def test_sources_and_cite(run):
    result = run("sources", "--json")
    assert [s["name"] for s in json.loads(result.output)] == [s["name"] for s in api.sources()]
    cited = run("cite", "unvotes")
    assert cited.exit_code == 0 and "Voeten" in cited.output


def test_unknown_source_message(run):
    result = CliRunner().invoke(cli, ["cite", "nosuch"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: unknown source 'nosuch'; known sources: unvotes, unxml, idealpoints, atop, cow-alliance, cow-trade, "
        "cow-igo, cow-states, gw-states, cow-contiguity, rivalries, cow-distance, curated, gdelt, icews, polecat, plover, "
        "text"
    )


def test_bad_file_exit_code_and_message(run, tmp_path):
    path = tmp_path / "cow_alliance.csv"
    path.write_text("ccode1,ccode2,year\n2,20,1950\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.duckdb"), "load", "cow-alliance", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path}: missing column(s) cow_defense, cow_neutral, cow_nonagg, cow_entente; found ccode1, ccode2, year"
    )


def test_rejected_rows_printed_and_written_as_csv(run, tmp_path):
    path = tmp_path / "cow_igo_ndy.csv"
    path.write_text("ccode1,ccode2,year,dyadigos\n365,705,2000,40\n365,9999,2000,3\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.duckdb"), "load", "cow-igo", str(path),
                                      "--report-csv", str(report), "--json"])
    assert result.exit_code == 0
    assert f"{path}, row 3, column 'ccode2': value '9999': unknown country (cow)" in result.stderr
    assert report.read_text().splitlines()[1] == f"{path},3,ccode2,9999,unknown country (cow),error"
    assert json.loads(result.stdout)[0]["rows_rejected"] == 1


def test_load_mirror_prints_seconds_per_source(tmp_path, data_dir):
    mirror = tmp_path / "mirror"
    (mirror / "unxml-ga").mkdir(parents=True)
    for name in ("ES-10.json", "ES-11.json"):
        (mirror / "unxml-ga" / name).write_bytes((data_dir / "unxml-ga" / name).read_bytes())
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.duckdb"), "load", "--mirror", str(mirror), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["source"], r["part"]) for r in rows if r["source"] != "curated"] == [("unxml", "ES-10"), ("unxml", "ES-11")]
    assert [r["part"] for r in rows if r["source"] == "curated"] == ["kaz_partners", "kaz_rus_1991_2005",
                                                                     "kaz_rus_2006_2021", "kaz_rus_2022_2025"]
    assert all(isinstance(r["seconds"], float) for r in rows)


def test_missing_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "none.duckdb"), "votes", "KAZ", "RUS"])
    assert result.exit_code == 1
    assert "no store at" in result.output


def test_unknown_country_is_a_clear_error(mirror_store):
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "votes", "KAZ", "Narnia"])
    assert result.exit_code == 1
    assert "Narnia" in result.output


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "dyadscope", "cite", "atop"], capture_output=True, text=True)
    assert done.returncode == 0 and "Leeds" in done.stdout


def test_unknown_resolution_is_a_clear_error(mirror_store):
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "votes", "KAZ", "RUS", "--resolution", "A/RES/99/999"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: no roll call with symbol 'A/RES/99/999' in the store (symbols look like A/RES/ES-11/1)")
