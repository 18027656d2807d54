"""Thompson and Dreyer's strategic rivalries, 1494-2010 (Handbook of International Rivalries,
2012), as shipped by peacesciencer. td_rivalries: rivalryno, rivalryname, ccode1, ccode2 (ccode1 <
ccode2), styear, endyear, region, type1, type2, type3 (spatial, positional, ideological,
interventionary). Rivalries still running in 2010 end in 2010.

Codes map to ISO3 with the start year, pre-1946 codes included (300 Austria-Hungary, 640 the
Ottoman Empire). The COW state system begins in 1816, so the registry does not know every polity
of an older rivalry: peacesciencer gives Venice the made-up code 324. Such a row is kept, with
its codes and no ISO3 for that side, and reported as a warning; from 1816 on an unknown code is
an error, as everywhere else.
"""

from __future__ import annotations

import pandas as pd

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec
from dyadscope.validation import ValidationReport

#: the first year of the COW state system, which the registry covers
SYSTEM_START = 1816


class RivalriesLoader(DyadYearLoader):
    source = "rivalries"
    specs = (
        TableSpec(
            stem="td_rivalries",
            table="rivalry",
            codes=("ccode1", "ccode2"),
            counts={"rivalryno": "rivalry_id", "styear": "start_year", "endyear": "end_year"},
            texts={"rivalryname": "name", "region": "region", "type1": "type1", "type2": "type2", "type3": "type3"},
            year=None,
            dated_by="start_year",
            code_column="code",
        ),
    )

    def map_codes(self, frame, column, scheme, file, report, dates, prefix) -> pd.Series:
        found = ValidationReport()
        ok = super().map_codes(frame, column, scheme, file, found, dates, prefix)
        early = pd.Series(dates < SYSTEM_START, index=frame.index) & (frame[column] != "")
        tolerated = set(frame.loc[early & ~ok, "_row"].tolist())
        for p in found.problems:
            if p.row in tolerated and p.reason.startswith("unknown country"):
                report.add(p.file, p.row, p.column, p.value,
                           f"{p.reason} before {SYSTEM_START}; row kept without ISO3 for this side", "warning")
            else:
                report.problems.append(p)
        return ok | early
