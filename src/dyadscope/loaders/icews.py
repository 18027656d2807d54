"""ICEWS Coded Event Data: tab-separated files with a header of 20 columns, ISO-8859-1.

Files come yearly (``events.2015.*.tab``) and weekly (``20181004-icews-events.tab``), plain, zipped
or gzipped; each file is one part, and a zip holding several data files (a Dataverse bundle of
yearly files) gives one part per file, named ``ARCHIVE/FILE``. ``Event Date`` is ``YYYY-MM-DD`` in most files and ``M/D/YYYY``
in some: both are read. ``Source Country`` / ``Target Country`` are country names, mapped to ISO3
through the registry; an unknown name is kept with no ISO3 and reported once as a warning.
``CAMEO Code`` gives the PLOVER type through the crosswalk; ``Intensity`` is ICEWS's own Goldstein
value (the Goldstein table fills it when empty).

Duplicates: the same event (same ``Event ID`` and ``Event Date``) appears in a weekly file and again
in the yearly file that later replaced it. Within a file a repeated (ID, date) is kept once and
reported as a warning; across files, the copy loaded first is kept and a later file's copies are
removed when it is written (``after_write``), so ``event`` holds one row per (ID, date).

Bad rows (wrong number of fields, bad dates, codes that are not CAMEO codes, an intensity that is
not a number, an empty ID) go to the validation report with their line number.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from dyadscope.errors import LoadError
from dyadscope.events.crosswalk import code_table, is_cameo_code
from dyadscope.events.loader import EventFileLoader
from dyadscope.loaders.base import Part
from dyadscope.store import Store
from dyadscope.validation import ValidationReport

COLUMNS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
           "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
           "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"]
REQUIRED = ["Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code", "Intensity",
            "Target Name", "Target Country"]


DATA_SUFFIXES = (".tab", ".tsv", ".txt", ".csv")


def zip_members(path) -> list[str]:
    """The data files in a zip archive (folders, READMEs and other documents left out)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [m.filename for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as e:
        raise LoadError(f"{path}: corrupt or truncated file ({e})") from e
    data = [n for n in names if n.lower().endswith(DATA_SUFFIXES) and not Path(n).name.lower().startswith("readme")]
    if not data:
        raise LoadError(f"{path}: no data file in the zip (expected names ending in {', '.join(DATA_SUFFIXES)}); "
                        f"found {', '.join(names) or 'nothing'}")
    return data


def read_bytes(path, member: str | None = None) -> bytes:
    """The bytes of a plain or gzipped file, or of one data file in a zip; LoadError when corrupt."""
    name = path.name.lower()
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                return archive.read(member or zip_members(path)[0])
        if name.endswith(".gz"):
            return gzip.open(path, "rb").read()
        return path.read_bytes()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise LoadError(f"{path}: corrupt or truncated file ({e})") from e


def split_table(path, data: bytes, encodings=("utf-8", "iso-8859-1")) -> tuple[list[str], list[list[str]], list[int], list]:
    """(header, rows, line numbers, bad lines) of a tab-separated file; bad lines have the wrong field count."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - ISO-8859-1 decodes any byte
        raise LoadError(f"{path}: not readable as {' or '.join(encodings)}")
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not lines[0].strip():
        raise LoadError(f"{path}: the file is empty")
    header = [h.strip().lstrip("\ufeff") for h in lines[0].split("\t")]
    rows, numbers, bad = [], [], []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            bad.append((number, len(fields), line))
        else:
            rows.append(fields)
            numbers.append(number)
    return header, rows, numbers, bad


def parse_dates(text: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` or ``M/D/YYYY``, row by row; NaT where neither fits."""
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    us = pd.to_datetime(text, format="%m/%d/%Y", errors="coerce")
    return iso.fillna(us)


class IcewsLoader(EventFileLoader):
    source = "icews"
    suffixes = (".tab", ".tsv", ".txt", ".csv", ".zip", ".gz")
    datasets = ("icews",)
    members = staticmethod(zip_members)

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        path = part.paths[0]
        header, rows, numbers, bad = split_table(path, read_bytes(path, part.member))
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise LoadError(f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(header)}")
        frame = pd.DataFrame(rows, columns=header, dtype=object)
        frame.insert(0, "_row", numbers)
        self._bad_lines = (len(header), bad)
        return {"event": frame, "bad": pd.DataFrame(index=range(len(bad)))}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        name = self.file_name(part)
        self._part_name = name
        expected, bad = self._bad_lines
        for number, found, line in bad:
            reason = "too few" if found < expected else "too many"
            report.add(name, number, None, line[:120], f"{reason} fields: {found}, expected {expected}")
        frame = raw["event"]
        for column in ("Event ID", "Event Date", "CAMEO Code", "Intensity", "Source Country", "Target Country"):
            frame[column] = frame[column].str.strip()
        ok = pd.Series(True, index=frame.index)

        def reject(mask, column, reason):
            nonlocal ok
            mask = mask & ok
            if mask.any():
                report.add_rows(name, frame.loc[mask, "_row"], column, frame.loc[mask, column], reason)
            ok &= ~mask

        reject(frame["Event ID"] == "", "Event ID", "empty event ID")
        dates = parse_dates(frame["Event Date"])
        reject(dates.isna(), "Event Date", "not a valid date (YYYY-MM-DD or M/D/YYYY)")
        reject(~frame["CAMEO Code"].map(is_cameo_code), "CAMEO Code", "not a CAMEO event code")
        intensity = pd.to_numeric(frame["Intensity"], errors="coerce")
        reject(intensity.isna() & (frame["Intensity"] != ""), "Intensity", "not a number")
        frame["date"] = dates.dt.date
        frame["goldstein"] = intensity
        frame = frame[ok].copy()

        for column, prefix in (("Source Country", "source_"), ("Target Country", "target_")):
            mapped = self.registry.map_values(frame[column], "name", frame["date"])
            frame[prefix + "iso3"] = mapped["iso3"].to_numpy()
            unknown = frame.loc[(frame[column] != "") & frame[prefix + "iso3"].isna(), column]
            for value, count in unknown.value_counts().sort_index().items():
                report.add(name, None, column, value, f"not a country in the registry ({count} row(s)); "
                           "kept with no ISO3", "warning")
        frame = frame[self.keep_actors(frame["source_iso3"], frame["target_iso3"])]

        repeated = frame.duplicated(["Event ID", "date"], keep="first")
        if repeated.any():
            report.add_rows(name, frame.loc[repeated, "_row"], "Event ID", frame.loc[repeated, "Event ID"],
                            "the same Event ID and Event Date again in this file; kept once", "warning")
            frame = frame[~repeated]

        table = code_table(frame["CAMEO Code"].unique())
        frame = frame.merge(table, left_on="CAMEO Code", right_on="cameo_code", how="left")
        frame["goldstein"] = frame["goldstein"].fillna(frame["goldstein_table"])
        events = pd.DataFrame({
            "event_id": frame["Event ID"], "dataset": "icews", "part": name, "date": frame["date"],
            "date_precision": "day", "source_iso3": frame["source_iso3"],
            "source_actor": frame["Source Name"].replace("", None), "target_iso3": frame["target_iso3"],
            "target_actor": frame["Target Name"].replace("", None), "plover_type": frame["plover_type"],
            "plover_mode": frame["plover_mode"], "plover_context": frame["plover_context"],
            "cameo_code": frame["CAMEO Code"], "goldstein": frame["goldstein"], "quad": frame["quad_plover"],
            "summary": frame["Event Text"].replace("", None) if "Event Text" in frame else None,
            "records": 1,
        })
        return {"event": self.finish(events)}

    def after_write(self, store: Store) -> None:
        """Drop this file's copies of events an earlier-loaded file already holds (same ID and date)."""
        store.con.execute("""
            DELETE FROM event AS e
            WHERE e.dataset = 'icews' AND e.part = ?
              AND EXISTS (SELECT 1 FROM event AS o WHERE o.dataset = 'icews' AND o.part <> e.part
                          AND o.event_id = e.event_id AND o.date = e.date)""", [self._part_name])
