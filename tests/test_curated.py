"""The curated chronology: the shipped files against the format, and the loader on bad input."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from dyadscope import api
from dyadscope.countries import Registry
from dyadscope.errors import LoadError
from dyadscope.loaders import get_loader
from dyadscope.events.crosswalk import QUAD_OF, crosswalk, goldstein_table
from dyadscope.loaders.curated import COLUMNS, DOMAINS, PRECISIONS, CuratedLoader, accepted_names, event_id
from dyadscope.store import Store

CHRONOLOGY = Path(__file__).resolve().parents[1] / "src" / "dyadscope" / "data" / "chronology"
FILES = sorted(CHRONOLOGY.glob("*.csv"))
EXPECTED_FILES = ["kaz_partners.csv", "kaz_rus_1991_2005.csv", "kaz_rus_2006_2021.csv", "kaz_rus_2022_2025.csv"]


@pytest.fixture(scope="module")
def tables():
    """The two shipped tables read straight from their text, apart from the package's own reader:
    CAMEO code -> the names its row may carry (the file's and the current one), and -> Goldstein."""
    data = Path(__file__).resolve().parents[1] / "src" / "dyadscope" / "data"
    current = {"ACCUSE": "DISAPPROVE", "REQUEST": "DEMAND"}
    names: dict[str, set] = {}
    for line in (data / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([\w-]*))?", line)
        if m and m.group(1) not in names:
            code, name, mode = m.groups()
            names[code] = {name, "INVESTIGATE" if mode == "investigate" else current.get(name, name)}
    scale = pd.read_csv(data / "CAMEO.goldsteinscale.txt", sep="\t", dtype={"CAMEOEVENTCODE": str})
    return names, dict(zip(scale["CAMEOEVENTCODE"], scale["GOLDSTEINSCALE"]))


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    frames = []
    for path in FILES:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.insert(0, "_file", path.name)
        frame.insert(1, "_row", range(2, len(frame) + 2))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def test_the_four_slices_ship_with_the_package():
    assert [p.name for p in FILES] == EXPECTED_FILES
    assert (CHRONOLOGY / "README.md").is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_parses_with_the_schema_and_is_not_empty(path):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == COLUMNS
    assert len(frame) > 0, f"{path.name} has no rows yet"


def test_every_row_has_a_reference_and_valid_codes(shipped, tables):
    registry = Registry.default()
    actors = set(registry.frame.loc[registry.frame["kind"].isin(["state", "organisation", "historical"]), "iso3"])
    bad = []
    for row in shipped.to_dict("records"):
        where = f"{row['_file']} row {row['_row']}"
        cameo = row["cameo"].strip()
        if not row["reference"].strip() or re.search(r"https?://|www\.", row["reference"]):
            bad.append(f"{where}: reference {row['reference']!r}")
        if not row["checked"].strip() or not row["summary"].strip():
            bad.append(f"{where}: summary or checked empty")
        if row["source"] not in actors or row["target"] not in actors:
            bad.append(f"{where}: actors {row['source']}, {row['target']}")
        names, scale = tables
        if cameo not in names or row["plover_type"] not in names[cameo]:
            bad.append(f"{where}: cameo {cameo} / plover {row['plover_type']}")
        elif abs(float(row["goldstein"]) - scale[cameo]) > 1e-9:
            bad.append(f"{where}: goldstein {row['goldstein']} for {cameo}")
        if row["domain"] not in DOMAINS or row["date_precision"] not in PRECISIONS:
            bad.append(f"{where}: domain {row['domain']!r} / precision {row['date_precision']!r}")
    assert bad == [], "\n".join(bad)


def test_no_shipped_row_is_rejected():
    with Store(":memory:") as store:
        results = api.load_curated(store)
        assert [r.part for r in results] == [p.stem for p in FILES]
        problems = [str(p) for r in results for p in r.report.problems]
        assert problems == [], "\n".join(problems)
        loaded = store.con.execute("SELECT count(*) FROM event WHERE dataset = 'curated'").fetchone()[0]
        assert loaded == sum(r.rows_in for r in results)
        assert store.con.execute("SELECT count(*) FROM event WHERE quad IS NULL").fetchone()[0] == 0


def test_the_chronology_loads_with_the_mirror(mirror_store):
    curated = [r for r in mirror_store.results if r.source == "curated"]
    assert [r.part for r in curated] == [p.stem for p in FILES]
    assert mirror_store.con.execute("SELECT count(*) FROM event WHERE dataset = 'curated'").fetchone()[0] > 0


# -- the loader on files made here ----------------------------------------------------------------

GOOD = {
    "date": "2022-07-06", "date_precision": "day", "source": "RUS", "source_actor": "Novorossiysk court",
    "target": "KAZ", "target_actor": "CPC", "plover_type": "COERCE", "cameo": "172", "goldstein": "-5.0",
    "domain": "energy", "summary": "A court ordered a 30-day halt of the oil terminal",
    "reference": "Reuters, 2022-07-06", "checked": "search pages: Reuters report of 2022-07-06",
}


def write(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows(rows)
    return path


def load(tmp_path, rows, **kw):
    path = write(tmp_path / "slice.csv", rows)
    store = Store(":memory:")
    results = api.load_curated(store, path, **kw)
    return store, results[0]


def test_a_good_row_loads_with_its_quad_and_stable_id(tmp_path):
    store, result = load(tmp_path, [GOOD])
    assert (result.rows_in, result.rows_ok, result.rows_rejected) == (1, 1, 0)
    row = store.query("SELECT * FROM event").iloc[0]
    assert (row.dataset, row.part, row.quad, row.plover_type, row.goldstein) == (
        "curated", "slice", "material_conflict", "COERCE", -5.0)
    assert row.event_id == event_id("2022-07-06", "RUS", "KAZ", "172", GOOD["summary"])
    assert row.citation == "Reuters, 2022-07-06" and row.checked.startswith("search pages")


@pytest.mark.parametrize("column,value,reason", [
    ("date", "2022-13-01", "not a valid date"),
    ("date", "06.07.2022", "not a valid date"),
    ("date_precision", "week", "not one of day, month, year"),
    ("source", "Russia", "unknown actor"),
    ("target", "XXX", "unknown actor"),
    ("target", "RUS", "source and target are the same actor"),
    ("cameo", "57", "not a CAMEO code of the CAMEO→PLOVER crosswalk"),
    ("cameo", "999", "not a CAMEO code"),
    ("plover_type", "SANCTION", "CAMEO 172 is COERCE in the CAMEO→PLOVER crosswalk"),
    ("goldstein", "-4.0", "the CAMEO scale gives -5.0 for 172"),
    ("goldstein", "", "the CAMEO scale gives -5.0 for 172"),
    ("domain", "economy", "not one of security, energy"),
    ("summary", "", "empty: every row needs it"),
    ("reference", "", "empty: every row needs it"),
    ("reference", "https://www.reuters.com/x", "a web address"),
    ("reference", "see reuters.com/business/energy", "a web address"),
    ("checked", " ", "empty: every row needs it"),
])
def test_each_bad_value_is_reported_with_file_row_and_column(tmp_path, column, value, reason):
    store, result = load(tmp_path, [GOOD, GOOD | {column: value, "summary": GOOD["summary"] + " (2)"}
                                    if column != "summary" else GOOD | {column: value}])
    assert (result.rows_in, result.rows_ok, result.rows_rejected) == (2, 1, 1)
    problems = [p for p in result.report.errors if p.column == column]
    assert len(problems) == 1, result.report.summary()
    p = problems[0]
    assert (p.file, p.row, p.value) == (str(tmp_path / "slice.csv"), 3, value.strip())
    assert p.reason.startswith(reason) or reason in p.reason, p.reason
    assert store.con.execute("SELECT count(*) FROM event").fetchone()[0] == 1


@pytest.mark.parametrize("precision,date,ok", [
    ("month", "2022-07-01", True), ("month", "2022-07-06", False),
    ("year", "2022-01-01", True), ("year", "2022-07-01", False),
])
def test_month_and_year_precision_use_the_first_day(tmp_path, precision, date, ok):
    _, result = load(tmp_path, [GOOD | {"date_precision": precision, "date": date}])
    assert result.rows_ok == int(ok), result.report.summary()


def test_both_crosswalk_names_pass_and_the_current_one_is_stored(tmp_path):
    accuse = GOOD | {"plover_type": "ACCUSE", "cameo": "112", "goldstein": "-2.0", "summary": "a"}
    disapprove = accuse | {"plover_type": "DISAPPROVE", "summary": "b"}
    request = GOOD | {"plover_type": "REQUEST", "cameo": "102", "goldstein": "-5.0", "summary": "c"}
    store, result = load(tmp_path, [accuse, disapprove, request])
    assert result.rows_rejected == 0, result.report.summary()
    stored = store.query("SELECT plover_type, quad FROM event ORDER BY summary")
    assert stored.values.tolist() == [["DISAPPROVE", "verbal_conflict"]] * 2 + [["DEMAND", "verbal_conflict"]]


def test_an_actor_name_may_be_empty(tmp_path):
    store, result = load(tmp_path, [GOOD | {"target_actor": ""}])
    assert result.rows_ok == 1
    assert store.con.execute("SELECT target_actor IS NULL, source_actor FROM event").fetchone() == (
        True, "Novorossiysk court")


def test_organisations_are_actors(tmp_path):
    _, result = load(tmp_path, [GOOD | {"source": "CSTO", "plover_type": "AID", "cameo": "074", "goldstein": "8.5"}])
    assert result.rows_rejected == 0, result.report.summary()


def test_a_repeated_event_is_reported(tmp_path):
    _, result = load(tmp_path, [GOOD, GOOD])
    assert result.rows_rejected == 1
    assert "the same event" in result.report.errors[0].reason and result.report.errors[0].row == 3


def test_loading_twice_changes_nothing_and_a_new_version_replaces_the_part(tmp_path):
    path = write(tmp_path / "slice.csv", [GOOD])
    with Store(":memory:") as store:
        api.load_curated(store, path)
        again = api.load_curated(store, path)
        assert again[0].skipped
        write(path, [GOOD, GOOD | {"summary": "another"}])
        api.load_curated(store, path)
        assert store.con.execute("SELECT count(*) FROM event").fetchone()[0] == 2


def test_strict_loads_nothing_from_a_file_with_a_bad_row(tmp_path):
    path = write(tmp_path / "slice.csv", [GOOD, GOOD | {"domain": "economy", "summary": "x"}])
    with Store(":memory:") as store:
        with pytest.raises(LoadError, match="value 'economy': not one of security"):
            api.load_curated(store, path, strict=True)
        assert store.con.execute("SELECT count(*) FROM event").fetchone()[0] == 0


def test_missing_column_and_wrong_file_are_clear_errors(tmp_path):
    path = tmp_path / "slice.csv"
    path.write_text('"date","source"\n"2022-01-01","KAZ"\n', encoding="utf-8")
    with Store(":memory:") as store, pytest.raises(LoadError, match="missing column"):
        api.load_curated(store, path)
    other = tmp_path / "notes.txt"
    other.write_text("x")
    with Store(":memory:") as store, pytest.raises(LoadError, match="not a chronology file"):
        api.load_curated(store, other)
    with Store(":memory:") as store, pytest.raises(LoadError, match="no chronology file"):
        api.load_curated(store, tmp_path / "empty_dir" if (tmp_path / "empty_dir").mkdir() is None else None)


def test_a_folder_loads_every_csv_and_an_empty_file_is_no_error(tmp_path):
    folder = tmp_path / "chronology"
    folder.mkdir()
    write(folder / "a.csv", [GOOD])
    write(folder / "b.csv", [GOOD | {"summary": "other"}])
    (folder / "c.csv").write_text("")
    with Store(":memory:") as store:
        results = api.load_curated(store, tmp_path)
        assert [(r.part, r.rows_ok) for r in results] == [("a", 1), ("b", 1), ("c", 0)]


def test_registered_and_catalogued():
    loader = get_loader("curated")
    assert isinstance(loader, CuratedLoader)
    source = api.sources()
    entry = next(s for s in source if s["name"] == "curated")
    assert entry["folder"] == "chronology" and entry["files"] == []
    assert "reference" in api.cite("curated")


def test_the_loader_accepts_both_names_of_every_code(tables):
    names, scale = tables
    for code, row in crosswalk().items():
        assert names[code] <= accepted_names(row.plover_type), code
        assert row.plover_type in QUAD_OF
    assert set(scale) == set(goldstein_table())


def test_chronology_covers_the_required_dyads(mirror_store):
    """At least 250 Kazakhstan-Russia events 1991-2025 and 150 with the other partners named in the brief."""
    counts = mirror_store.query("""
        SELECT CASE WHEN 'RUS' IN (source_iso3, target_iso3) THEN 'RUS' ELSE 'other' END AS partner, count(*) AS n
        FROM event
        WHERE dataset = 'curated' AND 'KAZ' IN (source_iso3, target_iso3)
          AND (source_iso3 IN ('RUS', 'CHN', 'USA', 'EU', 'TUR', 'UKR', 'UZB', 'CSTO', 'EAEU', 'SCO', 'OTS', 'DEU', 'FRA')
               OR target_iso3 IN ('RUS', 'CHN', 'USA', 'EU', 'TUR', 'UKR', 'UZB', 'CSTO', 'EAEU', 'SCO', 'OTS', 'DEU', 'FRA'))
          AND date BETWEEN DATE '1991-01-01' AND DATE '2025-12-31'
        GROUP BY 1""").set_index("partner")["n"]
    assert counts["RUS"] >= 250 and counts["other"] >= 150, counts.to_dict()


@pytest.mark.parametrize("words", [
    "Friendship, Cooperation and Mutual Assistance", "Baikonur", "Eurasian Economic Union", "Crimea",
    "CSTO", "Luhansk", "sanction", "CPC", "mobilis", "Middle Corridor", "nuclear power plant",
])
def test_chronology_answers_the_studies_questions(mirror_store, words):
    hits = mirror_store.con.execute(
        "SELECT count(*) FROM event WHERE dataset = 'curated' AND (summary ILIKE ? OR citation ILIKE ?)",
        [f"%{words}%", f"%{words}%"]).fetchone()[0]
    assert hits >= 1, words
