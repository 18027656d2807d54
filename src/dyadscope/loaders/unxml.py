"""UN General Assembly resolutions from the UN's machine-readable extract (JSON lines), 2019-2026.

Each line is one adopted resolution. Only resolutions adopted by a recorded vote become roll
calls; the member states in MS_in_favour / MS_against / MS_abstaining become Y / N / A votes, and
a state in none of the lists was absent or did not vote: it gets no row (never an abstention).
Names are the UN's own ("RUSSIAN FEDERATION", "TÜRKİYE"); each maps to ISO3 through the registry.
A name listed twice for the same vote is kept once (warning); a name in two lists is rejected.
The extract sometimes repeats a resolution's record (in 79.json and 80.json, with the same
votes but for name spellings): the last record of a symbol is kept and the earlier reported.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from dyadscope.loaders.base import Loader, Part, read_json_lines
from dyadscope.loaders.unvotes import delete_roll_calls, reconcile_roll_calls
from dyadscope.validation import ValidationReport

LISTS = {"MS_in_favour": "Y", "MS_against": "N", "MS_abstaining": "A"}
COUNTS = {"MS_in_favour": "MS_in_favour_count", "MS_against": "MS_against_count", "MS_abstaining": "MS_abstaining_count"}
_DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def parse_date(text) -> dt.date | None:
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def regular_session(date: dt.date) -> int:
    """The regular session in progress on ``date``: session N opens in September of 1945 + N."""
    return date.year - 1945 if date.month >= 9 else date.year - 1946


def is_recorded(record: dict) -> bool:
    kind = f"{record.get('adoption_type', '')} {record.get('voting_type', '')}".lower()
    return "recorded" in kind or any(record.get(k) for k in LISTS)


def cast_votes(rec: dict, symbol: str, file: str, row: int, report: ValidationReport) -> dict[str, tuple[str, str]]:
    """Member-state name -> (vote, list it came from); "?" for a name found in two lists."""
    cast: dict[str, tuple[str, str]] = {}
    for key, value in LISTS.items():
        twice = []
        for name in rec.get(key) or []:
            name = str(name).strip()
            if name in cast and cast[name][0] == value:
                twice.append(name)
            elif name in cast:
                report.add(file, row, key, name, f"listed in both {cast[name][1]} and {key} of {symbol}; vote rejected")
                cast[name] = ("?", key)
            else:
                cast[name] = (value, key)
        if twice:
            shown = ", ".join(twice[:3]) + (", ..." if len(twice) > 3 else "")
            report.add(file, row, key, shown, f"{len(twice)} name(s) listed twice in {key} of {symbol}; each kept once",
                       "warning")
        distinct = sum(1 for v, k in cast.values() if k == key)
        stated = str(rec.get(COUNTS[key], "")).strip()
        if stated.isdigit() and int(stated) != distinct:
            report.add(file, row, COUNTS[key], stated, f"{symbol}: {key} names {distinct} distinct states", "warning")
    return cast


def stated_count(rec: dict, key: str, cast: dict) -> int:
    """The count the UN states for a list; the names in the list where it states none."""
    stated = str(rec.get(COUNTS[key], "")).strip()
    if stated.isdigit():
        return int(stated)
    return sum(1 for v, k in cast.values() if k == key and v != "?")


class UnxmlLoader(Loader):
    source = "unxml"
    formats = (".json", ".jsonl")

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        path = part.paths[0]
        records = read_json_lines(path)
        return {"records": pd.DataFrame({"_row": [n for n, _ in records], "record": [r for _, r in records]})}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        file = str(part.paths[0])
        label = part.name
        roll_calls, votes = [], []
        latest: dict[str, int] = {}  # symbol -> row of its last record
        for row, rec in zip(raw["records"]["_row"], raw["records"]["record"]):
            if is_recorded(rec) and str(rec.get("symbol") or "").strip():
                symbol = str(rec["symbol"]).strip()
                if symbol in latest:
                    report.add(file, latest[symbol], "symbol", symbol,
                               f"the same resolution is recorded again at row {row}; the later record is kept",
                               "warning")
                latest[symbol] = row
        for row, rec in zip(raw["records"]["_row"], raw["records"]["record"]):
            if not is_recorded(rec):
                continue
            symbol = str(rec.get("symbol") or "").strip()
            if not symbol:
                report.add(file, row, "symbol", rec.get("symbol"), "missing resolution symbol")
                continue
            if latest[symbol] != row:
                continue
            date = parse_date(rec.get("adoption_date"))
            if date is None:
                report.add(file, row, "adoption_date", rec.get("adoption_date"), "not a valid date")
                continue
            bad_list = [k for k in LISTS if rec.get(k) is not None and not isinstance(rec.get(k), list)]
            if bad_list:
                report.add(file, row, bad_list[0], rec.get(bad_list[0]), "expected a list of member-state names")
                continue
            rc_id = f"unxml:{symbol}"
            cast = cast_votes(rec, symbol, file, row, report)
            for name, (value, key) in cast.items():
                if value != "?":
                    votes.append((rc_id, name, value, row, key, date))
            subjects = [s[0] if isinstance(s, list) and s else str(s) for s in (rec.get("subjects") or [])]
            session = int(label) if label.isdigit() else regular_session(date)
            roll_calls.append(
                {
                    "rc_id": rc_id,
                    "source": self.source,
                    "part": part.name,
                    "symbol": symbol,
                    "source_symbol": symbol,
                    "session": session,
                    "session_label": label,
                    "date": date,
                    "title": rec.get("title"),
                    "descr": rec.get("agenda_item_name"),
                    "amend": False,
                    "para": False,
                    "important": None,
                    "issue_codes": [],
                    "subjects": subjects,
                    "yes": stated_count(rec, "MS_in_favour", cast),
                    "no": stated_count(rec, "MS_against", cast),
                    "abstain": stated_count(rec, "MS_abstaining", cast),
                }
            )
        vote = pd.DataFrame(votes, columns=["rc_id", "name", "vote", "_row", "list", "date"])
        mapped = self.registry.map_values(vote["name"], "un_name", pd.to_datetime(vote["date"]))
        vote["iso3"] = mapped["iso3"].to_numpy()
        vote["as_state"] = mapped["as_state"].to_numpy()
        unknown = vote[vote["iso3"].isna()]
        for row, key, name in zip(unknown["_row"], unknown["list"], unknown["name"]):
            report.add(file, row, key, name, "unknown member-state name (un_name)")
        vote = vote[vote["iso3"].notna()]
        frame = pd.DataFrame(roll_calls)
        if frame.empty:
            frame = pd.DataFrame(columns=["rc_id", "source", "part", "symbol", "date"])
        return {"roll_call": frame, "vote": vote[["rc_id", "iso3", "vote", "as_state"]]}

    def delete(self, store, part, tables) -> None:
        delete_roll_calls(store, self.source, part.name)

    def after_write(self, store) -> None:
        reconcile_roll_calls(store)
