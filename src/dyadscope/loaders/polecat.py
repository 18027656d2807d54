"""POLECAT Weekly Data: tab-separated files with a header, about 40 columns (``ngecEvents.DV.*.txt``).

The columns change between versions: their order differs, and some are renamed (``Intensity`` /
``Event Intensity``). Columns are therefore matched by name, compared case-insensitively and
ignoring spaces and underscores, with the aliases in ``FIELDS``; a file that lacks a required one
is a LoadError naming what it has. Some published files repeat the header names with extra empty
columns: empty trailing fields are ignored.

``Event Type`` is a PLOVER category (the 2021 names ACCUSE and REQUEST are read as DISAPPROVE and
DEMAND); ``Actor Country`` / ``Recipient Country`` are ISO3 codes (a name is accepted too), mapped
through the registry. "None" and empty values are missing. POLECAT has no Goldstein value.
"""

from __future__ import annotations

import re

import pandas as pd

from dyadscope.errors import LoadError
from dyadscope.events.crosswalk import ALIASES, QUAD_OF
from dyadscope.events.loader import EventFileLoader
from dyadscope.loaders.base import Part
from dyadscope.loaders.icews import parse_dates, read_bytes, split_table, zip_members
from dyadscope.validation import ValidationReport

#: our name -> (the names POLECAT versions use, required)
FIELDS = {
    "event_id": (("Event ID", "event_id", "id"), True),
    "date": (("Event Date", "Date", "event_date"), True),
    "type": (("Event Type", "event_type"), True),
    "mode": (("Event Mode", "event_mode"), False),
    "context": (("Contexts", "Context"), False),
    "actor": (("Actor Name", "actor_name"), False),
    "actor_country": (("Actor Country", "actor_country"), True),
    "recipient": (("Recipient Name", "recipient_name", "Target Name"), False),
    "recipient_country": (("Recipient Country", "recipient_country", "Target Country"), True),
    "story": (("Story ID", "Source", "story_id"), False),
    "language": (("Language",), False),
}
_MISSING = {"", "none", "nan", "null", "na"}


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", "", str(name)).lower()


def match_columns(header: list[str], path) -> dict[str, int]:
    """Our field name -> column index in this file; LoadError when a required field is missing."""
    index = {}
    for position, name in enumerate(header):
        index.setdefault(_key(name), position)
    found, missing = {}, []
    for field, (names, required) in FIELDS.items():
        hit = next((index[_key(n)] for n in names if _key(n) in index), None)
        if hit is not None:
            found[field] = hit
        elif required:
            missing.append(names[0])
    if missing:
        raise LoadError(f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(h for h in header if h)}")
    return found


class PolecatLoader(EventFileLoader):
    source = "polecat"
    suffixes = (".txt", ".tsv", ".tab", ".zip", ".gz")
    datasets = ("polecat",)
    members = staticmethod(zip_members)

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        path = part.paths[0]
        data = read_bytes(path, part.member)
        header, rows, numbers, bad = split_table(path, data, encodings=("utf-8", "iso-8859-1"))
        while header and header[-1] == "":  # extra trailing tabs in some published files
            header.pop()
        width = len(header)
        fixed_rows, fixed_numbers, still_bad = list(rows), list(numbers), []
        for number, found, line in bad:
            fields = line.split("\t")
            if len(fields) > width and not any(f.strip() for f in fields[width:]):
                fixed_rows.append(fields[:width])
                fixed_numbers.append(number)
            else:
                still_bad.append((number, len(fields), line))
        columns = match_columns(header, path)
        frame = pd.DataFrame([[r[i] for i in columns.values()] for r in fixed_rows] if fixed_rows else None,
                             columns=list(columns), dtype=object)
        frame.insert(0, "_row", fixed_numbers)
        frame = frame.sort_values("_row", kind="stable").reset_index(drop=True)
        self._bad_lines = (width, still_bad)
        return {"event": frame, "bad": pd.DataFrame(index=range(len(still_bad)))}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        name = self.file_name(part)
        expected, bad = self._bad_lines
        for number, found, line in bad:
            reason = "too few" if found < expected else "too many"
            report.add(name, number, None, line[:120], f"{reason} fields: {found}, expected {expected}")
        frame = raw["event"]
        for column in frame.columns[1:]:
            text = frame[column].astype(str).str.strip()
            frame[column] = text.where(~text.str.lower().isin(_MISSING), None)
        ok = pd.Series(True, index=frame.index)

        def reject(mask, column, reason):
            nonlocal ok
            mask = mask & ok
            if mask.any():
                report.add_rows(name, frame.loc[mask, "_row"], column, frame.loc[mask, column].fillna(""), reason)
            ok &= ~mask

        reject(frame["event_id"].isna(), "event_id", "empty event ID")
        dates = parse_dates(frame["date"].fillna(""))
        reject(dates.isna(), "date", "not a valid date (YYYY-MM-DD or M/D/YYYY)")
        kind = frame["type"].fillna("").str.upper().replace(ALIASES)
        reject(~kind.isin(list(QUAD_OF)), "type",
               f"not a PLOVER event type; expected one of {', '.join(QUAD_OF)}")
        frame["date_value"] = dates.dt.date
        frame["plover_type"] = kind
        frame = frame[ok].copy()

        for column, prefix in (("actor_country", "source_"), ("recipient_country", "target_")):
            codes = frame[column].fillna("")
            mapped = self.registry.map_values(codes, "iso3")["iso3"]
            by_name = self.registry.map_values(codes, "name")["iso3"]
            frame[prefix + "iso3"] = mapped.fillna(by_name).to_numpy()
            unknown = codes[(codes != "") & frame[prefix + "iso3"].isna()]
            for value, count in unknown.value_counts().sort_index().items():
                report.add(name, None, column, value, f"not a country in the registry ({count} row(s)); "
                           "kept with no ISO3", "warning")
        frame = frame[self.keep_actors(frame["source_iso3"], frame["target_iso3"])]
        repeated = frame.duplicated(["event_id"], keep="first")
        if repeated.any():
            report.add_rows(name, frame.loc[repeated, "_row"], "event_id", frame.loc[repeated, "event_id"],
                            "the same event ID again in this file; kept once", "warning")
            frame = frame[~repeated]
        events = pd.DataFrame({
            "event_id": frame["event_id"], "dataset": "polecat", "part": name, "date": frame["date_value"],
            "date_precision": "day", "source_iso3": frame["source_iso3"], "source_actor": frame.get("actor"),
            "target_iso3": frame["target_iso3"], "target_actor": frame.get("recipient"),
            "plover_type": frame["plover_type"], "plover_mode": frame.get("mode"),
            "plover_context": frame.get("context"), "quad": frame["plover_type"].map(QUAD_OF),
            "doc_id": frame.get("story"), "records": 1,
        })
        return {"event": self.finish(events)}
