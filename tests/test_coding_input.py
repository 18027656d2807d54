"""Bad input is reported and skipped, never a crash; the `code` command and `load text`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT
from dyadscope import api
from dyadscope.cli import cli
from dyadscope.coding import Coder, CodingInputError
from dyadscope.store import Store

SEEDS = ROOT.parent / "shared" / "seeds"


def _lines(*objects) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects) + "\n"


def test_bad_lines_are_skipped_with_reasons(tmp_path):
    path = tmp_path / "in.jsonl"
    good = {"id": "a", "text": "Russia criticised Kazakhstan.", "lang": "en"}
    path.write_text(_lines(good, "{not json", '["a list"]', {"text": "no id"}, {"id": "b"},
                           {"id": "c", "text": "Russland kritisierte Kasachstan scharf und deutlich."},
                           {"id": "d", "text": "x" * 1_000_001},
                           {"id": "e", "text": "Russia criticised Kazakhstan.", "lang": "en", "date": "June 2022"}),
                    encoding="utf-8")
    coder = Coder()
    records = list(coder.code_file(path))
    assert [r["id"] for r in records] == ["a", "e"]
    reasons = [reason for _, reason in coder.skipped]
    assert any("not valid JSON" in r for r in reasons)
    assert any("expected a JSON object" in r for r in reasons)
    assert any("no 'id'" in r for r in reasons)
    assert any("no 'text'" in r for r in reasons)
    assert any("unsupported language 'de'" in r for r in reasons)
    assert any("characters long" in r for r in reasons)
    assert any("not an ISO date" in r for r in reasons)
    assert all(where.startswith(str(path)) for where, _ in coder.skipped)


def test_mixed_encodings_keep_the_good_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = _lines({"id": "a", "text": "Россия раскритиковала Казахстан.", "lang": "ru"}).encode()
    bad = json.dumps({"id": "b", "text": "Россия"}, ensure_ascii=False).encode("cp1251") + b"\n"
    path.write_bytes(good + bad)
    coder = Coder()
    records = list(coder.code_file(path))
    assert [r["id"] for r in records] == ["a"]
    assert records[0]["events"][0]["type"] == "DISAPPROVE"
    assert any("line 2" in reason and "not UTF-8" in reason for _, reason in coder.skipped)


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"   \n\n", "empty file"),
    ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary data"),
    ("cp1251.txt", "Россия раскритиковала Казахстан.".encode("cp1251"), "not UTF-8"),
])
def test_bad_documents_are_skipped(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    coder = Coder()
    assert list(coder.code_file(path)) == []
    assert reason in coder.skipped[0][1]


def test_a_huge_line_without_punctuation_is_skipped(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("Russia criticised Kazakhstan.\n" + "word " * 3000 + "\n", encoding="utf-8")
    coder = Coder(lang="en")
    records = list(coder.code_file(path))
    assert [e["type"] for r in records for e in r["events"]] == ["DISAPPROVE"]
    assert any("no sentence break" in reason for _, reason in coder.skipped)


def test_a_folder_of_documents(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Russia criticised Kazakhstan.", encoding="utf-8")
    (tmp_path / "two.md").write_text("Kazakhstan and Turkey signed an agreement.", encoding="utf-8")
    records = list(Coder().code_file(tmp_path))
    assert [(r["id"], r["events"][0]["type"]) for r in records] == [("a/one.txt#1", "DISAPPROVE"),
                                                                    ("two.md#1", "SUPPORT")]
    with pytest.raises(CodingInputError, match="no document found"):
        list(Coder().code_file(_empty(tmp_path)))


def _empty(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    return folder


def test_unknown_format_and_missing_file(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CodingInputError, match="unknown input format"):
        list(Coder().code_file(tmp_path / "x.pdf"))
    with pytest.raises(CodingInputError, match="no such file"):
        list(Coder().code_file(tmp_path / "nope.jsonl"))
    with pytest.raises(CodingInputError, match="unsupported language 'fr'"):
        Coder(lang="fr")


def test_html_documents_lose_their_markup(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><head><style>p{}</style></head><body><p>Russia <b>criticised</b> Kazakhstan.</p>"
                    "<p>Kazakhstan and Turkey signed an agreement.</p></body></html>", encoding="utf-8")
    records = list(Coder().code_file(path))
    assert [(e["source"], e["target"], e["type"]) for r in records for e in r["events"]] == [
        ("RUS", "KAZ", "DISAPPROVE"), ("KAZ", "TUR", "SUPPORT")]
    assert all(r["lang"] == "en" for r in records)


# -- the command ------------------------------------------------------------------------------------


def test_code_command_writes_the_contract(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(_lines({"id": 1, "text": "Казахстан не поддержал Россию.", "date": "2022-03-02"}), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["code", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["id"] == 1 and record["lang"] == "ru"
    assert [(e["source"], e["target"], e["type"], e["date"]) for e in record["events"]] == [
        ("KAZ", "RUS", "REJECT", "2022-03-02")]
    assert "1 sentence(s) in 1 record(s), 1 event(s), 0 skipped" in result.output


def test_code_command_reports_what_it_skipped(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(_lines({"id": 1, "text": "Russia criticised Kazakhstan.", "lang": "en"}, "{broken"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", str(src)])
    assert result.exit_code == 0
    assert f"skipped {src}: line 2: not valid JSON" in result.output


@pytest.mark.parametrize("args, message", [
    (["--lang", "de"], "Error: unsupported language 'de'; supported: en, ru, kk, tr, pl"),
    (["--date", "yesterday"], "Error: --date 'yesterday' is not an ISO date (YYYY-MM-DD)"),
])
def test_code_command_errors(tmp_path, args, message):
    src = tmp_path / "in.jsonl"
    src.write_text(_lines({"id": 1, "text": "Russia criticised Kazakhstan."}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", str(src), *args])
    assert result.exit_code == 1
    assert message in result.output


def test_code_command_fails_when_nothing_can_be_coded(tmp_path):
    src = tmp_path / "in.txt"
    src.write_bytes(b"")
    result = CliRunner().invoke(cli, ["code", str(src)])
    assert result.exit_code == 1
    assert f"Error: nothing coded in {src}: every input was skipped ({src}: empty file)" in result.output


# -- load text ---------------------------------------------------------------------------------------


@pytest.fixture
def documents(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is missing")
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "sub" / "note.md").write_text("# Note\n\nOn 5 May 2023 Russia criticised Kazakhstan.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_load_text_is_idempotent_and_keeps_provenance(tmp_path, documents):
    with Store(tmp_path / "s.duckdb") as store:
        first = api.load(store, "text", documents)
        events = store.query("SELECT * FROM event WHERE dataset = 'text' ORDER BY event_id")
        again = api.load(store, "text", documents)
        assert store.query("SELECT count(*) AS n FROM event WHERE dataset = 'text'")["n"][0] == len(events)
        docs = store.query("SELECT * FROM document ORDER BY path_or_url")
    assert all(r.skipped for r in again)
    assert {r.part for r in first} == {"000_ff2cfc13a3b76fc7.txt", "003_eb98ca68311fe663.txt", "empty.txt",
                                       "sub/note.md"}
    empty = next(r for r in first if r.part == "empty.txt")
    assert "empty file" in str(empty.report.problems[0])
    note = events[events["part"] == "sub/note.md"].iloc[0]
    assert (note["source_iso3"], note["target_iso3"], note["plover_type"]) == ("RUS", "KAZ", "DISAPPROVE")
    assert str(note["date"])[:10] == "2023-05-05" and note["sentence"] == 2
    text = (documents / "sub" / "note.md").read_text(encoding="utf-8")
    assert text[note["span_start"]:note["span_end"]] == "criticised"
    seed = events[events["part"] == "000_ff2cfc13a3b76fc7.txt"]
    assert {("KAZ", "RUS", "REJECT"), ("RUS", "KAZ", "COERCE")} <= set(
        zip(seed["source_iso3"], seed["target_iso3"], seed["plover_type"]))
    assert set(events["doc_id"]) <= set(docs["doc_id"])
    assert len(docs) == 3


def test_load_text_replaces_an_edited_document(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = folder / "a.txt"
    doc.write_text("On 1 June 2022 Russia criticised Kazakhstan.", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        api.load(store, "text", folder)
        doc.write_text("On 1 June 2022 Russia praised Kazakhstan.", encoding="utf-8")
        api.load(store, "text", folder)
        rows = store.query("SELECT plover_type FROM event WHERE dataset = 'text'")
        docs = store.query("SELECT * FROM document")
    assert list(rows["plover_type"]) == ["SUPPORT"]
    assert len(docs) == 1


def test_load_text_command(tmp_path, documents):
    store = tmp_path / "s.duckdb"
    result = CliRunner().invoke(cli, ["--store", str(store), "load", "text", str(documents), "--json"])
    assert result.exit_code == 0, result.output
    parts = json.loads(result.stdout)
    assert {p["part"] for p in parts} >= {"000_ff2cfc13a3b76fc7.txt", "sub/note.md"}


def test_a_json_array_of_records(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"id": "a", "text": "Russia criticised Kazakhstan.", "language": "en"},
                                "not a record", {"id": "b"}]), encoding="utf-8")
    coder = Coder()
    records = list(coder.code_file(path))
    assert [(r["id"], r["lang"]) for r in records] == [("a", "en")]
    assert [(e["source"], e["target"], e["type"]) for e in records[0]["events"]] == [("RUS", "KAZ", "DISAPPROVE")]
    assert [(where.split(": ")[-1], reason.split(" (")[0]) for where, reason in coder.skipped] == [
        ("record 2", "expected a JSON object, got str"), ("record 3", "no 'text'")]
    assert not coder.notes and coder.any_actor is None


def test_a_broken_json_array_names_the_place(tmp_path):
    path = tmp_path / "records.json"
    path.write_text('[{"id": "a", "text": "Russia criticised Kazakhstan."},\n {"id": }]', encoding="utf-8")
    coder = Coder()
    assert list(coder.code_file(path)) == []
    assert "line 2, column" in coder.skipped[0][1]
