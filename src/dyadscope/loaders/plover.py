"""PLOVER event records in JSON: the gold-standard records (a JSON array) or JSON lines.

Each record has ``id``, ``date``, ``event`` (the PLOVER category; 2021 names accepted), ``source``
and ``target`` (lists of ``{actorText, code, sector}``; codes are CAMEO-style country codes such as
HUN, ROU, JAP, or IGO), ``text``, ``mode``/``context`` when coded. A compound actor (two sources,
or two targets) gives one event per source-target pair, with ids ``ID#1``, ``ID#2``...; a record
with no target gives one event with no target. ``DOCUMENT`` records (file documentation) are
skipped. Codes the registry does not know are kept as actor text with no ISO3 (warning); an
unknown category, a missing date or id is a rejected record.
"""

from __future__ import annotations

import json

import pandas as pd

from dyadscope.errors import LoadError
from dyadscope.events.crosswalk import ALIASES, QUAD_OF
from dyadscope.events.loader import EventFileLoader
from dyadscope.loaders.base import Part, read_text
from dyadscope.validation import ValidationReport


def read_records(path) -> list[tuple[int, dict]]:
    """(record number, record) from a JSON array or a JSON-lines file; LoadError when unreadable."""
    text = read_text(path)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise LoadError(f"{path}: not valid JSON ({e.msg} at line {e.lineno})") from e
        return [(i, r) for i, r in enumerate(data, start=1)]
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as e:
                raise LoadError(f"{path}: row {number}: not valid JSON ({e.msg})") from e
    return records


def _actors(value) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [a for a in value if isinstance(a, dict)]
    return []


class PloverLoader(EventFileLoader):
    source = "plover"
    suffixes = (".json", ".jsonl")
    datasets = ("plover",)

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        records = read_records(part.paths[0])
        frame = pd.DataFrame({"_row": [n for n, _ in records], "record": [r for _, r in records]})
        return {"record": frame}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        name = self.file_name(part)
        rows = []
        for number, record in zip(raw["record"]["_row"], raw["record"]["record"]):
            if not isinstance(record, dict):
                report.add(name, number, None, str(record)[:80], "not a JSON object")
                continue
            kind = str(record.get("event", "")).strip().upper()
            if kind == "DOCUMENT":
                continue
            kind = ALIASES.get(kind, kind)
            if kind not in QUAD_OF:
                report.add(name, number, "event", record.get("event"),
                           f"not a PLOVER event type; expected one of {', '.join(QUAD_OF)}")
                continue
            if not record.get("id"):
                report.add(name, number, "id", "", "empty record id")
                continue
            date = pd.to_datetime(str(record.get("date", "")), format="%Y-%m-%d", errors="coerce")
            if pd.isna(date):
                report.add(name, number, "date", record.get("date"), "not a valid date (YYYY-MM-DD)")
                continue
            sources, targets = _actors(record.get("source")), _actors(record.get("target")) or [{}]
            pairs = [(s, t) for s in sources or [{}] for t in targets]
            for k, (src, tgt) in enumerate(pairs, start=1):
                rows.append({
                    "_row": number, "event_id": record["id"] if len(pairs) == 1 else f"{record['id']}#{k}",
                    "date": date.date(), "source_code": src.get("code"), "source_actor": src.get("actorText"),
                    "target_code": tgt.get("code"), "target_actor": tgt.get("actorText"), "plover_type": kind,
                    "plover_mode": record.get("mode") or None, "plover_context": record.get("context") or None,
                    "summary": record.get("text"), "citation": record.get("publication"),
                })
        frame = pd.DataFrame(rows, columns=["_row", "event_id", "date", "source_code", "source_actor", "target_code",
                                            "target_actor", "plover_type", "plover_mode", "plover_context",
                                            "summary", "citation"])
        for column, prefix in (("source_code", "source_"), ("target_code", "target_")):
            codes = frame[column].fillna("").astype(str).str.strip()
            frame[prefix + "iso3"] = self.registry.map_values(codes, "cameo")["iso3"].to_numpy()
            unknown = codes[(codes != "") & frame[prefix + "iso3"].isna()]
            for value, count in unknown.value_counts().sort_index().items():
                report.add(name, None, column, value, f"not a country code in the registry ({count} event(s)); "
                           "kept as actor text with no ISO3", "warning")
        frame = frame[self.keep_actors(frame["source_iso3"], frame["target_iso3"])].copy()
        frame["dataset"] = "plover"
        frame["part"] = name
        frame["date_precision"] = "day"
        frame["quad"] = frame["plover_type"].map(QUAD_OF)
        frame["records"] = 1
        return {"event": self.finish(frame)}
