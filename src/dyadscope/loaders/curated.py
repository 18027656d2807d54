"""The curated chronology: dated, referenced events between states and organisations.

The chronology ships with the package (``dyadscope/data/chronology/*.csv``, see the README
there) and is loaded by default; a user's own folder or file in the same format loads the same
way. Each CSV is one part: when a file changes, only its rows are replaced.

Every row is checked before it reaches the store: the date and its precision; source and
target known to the country registry (ISO3 or an organisation code); the PLOVER type that the
CAMEO→PLOVER crosswalk gives for the exact CAMEO code (``dyadscope.events.crosswalk``; the 2021
draft names ACCUSE / REQUEST and the current DISAPPROVE / DEMAND / INVESTIGATE both pass, the
current name is stored); the Goldstein value of that code in the CAMEO scale; the domain; a
non-empty summary, reference and ``checked`` note; and no web address in the reference (a
reference names a document, an issuer or an outlet and a date).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from dyadscope.errors import LoadError
from dyadscope.events.crosswalk import ALIASES, QUAD_OF, crosswalk, goldstein_table
from dyadscope.loaders.base import Loader, Part, read_table
from dyadscope.store import Store
from dyadscope.validation import ValidationReport

COLUMNS = ["date", "date_precision", "source", "source_actor", "target", "target_actor", "plover_type", "cameo",
           "goldstein", "domain", "summary", "reference", "checked"]
PRECISIONS = ("day", "month", "year")
DOMAINS = ("security", "energy", "trade", "transport", "diplomacy", "sovereignty/territory", "sanctions",
           "culture/language", "migration", "nuclear/space", "other")
ACTOR_KINDS = ("state", "organisation", "historical")
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|ru|kz|gov|int)/", re.IGNORECASE)
_CAMEO = re.compile(r"^\d{2,4}$")


def accepted_names(current: str) -> set[str]:
    """The names a row may give for a code whose current PLOVER category is ``current``: that name
    and the 2021 draft name the crosswalk file writes (ACCUSE for DISAPPROVE and INVESTIGATE,
    REQUEST for DEMAND)."""
    names = {current} | {old for old, new in ALIASES.items() if new == current}
    if current == "INVESTIGATE":
        names.add("ACCUSE")
    return names


def event_id(date: str, source: str, target: str, cameo: str, summary: str) -> str:
    """A stable key of one curated event: SHA-256 of its date, actors, code and summary (16 hex digits)."""
    key = "\x1f".join(str(v).strip() for v in (date, source, target, cameo, summary))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# -- the loader ---------------------------------------------------------------------------------


class CuratedLoader(Loader):
    """Source ``curated``: every CSV of a chronology folder, or one CSV file."""

    source = "curated"
    formats = (".csv",)

    def __init__(self, registry=None):
        super().__init__(registry)
        frame = self.registry.frame
        self.codes = set(frame.loc[frame["kind"].isin(ACTOR_KINDS), "iso3"])

    def find(self, path: Path) -> dict[str, Path]:
        path = Path(path)
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        if path.is_file():
            if not path.name.endswith(".csv"):
                raise LoadError(f"{path}: not a chronology file; expected a .csv file with columns "
                                + ", ".join(COLUMNS))
            return {path.stem: path}
        folder = path / self.catalogue.folder if (path / self.catalogue.folder).is_dir() else path
        found = {p.stem: p for p in sorted(folder.glob("*.csv")) if p.is_file()}
        if not found:
            raise LoadError(f"{folder}: no chronology file (*.csv) found")
        return found

    def parts(self, path: Path) -> list[Part]:
        return [Part(stem, {stem: p}) for stem, p in sorted(self.find(path).items())]

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        path = part.paths[0]
        if path.stat().st_size == 0:  # a slice not started yet
            return {"event": pd.DataFrame(columns=["_row", *COLUMNS])}
        return {"event": read_table(path, COLUMNS)}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        file = str(part.paths[0])
        frame = raw["event"].copy()
        for column in COLUMNS:
            frame[column] = frame[column].astype(str).str.strip()
        bad_rows: set[int] = set()
        for row in frame.to_dict("records"):
            problems = self._check(row)
            for column, reason in problems:
                report.add(file, row["_row"], column, row[column], reason)
            if problems:
                bad_rows.add(row["_row"])
        frame["event_id"] = [event_id(*v) for v in
                             frame[["date", "source", "target", "cameo", "summary"]].itertuples(index=False)]
        seen: dict[str, int] = {}
        for row, key in zip(frame["_row"], frame["event_id"]):
            if row in bad_rows:
                continue
            if key in seen:
                report.add(file, row, "summary", frame.loc[frame["_row"] == row, "summary"].iloc[0],
                           f"the same event (date, source, target, cameo, summary) as row {seen[key]}")
                bad_rows.add(row)
            else:
                seen[key] = row
        ok = frame[~frame["_row"].isin(bad_rows)]
        codes = crosswalk()
        out = pd.DataFrame({
            "event_id": ok["event_id"],
            "dataset": "curated",
            "part": part.name,
            "date": pd.to_datetime(ok["date"], format="%Y-%m-%d").dt.date,
            "date_precision": ok["date_precision"],
            "source_iso3": ok["source"],
            "source_actor": ok["source_actor"].mask(ok["source_actor"] == ""),
            "target_iso3": ok["target"],
            "target_actor": ok["target_actor"].mask(ok["target_actor"] == ""),
            "plover_type": [codes[c].plover_type for c in ok["cameo"]],
            "plover_mode": [codes[c].mode or None for c in ok["cameo"]],
            "plover_context": [codes[c].context or None for c in ok["cameo"]],
            "cameo_code": ok["cameo"],
            "goldstein": pd.to_numeric(ok["goldstein"]).astype(float),
            "domain": ok["domain"],
            "summary": ok["summary"],
            "citation": ok["reference"],
            "checked": ok["checked"],
        })
        out["quad"] = out["plover_type"].map(QUAD_OF)
        return {"event": out.reset_index(drop=True)}

    def _check(self, row: dict) -> list[tuple[str, str]]:
        """(column, reason) for every problem of one row."""
        problems = []
        try:
            date = pd.Timestamp(row["date"]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]) else None
        except ValueError:
            date = None
        if date is None:
            problems.append(("date", "not a valid date (YYYY-MM-DD)"))
        precision = row["date_precision"]
        if precision not in PRECISIONS:
            problems.append(("date_precision", f"not one of {', '.join(PRECISIONS)}"))
        elif date is not None and precision == "month" and date.day != 1:
            problems.append(("date", "month precision: write the 1st of the month"))
        elif date is not None and precision == "year" and (date.month, date.day) != (1, 1):
            problems.append(("date", "year precision: write YYYY-01-01"))
        for column in ("source", "target"):
            if row[column] not in self.codes:
                problems.append((column, "unknown actor: expected an ISO3 code or an organisation code "
                                         "(CSTO, EAEU, CIS, SCO, EU, NATO, UN, OSCE, OTS)"))
        if row["source"] == row["target"] and row["source"] in self.codes:
            problems.append(("target", "source and target are the same actor"))
        cameo = row["cameo"]
        codes, scale = crosswalk(), goldstein_table()
        if not _CAMEO.match(cameo) or cameo not in codes:
            problems.append(("cameo", "not a CAMEO code of the CAMEO→PLOVER crosswalk (2 to 4 digits, "
                                      "with the leading zero, e.g. 057)"))
        else:
            accepted = accepted_names(codes[cameo].plover_type)
            if row["plover_type"] not in accepted:
                problems.append(("plover_type", f"CAMEO {cameo} is {' / '.join(sorted(accepted))} "
                                                "in the CAMEO→PLOVER crosswalk"))
            if cameo not in scale:
                problems.append(("cameo", "no Goldstein value for this code in the CAMEO scale"))
            else:
                expected = scale[cameo]
                value = pd.to_numeric(row["goldstein"], errors="coerce")
                if pd.isna(value) or abs(float(value) - expected) > 1e-9:
                    problems.append(("goldstein", f"the CAMEO scale gives {expected} for {cameo}"))
        if row["domain"] not in DOMAINS:
            problems.append(("domain", f"not one of {', '.join(DOMAINS)}"))
        for column in ("summary", "reference", "checked"):
            if not row[column] or row[column].lower() in ("nan", "none", "na"):
                problems.append((column, "empty: every row needs it"))
        if _URL.search(row["reference"]):
            problems.append(("reference", "a web address; name the document, issuer or outlet and date instead"))
        return problems

    def delete(self, store: Store, part: Part, tables: list[str]) -> None:
        store.con.execute("DELETE FROM event WHERE dataset = 'curated' AND part = ?", [part.name])
