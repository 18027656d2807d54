"""What every loader shares: finding a source's files, reading them safely, mapping countries,
and writing one transaction per part keyed by the files' SHA-256.

A loader subclass fills in four roles: ``read`` (files -> raw frames, or LoadError when a file
cannot be used at all), ``validate`` (raw frames -> clean frames ready for the store, with every
rejected row in the report), ``tables`` (which store tables it writes) and, optionally,
``after_write`` (work that depends on other sources, such as de-duplicating roll calls).
"""

from __future__ import annotations

import contextlib

import gzip
import io
import json
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dyadscope.countries import Registry
from dyadscope.errors import LoadError
from dyadscope.sources import Source, get_source
from dyadscope.store import Store, file_sha256
from dyadscope.validation import ValidationReport

SUFFIXES = (".csv.gz", ".csv", ".rda", ".json", ".jsonl")


@dataclass
class Part:
    """One unit of loading: the files that must be written together."""

    name: str
    files: dict[str, Path]  # stem -> path
    member: str | None = None  # the file inside a zip archive that is this part (event files)

    @property
    def paths(self) -> list[Path]:
        return list(self.files.values())


@dataclass
class LoadResult:
    source: str
    part: str
    path: str
    sha256: str
    rows_in: int = 0
    rows_ok: int = 0
    rows_rejected: int = 0
    seconds: float = 0.0
    skipped: bool = False
    tables: dict[str, int] = field(default_factory=dict)
    report: ValidationReport = field(default_factory=ValidationReport)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "part": self.part,
            "path": self.path,
            "sha256": self.sha256,
            "rows_in": self.rows_in,
            "rows_ok": self.rows_ok,
            "rows_rejected": self.rows_rejected,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
            "tables": self.tables,
        }


def stem_of(path: Path) -> str:
    name = path.name
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


class Loader:
    """Base class; see the module docstring for the roles a subclass fills in."""

    source: str = ""
    #: stems that must be loaded together as one part; other stems each form a part of their own
    grouped: tuple[str, ...] = ()
    #: preference among the formats a stem may come in
    formats: tuple[str, ...] = (".csv.gz", ".csv", ".rda")

    def __init__(self, registry: Registry | None = None):
        self.registry = registry or Registry.default()

    @property
    def catalogue(self) -> Source:
        return get_source(self.source)

    # -- finding files --------------------------------------------------------------------------
    def find(self, path: Path) -> dict[str, Path]:
        """The source's files in ``path`` (a file, a source folder, or a mirror root), by stem."""
        path = Path(path)
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        stems = set(self.catalogue.files)
        if path.is_file():
            candidates = [path]
            if stem_of(path) in self.grouped:  # a grouped part needs its sibling files
                candidates += sorted(path.parent.iterdir())
            if stem_of(path) not in stems:
                raise LoadError(
                    f"{path}: not a file of source {self.source!r}; expected one of "
                    + ", ".join(f"{s}{{{','.join(self.formats)}}}" for s in sorted(stems))
                )
        else:
            folder = path / self.catalogue.folder if (path / self.catalogue.folder).is_dir() else path
            candidates = sorted(folder.iterdir())
        found: dict[str, Path] = {}
        for candidate in candidates:
            stem = stem_of(candidate)
            if stem not in stems or not candidate.is_file():
                continue
            rank = self._rank(candidate)
            if rank is None:
                continue
            if stem not in found or rank < self._rank(found[stem]):
                found[stem] = candidate
        if path.is_file():  # a single file given: keep it, plus its group
            keep = {stem_of(path)} | (set(self.grouped) if stem_of(path) in self.grouped else set())
            found = {s: p for s, p in found.items() if s in keep}
            found[stem_of(path)] = path
        if not found:
            raise LoadError(
                f"{path}: no file of source {self.source!r} found; expected "
                + ", ".join(sorted(stems))
            )
        return found

    def _rank(self, path: Path) -> int | None:
        for i, suffix in enumerate(self.formats):
            if path.name.endswith(suffix):
                return i
        return None

    def parts(self, path: Path) -> list[Part]:
        files = self.find(path)
        parts: list[Part] = []
        group = {s: p for s, p in files.items() if s in self.grouped}
        if group:
            missing = [s for s in self.grouped if s not in group]
            if missing:
                raise LoadError(
                    f"{path}: source {self.source!r} needs {', '.join(self.grouped)} together; "
                    f"missing {', '.join(missing)}"
                )
            parts.append(Part("all", group))
        order = list(self.catalogue.files)
        for stem in sorted((s for s in files if s not in self.grouped), key=order.index):
            parts.append(Part(stem, {stem: files[stem]}))
        return parts

    # -- roles ----------------------------------------------------------------------------------
    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        raise NotImplementedError

    def validate(self, raw: dict[str, pd.DataFrame], part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        raise NotImplementedError

    def delete(self, store: Store, part: Part, tables: list[str]) -> None:
        """Remove what an earlier version of this part wrote, so a new version replaces it."""
        for table in tables:
            store.con.execute(f"DELETE FROM {table} WHERE source = ?", [self.source])

    def after_write(self, store: Store) -> None:
        """Work that depends on other sources in the store; runs inside the load's transaction."""

    def reading(self, store: Store, parts: list[Part]):
        """A context in which ``read`` may find its parts' work started ahead (default: none)."""
        return contextlib.nullcontext()

    # -- shared helpers for subclasses ------------------------------------------------------------
    def map_countries(
        self,
        frame: pd.DataFrame,
        column: str,
        scheme: str,
        file: str,
        report: ValidationReport,
        dates: pd.Series | None = None,
        prefix: str = "",
    ) -> pd.Series:
        """Add ``{prefix}iso3`` and ``{prefix}as_state`` to ``frame``; return the mask of mapped rows.

        Unknown values are reported row by row, never dropped silently.
        """
        mapped = self.registry.map_values(frame[column], scheme, dates)
        frame[prefix + "iso3"] = mapped["iso3"].to_numpy()
        frame[prefix + "as_state"] = mapped["as_state"].to_numpy()
        ok = frame[prefix + "iso3"].notna()
        if not ok.all():
            bad = frame.loc[~ok]
            report.add_rows(file, bad["_row"], column, bad[column], f"unknown country ({scheme})")
        return ok


# -- reading files ------------------------------------------------------------------------------


def _check_gzip(path: Path) -> None:
    """Read a gzip file to its end so a truncated or corrupt file fails before anything is parsed."""
    try:
        with gzip.open(path, "rb") as f:
            while f.read(1 << 22):
                pass
    except (OSError, EOFError, zlib.error) as e:
        raise LoadError(f"{path}: corrupt or truncated gzip file ({e})") from e


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LoadError(
            f"{path}: row {line}: bytes {data[e.start:e.end]!r} are not valid {encoding} "
            f"(wrong encoding?)"
        ) from e


def read_text(path: Path, encoding: str = "utf-8") -> str:
    path = Path(path)
    if path.name.endswith(".gz"):
        _check_gzip(path)
        data = gzip.open(path, "rb").read()
    else:
        data = path.read_bytes()
    if not data.strip():
        raise LoadError(f"{path}: the file is empty")
    return _decode(path, data, encoding)


def read_table(path: Path, columns: list[str], encoding: str = "utf-8") -> pd.DataFrame:
    """Read a CSV (plain or gzipped) or an R .rda file as strings, with a ``_row`` column.

    ``_row`` is the line number in a CSV (the header is line 1) or the record number in an .rda.
    Raises LoadError naming the file when it cannot be read or lacks one of ``columns``.
    """
    path = Path(path)
    if path.name.endswith(".rda"):
        frame = _read_rda(path)
        frame.insert(0, "_row", range(1, len(frame) + 1))
    else:
        text = read_text(path, encoding)
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[])
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
            raise LoadError(f"{path}: not a readable CSV file ({e})") from e
        frame.insert(0, "_row", range(2, len(frame) + 2))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise LoadError(
            f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(map(str, frame.columns[1:]))}"
        )
    return frame


def _read_rda(path: Path) -> pd.DataFrame:
    import pyreadr

    try:
        objects = pyreadr.read_r(str(path))
    except Exception as e:  # pyreadr raises its own and low-level errors for corrupt files
        raise LoadError(f"{path}: not a readable R data file ({e})") from e
    if len(objects) != 1:
        raise LoadError(f"{path}: expected one data frame, found {len(objects)}")
    frame = next(iter(objects.values()))
    # R factors and doubles come back typed; the validators expect text, as from a CSV
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values):
            whole = values.dropna()
            if len(whole) and (whole == whole.round()).all():
                text = values.astype("Int64").astype("string").fillna("")
            else:
                text = values.astype("string").fillna("")
        else:
            text = values.astype(object).where(values.notna(), "").astype(str)
        out[column] = text
    return out.reset_index(drop=True)


def read_json_lines(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) for every line of a JSON-lines file; LoadError on a broken line."""
    text = read_text(path)
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise LoadError(f"{path}: row {number}: not valid JSON ({e.msg} at column {e.colno})") from e
        if not isinstance(obj, dict):
            raise LoadError(f"{path}: row {number}: expected a JSON object, got {type(obj).__name__}")
        records.append((number, obj))
    return records


def to_int(frame: pd.DataFrame, column: str, file: str, report: ValidationReport, *, allow_empty=False) -> pd.Series:
    """Parse a text column of whole numbers ("705", "705.0"); report and mask the rest."""
    text = frame[column].str.strip()
    number = pd.to_numeric(text, errors="coerce")
    empty = text == ""
    bad = number.isna() & ~(empty & allow_empty) | (number.notna() & (number != number.round()))
    if bad.any():
        report.add_rows(file, frame.loc[bad, "_row"], column, frame.loc[bad, column], "not a whole number")
    return number.where(~bad).astype("Int64"), ~bad


def to_float(frame: pd.DataFrame, column: str, file: str, report: ValidationReport) -> tuple[pd.Series, pd.Series]:
    """Parse a text column of numbers; "" and "NA" are missing values, anything else unparseable is reported."""
    text = frame[column].str.strip()
    missing = text.isin(["", "NA", "NaN"])
    number = pd.to_numeric(text.where(~missing), errors="coerce")
    bad = number.isna() & ~missing
    if bad.any():
        report.add_rows(file, frame.loc[bad, "_row"], column, frame.loc[bad, column], "not a number")
    return number, ~bad


def to_flag(frame: pd.DataFrame, column: str, file: str, report: ValidationReport) -> tuple[pd.Series, pd.Series]:
    """Parse a 0/1 column (also "0.0"/"1.0", "TRUE"/"FALSE"); "" is missing."""
    text = frame[column].str.strip().str.upper()
    table = {"1": True, "1.0": True, "TRUE": True, "0": False, "0.0": False, "FALSE": False}
    value = text.map(table)
    bad = value.isna() & (text != "")
    if bad.any():
        report.add_rows(file, frame.loc[bad, "_row"], column, frame.loc[bad, column], "expected 0 or 1")
    return value.astype("boolean"), ~bad


def to_date(frame: pd.DataFrame, column: str, file: str, report: ValidationReport, fmt: str | None = "%Y-%m-%d"):
    text = frame[column].str.strip()
    date = pd.to_datetime(text, format=fmt, errors="coerce")
    bad = date.isna()
    if bad.any():
        report.add_rows(file, frame.loc[bad, "_row"], column, frame.loc[bad, column], "not a valid date")
    return date.dt.date, ~bad


# -- running a load -----------------------------------------------------------------------------


def run_load(store: Store, loader: Loader, path, *, strict: bool = False, progress=None) -> list[LoadResult]:
    """Load every part of ``loader``'s source found at ``path`` (one path or several); one transaction per part."""
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    parts = [part for p in paths for part in loader.parts(Path(p))]
    return load_parts(store, loader, parts, strict=strict, progress=progress)


def load_parts(store: Store, loader: Loader, parts: list[Part], *, strict: bool = False, progress=None) -> list[LoadResult]:
    """Load ``parts`` in order, each in its own transaction; ``progress(result)`` after each."""
    results = []
    with loader.reading(store, parts):
        for part in parts:
            results.append(load_part(store, loader, part, strict=strict))
            if progress:
                progress(results[-1])
    return results


def load_part(store: Store, loader: Loader, part: Part, *, strict: bool = False) -> LoadResult:
    started = time.perf_counter()
    sha = file_sha256(*part.paths)
    shown = ", ".join(str(p) for p in part.paths)
    result = LoadResult(loader.source, part.name, shown, sha)
    if store.already_loaded(loader.source, part.name, sha):
        result.skipped = True
        result.seconds = time.perf_counter() - started
        return result
    raw = loader.read(part)
    result.rows_in = sum(len(f) for f in raw.values())
    report = ValidationReport()
    tables = loader.validate(raw, part, report)
    result.report = report
    result.rows_rejected = report.rejected_rows
    if strict and report.errors:
        raise LoadError(
            f"{shown}: {len(report)} problem(s) in {result.rows_rejected} row(s); nothing loaded (strict)\n"
            + report.summary(),
            report,
        )
    result.tables = {name: len(frame) for name, frame in tables.items()}
    result.rows_ok = result.rows_in - result.rows_rejected
    with store.transaction() as con:
        loader.delete(store, part, list(tables))
        for name, frame in tables.items():
            con.register("_incoming", frame)
            try:
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _incoming")
            finally:
                con.unregister("_incoming")
        load_id = con.execute("SELECT nextval('load_id_seq')").fetchone()[0]
        result.seconds = time.perf_counter() - started
        con.execute(
            "INSERT INTO load_log (load_id, source, part, path, file_sha256, rows_in, rows_ok, rows_rejected, seconds)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [load_id, loader.source, part.name, shown, sha, result.rows_in, result.rows_ok,
             result.rows_rejected, result.seconds],
        )
        if report:
            rejected = report.to_frame()
            rejected.insert(0, "load_id", load_id)
            con.register("_rejected", rejected)
            try:
                con.execute('INSERT INTO rejected_row BY NAME SELECT * FROM _rejected')
            finally:
                con.unregister("_rejected")
        loader.after_write(store)
    return result
