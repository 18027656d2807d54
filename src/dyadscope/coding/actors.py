"""Actor recognition: states and organisations named in a sentence, in five languages.

The gazetteer is the country registry's names (every state and organisation, in English,
Russian, Kazakh, Turkish and Polish, with the ISO names of country_aliases.csv) plus
``data/coding/actors.yaml``: demonyms and adjectives, capitals used as metonyms, leaders and
ministers, state bodies and companies. Each mention carries the role the sentence gives it:
its grammatical case where the language marks it (Russian through pymorphy3, Kazakh and
Turkish through the suffix after the stem), and whether it names a place ("in Moscow"), the
author of a request ("at Tokayev's request") or the agent of a passive ("by Russia").
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from dyadscope.coding.lexicon import Lexicon, Token, fold, morphology, remainder
from dyadscope.countries import Registry

NO_ACTOR = "-"
#: a collective actor that is neither a state nor an organisation ("the West"): events with it are not coded
COLLECTIVE = "*"
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_LANG_NOTE = re.compile(r"\((en|ru|kk|tr|pl)\)")
# Russian cases pymorphy3 reports for a place after в/во/на
_RU_PLACE = {"loct", "loc2"}
_GENITIVE = {"genitive", "gent", "gen2"}
# Polish locative endings of names ("w Moskwie", "na Białorusi", "w Chinach", "w Baku")
_PL_LOCATIVE = re.compile(r"(e|i|u|o|ach|ech)$")


class Mention:
    __slots__ = ("first", "last", "code", "text", "start", "end", "case", "place", "request", "agent", "what",
                 "agent_weak", "oblique", "origin")

    def __init__(self, first, last, code, text, start, end, what):
        self.first, self.last, self.code, self.text = first, last, code, text
        self.start, self.end, self.what = start, end, what
        self.case: str | None = None
        self.place = self.request = self.agent = False
        self.agent_weak = False  # "by X", "przez X": the agent only of a passive verb
        self.origin = False  # "aid from Kazakhstan", "из Казахстана": where something comes from
        self.oblique = False  # after a preposition ("to Nur-Sultan", "with Scholz"): seldom the subject

    def __repr__(self):
        return f"Mention({self.code} {self.text!r} case={self.case} place={self.place} request={self.request})"


def data_text(name: str) -> str:
    return resources.files("dyadscope").joinpath(f"data/coding/{name}").read_text(encoding="utf-8")


@cache
def gazetteer() -> list[dict]:
    """The entries of actors.yaml."""
    return yaml.safe_load(data_text("actors.yaml"))


def registry_names(registry: Registry) -> dict[str, list[tuple[str, str]]]:
    """(name, code) per language from the registry: its names in five languages and ISO aliases."""
    names: dict[str, list[tuple[str, str]]] = {lang: [] for lang in ("en", "ru", "kk", "tr", "pl")}
    frame = registry.frame
    kinds = dict(zip(frame["iso3"], frame["kind"]))
    for row in frame.itertuples(index=False):
        if row.kind not in ("state", "organisation"):
            continue
        for lang in names:
            name = getattr(row, f"name_{lang}")
            if isinstance(name, str) and name:
                names[lang].append((name, row.iso3))
        # Kazakh text names most states as Russian does ("Сирия"), not by the registry's official
        # Kazakh form ("Сирия Араб Республикасы")
        if isinstance(row.name_kk, str) and " " in row.name_kk and isinstance(row.name_ru, str) \
                and " " not in row.name_ru:
            names["kk"].append((row.name_ru, row.iso3))
    aliases = registry.aliases
    for row in aliases[aliases["scheme"] == "name"].itertuples(index=False):
        if kinds.get(row.iso3) not in ("state", "organisation"):
            continue
        tag = _LANG_NOTE.search(row.notes or "")
        langs = [tag.group(1)] if tag else (["ru", "kk"] if _CYRILLIC.search(row.value) else ["en"])
        for lang in langs:
            names[lang].append((row.value, row.iso3))
    return names


@cache
def actor_lexicon(lang: str) -> Lexicon:
    lexicon = Lexicon(lang, "actor")
    for name, code in registry_names(Registry.default())[lang]:
        # "Korea, Republic of" and "Congo (Kinshasa)" are catalogue names, not running text
        if "," not in name and "(" not in name:
            lexicon.add(name, (code, name))
    for entry in gazetteer():
        for form in entry.get(lang, []) or []:
            lexicon.add(str(form), (str(entry["code"]), entry.get("what", "")))
    return lexicon


class ActorFinder:
    """Finds the mentions of one language and reads their roles."""

    def __init__(self, lang: str, grammar: dict):
        self.lang = lang
        self.lexicon = actor_lexicon(lang)
        g = grammar
        self.cases = {name: re.compile(rx) for name, rx in (g.get("cases") or {}).items()}
        self.places = {fold(w) for w in g.get("location", [])}
        self.request_keys = _keys(lang, g.get("request", []))
        self.agent_before = [tuple(fold(w).split()) for w in g.get("agent_before", [])]
        self.agent_needs_passive = bool(g.get("agent_needs_passive"))
        self.agent_after = {fold(w) for w in g.get("agent_after", [])}
        self.oblique_before = {fold(w) for w in g.get("oblique_before", [])}
        self.oblique_ending = re.compile(g["oblique_ending"]) if g.get("oblique_ending") else None
        self.comitative = {fold(w) for w in g.get("conjunction_after", [])}
        self.visit_keys = _keys(lang, g.get("visit_nouns", []))
        self.reason_after = {fold(w) for w in g.get("reason_after", [])}
        self.route_before = {fold(w) for w in g.get("route_before", [])}
        self.official_keys = _keys(lang, g.get("officials", []))
        self.route_after = {fold(w) for w in g.get("route_after", [])}
        self.source_before = {fold(w) for w in g.get("source_before", [])}
        self.hearsay_before = [tuple(fold(w).split()) for w in g.get("hearsay_before", [])]
        self.hearsay_after = {fold(w) for w in g.get("hearsay_after", [])}
        self.request_words: set[int] = set()

    def find(self, tokens: list[Token], text: str, offset: int = 0) -> list[Mention]:
        mentions = []
        for hit in self.lexicon.find(tokens):
            code, what = hit.entry.payload
            first, last = tokens[hit.first], tokens[hit.last]
            m = Mention(hit.first, hit.last, code, text[first.start - offset:last.end - offset],
                        first.start, last.end, what)
            self._roles(m, tokens, hit.stem)
            mentions.append(m)
        if self.lang in ("kk", "tr"):
            self._postpositions(mentions, tokens)
            starts = sorted(m.first for m in mentions)
            for m in mentions:  # "... açıklamasına göre", "... мәліметінше": who reports
                stop = next((f for f in starts if f > m.last), len(tokens))
                if any(t.base in self.hearsay_after for t in tokens[m.last + 1:min(stop, m.last + 9)]):
                    m.place = True
        self.request_words = self.mark_requests(mentions, tokens)
        return mentions

    def _roles(self, m: Mention, tokens: list[Token], stem: str) -> None:
        last = tokens[m.last]
        before = tokens[m.first - 1].base if m.first > 0 else ""
        if self.lang in ("kk", "tr"):
            rest = remainder(last, stem)
            m.case = next((name for name, rx in self.cases.items() if rest and rx.match(rest)), None)
            if not rest:
                m.case = "nominative"
            m.place = m.case == "locative"
        elif self.lang == "ru":
            m.case = morphology("ru").analyse(last.base)[1]
            if m.last > m.first and m.case != "nomn" and morphology("ru").reading(tokens[m.first].base)[2]:
                m.case = "nomn"  # "МИД Казахстана", "Президент России": the head word's case
            m.place = before in self.places and m.case in _RU_PLACE
        else:
            m.place = before in self.places
            if self.lang == "pl" and m.place and not _PL_LOCATIVE.search(last.base):
                m.place = False  # "sankcje na Mińsk", "na Ukrainę": the accusative, a goal
            k = m.first - 1
            while k > 0 and tokens[k].cap:  # "with Olaf Scholz", "with President Putin"
                k -= 1
            m.oblique = (k >= 0 and tokens[k].base in self.oblique_before) \
                or bool(self.oblique_ending and self.oblique_ending.search(last.base))
            if self.lang == "en" and last.suffix in ("s", ""):
                m.case = "genitive" if last.suffix == "s" else None
        # a route is a place: "through Turkmenistan", "через Польшу", "Орта дәліз арқылы"
        if before in self.route_before or (m.last + 1 < len(tokens) and tokens[m.last + 1].base in self.route_after):
            m.place = True
        # who reports is no actor of the event: "according to Kazakhstan's defence ministry",
        # "по данным Минобороны России", "Ermenistan Savunma Bakanlığının açıklamasına göre"
        for words in self.hearsay_before:
            n = len(words)
            if any(tuple(t.base for t in tokens[k - n:k]) == words for k in range(max(n, m.first - 2), m.first + 1)):
                m.place = True
        m.origin = before in self.source_before or (self.lang in ("kk", "tr") and m.case == "ablative")
        # the agent of a passive: "by Russia", "со стороны России", "Rusya tarafından"
        for words in self.agent_before:
            n = len(words)
            if m.first >= n and tuple(t.base for t in tokens[m.first - n:m.first]) == words:
                m.agent = True
                m.agent_weak = self.agent_needs_passive
        if m.last + 1 < len(tokens) and tokens[m.last + 1].base in self.agent_after:
            m.agent = True  # "Rusya tarafından": the agent of a passive, not of "tanımadı" after it
            m.agent_weak = self.agent_needs_passive

    def _postpositions(self, mentions: list[Mention], tokens: list[Token]) -> None:
        """Kazakh and Turkish: "Putin ile görüşen Tokayev", "Путин мен кездескен": a name before a
        separate "ile"/"мен" is the partner (comitative), unless another actor follows ("Rusya ile
        Kazakistan", coordinated); a bare capital before "visit" is where the visit went ("Tokayev'in
        Ankara ziyareti"); a name before "için"/"үшін" is a reason ("KGAÖ barış gücü için")."""
        starts = {m.first for m in mentions}
        for m in mentions:
            nxt = m.last + 1
            if nxt >= len(tokens):
                continue
            # "KGAÖ barış gücü için": the reason for the action, not its target
            for k in range(nxt, min(nxt + 3, len(tokens))):
                if k in starts:
                    break
                if tokens[k].base in self.reason_after:
                    m.oblique = True
                    break
            # "Еуропалық Одақтың ... өкілі", "Rusya'nın Astana Büyükelçisi": an official's state,
            # at the head of the sentence, is its subject
            if m.case == "genitive" and m.first == 0 and any(
                    tokens[k].keys & self.official_keys for k in range(nxt, min(nxt + 4, len(tokens)))):
                m.case = "nominative"
            if m.case != "nominative":
                continue
            if tokens[nxt].base in self.comitative and nxt + 1 not in starts:
                m.case = "instrumental"
            elif tokens[nxt].keys & self.visit_keys:
                m.place = True

    def mark_requests(self, mentions: list[Mention], tokens: list[Token]) -> set[int]:
        """The author of a request is the actor nearest to a request word, within three words, a
        possessive first ("at Kazakhstan's request", "по просьбе Москвы"). Returns the request words."""
        used = set()
        for i, t in enumerate(tokens):
            if not (t.keys & self.request_keys):
                continue
            near = [(min(abs(m.first - i), abs(m.last - i)), m.case not in _GENITIVE, m.first < i, m)
                    for m in mentions if min(abs(m.first - i), abs(m.last - i)) <= 3]
            if near:
                m = min(near, key=lambda x: x[:3])[3]
                m.request = True
                used.add(i)
                if self.lang == "en" and m.first > 0 and tokens[m.first - 1].base == "at":
                    m.place = False
        return used


def _keys(lang: str, words) -> frozenset:
    morph = morphology(lang)
    out = set()
    for w in words:
        out |= morph.form_keys(w, "trigger")
    return frozenset(out)
