"""Event-data loaders: GDELT 1.0/2.0, ICEWS, POLECAT, PLOVER records; the crosswalk; fetch gdelt.

PLOVER records are the real gold-standard file from ../shared/data. GDELT, ICEWS and POLECAT files
are generated in tmp_path by the seeded generators in dyadscope.events.synthetic (real layouts);
no event data is committed. No test touches the network: downloads go to a server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dyadscope.cli import cli
from dyadscope.errors import FetchError, LoadError, UnknownCountryError
from dyadscope.events import crosswalk as cw
from dyadscope.events import synthetic as syn
from dyadscope.events.gdelt import GDELT1, GDELT1_URL, GDELT2
from dyadscope.events.gdelt_fetch import fetch_gdelt, parse_master_list, select_events
from dyadscope.loaders import get_loader, run_load
from dyadscope.store import Store

from conftest import SHARED_DATA, require_data


@pytest.fixture
def mem():
    s = Store(":memory:")
    yield s
    s.close()


def events(store, dataset=None) -> pd.DataFrame:
    where = f"WHERE dataset = '{dataset}'" if dataset else ""
    return store.query(f"SELECT * FROM event {where} ORDER BY part, event_id")


def gdelt_text(tmp_path, rows=3000, seed=7, version=2) -> Path:
    return syn.write_gdelt_text(tmp_path / "20220105000000.export.CSV", rows, seed=seed, version=version)


def read_layout(path: Path, layout) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, names=layout, dtype=str, keep_default_na=False, quoting=3)


# -- code tables ---------------------------------------------------------------------------------


def test_crosswalk_accepts_both_type_names():
    assert cw.normalise_type("REQUEST") == cw.normalise_type("demand") == "DEMAND"
    assert cw.normalise_type("ACCUSE") == cw.normalise_type("Disapprove") == "DISAPPROVE"
    with pytest.raises(cw.UnknownEventTypeError, match="unknown PLOVER event type 'PRAISE'; expected one of AGREE"):
        cw.normalise_type("PRAISE")


@pytest.mark.parametrize("code, expected, quad", [
    ("1011", "DEMAND", "verbal_conflict"),       # REQUEST in the 2021 table
    ("112", "DISAPPROVE", "verbal_conflict"),    # ACCUSE, disapprove
    ("091", "INVESTIGATE", "material_cooperation"),  # ACCUSE, investigate
    ("057", "SUPPORT", "verbal_cooperation"),
    ("0874", "RETREAT", "material_cooperation"),
    ("163", "COERCE", "material_conflict"),
    ("0315", "AGREE", "verbal_cooperation"),     # not in the table: read as its prefix 031
])
def test_cameo_to_plover(code, expected, quad):
    assert cw.plover_type(code) == expected
    assert cw.quad_of(expected) == quad


def test_cameo_statements_have_no_plover_type_and_goldstein_comes_from_the_table():
    assert cw.plover_type("010") is None and cw.plover_type("02") is None
    assert cw.goldstein("057") == 8.0 and cw.goldstein("190") == -10.0 and cw.goldstein("99") is None
    assert len(cw.goldstein_table()) == 311


def test_gdelt_layouts_follow_the_codebooks():
    assert (len(GDELT1), len(GDELT1_URL), len(GDELT2)) == (57, 58, 61)
    assert GDELT2[:5] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    assert GDELT2[26] == "EventCode" and GDELT2[31] == "NumMentions" and GDELT2[58] == "ActionGeo_FeatureID"
    assert GDELT1[26] == "EventCode" and GDELT1[56] == "DATEADDED" and "Actor1Geo_ADM2Code" not in GDELT1
    assert GDELT2[-2:] == ["DATEADDED", "SOURCEURL"]


# -- PLOVER records (real) ------------------------------------------------------------------------


def test_plover_gold_records(mem):
    data = require_data()
    [result] = run_load(mem, get_loader("plover"), data / "plover")
    assert result.rows_in == 323 and result.rows_rejected == 0  # 322 records and the DOCUMENT record
    frame = events(mem, "plover")
    records = json.loads((SHARED_DATA / "plover" / "PLOVER_GSR_CAMEO.json").read_text())
    kinds = {r["id"]: r["event"] for r in records if r["event"] != "DOCUMENT"}
    assert set(frame["event_id"].str.split("#").str[0]) == set(kinds)
    assert set(frame["plover_type"]) <= set(cw.PLOVER_TYPES) and {"DEMAND", "DISAPPROVE"} <= set(frame["plover_type"])
    agree = frame[frame["event_id"].str.startswith("PLOVER-GSR01-AGREE-0001")]
    assert sorted(agree["source_iso3"]) == ["HUN", "ROU"]  # a compound source gives one event per actor
    assert (frame["quad"] == frame["plover_type"].map(cw.QUAD_OF)).all()
    assert any(p.value == "IGO" and p.level == "warning" for p in result.report.problems)


# -- GDELT ----------------------------------------------------------------------------------------


def test_gdelt2_duplicates_collapse_with_reports_kept(mem, tmp_path):
    text = gdelt_text(tmp_path)
    path = syn.zip_file(text, tmp_path / "20220105000000.export.CSV.zip")
    [result] = run_load(mem, get_loader("gdelt"), path)
    frame = events(mem, "gdelt2")
    raw = read_layout(text, GDELT2)
    raw["NumMentions"] = raw["NumMentions"].astype(int)
    key = ["Day", "Actor1CountryCode", "Actor2CountryCode", "EventCode", "IsRootEvent", "ActionGeo_FeatureID"]
    groups = raw.groupby(key).agg(first=("GlobalEventID", lambda s: str(min(map(int, s)))),
                                  reports=("NumMentions", "sum"), rows=("GlobalEventID", "size")).reset_index()
    assert len(frame) == len(groups) < len(raw)
    merged = frame.merge(groups, left_on="event_id", right_on="first")
    assert len(merged) == len(frame)
    assert (merged["reports_x"] == merged["reports_y"]).all() and (merged["records"] == merged["rows"]).all()
    assert frame["records"].sum() == len(raw) == 3000
    assert result.rows_rejected == 0
    kaz = frame[frame["source_actor"] == "KAZAKHSTAN"]
    assert (kaz["source_iso3"] == "KAZ").all() and len(kaz)
    assert frame.loc[frame["cameo_code"] == "1011", "plover_type"].eq("DEMAND").all()
    assert frame.loc[frame["cameo_code"] == "010", "quad"].eq("verbal_cooperation").all()  # no PLOVER type: CAMEO quad


def test_gdelt_actor_filter_keeps_exactly_the_actors_events(mem, tmp_path):
    path = syn.zip_file(gdelt_text(tmp_path), tmp_path / "20220105000000.export.CSV.zip")
    full = Store(":memory:")
    run_load(full, get_loader("gdelt"), path)
    loader = get_loader("gdelt")
    loader.actors = "kazakhstan, RUS"
    assert loader.actors == ("KAZ", "RUS")
    [result] = run_load(mem, loader, path)
    assert result.part.endswith("[actors=KAZ,RUS]")
    kept = events(mem)
    expected = events(full)
    expected = expected[expected["source_iso3"].isin(["KAZ", "RUS"]) | expected["target_iso3"].isin(["KAZ", "RUS"])]
    assert len(kept) > 0 and list(kept["event_id"]) == list(expected["event_id"])
    full.close()
    with pytest.raises(UnknownCountryError):
        loader.actors = "KAZ,Narnia"


def test_gdelt_filtered_folder_searched_ahead_in_workers_equals_one_by_one(tmp_path):
    folder = tmp_path / "gdelt"
    folder.mkdir()
    for k in range(3):
        syn.write_gdelt(folder / f"2022010{k + 1}000000.export.CSV.zip", 2000, seed=k, first_id=1_000_000_000 + 10_000 * k)
    parallel, serial = get_loader("gdelt"), get_loader("gdelt")
    parallel.actors = serial.actors = "KAZ,RUS"
    parallel.workers, serial.workers = 2, 1
    with Store(":memory:") as a, Store(":memory:") as b:
        ra, rb = run_load(a, parallel, folder), run_load(b, serial, folder)
        assert [r.part for r in ra] == [r.part for r in rb] and len(ra) == 3
        assert len(events(a)) > 0 and events(a).equals(events(b))
        again = run_load(a, parallel, folder)  # nothing searched, nothing written
        assert all(r.skipped for r in again) and events(a).equals(events(b))
    # a truncated file among them: an error naming it; the files before it stay loaded
    data = (folder / "20220102000000.export.CSV.zip").read_bytes()
    (folder / "20220102000000.export.CSV.zip").write_bytes(data[: len(data) // 2])
    with Store(":memory:") as c:
        with pytest.raises(LoadError, match="20220102000000.export.CSV.zip: corrupt or truncated zip"):
            run_load(c, parallel, folder)
        assert list(c.query("SELECT DISTINCT part FROM event")["part"]) == ["20220101000000.export.CSV.zip"]


def test_gdelt_inflate_checks_the_crc(tmp_path):
    from dyadscope.events.scan import text_blocks

    path = syn.write_gdelt(tmp_path / "20220105000000.export.CSV.zip", 500, seed=3)
    with zipfile.ZipFile(path) as z:
        expected = z.read(z.infolist()[0])
    assert b"".join(text_blocks(path)) == expected
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.infolist()[0]
    data[info.header_offset + 30 + len(info.filename) + 200] ^= 0xFF  # one byte of the deflated data
    path.write_bytes(bytes(data))
    with pytest.raises(LoadError, match="corrupt or truncated zip"):
        b"".join(text_blocks(path))


@pytest.mark.parametrize("columns, version", [(57, 1), (58, 1), (61, 2)])
def test_gdelt_layout_told_by_column_count(mem, tmp_path, columns, version):
    text = gdelt_text(tmp_path, rows=200, version=version)
    if columns == 57:  # the historical 1.0 files have no SOURCEURL
        lines = text.read_text().splitlines()
        text.write_text("\n".join(line.rsplit("\t", 1)[0] for line in lines) + "\n")
    [result] = run_load(mem, get_loader("gdelt"), syn.zip_file(text, tmp_path / "2022.zip"))
    frame = events(mem)
    assert set(frame["dataset"]) == {"gdelt2" if version == 2 else "gdelt1"}
    assert frame["records"].sum() == 200 and result.rows_rejected == 0
    assert frame["source_url"].isna().all() == (columns == 57)


def _bad_gdelt(tmp_path) -> tuple[Path, dict[int, str]]:
    """A GDELT 2.0 zip with one bad row of each kind; returns it and {line: what is wrong}."""
    text = gdelt_text(tmp_path, rows=40, seed=3)
    lines = text.read_bytes().split(b"\n")[:-1]
    fields = [line.split(b"\t") for line in lines]
    for k in (4, 9, 14, 19, 24, 29):
        fields[k][7] = b"RUS"  # so that the bad rows are among those an actor filter keeps
    fields[4][1] = b"20221341"                           # line 5: no 41st of the 13th month
    fields[9][26] = b"999"                               # line 10: not a CAMEO code
    fields[14][6] = b"M\xfcnchen"                        # line 15: Latin-1 byte, not UTF-8
    fields[19] = fields[19][:40]                         # line 20: short row
    fields[24] = fields[24] + [b"extra"]                 # line 25: extra column
    fields[29][31] = b"many"                             # line 30: NumMentions not a number
    text.write_bytes(b"\n".join(b"\t".join(f) for f in fields) + b"\n")
    bad = {5: "Day", 10: "EventCode", 15: "UTF-8", 20: "too few", 25: "too many", 30: "NumMentions"}
    return syn.zip_file(text, tmp_path / "20220105000000.export.CSV.zip"), bad


@pytest.mark.parametrize("actors", [None, "RUS"])
def test_gdelt_bad_rows_go_to_the_report_with_line_numbers(mem, tmp_path, actors):
    path, bad = _bad_gdelt(tmp_path)
    loader = get_loader("gdelt")
    loader.actors = actors
    [result] = run_load(mem, loader, path)
    errors = {p.row: p for p in result.report.errors}
    assert sorted(errors) == sorted(bad)
    for line, what in bad.items():
        assert errors[line].file == path.name
        assert what in (errors[line].column or "") + errors[line].reason, errors[line]
    assert errors[10].value == "999" and errors[10].reason == "not a CAMEO event code"
    assert result.rows_rejected == 6
    raw = [line.split(b"\t") for line in zipfile.ZipFile(path).read(zipfile.ZipFile(path).namelist()[0]).split(b"\n")]
    kept = [f for n, f in enumerate(raw, start=1) if n not in bad and len(f) > 17
            and (actors is None or actors.encode() in (f[7], f[17]))]
    assert events(mem)["records"].sum() == len(kept) > 0
    assert mem.query("SELECT count(*) AS n FROM rejected_row")["n"][0] == len(result.report)


def test_gdelt_truncated_zip_is_an_error_and_changes_nothing(mem, tmp_path):
    good = syn.write_gdelt(tmp_path / "20220104000000.export.CSV.zip", 300, seed=1)
    run_load(mem, get_loader("gdelt"), good)
    before = (len(events(mem)), len(mem.load_log()))
    data = syn.write_gdelt(tmp_path / "x.zip", 300, seed=2).read_bytes()
    broken = tmp_path / "20220105000000.export.CSV.zip"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match="corrupt or truncated zip"):
        run_load(mem, get_loader("gdelt"), broken)
    assert (len(events(mem)), len(mem.load_log())) == before
    wrong = tmp_path / "other.csv"
    wrong.write_text("a\tb\tc\n1\t2\t3\n")
    with pytest.raises(LoadError, match="3 tab-separated columns; a GDELT event file has 57 or 58"):
        run_load(mem, get_loader("gdelt"), wrong)


def test_gdelt_loads_are_idempotent_and_atomic(mem, tmp_path, monkeypatch):
    path = syn.write_gdelt(tmp_path / "20220105000000.export.CSV.zip", 500, seed=5)
    loader = get_loader("gdelt")
    first = run_load(mem, loader, path)[0]
    snapshot = events(mem)
    again = run_load(mem, loader, path)[0]
    assert again.skipped and events(mem).equals(snapshot)
    # a new version of the file replaces what the old one wrote
    syn.write_gdelt(path, 200, seed=6)
    run_load(mem, loader, path)
    assert events(mem)["records"].sum() == 200
    # a failure inside the transaction leaves the store as it was
    syn.write_gdelt(path, 100, seed=8)
    monkeypatch.setattr(type(loader), "after_write", lambda self, store: (_ for _ in ()).throw(RuntimeError("boom")))
    before = events(mem)
    with pytest.raises(RuntimeError, match="boom"):
        run_load(mem, loader, path)
    assert events(mem).equals(before) and first.tables["event"] == len(snapshot) < 500


# -- ICEWS ------------------------------------------------------------------------------------------


def test_icews_weekly_and_yearly_files_hold_each_event_once(mem, tmp_path):
    week = syn.icews_rows(40, seed=1, us_dates=True)          # M/D/YYYY dates
    year = syn.icews_rows(40, seed=1) + syn.icews_rows(25, seed=2, first_id=500)  # YYYY-MM-DD, same 40 again
    week[0][2] = "Government (Côte d'Ivoire)"
    weekly = syn.write_icews(tmp_path / "20220103-icews-events.tab", week)
    yearly = syn.write_icews(tmp_path / "events.2022.20230101.tab", year)
    assert "Côte".encode("iso-8859-1") in weekly.read_bytes()
    results = run_load(mem, get_loader("icews"), tmp_path)
    assert [r.rows_rejected for r in results] == [0, 0]
    frame = events(mem, "icews")
    assert len(frame) == 65 and not frame.duplicated(["event_id", "date"]).any()
    assert frame.loc[frame["part"] == weekly.name, "date"].min() == pd.Timestamp("2022-01-01")
    assert (frame["part"] == weekly.name).sum() == 40  # loaded first, kept
    assert "Government (Côte d'Ivoire)" in set(frame["source_actor"])
    assert {"RUS", "KAZ"} <= set(frame["source_iso3"].dropna())
    # loading the yearly file again changes nothing
    assert run_load(mem, get_loader("icews"), yearly)[0].skipped


def test_icews_bad_rows(mem, tmp_path):
    rows = syn.icews_rows(10, seed=4)
    rows[2][1] = "2022-02-30"
    rows[4][6] = "ABC"
    rows[6][7] = "strong"
    rows[8] = rows[8][:12]
    rows.append(list(rows[0]))  # the same event twice in one file: kept once, warned
    path = syn.write_icews(tmp_path / "events.tab", rows)
    [result] = run_load(mem, get_loader("icews"), path)
    assert sorted(p.row for p in result.report.errors) == [4, 6, 8, 10]
    assert [p.row for p in result.report.problems if p.level == "warning" and p.column == "Event ID"] == [12]
    assert len(events(mem)) == 6


def test_icews_and_polecat_zips_of_several_files_give_a_part_per_file(mem, tmp_path):
    a = syn.write_icews(tmp_path / "events.2021.tab", syn.icews_rows(30, seed=1, start="2021-01-01"))
    b = syn.write_icews(tmp_path / "events.2022.tab", syn.icews_rows(20, seed=2, first_id=1000))
    (tmp_path / "README.txt").write_text("ICEWS bundle")
    bundle = tmp_path / "dataverse_files.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        for f in (a, b):
            z.write(f, f"icews/{f.name}")
        z.write(tmp_path / "README.txt", "README.txt")
    results = run_load(mem, get_loader("icews"), bundle)
    assert [r.part for r in results] == ["dataverse_files.zip/icews/events.2021.tab",
                                         "dataverse_files.zip/icews/events.2022.tab"]
    frame = events(mem, "icews")
    assert frame.groupby("part").size().tolist() == [30, 20]
    assert all(r.skipped for r in run_load(mem, get_loader("icews"), bundle))  # again: nothing changes
    records = syn.polecat_records(15, seed=3)
    pz = tmp_path / "polecat.zip"
    with zipfile.ZipFile(pz, "w") as z:
        for k, columns in enumerate((syn.POLECAT_V1, syn.POLECAT_V2)):
            f = syn.write_polecat(tmp_path / f"ngecEvents.{k}.txt", records, columns)
            z.write(f, f.name)
    results = run_load(mem, get_loader("polecat"), pz)
    assert [r.tables["event"] for r in results] == [15, 15]
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("README.md", "nothing here")
    with pytest.raises(LoadError, match="no data file in the zip"):
        run_load(mem, get_loader("icews"), empty)


# -- POLECAT ----------------------------------------------------------------------------------------


def test_polecat_columns_matched_by_name_across_versions(mem, tmp_path):
    records = syn.polecat_records(60, seed=9)
    a = syn.write_polecat(tmp_path / "ngecEvents.DV.2023.a.txt", records, syn.POLECAT_V1)
    b = syn.write_polecat(tmp_path / "ngecEvents.DV.2023.b.txt", records, syn.POLECAT_V2)
    run_load(mem, get_loader("polecat"), a)
    run_load(mem, get_loader("polecat"), b)
    frame = events(mem, "polecat")
    cols = ["event_id", "date", "source_iso3", "target_iso3", "plover_type", "plover_mode", "plover_context", "quad"]
    left = frame[frame["part"] == a.name][cols].reset_index(drop=True)
    right = frame[frame["part"] == b.name][cols].reset_index(drop=True)
    assert len(left) == 60 and left.equals(right)
    assert "ACCUSE" not in set(frame["plover_type"]) and "DISAPPROVE" in set(frame["plover_type"])
    assert "DEMAND" in set(frame["plover_type"])


def test_polecat_missing_column_and_bad_type(mem, tmp_path):
    records = syn.polecat_records(5, seed=1)
    no_type = syn.write_polecat(tmp_path / "x.txt", records, [c for c in syn.POLECAT_V1 if c != "Event Type"])
    with pytest.raises(LoadError, match="missing column\\(s\\) Event Type; found Event ID, Event Date"):
        run_load(mem, get_loader("polecat"), no_type)
    records[1]["Event Type"] = "PRAISE"
    [result] = run_load(mem, get_loader("polecat"), syn.write_polecat(tmp_path / "y.txt", records, syn.POLECAT_V2))
    assert [(p.row, p.column, p.value) for p in result.report.errors] == [(3, "type", "PRAISE")]


# -- CLI ---------------------------------------------------------------------------------------------


def test_cli_load_several_files_with_actors(tmp_path):
    store = str(tmp_path / "s.duckdb")
    a = syn.write_gdelt(tmp_path / "20220104000000.export.CSV.zip", 400, seed=1)
    b = syn.write_gdelt(tmp_path / "20220105000000.export.CSV.zip", 400, seed=2, first_id=2_000_000_000)
    result = CliRunner().invoke(cli, ["--store", store, "load", "gdelt", str(a), str(b), "--actors", "KAZ,RUS", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["part"] for r in rows] == [f"{a.name} [actors=KAZ,RUS]", f"{b.name} [actors=KAZ,RUS]"]
    with Store(store) as s:
        frame = s.query("SELECT source_iso3, target_iso3 FROM event")
    assert len(frame) == sum(r["tables"]["event"] for r in rows) > 0
    assert (frame["source_iso3"].isin(["KAZ", "RUS"]) | frame["target_iso3"].isin(["KAZ", "RUS"])).all()


def test_cli_exits_non_zero_on_an_unusable_file(tmp_path):
    broken = tmp_path / "20220105000000.export.CSV.zip"
    broken.write_bytes(syn.write_gdelt(tmp_path / "x.zip", 100).read_bytes()[:500])
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.duckdb"), "load", "gdelt", str(broken)])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"Error: {broken}: corrupt or truncated zip file")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.duckdb"), "load", "unvotes", "x", "--actors", "KAZ"])
    assert result.exit_code == 2 and "--actors applies to the event sources" in result.output


# -- fetch gdelt against a local server ----------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        self.server.seen.append(self.path)


@contextlib.contextmanager
def _static_server(root, folder: str):
    """Serve ``root`` on 127.0.0.1 (a free port) for the block; yields the server and ``folder``'s address."""
    (root / folder).mkdir(parents=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}/{folder}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def gdelt_server(tmp_path):
    root = tmp_path / "served"
    with _static_server(root, "gdeltv2") as (httpd, base):
        lines = []
        for k, stamp in enumerate(["20220104234500", "20220105000000", "20220105001500", "20220106000000"]):
            path = syn.write_gdelt(root / "gdeltv2" / f"{stamp}.export.CSV.zip", 300, seed=k, start="2022-01-05",
                                   days=1, first_id=1_000_000_000 + 1000 * k)
            data = path.read_bytes()
            lines.append(f"{len(data)} {hashlib.md5(data).hexdigest()} {base}/{path.name}")
            lines.append(f"1234 {'0' * 32} {base}/{stamp}.mentions.CSV.zip")  # not an event file: never fetched
        (root / "gdeltv2" / "masterfilelist.txt").write_text("\n".join(lines) + "\n")
        yield httpd, root, base


def test_master_list_parsing_and_date_range():
    listed = parse_master_list("150383 297a16b493de7cf6ca809a7cc31d0b93 http://x/20150218230000.export.CSV.zip\n"
                               "garbage line\n"
                               "318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://x/20150218230000.mentions.CSV.zip\n"
                               "149211 2a91041d7e72b0fc6a629e2ff867b240 http://x/20150219000000.export.CSV.zip\n")
    assert [f.size for f in listed] == [150383, 318084, 149211]
    assert [f.name for f in select_events(listed, "2015-02-18", "2015-02-18")] == ["20150218230000.export.CSV.zip"]
    assert len(select_events(listed, "20150218", "2015-02-19")) == 2
    with pytest.raises(FetchError, match="no 'SIZE MD5 URL' line"):
        parse_master_list("nothing here")


def _half_downloaded(dest, source):
    """What an interrupted earlier run leaves behind: half of ``source`` as a .part file."""
    (dest / "gdelt").mkdir(parents=True)
    data = source.read_bytes()
    (dest / "gdelt" / (source.name + ".part")).write_bytes(data[: len(data) // 2])


def test_fetch_gdelt_downloads_the_range_checked_and_resumes(gdelt_server, tmp_path):
    httpd, root, base = gdelt_server
    dest = tmp_path / "mirror"
    _half_downloaded(dest, root / "gdeltv2" / "20220105001500.export.CSV.zip")
    paths = fetch_gdelt(dest, "2022-01-05", "2022-01-05", master_url=f"{base}/masterfilelist.txt", retries=0)
    assert [p.name for p in paths] == ["20220105000000.export.CSV.zip", "20220105001500.export.CSV.zip"]
    assert all(p.read_bytes() == (root / "gdeltv2" / p.name).read_bytes() for p in paths)
    assert not any("mentions" in s for s in httpd.seen)
    # a second run only fetches the list again: the files are complete and match their MD5
    httpd.seen.clear()
    fetch_gdelt(dest, "2022-01-05", "2022-01-05", master_url=f"{base}/masterfilelist.txt", retries=0)
    assert httpd.seen == ["/gdeltv2/masterfilelist.txt"]
    # a file whose MD5 differs from the list's is deleted and reported
    listing = root / "gdeltv2" / "masterfilelist.txt"
    text = listing.read_text()
    size, md5, url = text.splitlines()[6].split()
    listing.write_text(text.replace(md5, "f" * 32))
    with pytest.raises(FetchError, match="(?s)1 of 1 GDELT file.*md5 mismatch"):
        fetch_gdelt(dest, "2022-01-06", "2022-01-06", master_url=f"{base}/masterfilelist.txt", retries=0)
    assert not (dest / "gdelt" / "20220106000000.export.CSV.zip").exists()


def test_cli_fetch_gdelt_with_actors_loads_the_files(gdelt_server, tmp_path):
    httpd, root, base = gdelt_server
    store = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(cli, ["--store", store, "fetch", "gdelt", "--from", "2022-01-05", "--to", "2022-01-05",
                                      "--master-url", f"{base}/masterfilelist.txt", "--dest", str(tmp_path / "m"),
                                      "--retries", "0", "--actors", "KAZ,RUS", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 2 and all(r["events"] > 0 for r in rows)
    with Store(store) as s:
        assert s.query("SELECT count(*) AS n FROM event")["n"][0] == sum(r["events"] for r in rows)
    # the fetched folder (event files beside masterfilelist.txt) loads as it is; nothing new
    result = CliRunner().invoke(cli, ["--store", store, "load", "gdelt", str(tmp_path / "m" / "gdelt"),
                                      "--actors", "KAZ,RUS", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["skipped"] for r in json.loads(result.stdout)] == [True, True]
    result = CliRunner().invoke(cli, ["--store", store, "fetch", "gdelt", "--from", "2022-01-05"])
    assert result.exit_code == 2 and "needs --from DATE and --to DATE" in result.output


# -- fetch gdelt --version 1 (GDELT 1.0: filesizes + md5sums) against a local server ---------------

from dyadscope.events.gdelt_fetch import parse_v1_lists, select_v1_events  # noqa: E402

_V1_FILES = ["2005.zip", "200601.zip", "201303.zip", "20130401.export.CSV.zip", "20130402.export.CSV.zip"]


@pytest.fixture
def gdelt1_server(tmp_path):
    root = tmp_path / "served"
    with _static_server(root, "events") as (httpd, base):
        sizes, md5s = [], []
        for k, name in enumerate(_V1_FILES):
            stamp = name[:8] if name[:8].isdigit() else "20130331"  # the day the rows carry
            path = syn.write_gdelt(root / "events" / name, 300, seed=k, version=1,
                                   start=f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}", days=1,
                                   first_id=1_000_000_000 + 1000 * k)
            data = path.read_bytes()
            sizes.append(f"{len(data)} {name}")
            md5s.append(f"{hashlib.md5(data).hexdigest()}  {name}")
        # not event files: never selected, never fetched
        sizes.append("123456 GDELT.MASTERREDUCEDV2.1979-2013.zip")
        md5s.append(f"{'0' * 32}  GDELT.MASTERREDUCEDV2.1979-2013.zip")
        (root / "events" / "filesizes").write_text("\n".join(sizes) + "\n")
        (root / "events" / "md5sums").write_text("\n".join(md5s) + "\n")
        yield httpd, root, base


def test_gdelt1_lists_parsing_and_periods():
    listed = parse_v1_lists("100 1979.zip\n200 200601.zip\nnot a line at all\n300 201303.zip\n"
                            "400 20130401.export.CSV.zip\n500 GDELT.MASTERREDUCEDV2.1979-2013.zip\n"
                            "600 20130402.export.CSV.zip\n",
                            f"{'a' * 32}  1979.zip\n{'b' * 32}  200601.zip\n{'c' * 32}  201303.zip\n"
                            f"{'d' * 32}  20130401.export.CSV.zip\n{'e' * 32}  GDELT.MASTERREDUCEDV2.1979-2013.zip\n",
                            "http://mirror/events/")
    by_name = {f.name: f for f in listed}
    assert set(by_name) == {"1979.zip", "200601.zip", "201303.zip", "20130401.export.CSV.zip",
                            "20130402.export.CSV.zip"}
    assert (by_name["200601.zip"].size, by_name["200601.zip"].md5) == (200, "b" * 32)
    assert by_name["1979.zip"].url == "http://mirror/events/1979.zip"
    assert by_name["20130402.export.CSV.zip"].md5 == ""  # in filesizes only
    names = lambda a, b: [f.name for f in select_v1_events(listed, a, b)]  # noqa: E731
    assert names("1979-06-01", "1979-06-02") == ["1979.zip"]
    assert names("1979-12-31", "2006-01-01") == ["1979.zip", "200601.zip"]
    assert names("2013-03-31", "2013-04-01") == ["201303.zip", "20130401.export.CSV.zip"]
    assert names("20130401", "20130401") == ["20130401.export.CSV.zip"]
    assert names("2006-02-01", "2013-02-28") == []
    with pytest.raises(FetchError, match="is before"):
        select_v1_events(listed, "2013-04-02", "2013-04-01")
    with pytest.raises(FetchError, match="no 'SIZE FILENAME' line"):
        parse_v1_lists("nothing", f"{'a' * 32}  1979.zip")
    with pytest.raises(FetchError, match="no 'MD5 FILENAME' line"):
        parse_v1_lists("100 1979.zip", "nothing")


def test_fetch_gdelt1_downloads_the_periods_checked_and_resumes(gdelt1_server, tmp_path):
    httpd, root, base = gdelt1_server
    dest = tmp_path / "mirror"
    _half_downloaded(dest, root / "events" / "201303.zip")
    paths = fetch_gdelt(dest, "2013-03-31", "2013-04-01", base_url=base, retries=0, version=1)
    assert [p.name for p in paths] == ["201303.zip", "20130401.export.CSV.zip"]
    assert all(p.read_bytes() == (root / "events" / p.name).read_bytes() for p in paths)
    assert sorted(httpd.seen) == ["/events/201303.zip", "/events/20130401.export.CSV.zip",
                                  "/events/filesizes", "/events/md5sums"]
    # a second run fetches the two lists only
    httpd.seen.clear()
    fetch_gdelt(dest, "2013-03-31", "2013-04-01", base_url=base, retries=0, version=1)
    assert sorted(httpd.seen) == ["/events/filesizes", "/events/md5sums"]
    # a year file and a month file cover any day inside them
    assert [p.name for p in fetch_gdelt(dest, "2005-07-01", "2006-01-15", base_url=base, retries=0, version=1)] \
        == ["2005.zip", "200601.zip"]
    # an MD5 that differs from md5sums: the download is deleted and reported
    md5sums = root / "events" / "md5sums"
    text = md5sums.read_text()
    md5 = next(line.split()[0] for line in text.splitlines() if line.endswith("20130402.export.CSV.zip"))
    md5sums.write_text(text.replace(md5, "f" * 32))
    with pytest.raises(FetchError, match="(?s)1 of 1 GDELT file.*md5 mismatch"):
        fetch_gdelt(dest, "2013-04-02", "2013-04-02", base_url=base, retries=0, version=1)
    assert not (dest / "gdelt" / "20130402.export.CSV.zip").exists()
    # a file in filesizes but not in md5sums is refused before any download
    md5sums.write_text("\n".join(line for line in text.splitlines() if not line.endswith("20130402.export.CSV.zip")))
    httpd.seen.clear()
    with pytest.raises(FetchError, match="without both a size.*20130402.export.CSV.zip"):
        fetch_gdelt(dest, "2013-04-02", "2013-04-02", base_url=base, retries=0, version=1)
    assert sorted(httpd.seen) == ["/events/filesizes", "/events/md5sums"]
    with pytest.raises(FetchError, match="no GDELT event file between"):
        fetch_gdelt(dest, "2007-01-01", "2007-01-31", base_url=base, retries=0, version=1)
    with pytest.raises(FetchError, match="no master file list"):
        fetch_gdelt(dest, "2013-04-01", "2013-04-01", master_url=f"{base}/x.txt", base_url=base, version=1)
    with pytest.raises(FetchError, match="version must be 1 or 2"):
        fetch_gdelt(dest, "2013-04-01", "2013-04-01", base_url=base, version=3)


def test_cli_fetch_gdelt1_with_actors_loads_the_files(gdelt1_server, tmp_path):
    httpd, root, base = gdelt1_server
    store = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(cli, ["--store", store, "fetch", "gdelt", "--version", "1", "--from", "2013-04-01",
                                      "--to", "2013-04-02", "--base-url", base, "--dest", str(tmp_path / "m"),
                                      "--retries", "0", "--actors", "KAZ,RUS", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [Path(r["path"]).name for r in rows] == ["20130401.export.CSV.zip", "20130402.export.CSV.zip"]
    assert all(r["events"] > 0 for r in rows)
    with Store(store) as s:
        assert set(s.query("SELECT DISTINCT dataset FROM event")["dataset"]) == {"gdelt1"}
    # the fetched folder (event files beside filesizes and md5sums) loads as it is; nothing new
    result = CliRunner().invoke(cli, ["--store", store, "load", "gdelt", str(tmp_path / "m" / "gdelt"),
                                      "--actors", "KAZ,RUS", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["skipped"] for r in json.loads(result.stdout)] == [True, True]
    result = CliRunner().invoke(cli, ["--store", store, "fetch", "gdelt", "--version", "1", "--from", "2013-04-01",
                                      "--to", "2013-04-01", "--master-url", f"{base}/x.txt"])
    assert result.exit_code == 2 and "--master-url applies to GDELT 2.0 only" in result.output
    result = CliRunner().invoke(cli, ["--store", store, "fetch", "gdelt", "--version", "3", "--from", "2013-04-01",
                                      "--to", "2013-04-01"])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["--store", store, "fetch", "unxml", "--version", "1"])
    assert result.exit_code == 2 and "apply to `fetch gdelt` only" in result.output
