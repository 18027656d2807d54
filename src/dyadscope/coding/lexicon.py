"""Words of a sentence as lookup keys, per language, and a matcher of multi-word entries.

The coder reads five languages with one mechanism: every word of the text is turned into a few
*keys*, every form in the data files (actors, triggers) into a sequence of keys, and an entry
matches where each of its parts shares a key with consecutive words. What a key is depends on
the language:

- ``en``: the word and its base forms with a plural, -s, -ed or -ing ending taken off;
- ``ru``: the word and its lemma from pymorphy3 (cached: a word is analysed once per process);
- ``pl``, ``kk``, ``tr``: every prefix of the word that leaves a suffix of bounded length, so
  that the stem "Қазақстан" finds "Қазақстанның" and "destekle" finds "desteklemedi". The suffix
  left over is kept: the rules read case, negation and tense from it.

``"=word"`` keys match a word exactly (no suffix), for forms that must not be read as stems.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = ("en", "ru", "kk", "tr", "pl")
#: longest suffix read off after a stem, and the shortest stem
_SUFFIX = {"pl": 6, "kk": 12, "tr": 12}
_MIN_STEM = {"pl": 3, "kk": 2, "tr": 2}
GAP = "..."
LONG_GAP = "...."  # for a name of several words between the parts ("елшісі ... министрлігіне шақырылды")
MAX_GAP = {GAP: 3, LONG_GAP: 6}

# "U.S." and "U.N." as one word; a word may carry an apostrophe suffix (Kazakhstan's, Rusya'nın)
WORD = re.compile(r"(?:[A-ZА-Я]\.){2,}|[^\W_]+(?:['’][^\W_]+)?|[;:]")


def fold(text: str) -> str:
    """Lower case in which Turkish İ is i (Python would write i with a combining dot)."""
    return text.replace("İ", "i").replace("I", "i").lower()


class Token:
    __slots__ = ("text", "start", "end", "base", "suffix", "cap", "upper", "keys")

    def __init__(self, text: str, start: int, end: int, lang: str):
        self.text, self.start, self.end = text, start, end
        head, sep, tail = text.replace("’", "'").partition("'")
        if sep and lang in ("en", "tr"):
            self.base, self.suffix = fold(head), fold(tail)
        else:
            self.base, self.suffix = fold(text.replace("’", "'")), ""
        self.cap = text[:1].isupper()
        letters = head.replace(".", "") if sep else text.replace(".", "")
        self.upper = len(letters) > 1 and letters.isupper()
        self.keys: frozenset = frozenset()


def tokenize(text: str, lang: str, offset: int = 0) -> list[Token]:
    tokens = [Token(m.group(), m.start() + offset, m.end() + offset, lang) for m in WORD.finditer(text)]
    morph = morphology(lang)
    if lang == "ru":
        for token in tokens:
            token.keys = morph.name_keys(token.base) if token.cap else morph.keys(token.base)
    else:
        for token in tokens:
            token.keys = morph.keys(token.base)
    return tokens


# -- morphology per language ------------------------------------------------------------------


class _English:
    lang = "en"

    @lru_cache(maxsize=200_000)
    def keys(self, word: str) -> frozenset:
        out = {word, "=" + word}
        n = len(word)
        if n > 3 and word.endswith("ies"):
            out.add(word[:-3] + "y")
        if n > 3 and word.endswith("ied"):
            out.add(word[:-3] + "y")
        for ending in ("s", "es", "ed", "d", "ing"):
            if n - len(ending) >= 3 and word.endswith(ending):
                stem = word[: -len(ending)]
                out.add(stem)
                if ending in ("ed", "ing"):
                    out.add(stem + "e")
                    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiousl":
                        out.add(stem[:-1])  # stopped -> stop
        return frozenset(out)

    def form_keys(self, word: str, kind: str, multi: bool = False) -> frozenset:
        return frozenset({fold(word)})


class _Russian:
    lang = "ru"

    def __init__(self):
        self._morph = None

    @property
    def morph(self):
        if self._morph is None:
            import pymorphy3

            self._morph = pymorphy3.MorphAnalyzer()
        return self._morph

    @lru_cache(maxsize=200_000)
    def analyse(self, word: str) -> tuple[str, str | None, bool, bool, bool]:
        """(lemma, case, future tense, passive participle, adverbial participle) of the most likely
        reading."""
        if not any("а" <= ch <= "я" or ch == "ё" for ch in word):
            return word, None, False, False, False
        parse = self.morph.parse(word)[0]
        tag = parse.tag
        return (parse.normal_form.replace("ё", "е"), tag.case, tag.tense == "futr",
                tag.POS in ("PRTS", "PRTF") and tag.voice == "pssv", tag.POS == "GRND")

    @lru_cache(maxsize=100_000)
    def reading(self, word: str) -> tuple[str | None, str | None, bool]:
        """(part of speech and voice of the most likely reading, and whether any reading is a
        nominative) of a word."""
        parses = self.morph.parse(word)
        tag = parses[0].tag
        return tag.POS, tag.voice, any(p.tag.case == "nomn" for p in parses)

    @lru_cache(maxsize=100_000)
    def name_keys(self, word: str) -> frozenset:
        """A capitalised word may be a name pymorphy3 does not know ("Токаева"): its stems too."""
        return self.keys(word) | {word[:k] for k in range(len(word) - 1, len(word) - 4, -1) if k >= 5}

    @lru_cache(maxsize=200_000)
    def keys(self, word: str) -> frozenset:
        word_e = word.replace("ё", "е")
        return frozenset({self.analyse(word)[0], word_e, "=" + word_e})

    def form_keys(self, word: str, kind: str, multi: bool = False) -> frozenset:
        name = word[:1].isupper()
        word = fold(word).replace("ё", "е")
        out = {self.analyse(word)[0], word}
        if kind == "actor" and name and len(word) >= 6 and word[-1] in "аяоеыиуюь":
            out.add(word[:-1])  # a name pymorphy3 declines oddly: "Астану" has the stem "астан" (name_keys)
        return frozenset(out)


class _Suffixing:
    """Polish, Kazakh, Turkish: a word is every stem it starts with."""

    def __init__(self, lang: str):
        self.lang = lang
        self.max_suffix = _SUFFIX[lang]
        self.min_stem = _MIN_STEM[lang]

    @lru_cache(maxsize=200_000)
    def keys(self, word: str) -> frozenset:
        n = len(word)
        low = max(self.min_stem, n - self.max_suffix)
        out = {word[:k] for k in range(n, low - 1, -1)} if n >= self.min_stem else {word}
        out.add("=" + word)
        return frozenset(out)

    def form_keys(self, word: str, kind: str, multi: bool = False) -> frozenset:
        word = fold(word)
        out = {word}
        if kind == "actor" and self.lang == "pl" and len(word) >= 4 and word[-1] in "aeiouyąę":
            out = {word[:-1]}  # Rosja -> Rosj(i|ę|ą), Chiny -> Chin(om|ach)
            if word.endswith(("ia", "ja")):
                out.add(word[:-1])
            if word.endswith(("ski", "cki")):  # the men's plural: rosyjscy, białoruscy, tureccy
                out.add("=" + word[:-3] + ("scy" if word.endswith("ski") else "ccy"))
        if kind == "actor" and multi and self.lang in ("kk", "tr") and len(word) >= 4 and word[-1] in "kқкpпtçg":
            out.add(word[:-1])  # consonant mutation: Birlik -> Birliği, одақ -> одағы
        return frozenset(out)


_MORPH: dict[str, object] = {}


def clear_caches() -> None:
    """Forget every word analysed so far (benchmarks measure the cold rate with it)."""
    for cls in (_English, _Russian, _Suffixing):
        for name in ("keys", "analyse", "name_keys"):
            method = getattr(cls, name, None)
            if method is not None:
                method.cache_clear()


def morphology(lang: str):
    if lang not in _MORPH:
        _MORPH[lang] = {"en": _English, "ru": _Russian}.get(lang, lambda: _Suffixing(lang))()
    return _MORPH[lang]


# -- entries and matching ------------------------------------------------------------------------


class Entry:
    """One form of the data: its parts (sets of keys, or GAP), the case rule and what it means."""

    __slots__ = ("parts", "caps", "payload", "form")

    def __init__(self, parts: tuple, caps: tuple, payload, form: str):
        self.parts, self.caps, self.payload, self.form = parts, caps, payload, form


class Hit:
    __slots__ = ("first", "last", "entry", "stem")

    def __init__(self, first: int, last: int, entry: Entry, stem: str):
        self.first, self.last, self.entry, self.stem = first, last, entry, stem

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def form_tokens(form: str) -> list[str]:
    return [m.group() for m in WORD.finditer(form)] if form not in MAX_GAP else [form]


class Lexicon:
    """Entries indexed by the keys of their first part."""

    def __init__(self, lang: str, kind: str, skip=()):
        self.lang, self.kind = lang, kind
        self.morph = morphology(lang)
        self.index: dict[str, list[Entry]] = {}
        self.skip = frozenset(fold(w) for w in skip)

    def add(self, form: str, payload) -> None:
        """Add ``form`` ("hold|held talks", "Kassym-Jomart Tokayev") meaning ``payload``."""
        parts, caps = [], []
        multi = len(form_tokens(form)) > 1
        for chunk in form.split():
            if chunk in MAX_GAP:
                parts.append(chunk)
                caps.append(0)
                continue
            words = [w for alt in chunk.split("|") for w in ([alt] if alt.startswith("=") else form_tokens(alt))]
            # a chunk like "Nur-Sultan" is several words: each becomes a part of its own
            alts = chunk.split("|")
            if len(alts) == 1 and not chunk.startswith("=") and len(form_tokens(chunk)) > 1:
                for word in form_tokens(chunk):
                    parts.append(self._keys(word, multi))
                    caps.append(self._cap(word))
                continue
            keys = frozenset().union(*(self._keys(w, multi) for w in words)) if words else frozenset()
            parts.append(keys)
            caps.append(self._cap(words[0]) if len(words) == 1 else 0)
        if not parts or parts[0] in MAX_GAP:
            return
        entry = Entry(tuple(parts), tuple(caps), payload, form)
        for key in parts[0]:
            self.index.setdefault(key, []).append(entry)

    def _keys(self, word: str, multi: bool = False) -> frozenset:
        if word.startswith("="):
            return frozenset({"=" + fold(word[1:])})
        word = word.replace("’", "'")
        if self.lang in ("en", "tr") and "'" in word:
            word = word.split("'")[0]
        return self.morph.form_keys(word, self.kind, multi)

    def _cap(self, word: str) -> int:
        """2: the word must be in capitals (an acronym); 1: it must start with one; 0: any case."""
        if self.kind != "actor" or word.startswith("="):
            return 0
        letters = word.replace(".", "").replace("-", "")
        if len(letters) > 1 and letters.isupper():
            return 2
        return 1 if word[:1].isupper() else 0

    def find(self, tokens: list[Token], allow_skip: bool = False, free=frozenset(), blocked=frozenset()) -> list[Hit]:
        """Every match, longest first where two overlap; ``free`` words (a date's) do not count
        in the gaps between a form's parts."""
        hits: list[Hit] = []
        index = self.index
        for i, token in enumerate(tokens):
            seen = set()
            for key in token.keys:
                for entry in index.get(key, ()):
                    if id(entry) in seen:
                        continue
                    seen.add(id(entry))
                    hit = self._match(tokens, i, entry, allow_skip, free)
                    if hit and hit.first not in blocked and hit.last not in blocked:
                        hits.append(hit)
        return _longest(hits)

    def _match(self, tokens, i, entry: Entry, allow_skip: bool, free=frozenset()) -> Hit | None:
        parts, caps = entry.parts, entry.caps
        if not _case_ok(tokens[i], caps[0]):
            return None
        j, k, stem = i, 1, _stem(tokens[i], parts[0])
        while k < len(parts):
            part = parts[k]
            if part in MAX_GAP:
                # up to so many words between two parts; the words of a date do not count
                # ("głosował w kwietniu 2022 r. przeciwko")
                nxt, budget, t = parts[k + 1], MAX_GAP[part], j
                while True:
                    t += 1
                    if t >= len(tokens):
                        return None
                    if tokens[t].keys & nxt and _case_ok(tokens[t], caps[k + 1]):
                        j, k, stem = t, k + 2, _stem(tokens[t], nxt)
                        break
                    if t not in free:
                        budget -= 1
                        if budget < 0:
                            return None
                continue
            t = j + 1
            while allow_skip and t < len(tokens) and tokens[t].base in self.skip and not (tokens[t].keys & part):
                t += 1
            if t >= len(tokens) or not (tokens[t].keys & part) or not _case_ok(tokens[t], caps[k]):
                return None
            j, k, stem = t, k + 1, _stem(tokens[t], part)
        return Hit(i, j, entry, stem)


def _case_ok(token: Token, cap: int) -> bool:
    if cap == 2:
        return token.upper
    if cap == 1:
        return token.cap
    return True


def _stem(token: Token, part: frozenset) -> str:
    """The longest key of ``token`` in ``part``: what the remainder of the word is read against."""
    best = ""
    for key in token.keys & part:
        if not key.startswith("=") and len(key) > len(best):
            best = key
    return best if best else token.base


def _longest(hits: list[Hit]) -> list[Hit]:
    """Leftmost-longest: of two overlapping matches the one that starts first wins, then the longer
    ("lifted its ban on imports" is the lifting, not the ban)."""
    hits.sort(key=lambda h: (h.first, -h.size, -len(h.stem)))
    taken: list[Hit] = []
    used: set[int] = set()
    for hit in hits:
        span = range(hit.first, hit.last + 1)
        if any(t in used for t in span):
            continue
        used.update(span)
        taken.append(hit)
    taken.sort(key=lambda h: h.first)
    return taken


def remainder(token: Token, stem: str) -> str:
    """What follows ``stem`` in ``token``: a suffix after an apostrophe, or the word's rest."""
    if token.suffix:
        return token.suffix
    return token.base[len(stem):] if token.base.startswith(stem) else ""


_PL_PAST = re.compile(r"(ł|ła|ło|li|ły)$")  # "wysłała", "podpisali"


def finite_verb(word: Token, lang: str) -> bool:
    """A finite verb, as far as the word alone says: a Russian verb, a Polish past tense, an
    English past tense in -ed (Kazakh and Turkish: never asked)."""
    if lang == "ru":
        return morphology("ru").reading(word.base)[0] == "VERB"
    if lang == "pl":
        return bool(_PL_PAST.search(word.base))
    return lang == "en" and word.base.endswith("ed")
