"""The event coder: text in English, Russian, Kazakh, Turkish or Polish → PLOVER events.

``code_text`` codes one text; ``code_file`` codes a JSON-lines file (one ``{"id", "text",
"lang"?, "date"?}`` object a line) or a .txt/.md/.html document, yielding one record per input
line or per sentence in the form of the event coding contract (../shared/DESIGN.md)::

    {"id": ..., "lang": "ru", "events": [{"source": "KAZ", "target": "RUS", "type": "REJECT",
     "quad": "verbal_conflict", "cameo": "120", "goldstein": -4.0, "date": "2022-06-17",
     "trigger": "...", "span": [s, e], ...}]}

Input that cannot be coded (an empty or binary file, a line that is not JSON or not UTF-8, a
line or sentence too long, a language other than the five) is skipped and reported in
``Coder.skipped`` as ``(where, reason)``; it never stops the run.

Example::

    >>> from dyadscope.coding import code_text
    >>> [(e["source"], e["target"], e["type"]) for e in code_text(
    ...     "Kazakhstan did not support Russia's intervention in Ukraine.", lang="en")["events"]]
    [('KAZ', 'RUS', 'REJECT')]
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from dyadscope.coding.actors import ActorFinder
from dyadscope.coding.dates import find_date
from dyadscope.coding.events import EventFinder, goldstein_of, lexicon_data, quad_of
from dyadscope.coding.language import SUPPORTED, detect, normalise_lang
from dyadscope.coding.lexicon import tokenize
from dyadscope.coding.sentences import (DOCUMENT_SUFFIXES, MAX_LINE, MAX_SENTENCE, BadInputError, decode,
                                        read_document, split_sentences)
from dyadscope.errors import DyadscopeError


SHORT_PARAGRAPH = 80  # characters
#: actions of crowds, not of states or organisations: coded only with any_actor
_CROWDS = {"PROTEST"}


class CodingInputError(DyadscopeError):
    """An input the coder cannot read at all (no such file, unknown format, unsupported language)."""


@dataclass
class Coder:
    """Codes texts; ``lang`` and ``date`` are defaults for texts that do not give their own.

    ``any_actor``: also keep events whose source or target is not a recognised state or
    organisation (null in the output), as when scoring event types on the PLOVER records,
    most of whose actors are police, rebels or protesters. ``one_event``: keep only the first
    event of a sentence (its main clause), as those records code one event per sentence.
    Left as None, both are off, except for a file of PLOVER records, which is coded the way
    those records are (and ``notes`` says so), with CAMEO's reading of the future tense.
    """

    lang: str | None = None
    date: str | None = None
    any_actor: bool | None = None
    one_event: bool | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sentences: int = 0
    #: CAMEO's convention, which the PLOVER records follow: an act announced for the future
    #: ("will visit", "will support") is intent, AGREE (03x), not the act
    future_is_intent: bool = False

    def __post_init__(self):
        self.lang = normalise_lang(self.lang)
        if self.lang and self.lang not in SUPPORTED:
            raise CodingInputError(f"unsupported language {self.lang!r}; supported: {', '.join(SUPPORTED)}")
        self.date = _iso_date(self.date, "--date") if self.date else None
        self._finders: dict[str, tuple[ActorFinder, EventFinder]] = {}

    def _finder(self, lang: str):
        if lang not in self._finders:
            self._finders[lang] = (ActorFinder(lang, lexicon_data()["languages"][lang]), EventFinder(lang))
        return self._finders[lang]

    # -- one sentence ----------------------------------------------------------------------------
    def code_sentence(self, text: str, lang: str, date: str | None = None, offset: int = 0) -> list[dict]:
        """The events of one sentence; spans are offsets into the text ``offset`` refers to."""
        actors, finder = self._finder(lang)
        tokens = tokenize(text, lang, offset)
        mentions = actors.find(tokens, text, offset)
        if len({m.code for m in mentions}) < 2 and not self.any_actor:
            return []
        taken = {i for m in mentions for i in range(m.first, m.last + 1)}  # actors' names are no triggers
        # "at Tokayev's request, the CSTO deployed ...": the request is background
        triggers = finder.triggers(tokens, taken, mentions, text, offset, actors.request_words)
        if not triggers:
            return []
        found = find_date(text, lang)
        when, precision = found if found else (date, "day" if date else None)
        events, seen, placed = [], set(), []
        # the main verb ends a Kazakh or Turkish clause: of two actions between the same states
        # the later one governs the earlier ("басып кіруін қолдамады"), elsewhere the earlier
        order = triggers[::-1] if lang in ("kk", "tr") else triggers
        for t in order:
            resolved = finder.resolve_type(t, self.future_is_intent)
            if resolved is None:
                continue
            kind, cameo = resolved
            if kind in _CROWDS and not self.any_actor:
                continue  # demonstrators are no state: "wywołało protesty", "anti-Chinese protests"
            pairs = finder.assign_all(t, mentions, tokens)
            if not pairs:
                if not self.any_actor:
                    continue
                pairs = [(None, None)]
            source, target = pairs[0]
            dyad = frozenset((source and source.code, target and target.code))
            if finder.folded(t, dyad, placed, tokens):
                continue
            placed.append((dyad, t.first, t.last, kind, t.type))
            for source, target in pairs:
                key = (source and source.code, target and target.code, kind)
                if t.symmetric:  # a meeting of A and B is one event, whichever is named first
                    key = (frozenset(key[:2]), kind)
                if key in seen:
                    continue
                seen.add(key)
                events.append(self._event(t, kind, cameo, source, target, tokens, text, offset, when, precision))
        events.sort(key=lambda e: e["span"][0])
        return events[:1] if self.one_event else events

    @staticmethod
    def _event(t, kind, cameo, source, target, tokens, text, offset, when, precision) -> dict:
        first, last = tokens[t.first], tokens[t.last]
        return {
            "source": source.code if source else None,
            "target": target.code if target else None,
            "type": kind,
            "quad": quad_of(kind),
            "cameo": cameo,
            "goldstein": goldstein_of(cameo),
            "date": when,
            "date_precision": precision,
            "trigger": text[first.start - offset:last.end - offset],
            "span": [first.start, last.end],
            "source_text": source.text if source else None,
            "target_text": target.text if target else None,
            "negated": t.negated or t.refused,
            "modality": "possible" if t.possible else ("intent" if t.intent or t.future else "asserted"),
            "confidence": 0.5 if t.possible else 0.8,
        }

    # -- one text ---------------------------------------------------------------------------------
    def code_text(self, text: str, lang: str | None = None, date: str | None = None, where: str = "text") -> dict:
        """``{"lang", "events"}`` for ``text``; spans are offsets into ``text``.

        Raises CodingInputError for a language other than the five.
        """
        lang = self._language(text, lang, where)
        events = []
        for start, end in split_sentences(text):
            sentence = text[start:end]
            self.sentences += 1
            if end - start > MAX_SENTENCE:
                self.skipped.append((where, f"sentence at {start}-{end} is {end - start} characters long "
                                            f"(more than {MAX_SENTENCE}); skipped"))
                continue
            events += self.code_sentence(sentence, lang, date or self.date, offset=start)
        return {"lang": lang, "events": events}

    def _language(self, text: str, lang: str | None, where: str) -> str:
        lang = normalise_lang(lang) or self.lang or detect(text)
        if lang is None:
            raise CodingInputError(f"{where}: cannot tell the language (too little text); give lang")
        if lang not in SUPPORTED:
            raise CodingInputError(f"{where}: unsupported language {lang!r}; supported: {', '.join(SUPPORTED)}")
        return lang

    # -- files -------------------------------------------------------------------------------------
    def code_file(self, path: str | Path) -> Iterator[dict]:
        """One record per line of a JSON-lines file, or per sentence of a document (or of every
        document in a folder)."""
        path = Path(path)
        if path.is_dir():  # a folder of documents
            documents = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
            if not documents:
                raise CodingInputError(f"{path}: no document found; expected names ending in "
                                       + ", ".join(DOCUMENT_SUFFIXES))
            for document in documents:
                yield from self.code_document(document, doc_id=str(document.relative_to(path)))
            return
        if not path.is_file():
            raise CodingInputError(f"{path}: no such file")
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".json", ".ndjson"):
            yield from self.code_json(path)
        elif suffix in DOCUMENT_SUFFIXES:
            yield from self.code_document(path)
        else:
            raise CodingInputError(f"{path}: unknown input format; expected .jsonl (id, text, lang, date) "
                                   f"or a document ({', '.join(DOCUMENT_SUFFIXES)})")

    def code_json(self, path: Path) -> Iterator[dict]:
        """JSON lines, or one JSON array of records (as the PLOVER gold-standard file)."""
        try:
            text, problems = decode(path.read_bytes(), str(path))
        except BadInputError as e:
            self.skipped.append((str(path), str(e)))
            return
        self.skipped += [(str(path), p) for p in problems]
        if text.lstrip().startswith("["):
            items = self._array(text, path)
        else:
            items = ((f"{path}: line {n}", self._parse_line(line, f"{path}: line {n}"))
                     for n, line in enumerate(text.split("\n"), start=1) if line.strip())
        for where, record in items:
            record = self._record(record, where) if record is not None else None
            if record is None:
                continue
            try:
                coded = self.code_text(record["text"], record.get("lang") or record.get("language"),
                                       record.get("date"), where)
            except CodingInputError as e:
                self.skipped.append((where, str(e).removeprefix(where + ": ")))
                continue
            yield {"id": record["id"], **coded}

    def _array(self, text: str, path: Path) -> list[tuple[str, object]]:
        try:
            records = json.loads(text)
        except json.JSONDecodeError as e:
            self.skipped.append((str(path), f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})"))
            return []
        if not isinstance(records, list):
            self.skipped.append((str(path), f"expected a JSON array of records, got {type(records).__name__}"))
            return []
        plover = [r for r in records if isinstance(r, dict) and "event" in r and "text" in r]
        if plover and len(plover) + 1 >= len(records) // 2:
            self._plover_mode(path)
        items = []
        for number, record in enumerate(records, start=1):
            if isinstance(record, dict) and record.get("event") == "DOCUMENT":
                continue  # the PLOVER files' own documentation
            items.append((f"{path}: record {number}", record))
        return items

    def _plover_mode(self, path: Path) -> None:
        # PLOVER records code one event per sentence between any actors (police, rebels, ...)
        changed = []
        if self.any_actor is None:
            self.any_actor = True
            changed.append("any actor")
        if self.one_event is None:
            self.one_event = True
            changed.append("one event per sentence")
        if changed:
            self.future_is_intent = True
            changed.append("an act announced for the future as intent, as CAMEO codes it")
            self.notes.append(f"{path}: PLOVER records, coded as they are coded ({', '.join(changed)}); "
                              "--states-only and --all-events code them like any other text")

    def _parse_line(self, line: str, where: str) -> dict | None:
        if len(line) > MAX_LINE:
            self.skipped.append((where, f"line is {len(line)} characters long (more than {MAX_LINE})"))
            return None
        try:
            return json.loads(line)
        except json.JSONDecodeError as e:
            self.skipped.append((where, f"not valid JSON ({e.msg} at column {e.colno})"))
            return None

    def _record(self, record: object, where: str) -> dict | None:
        if not isinstance(record, dict):
            self.skipped.append((where, f"expected a JSON object, got {type(record).__name__}"))
            return None
        if "id" not in record or record["id"] in (None, ""):
            self.skipped.append((where, "no 'id'"))
            return None
        if not isinstance(record.get("text"), str) or not record["text"].strip():
            self.skipped.append((where, "no 'text' (or not a string)"))
            return None
        if record.get("date"):
            try:
                record["date"] = _iso_date(record["date"], "date")
            except CodingInputError as e:
                self.skipped.append((where, f"{e}; the sentence dates are used alone"))
                record["date"] = None
        return record

    def code_document(self, path: Path, doc_id: str | None = None) -> Iterator[dict]:
        """One record per sentence, with the document, sentence number and character span."""
        try:
            text, problems = read_document(path)
        except BadInputError as e:
            self.skipped.append((str(path), str(e)))
            return
        self.skipped += [(str(path), p) for p in problems]
        doc_id = doc_id or path.name
        langs: dict[int, str] = {}
        doc_lang = self.lang or detect(text)
        for number, (start, end) in enumerate(split_sentences(text), start=1):
            sentence = text[start:end]
            self.sentences += 1
            where = f"{path}: sentence {number}"
            if end - start > MAX_SENTENCE:
                self.skipped.append((where, f"{end - start} characters with no sentence break "
                                            f"(more than {MAX_SENTENCE}); skipped"))
                continue
            # a document may change language between paragraphs (abstracts in three languages)
            paragraph = text.rfind("\n", 0, start) + 1
            if paragraph not in langs:
                line_end = text.find("\n", start)
                para = text[paragraph:line_end if line_end > 0 else len(text)]
                # a heading or a byline is too short to judge: it takes the document's language
                hint = doc_lang if len(para) < SHORT_PARAGRAPH and doc_lang in SUPPORTED else None
                try:
                    langs[paragraph] = self._language(para, hint, where)
                except CodingInputError as e:
                    langs[paragraph] = ""
                    self.skipped.append((where, str(e).removeprefix(where + ": ")))
            lang = langs[paragraph]
            if not lang:
                continue
            events = self.code_sentence(sentence, lang, self.date, offset=start)
            yield {"id": f"{doc_id}#{number}", "doc": str(path), "sentence": number, "sentence_span": [start, end],
                   "lang": lang, "text": sentence, "events": events}


def _iso_date(value, name: str) -> str:
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError as e:
        raise CodingInputError(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)") from e


def code_text(text: str, lang: str | None = None, date: str | None = None) -> dict:
    """Code one text: ``{"lang", "events"}``. Raises CodingInputError for an unsupported language."""
    return Coder().code_text(text, lang, date)


def code_file(path: str | Path, lang: str | None = None, date: str | None = None) -> tuple[list[dict], list]:
    """Code a JSON-lines file or a document: (records, skipped inputs as (where, reason))."""
    coder = Coder(lang=lang, date=date)
    records = list(coder.code_file(path))
    return records, coder.skipped
