"""Shared machinery for peacesciencer's COW-coded tables (dyad-years, state-years, and the
tables of periods: state-system membership, contiguity, rivalries).

A table is described by its columns: which hold state codes (COW or Gleditsch-Ward), which the
year, and which values (0/1 flags, whole numbers, amounts, text, dates) go into which store
column. Codes map to ISO3 on the date of the row (``dated_by``: the year, or the start of the
period), so COW 365 before 1992 stays under RUS flagged ``as_state = 'SUN'``, and COW 345 is
Yugoslavia, Serbia and Montenegro or Serbia depending on the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dyadscope.loaders.base import Loader, Part, read_table, to_date, to_flag, to_float, to_int
from dyadscope.validation import ValidationReport

#: a date given as three whole-number columns: (year, month, day)
DateParts = tuple[str, str, str]


@dataclass(frozen=True)
class TableSpec:
    stem: str             # file stem, e.g. "atop_alliance"
    table: str            # store table
    codes: tuple[str, ...]  # columns with state codes: ("ccode1", "ccode2") or ("ccode",)
    flags: dict[str, str] = field(default_factory=dict)    # source column -> store column, 0/1 values
    counts: dict[str, str] = field(default_factory=dict)   # source column -> store column, whole numbers
    amounts: dict[str, str] = field(default_factory=dict)  # source column -> store column, real numbers (missing allowed)
    texts: dict[str, str] = field(default_factory=dict)    # source column -> store column, text ("" is missing)
    dates: dict[str | DateParts, str] = field(default_factory=dict)  # ISO date column or (y, m, d) columns -> store column
    year: str | None = "year"   # source column of the store's ``year``; None when the table has none
    dated_by: str = "year"      # store column whose value dates the codes (a year stands for 1 July)
    scheme: str = "cow"         # registry scheme of the codes: "cow" or "gw"
    code_column: str | None = None  # keep the codes too, as this store column (suffixed _a/_b for dyads)
    allowed: dict[str, tuple[int, ...]] = field(default_factory=dict)  # a column of counts -> its accepted values
    constants: dict[str, str] = field(default_factory=dict)  # store column -> the same value on every row


class DyadYearLoader(Loader):
    specs: tuple[TableSpec, ...] = ()

    def spec(self, part: Part) -> TableSpec:
        return next(s for s in self.specs if s.stem == part.name)

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        spec = self.spec(part)
        dates = [c for key in spec.dates for c in ((key,) if isinstance(key, str) else key)]
        columns = [*spec.codes, *([spec.year] if spec.year else []), *spec.flags, *spec.counts,
                   *spec.amounts, *spec.texts, *dates]
        return {spec.stem: read_table(part.paths[0], columns)}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        spec = self.spec(part)
        frame = raw[spec.stem]
        file = str(part.paths[0])
        out = pd.DataFrame(index=frame.index)
        keep = pd.Series(True, index=frame.index)
        if spec.year:
            out["year"], keep = to_int(frame, spec.year, file, report)
        for parse, columns in ((to_flag, spec.flags), (to_int, spec.counts), (to_float, spec.amounts)):
            for src, dst in columns.items():
                value, ok = parse(frame, src, file, report)
                out[dst] = value
                keep &= ok
        for src, accepted in spec.allowed.items():
            value = out[spec.counts[src]]
            bad = value.notna() & ~value.isin(accepted)
            if bad.any():
                report.add_rows(file, frame.loc[bad, "_row"], src, frame.loc[bad, src],
                                "expected one of " + ", ".join(map(str, accepted)))
            keep &= ~bad
        for src, dst in spec.texts.items():
            text = frame[src].str.strip()
            out[dst] = text.astype(object).where(text != "", None)
        for src, dst in spec.dates.items():
            value, ok = (to_date(frame, src, file, report) if isinstance(src, str)
                         else _date_from_parts(frame, src, file, report))
            out[dst] = value
            keep &= ok

        when = out[spec.dated_by]
        if pd.api.types.is_integer_dtype(when):  # a year: the registry reads it as 1 July
            dates = when.where(keep, 2000).fillna(2000).to_numpy(dtype="int64")
        else:
            dates = when.to_numpy()
        suffixes = ("_a", "_b") if len(spec.codes) == 2 else ("",)
        for column, suffix in zip(spec.codes, suffixes):
            code, ok = to_int(frame, column, file, report)
            keep &= ok
            if spec.code_column:
                out[spec.code_column + suffix] = code
            frame[column] = code.astype("string").fillna("")
            keep &= self.map_codes(frame, column, spec.scheme, file, report, dates, prefix=column + "_")
            out["iso3" + suffix] = frame[column + "_iso3"]
            out["as_state" + suffix] = frame[column + "_as_state"]
        for dst, value in spec.constants.items():
            out[dst] = value
        out["source"] = self.source
        return {spec.table: out[keep.to_numpy()].reset_index(drop=True)}

    def map_codes(self, frame, column, scheme, file, report, dates, prefix) -> pd.Series:
        """Map one code column (see Loader.map_countries); a loader may tolerate some unknown codes."""
        return self.map_countries(frame, column, scheme, file, report, dates=dates, prefix=prefix)

    def delete(self, store, part, tables) -> None:
        for table in tables:
            store.con.execute(f"DELETE FROM {table} WHERE source = ?", [self.source])


def _date_from_parts(frame: pd.DataFrame, parts: DateParts, file: str, report: ValidationReport):
    """A date from three whole-number columns (COW's styear, stmonth, stday); bad days are reported."""
    keep = pd.Series(True, index=frame.index)
    numbers = {}
    for name, column in zip(("year", "month", "day"), parts):
        numbers[name], ok = to_int(frame, column, file, report)
        keep &= ok
    date = pd.to_datetime(pd.DataFrame(numbers), errors="coerce")
    bad = keep & date.isna()
    if bad.any():
        shown = frame.loc[bad, list(parts)].astype(str).agg("-".join, axis=1)
        report.add_rows(file, frame.loc[bad, "_row"], ", ".join(parts), shown, "not a valid date")
    return date.dt.date, keep & ~bad
