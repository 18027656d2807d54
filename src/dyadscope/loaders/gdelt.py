"""GDELT 1.0 and 2.0 event files: zipped, tab-separated, no header; 57, 58 or 61 columns.

The layout is told by the number of columns (``dyadscope.events.gdelt.LAYOUTS``). Each file is
one part. With an actor filter, the zip is decompressed as a stream and searched for the actors'
CAMEO codes as bytes (``prefilter``): only candidate lines, numbered, reach the parser, and DuckDB
applies the exact filter (``Actor1CountryCode`` or ``Actor2CountryCode``) in its ``WHERE``; rows of
other actors are never parsed or materialised, and memory stays bounded by one block of the
stream plus the kept rows. Several files are searched at once, ahead, in worker processes
(``reading``). Without a filter the zip is decompressed into a temporary file that
DuckDB scans whole.

Bad input goes to the validation report with the file's line number: rows with too few or too
many columns and rows with bytes that are not UTF-8 (found by the scan itself: every row of the
file, or every candidate row of a filtered load), then, among the rows kept, bad dates, event
codes that are not CAMEO codes, and numbers that do not parse. A zip that is truncated or corrupt, or a file in no GDELT layout, is
a LoadError: nothing is written.

Duplicates. GDELT counts reports, not events: one event told by many articles, or by the same
article in several sentences, becomes several rows. Rows with the same day, actor 1 country,
actor 2 country, event code, root-event flag and action location (ActionGeo_FeatureID) within a
file collapse into one event: ``event_id`` is the smallest GlobalEventID among them (the first
recorded), ``reports`` the sum of their NumMentions, ``records`` how many rows were collapsed,
actor names, Goldstein value, quad class and source URL those of the first row. The root-event
flag keeps a passing mention apart from a story's main event; the location keeps apart two
clashes on one day in two places. GDELT 2.0 writes a file every 15 minutes, so a story that runs
all day can appear in several files: collapsing works within a file (a load is one file, one
transaction); the measures count distinct (day, dyad, code, place) when they need events.

Unknown country codes (GDELT's regional codes such as ``AFR`` or ``EUR``) are kept with no ISO3
and reported once per code as a warning.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
import subprocess
import sys
from collections import Counter, deque
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from dyadscope.errors import LoadError
from dyadscope.events.crosswalk import CAMEO_QUADS, code_table
from dyadscope.events.gdelt import LAYOUTS
from dyadscope.events.loader import EventFileLoader
from dyadscope.events.scan import extract, prefilter
from dyadscope.store import file_sha256
from dyadscope.loaders.base import Part
from dyadscope.validation import ValidationReport

def scratch_dir(path: Path) -> str | None:
    """Where to decompress: a memory-backed /dev/shm when it has room for the text, else the default.

    Writing the decompressed text to disk costs more than reading it back; the text is removed
    as soon as the file has been scanned, so at most one file's text is there at a time.
    """
    shm = Path("/dev/shm")
    try:
        if not (shm.is_dir() and os.access(shm, os.W_OK)):
            return None
        needed = path.stat().st_size * 20  # GDELT's zips compress about 1:10
        if path.name.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                needed = 2 * sum(m.file_size for m in archive.infolist())
        free = shutil.disk_usage(shm).free
    except (OSError, zipfile.BadZipFile):
        return None
    return str(shm) if needed < free / 4 else None


def sniff_columns(head: bytes, shown: Path) -> int:
    """The number of tab-separated columns most of the first 200 lines of ``head`` have."""
    counts: Counter[int] = Counter()
    for line in head.split(b"\n")[:200]:
        if line.strip():
            counts[line.rstrip(b"\r").count(b"\t") + 1] += 1
    if not counts:
        raise LoadError(f"{shown}: the file is empty")
    n = counts.most_common(1)[0][0]
    if n not in LAYOUTS:
        raise LoadError(f"{shown}: {n} tab-separated columns; a GDELT event file has 57 or 58 (GDELT 1.0) "
                        f"or 61 (GDELT 2.0)")
    return n


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


_CHECKS = """
    CASE
      WHEN idn IS NULL THEN 'GlobalEventID|not a whole number'
      WHEN date IS NULL THEN 'Day|not a valid date (YYYYMMDD)'
      WHEN NOT regexp_full_match(coalesce(code, ''), '[0-9]{2,4}')
           OR TRY_CAST(substr(code, 1, 2) AS INTEGER) NOT BETWEEN 1 AND 20
        THEN 'EventCode|not a CAMEO event code'
      WHEN root NOT IN ('0', '1') THEN 'IsRootEvent|expected 0 or 1'
      WHEN q IS NULL OR q NOT BETWEEN 1 AND 4 THEN 'QuadClass|expected 1, 2, 3 or 4'
      WHEN n IS NULL OR n < 0 THEN 'NumMentions|not a whole number'
      WHEN g IS NULL AND coalesce(gs, '') <> '' THEN 'GoldsteinScale|not a number'
    END
"""


def _child_env() -> dict:
    """The environment of a search process: this one's, with the package importable from it."""
    import dyadscope

    env = dict(os.environ)
    root = str(Path(dyadscope.__file__).parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


class GdeltLoader(EventFileLoader):
    source = "gdelt"
    suffixes = (".zip", ".csv")
    datasets = ("gdelt1", "gdelt2")

    def _accepts(self, path: Path) -> bool:
        """In a folder: event files only, not the mentions or GKG files GDELT publishes beside them."""
        lower = path.name.lower()
        return super()._accepts(path) and ".mentions." not in lower and ".gkg." not in lower

    #: how many files a filtered load searches at once, ahead of the one being written
    workers = max(1, min(4, os.cpu_count() or 1))

    @contextmanager
    def reading(self, store, parts: list[Part]):
        """With an actor filter and several files, search them in worker processes, ahead.

        Searching a file (inflate + byte search, ``prefilter``) is most of a filtered load and
        needs no store, so up to ``workers`` files are searched at once, each by
        ``python -m dyadscope.events.scan`` (a process of its own: no fork of a process that holds a
        database, no re-import of the caller's script), while this process parses, checks and
        writes the files already searched, in order. Files already loaded (same part, same
        SHA-256) are not searched.
        """
        todo = [] if not self.actors or self.workers < 2 else [
            p for p in parts if not store.already_loaded(self.source, p.name, file_sha256(*p.paths))]
        if len(todo) < 2:
            yield
            return
        codes = self.actor_codes("cameo")
        waiting = deque(todo)
        with tempfile.TemporaryDirectory(prefix="dyadscope-gdelt-", dir=scratch_dir(todo[0].paths[0])) as tmp:
            running = {}

            def start():
                while waiting and len(running) < self.workers:
                    part = waiting.popleft()
                    target = Path(tmp) / f"{len(waiting)}.tsv"
                    command = [sys.executable, "-m", "dyadscope.events.scan", str(part.paths[0]), str(target), *codes]
                    running[part.name] = (target, subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                                                   stderr=subprocess.PIPE, env=_child_env()))

            self._ahead = (running, start)
            start()
            try:
                yield
            finally:
                for _, process in running.values():
                    process.kill()
                    process.wait()
                self._ahead = None

    def _candidates(self, part: Part, folder: Path) -> tuple[Path, bytes]:
        """The candidate lines of a filtered load: searched ahead by ``reading``, or now."""
        running, start = getattr(self, "_ahead", None) or ({}, None)
        if part.name not in running:
            target = folder / "candidates.tsv"
            return target, prefilter(part.paths[0], target, self.actor_codes("cameo"))
        target, process = running.pop(part.name)
        _, error = process.communicate()
        start()
        if process.returncode != 0:
            target.unlink(missing_ok=True)
            raise LoadError(error.decode("utf-8", "replace").strip()
                            or f"{part.paths[0]}: the search stopped with exit code {process.returncode}")
        head_file = Path(str(target) + ".head")
        head = head_file.read_bytes()
        head_file.unlink()
        return target, head

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        path = part.paths[0]
        name = self.file_name(part)
        report = ValidationReport()
        with tempfile.TemporaryDirectory(prefix="dyadscope-gdelt-", dir=scratch_dir(path)) as tmp:
            if self.actors:
                text, head = self._candidates(part, Path(tmp))
            else:
                text = extract(path, Path(tmp))
                with open(text, "rb") as f:
                    head = f.read(1 << 20)
            try:
                n_columns = sniff_columns(head, path)
                dataset, layout = LAYOUTS[n_columns]
                con = duckdb.connect()
                try:
                    events, rejected = self._scan(con, text, layout, name, report)
                finally:
                    con.close()
            finally:
                if self.actors:
                    text.unlink(missing_ok=True)
        self._pending = (dataset, events, report)
        return {"event": events, "rejected": pd.DataFrame(index=range(rejected))}

    def _scan(self, con, text: Path, layout: list[str], name: str, report: ValidationReport):
        numbered = bool(self.actors)  # prefiltered text: each line starts with its line number
        layout = (["_line"] if numbered else []) + layout
        columns = "{" + ", ".join(f"{_quote(c)}: 'VARCHAR'" for c in layout) + "}"
        line = "_line::BIGINT" if numbered else "NULL::BIGINT"
        where = ""
        if self.actors:
            codes = ", ".join(_quote(c) for c in self.actor_codes("cameo"))
            where = f"WHERE Actor1CountryCode IN ({codes}) OR Actor2CountryCode IN ({codes})"
        url = "SOURCEURL" if "SOURCEURL" in layout else "NULL"
        con.execute(f"""
            CREATE TEMP TABLE raw AS
            SELECT {line} AS line, GlobalEventID AS id, Day AS day, Actor1Name AS a1, Actor1CountryCode AS c1,
                   Actor2Name AS a2, Actor2CountryCode AS c2, IsRootEvent AS root, EventCode AS code,
                   QuadClass AS quad, GoldsteinScale AS gs, NumMentions AS nm,
                   ActionGeo_FeatureID AS geo, {url} AS url
            FROM read_csv({_quote(text)}, delim = '\t', header = false, quote = '', escape = '',
                          auto_detect = false, columns = {columns}, store_rejects = true,
                          rejects_table = 'rej', rejects_scan = 'rej_scan')
            {where}""")
        con.execute(f"""
            CREATE TEMP TABLE checked AS
            SELECT *, {_CHECKS} AS problem FROM (
              SELECT *, TRY_CAST(id AS BIGINT) AS idn, try_strptime(day, '%Y%m%d')::DATE AS date,
                     TRY_CAST(quad AS INTEGER) AS q, TRY_CAST(nm AS INTEGER) AS n, TRY_CAST(gs AS DOUBLE) AS g
              FROM raw)""")
        # rows the scan rejected (wrong number of columns, bytes that are not UTF-8)
        structural = con.execute(
            "SELECT DISTINCT line, error_type, error_message, csv_line FROM rej ORDER BY line").fetchall()
        for line, kind, message, raw_line in structural:
            raw_line = raw_line or ""
            if numbered:
                number, _, raw_line = raw_line.partition("\t")
                line = int(number) if number.isdigit() else None
            reason = {"MISSING COLUMNS": f"too few columns ({message})", "TOO MANY COLUMNS": f"too many columns ({message})",
                      "INVALID ENCODING": "bytes that are not valid UTF-8"}.get(kind, f"{kind}: {message}")
            report.add(name, line, None, raw_line[:120], reason)
        bad = con.execute("""
            SELECT line, id, split_part(problem, '|', 1) AS col, split_part(problem, '|', 2) AS reason,
                   CASE split_part(problem, '|', 1) WHEN 'GlobalEventID' THEN id WHEN 'Day' THEN day
                        WHEN 'EventCode' THEN code WHEN 'IsRootEvent' THEN root WHEN 'QuadClass' THEN quad
                        WHEN 'NumMentions' THEN nm ELSE gs END AS value
            FROM checked WHERE problem IS NOT NULL""").fetchall()
        if bad:
            lines = {} if numbered else _lines_of(text, {str(b[1]) for b in bad})
            for number, ident, col, reason, value in bad:
                for line in [number] if numbered else lines.get(str(ident), [None]):
                    report.add(name, line, col, value, reason)
        events = con.execute("""
            SELECT min(idn)::VARCHAR AS event_id, date, c1, c2, code AS cameo_code,
                   arg_min(a1, idn) AS source_actor, arg_min(a2, idn) AS target_actor,
                   arg_min(g, idn) AS goldstein, arg_min(q, idn) AS q, sum(n)::INTEGER AS reports,
                   count(*)::INTEGER AS records, arg_min(url, idn) AS source_url
            FROM checked WHERE problem IS NULL
            GROUP BY date, c1, c2, code, root, geo""").df()
        rejected = len({p.row for p in report.errors})
        return events, rejected

    def validate(self, raw, part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        dataset, events, scanned = self._pending
        name = self.file_name(part)
        report.extend(scanned)
        if events.empty:
            return {"event": self.finish(events.iloc[0:0].copy())}
        for column, prefix, label in (("c1", "source_", "Actor1CountryCode"), ("c2", "target_", "Actor2CountryCode")):
            codes = events[column].fillna("")
            mapped = self.registry.map_values(codes, "cameo")
            events[prefix + "iso3"] = mapped["iso3"].to_numpy()
            unknown = codes[(codes != "") & events[prefix + "iso3"].isna()]
            for code, count in unknown.value_counts().sort_index().items():
                report.add(name, None, label, code, f"not a country code in the registry ({count} event(s)); "
                           "kept with no ISO3", "warning")
        table = code_table(events["cameo_code"].unique())
        events = events.merge(table[["cameo_code", "plover_type", "plover_mode", "plover_context", "quad_plover"]], on="cameo_code", how="left")
        events["quad"] = events["quad_plover"].fillna(events["q"].map(CAMEO_QUADS))
        events["dataset"] = dataset
        events["part"] = name
        events["date_precision"] = "day"
        for column in ("source_actor", "target_actor", "source_url"):
            events[column] = events[column].replace("", None)
        return {"event": self.finish(events)}


def _lines_of(text: Path, ids: set[str]) -> dict[str, list[int]]:
    """Line numbers of the rows whose first field is in ``ids`` (only run when some row is bad)."""
    found: dict[str, list[int]] = {}
    with open(text, "rb") as f:
        for number, line in enumerate(f, start=1):
            first = line.split(b"\t", 1)[0].decode("utf-8", "replace")
            if first in ids:
                found.setdefault(first, []).append(number)
    return found
