"""Voeten/Bailey/Strezhnev UNGA ideal points by state-session (IdealpointestimatesAll_Jun2024.csv).

Columns: "" (row number), ccode, session, NVotesAll, IdealPointAll, QO%All ... Q100%All, iso3c,
Countryname, USAgree, RUSSAgree, BrazilAgree, ChinaAgree, IndiaAgree, IsraelAgree. States map by
COW code and session year (session N ~ year 1945 + N), so the USSR stays under RUS as 'SUN'.
The agreement shares are kept: they are the published check of our own agreement measure.
"""

from __future__ import annotations

import pandas as pd

from dyadscope.loaders.base import Loader, Part, read_table, to_float, to_int
from dyadscope.validation import ValidationReport

VALUES = {
    "IdealPointAll": "ideal_point",
    "QO%All": "q00",
    "Q5%All": "q05",
    "Q10%All": "q10",
    "Q50%All": "q50",
    "Q90%All": "q90",
    "Q95%All": "q95",
    "Q100%All": "q100",
    "USAgree": "agree_usa",
    "RUSSAgree": "agree_rus",
    "BrazilAgree": "agree_bra",
    "ChinaAgree": "agree_chn",
    "IndiaAgree": "agree_ind",
    "IsraelAgree": "agree_isr",
}


class IdealpointsLoader(Loader):
    source = "idealpoints"
    formats = (".csv", ".csv.gz")

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        return {"idealpoints": read_table(part.paths[0], ["ccode", "session", "NVotesAll", *VALUES])}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        frame = raw["idealpoints"]
        file = str(part.paths[0])
        session, keep = to_int(frame, "session", file, report)
        n_votes, ok = to_int(frame, "NVotesAll", file, report, allow_empty=True)
        keep &= ok
        code, ok = to_int(frame, "ccode", file, report)
        keep &= ok
        frame["ccode"] = code.astype("string").fillna("")
        years = (session.where(keep, 50).astype(int) + 1945).astype(str)
        keep &= self.map_countries(frame, "ccode", "cow", file, report, dates=pd.to_datetime(years + "-12-01"))
        out = pd.DataFrame({"iso3": frame["iso3"], "as_state": frame["as_state"], "cow": code,
                            "session": session, "n_votes": n_votes})
        for src, dst in VALUES.items():
            value, ok = to_float(frame, src, file, report)
            out[dst] = value
            keep &= ok
        out["source"] = self.source
        dup = out.duplicated(["iso3", "session"], keep="first") & keep
        if dup.any():
            report.add_rows(file, frame.loc[dup, "_row"], "ccode", frame.loc[dup, "ccode"],
                            "second row for the same state and session")
            keep &= ~dup
        return {"ideal_point": out[keep].reset_index(drop=True)}
