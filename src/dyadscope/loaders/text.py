"""Documents you bring (.txt, .md, .html in English, Russian, Kazakh, Turkish or Polish), coded
into events with the multilingual coder and written to the store with their provenance.

``dyadscope load text DIR`` codes every document in DIR (and its subfolders). Each document is a
part of its own, keyed by its SHA-256: loading the folder again changes nothing, and an edited
document replaces what its earlier version wrote. Every event row carries the document
(``doc_id``, and a ``document`` row with the path, language, date and SHA-256), the sentence
number and the character span of its trigger in the document's text.

An event is dated by the date its sentence names, else by the document's date: the first full
date written in the document (a dateline, a publication date), else its first month and year.
An event with neither is rejected (reported, not stored). An empty, binary or non-UTF-8
document is reported and skipped; the other documents are loaded.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dyadscope.coding.coder import Coder
from dyadscope.coding.dates import find_date
from dyadscope.coding.sentences import DOCUMENT_SUFFIXES
from dyadscope.errors import LoadError
from dyadscope.events.loader import EventFileLoader
from dyadscope.loaders.base import Part
from dyadscope.store import Store, file_sha256
from dyadscope.validation import ValidationReport

COLUMNS = ["event_id", "dataset", "part", "date", "date_precision", "source_iso3", "source_actor", "target_iso3",
           "target_actor", "plover_type", "cameo_code", "goldstein", "quad", "summary", "doc_id", "sentence",
           "span_start", "span_end", "confidence", "citation", "records"]

class TextLoader(EventFileLoader):
    source = "text"
    suffixes = DOCUMENT_SUFFIXES
    datasets = ("text",)

    def __init__(self, registry=None, actors=None):
        super().__init__(registry, actors)
        self._skipped: dict[str, list] = {}

    def find(self, path: Path) -> dict[str, Path]:
        path = Path(path)
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        if path.is_file():
            return super().find(path)
        found = {str(p.relative_to(path)): p for p in sorted(path.rglob("*")) if self._accepts(p)}
        if not found:
            raise LoadError(f"{path}: no document found; expected names ending in {', '.join(self.suffixes)}")
        return found

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        path = part.paths[0]
        coder = Coder()
        records = list(coder.code_document(path, doc_id=self.file_name(part)))
        self._skipped[part.name] = list(coder.skipped)
        return {"record": pd.DataFrame({"_row": [r["sentence"] for r in records], "record": records})}

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        name, path = self.file_name(part), part.paths[0]
        for where, reason in self._skipped.pop(part.name, []):
            report.add(name, _sentence_of(where), None, None, reason,
                       "warning" if len(raw["record"]) else "error")
        records = list(raw["record"]["record"])
        sha = file_sha256(path)
        doc_id = f"text:{sha[:16]}"
        published = document_date(records)
        rows = []
        for record in records:
            for k, event in enumerate(record["events"], start=1):
                date, precision = event["date"], event["date_precision"]
                if not date and published:
                    date, precision = published
                if not date:
                    report.add(name, record["sentence"], "date", None,
                               "no date in the sentence or in the document; event not stored")
                    continue
                rows.append({
                    "event_id": f"{doc_id}:{record['sentence']}:{k}", "dataset": "text", "part": name,
                    "date": pd.Timestamp(date).date(), "date_precision": precision or "day",
                    "source_iso3": event["source"], "source_actor": event["source_text"],
                    "target_iso3": event["target"], "target_actor": event["target_text"],
                    "plover_type": event["type"], "cameo_code": event["cameo"], "goldstein": event["goldstein"],
                    "quad": event["quad"], "summary": record["text"], "doc_id": doc_id,
                    "sentence": record["sentence"], "span_start": event["span"][0], "span_end": event["span"][1],
                    "confidence": event["confidence"], "citation": f"{name}, sentence {record['sentence']}",
                    "records": 1,
                })
        events = pd.DataFrame(rows, columns=COLUMNS)
        if self.actors:
            events = events[self.keep_actors(events["source_iso3"], events["target_iso3"])]
        langs = pd.Series([r["lang"] for r in records])
        if not records:
            return {"event": events, "document": pd.DataFrame(columns=["doc_id", "path_or_url", "lang", "published",
                                                                        "sha256"])}
        document = pd.DataFrame([{
            "doc_id": doc_id, "path_or_url": str(path), "lang": langs.mode().iloc[0] if len(langs) else None,
            "published": pd.Timestamp(published[0]).date() if published else None, "sha256": sha,
        }])
        return {"event": events.reset_index(drop=True), "document": document}

    def delete(self, store: Store, part: Part, tables: list[str]) -> None:
        super().delete(store, part, tables)
        store.con.execute("DELETE FROM document WHERE path_or_url = ?", [str(part.paths[0])])


def document_date(records: list[dict]) -> tuple[str, str] | None:
    """The first full date written in a document, else its first month and year."""
    month = None
    for record in records:
        found = find_date(record["text"], record["lang"])
        if found and found[1] == "day":
            return found
        month = month or found
    return month


def _sentence_of(where: str) -> int | None:
    tail = where.rsplit("sentence ", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else None
