"""Shared machinery for peacesciencer's COW-coded tables (dyad-years and state-years).

A table is described by its columns: which hold COW state codes, which the year, and which
values (0/1 flags, whole numbers or amounts) go into which store column. Codes map to ISO3 with
the year, so COW 365 before 1992 stays under RUS flagged ``as_state = 'SUN'``, and COW 345 is
Yugoslavia, Serbia and Montenegro or Serbia depending on the year.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dyadscope.loaders.base import Loader, Part, read_table, to_flag, to_float, to_int
from dyadscope.validation import ValidationReport


@dataclass(frozen=True)
class TableSpec:
    stem: str             # file stem, e.g. "atop_alliance"
    table: str            # store table
    codes: tuple[str, ...]  # columns with COW codes: ("ccode1", "ccode2") or ("ccode",)
    flags: dict[str, str]   # source column -> store column, 0/1 values
    counts: dict[str, str]  # source column -> store column, whole numbers
    amounts: dict[str, str]  # source column -> store column, real numbers (missing allowed)


class DyadYearLoader(Loader):
    specs: tuple[TableSpec, ...] = ()

    def spec(self, part: Part) -> TableSpec:
        return next(s for s in self.specs if s.stem == part.name)

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        spec = self.spec(part)
        columns = [*spec.codes, "year", *spec.flags, *spec.counts, *spec.amounts]
        return {spec.stem: read_table(part.paths[0], columns)}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        spec = self.spec(part)
        frame = raw[spec.stem]
        file = str(part.paths[0])
        year, keep = to_int(frame, "year", file, report)
        out = pd.DataFrame(index=frame.index)
        out["year"] = year
        suffixes = ("_a", "_b") if len(spec.codes) == 2 else ("",)
        dates = pd.to_datetime(year.where(keep, 2000).astype(int).astype(str) + "-07-01")
        for column, suffix in zip(spec.codes, suffixes):
            code, ok = to_int(frame, column, file, report)
            keep &= ok
            frame[column] = code.astype("string").fillna("")
            mapped = self.map_countries(frame, column, "cow", file, report, dates=dates, prefix=column + "_")
            keep &= mapped
            out["iso3" + suffix] = frame[column + "_iso3"]
            out["as_state" + suffix] = frame[column + "_as_state"]
        for parse, columns in ((to_flag, spec.flags), (to_int, spec.counts), (to_float, spec.amounts)):
            for src, dst in columns.items():
                value, ok = parse(frame, src, file, report)
                out[dst] = value
                keep &= ok
        out["source"] = self.source
        return {spec.table: out[keep.to_numpy()].reset_index(drop=True)}

    def delete(self, store, part, tables) -> None:
        for table in tables:
            store.con.execute(f"DELETE FROM {table} WHERE source = ?", [self.source])
