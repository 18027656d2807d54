"""From a sentence's trigger words to actions: which words name an action, its type, negation
and modality; ``roles.py`` then says who did it to whom.

The rules, in the order they apply (docs/coding.md says why each is there):

1. Triggers are found with the lexicon of ``data/coding/triggers.yaml``; where two overlap the
   longer wins. A trigger inside an actor's name ("Shanghai Cooperation Organisation") is none.
2. A wrapper verb joins the action next to it: intent ("pledged to support"), readiness
   ("ready to send troops"), refusal ("refused to recognise"). In Kazakh and Turkish the action
   stands before the wrapper ("мойындаудан бас тартты", "tanımayı reddetti").
3. Negation: a negator within a few words before the trigger (en, ru, pl), a negative suffix in
   the verb or a negative word after it (kk, tr). A negated or refused co-operative action is
   REJECT; a negated conflictual one is no event.
4. Modality: intent turns co-operation into AGREE, and intent or the future tense turns
   material conflict into THREATEN (a co-operative act in the future tense stays itself); an unrealised expectation ("expected to receive support") is no
   event; a possibility ("could", "might") lowers the confidence.
5. Who did what to whom: ``roles.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from dyadscope.coding.actors import data_text
from dyadscope.coding.dates import date_tokens
from dyadscope.coding.lexicon import Lexicon, Token, finite_verb, fold, form_tokens, morphology, remainder
from dyadscope.coding.roles import CONVERB, RoleAssigner, organisations
from dyadscope.events.crosswalk import QUAD_OF, goldstein

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE"}
#: what intent or the future makes of an action
_INTENDED = {"SUPPORT": ("AGREE", "032"), "AID": ("AGREE", "033"), "COOPERATE": ("AGREE", "031"), "CONSULT": ("AGREE", "036"),
             "CONCEDE": ("AGREE", "035"), "RETREAT": ("AGREE", "035"), "INVESTIGATE": ("AGREE", "030"),
             "SANCTION": ("THREATEN", "131"), "COERCE": ("THREATEN", "130"), "MOBILIZE": ("THREATEN", "138"),
             "ASSAULT": ("THREATEN", "138"), "FIGHT": ("THREATEN", "138")}
#: CAMEO code of refusing each co-operative action (12x)
_REFUSED = {"CONSULT": "125", "AID": "122", "COOPERATE": "121", "CONCEDE": "124", "RETREAT": "124", "AGREE": "120",
            "SUPPORT": "120", "INVESTIGATE": "120"}
_WRAP_REACH = 6
_THREATENED = {"SANCTION", "COERCE", "MOBILIZE", "ASSAULT", "FIGHT"}
#: a Kazakh participle (-ған/-ген/-қан/-кен) and the words that make it a predicate after all
_STATE_WORDS = frozenset({"государство", "страна", "мемлекет", "ел", "мемлекеттің", "елдің",
                          # a document saying what its authors do: "резолюцию, осуждающую ..."
                          "резолюция", "заявление", "декларация", "документ", "обращение", "письмо"})
_KK_PARTICIPLE = re.compile(r"(ған|ген|қан|кен)$")
_KK_AUXILIARY = {"еді", "екен", "болатын", "болған", "болды", "жоқ", "емес", "сияқты", "деп", "дейді", "деді",
                 "және", "ал", "бірақ", "болса", "болып"}
_CONDITIONS = {"en": {"if", "unless"}, "ru": {"если"}, "pl": {"jeśli", "jeżeli", "gdyby"}}
_SUBORDINATORS = {"en": {"that", "when", "as", "since"}, "ru": {"как", "когда", "что"},
                  "pl": {"jak", "gdy", "kiedy", "że"}}


@cache
def lexicon_data() -> dict:
    return yaml.safe_load(data_text("triggers.yaml"))


@dataclass
class Trigger:
    first: int
    last: int
    type: str
    cameo: str
    role: str | None
    symmetric: bool
    reverse: bool
    stem: str
    anchor: int = -1
    negated: bool = False
    refused: bool = False
    intent: bool = False
    future: bool = False
    passive: bool = False
    possible: bool = False
    irrealis: bool = False
    refusable: bool = False  # negated, it is a refusal even if the action is conflictual ("not join sanctions")
    threat: bool = False  # possible, it is a threat ("could annul the lease", "może wypowiedzieć umowę")
    background: bool = False  # a meeting that dates or explains the main event: still an event
    summit: bool = False  # an organisation's summit: an event only when nothing else happened at it
    participial: bool = False  # ", asking Kyiv ...", "не поддержав": the subject is the main clause's
    requested: bool = False  # the trigger is the request word whose author the actors mark
    inserted: int = -1  # first word of a phrase set off by commas just before the trigger ("Moscow, unhappy with ..., summoned")


@cache
def trigger_lexicon(lang: str) -> Lexicon:
    data = lexicon_data()
    lexicon = Lexicon(lang, "trigger", skip=data["languages"][lang].get("skip", []))
    for entry in data["triggers"]:
        payload = (entry["type"], str(entry["cameo"]), entry.get("role"), bool(entry.get("symmetric")),
                   bool(entry.get("reverse")), bool(entry.get("setting")), bool(entry.get("refusable")),
                   bool(entry.get("threat")), entry.get("actor_next") or False)
        for form in entry.get(lang, []) or []:
            lexicon.add(str(form), payload)
    return lexicon


class EventFinder(RoleAssigner):
    """Codes the events of one sentence of one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon = trigger_lexicon(lang)
        g = lexicon_data()["languages"][lang]
        self.grammar = g
        self.sov = lang in ("kk", "tr")
        self.subordinators = _SUBORDINATORS.get(lang, set())
        keys = _word_keys(lang)
        self.negators = {fold(w) for w in g.get("negators", [])}
        self.negators_after = {fold(w) for w in g.get("negators_after", [])}
        self.window = int(g.get("negation_window", 2))
        self.future_words = {fold(w) for w in g.get("future", [])}
        self.possible = keys(g.get("hypothetical", []))
        self.irrealis = keys(g.get("irrealis", []))
        self.clause = {fold(w) for w in g.get("clause", [])}
        self.pronouns = {fold(w) for w in g.get("pronouns", [])}
        self.conjunctions = {"en": {"and"}, "ru": {"и"}, "pl": {"i", "oraz", "a"}, "tr": {"ve", "ile"},
                             "kk": {"мен", "пен", "бен", "және"}}[lang]
        self.passive_words = {fold(w) for w in g.get("passive", [])}
        self.background = [tuple(fold(w) for w in form_tokens(p)) for p in g.get("background", [])]
        self.envoys = frozenset(fold(w) for w in g.get("envoys", []))
        self.directions = {fold(w) for w in g.get("directions", [])}
        self.before_events = [tuple(fold(w) for w in form_tokens(p)) for p in g.get("before_event", [])]
        self.background_after = {fold(w) for w in g.get("background_after", [])}
        self.purpose = re.compile(g["purpose"]) if g.get("purpose") else None
        self.agent_words = {fold(w) for w in g.get("agent_before", [])}
        self.troops = keys(g.get("troops", []))
        self.neg_suffix = re.compile(g["negation_suffix"]) if g.get("negation_suffix") else None
        self.passive_suffix = re.compile(g["passive_suffix"]) if g.get("passive_suffix") else None
        self.locative = re.compile(g["cases"]["locative"].replace("^", "").replace("$", "") + "$") \
            if g.get("cases") else None
        self.location = {fold(w) for w in g.get("location", [])}
        self.future_forms = {fold(w) for w in g.get("future_forms", [])}
        self.title_nouns = keys(g.get("title_nouns", []))
        self.title_link = {fold(w) for w in g.get("title_link", [])}
        self.title_after = {fold(w) for w in g.get("title_after", [])}
        self.future_suffix = re.compile(g["future_suffix"]) if g.get("future_suffix") else None
        self.possible_suffix = re.compile(g["possible_suffix"]) if g.get("possible_suffix") else None

    # -- triggers ------------------------------------------------------------------------------
    def triggers(self, tokens: list[Token], taken: set[int], mentions=(), text: str = "", offset: int = 0,
                 requests: frozenset = frozenset()) -> list[Trigger]:
        """The actions of a sentence; ``requests`` are the words naming a request an actor made
        ("at Tokayev's request"): with another action in the sentence they are its background."""
        found = []
        commas = {k for k in range(len(tokens) - 1) if "," in _between(text, tokens, k + 1, offset)}
        for hit in self.lexicon.find(tokens, allow_skip=True, free=date_tokens(tokens, self.lang), blocked=taken):
            if hit.first in taken or hit.last in taken:  # an actor may stand in a gap ("окажет Казахстану помощь")
                continue
            kind, cameo, role, symmetric, reverse, setting, refusable, threat, actor_next = hit.entry.payload
            if self.lang == "kk" and tokens[hit.last].base == "қатысты" and hit.last + 1 < len(tokens) \
                    and tokens[hit.last + 1].text[:1].isalpha():
                continue  # "сұхбатына қатысты наразылық": "regarding", not "took part"
            if actor_next and not self._next_to_actor(hit, tokens, taken, mentions):
                continue  # "received Tokayev" is a meeting; "received support", "przyjął ustawę" are not
            t = Trigger(hit.first, hit.last, kind, cameo, role, symmetric, reverse, hit.stem, refusable=refusable,
                        threat=threat)
            t.anchor = hit.first
            between = _between(text, tokens, hit.first, offset)
            if between == "-" and hit.first - 1 in taken:
                continue  # "Moscow-backed", "Russian-led": an adjective, not an action
            if self._in_background(hit.first, tokens, commas) or self._background_after(hit, tokens, commas):
                if kind != "CONSULT" or self._before_event(hit, tokens):
                    continue  # but "on the eve of the summit": a meeting still to come
                t.background = True  # "after talks with Scholz, Tokayev said ...": the talks took place
            if setting and self._setting(t, tokens, mentions):
                continue
            t.summit = bool(setting)
            if cameo != "057" and kind != "CONSULT" and self._in_title(t, tokens, taken):
                continue
            if self._attributive(hit, tokens, taken, commas) or self._conditional(hit, tokens, taken):
                continue
            self._read_verb(t, tokens)
            t.participial = self._participial(t, tokens, taken, text, offset)
            t.inserted = _insertion(text, tokens, t.first, offset)
            found.append(t)
        if len(found) > 1:
            found = [t for t in found if t.first not in requests] or found
            # an organisation's summit where something else was done is its setting too
            # ("выступая на саммите ОТГ, высоко оценил ...", "ШОС саммиті қарсаңында ... келіссөз"),
            # and the organisation named with it no party to what was done
            states = {m.code for m in mentions if not m.place} - organisations()
            if any(not t.summit for t in found) and len(states) >= 2:  # not "took part in the CSTO summit"
                for t in found:
                    if t.summit:
                        for m in mentions:
                            if m.code in organisations() and (t.first - 4 <= m.last < t.first or t.last < m.first <= t.last + 2):
                                m.place = True
                found = [t for t in found if not t.summit]
            # "CSTO peacekeepers completed their withdrawal": the troops are the subject, not aid;
            # so is a lone word for them where something else is done ("бітімгершілік контингентіне
            # алғыс айтты")
            found = [t for t in found if not (t.cameo == "074" and any(
                (u.type == "RETREAT" and 0 < u.first - t.last <= 8)
                or (t.first == t.last and u.cameo != "074" and u.type != "CONSULT")
                for u in found if u is not t))]
        for t in found:  # the request is the event itself ("Kazakhstan sought ... from Russia"): its author acts
            t.requested = t.first in requests
        return self._wrap(found, tokens, commas)

    def _next_to_actor(self, hit, tokens: list[Token], taken: set[int], mentions) -> bool:
        """A person or state received: right after the verb or its agent marker (en, ru, pl:
        "received Tokayev", "received by Putin"), in the accusative before it (kk, tr: "Tokayev'i
        ... karşıladı")."""
        if hit.entry.payload[-1] == "organisation":  # "leave the Eurasian Economic Union", "одақтан шығуы"
            orgs = organisations()
            if self.sov:
                return any(m.code in orgs and m.last == hit.first - 1 for m in mentions)
            k = hit.last + 1
            while k < len(tokens) and tokens[k].base in self.lexicon.skip and k not in taken:
                k += 1
            return any(m.code in orgs and m.first == k for m in mentions)
        if self.sov:
            return hit.first - 1 in taken or any(m.case == "accusative" and hit.first - 6 <= m.last < hit.first
                                                 for m in mentions)
        k = hit.last + 1
        while k < len(tokens) and (tokens[k].base in self.lexicon.skip or tokens[k].base in self.agent_words) \
                and k not in taken:
            k += 1
        return k in taken

    def _setting(self, t: Trigger, tokens: list[Token], mentions) -> bool:
        """A summit where something else happened ("at the Nuclear Security Summit, Obama praised
        ...", "Lahey'deki zirvesinde") is the setting; an organisation's ("на саммите ОДКБ",
        "ҰҚШҰ саммитінде") is an event, taking part in it, when nothing else happened at it."""
        word = tokens[t.last]
        if self.sov:
            located = bool(self.locative and self.locative.search(word.base))
        else:
            located = any(b.base in self.location for b in tokens[max(0, t.first - 5):t.first])  # "at the Nuclear Security Summit"
        if not located:
            return False
        orgs = organisations()
        return not any(m.code in orgs and (t.first - 3 <= m.last < t.first or t.last < m.first <= t.last + 3)
                       for m in mentions)

    def _in_title(self, t: Trigger, tokens: list[Token], taken: set[int]) -> bool:
        """A word in the title of a document ("the Treaty on Friendship ... and Mutual Assistance",
        "Договор о ... взаимной помощи", "... көмек туралы шарт") names no action of the sentence."""
        if self.title_link:
            for k in range(t.first - 1, max(0, t.first - 7), -1):
                if k in taken:
                    return False
                if tokens[k].base in self.title_link and tokens[k - 1].keys & self.title_nouns:
                    return True
        if self.title_after:
            for k in range(t.last + 1, min(len(tokens) - 1, t.last + 7)):
                if k in taken:
                    return False
                if tokens[k].base in self.title_after and tokens[k + 1].keys & self.title_nouns:
                    return True
        return False

    def _participial(self, t: Trigger, tokens: list[Token], taken: set[int], text: str, offset: int) -> bool:
        """An adverbial participle ("..., asking Kyiv to", ", reaffirming solidarity", "не поддержав",
        "uznając") has the main clause's subject."""
        word = tokens[t.first]
        if self.lang == "en":
            if t.first > 1 and tokens[t.first - 1].base == "to" and t.first - 2 not in taken:
                return True  # "telephoned Putin in March to congratulate him": a purpose clause
            k = t.first if word.base.endswith("ing") else t.first - 1  # the verb before a noun trigger
            if k < 1 or not tokens[k].base.endswith("ing"):
                return False
            return "," in _between(text, tokens, k, offset) or tokens[k - 1].base == "and"
        if self.lang == "ru":
            return morphology("ru").analyse(word.base)[4]
        if self.lang == "pl":
            return word.base.endswith("ąc")
        return False

    def _attributive(self, hit, tokens: list[Token], taken: set[int], commas) -> bool:
        """A participle describing a noun names no event of the sentence: "туристов, посетивших
        Казахстан", "государств, отказывающихся от ...", "Ресей қолдаған Абхазия", "қатысқан
        компанияларға"."""
        # but not a state described by its own act ("первым государством, признавшим ...",
        # "таныған алғашқы мемлекет"), nor an actor ("қабылдаған Дональд Трамп"), nor a document
        # signed by someone ("Соглашение, подписанное Путиным")
        if self.lang == "ru":
            k = hit.first
            if not (k - 1 in commas and k - 1 not in taken and k >= 1):
                return False
            pos, voice, _ = morphology("ru").reading(tokens[k].base)
            return pos == "PRTF" and voice != "pssv" and not (tokens[k - 1].keys & _STATE_WORDS)
        if self.lang == "kk":
            k = hit.last
            return (k + 1 < len(tokens) and k not in commas and k + 1 not in taken
                    and _KK_PARTICIPLE.search(tokens[k].base) is not None
                    and not any(tokens[j].keys & _STATE_WORDS for j in range(k + 1, min(k + 3, len(tokens))))
                    and tokens[k + 1].base not in _KK_AUXILIARY and tokens[k + 1].base not in self.background_after)
        return False

    def _conditional(self, hit, tokens: list[Token], taken: set[int]) -> bool:
        """An act in an "if" clause with its own subject is a condition, not an event: "warned
        Astana of retaliatory measures if Kazakhstan closed its airspace", "если ЕС введёт",
        "Армения ... ратификацияласа" (the Kazakh conditional mood)."""
        if self.lang == "kk":
            rest = remainder(tokens[hit.last], hit.stem) if hit.first == hit.last else ""
            return rest.startswith(("са", "се")) and len(rest) <= 3
        words = _CONDITIONS.get(self.lang)
        if not words:
            return False
        for k in range(max(0, hit.first - 4), hit.first):
            if tokens[k].base in words:
                return any(j in taken for j in range(k + 1, hit.first))
        return False

    def _background_after(self, hit, tokens: list[Token], commas=frozenset()) -> bool:
        """Kazakh and Turkish mark background after the phrase ("... кейін", "barış gücü için");
        an infinitive before "için" / "үшін" is a purpose, an action of its own ("tebrik etmek için")."""
        for j in range(hit.last + 1, min(hit.last + 3, len(tokens))):
            if j - 1 in commas:
                return False  # "күшейтті, соның салдарынан ...": what follows the comma is its result
            if tokens[j].base in self.background_after:
                return not (self.purpose and self.purpose.search(tokens[j - 1].base))
        return False

    def _in_background(self, first: int, tokens: list[Token], commas=frozenset()) -> bool:
        """A trigger in a phrase that dates or explains the main event ("after the invasion",
        "despite the talks") is background, not an event of the sentence; the main clause's verb
        after such a phrase is not ("Po trzęsieniu ziemi Polska wysłała", "после визита Токаев
        подписал"), nor is what stands after the comma that closes it."""
        for words in self.background:
            n = len(words)
            if first >= 1 and tuple(t.base for t in tokens[first - 1:first - 1 + n]) == words:
                return True  # the trigger inside the phrase: "in support of"
            for lead in range(0, 7):  # "after two days of fierce fighting", "after a wave of anti-Chinese protests"
                end = first - lead
                if end - n >= 0 and tuple(t.base for t in tokens[end - n:end]) == words:
                    return not self._main_verb(end, first, tokens, commas)
        return False

    def _before_event(self, hit, tokens: list[Token]) -> bool:
        """Is the background phrase one of time before ("on the eve of", "накануне", "қарсаңында")?"""
        near = {tuple(t.base for t in tokens[k:k + n]) for n in (1, 2, 3, 4)
                for k in list(range(max(0, hit.first - 7), hit.first)) + list(range(hit.last + 1, min(len(tokens), hit.last + 3)))}
        return any(words in near for words in self.before_events)

    def _main_verb(self, start: int, first: int, tokens: list[Token], commas) -> bool:
        """Is the trigger at ``first`` the main clause's verb, after a background phrase that ends
        before it?"""
        if any(tok.base in self.subordinators for tok in tokens[start:first]):
            return False  # "after Russia invaded", "после того как", "po tym, jak"
        if self.lang != "ru" and any(k in commas for k in range(start, first)):
            return True
        if self.lang == "en":  # "voiced concern over the unrest ... and insisted": a second predicate
            return tokens[first - 1].base in ("and", "but") and finite_verb(tokens[first], "en")
        return finite_verb(tokens[first], self.lang)

    def _read_verb(self, t: Trigger, tokens: list[Token]) -> None:
        """Negation, future and possibility around the trigger words."""
        lo = max(0, t.first - self.window)
        before = tokens[lo:t.first]
        if any(b.base in self.negators or (b.suffix == "t" and b.base.endswith("n")) for b in before):
            t.negated = True
        if any(b.base in self.future_words for b in tokens[max(0, t.first - 3):t.first]):
            t.future = True
        near = tokens[max(0, t.first - 6):t.first]  # "could vote in the autumn to annul"
        if any(b.keys & self.possible for b in near):
            t.possible = True
        if any(b.keys & self.irrealis for b in tokens[max(0, t.first - 5):t.first]):
            t.irrealis = True
        last = tokens[t.last]
        if self.future_forms and any(b.base in self.future_forms for b in tokens[t.first:t.last + 1]):
            t.future = True  # Polish perfective present is the future: "udzielą", "poprze"
        if any(b.base in self.passive_words for b in tokens[max(0, t.first - 2):t.last + 1]) \
                and not (self.lang == "en" and tokens[t.first].base.endswith("ing")):  # "was banning": progressive
            t.passive = True
        if self.lang == "ru":
            for k, tok in enumerate(tokens[t.first:t.last + 1]):
                analysis = morphology("ru").analyse(tok.base)
                t.future = t.future or analysis[2]
                # a participle describing the object is no passive ("отменил введённые ограничения",
                # "вызвал временного поверенного"): only the trigger's first word says
                t.passive = t.passive or (analysis[3] and k == 0)
            if t.last + 1 < len(tokens) and tokens[t.last + 1].base == "бы":
                t.possible = True
        if self.sov:
            rest = remainder(last, t.stem)
            if self.neg_suffix and self.neg_suffix.match(rest):
                t.negated = True
            if self.future_suffix and self.future_suffix.match(rest):
                t.future = True
            if self.passive_suffix and self.passive_suffix.match(rest) and not t.symmetric:
                t.passive = True  # "шақырылды", "uyarıldı": the subject is the one acted upon
            if t.last + 1 < len(tokens) and tokens[t.last + 1].base in self.negators_after:
                t.negated = True
            if any(b.keys & self.irrealis for b in tokens[t.last + 1:t.last + 3]):
                t.irrealis = True
            if (self.possible_suffix and self.possible_suffix.match(rest)) \
                    or any(b.keys & self.possible for b in tokens[t.last + 1:t.last + 3]):
                t.possible = True  # "çıkabileceğini", "шығуы мүмкін"

    def _wrap(self, found: list[Trigger], tokens: list[Token], commas: set[int] = frozenset()) -> list[Trigger]:
        """Join wrappers (intent, readiness, refusal) with the action they govern."""
        out: list[Trigger] = []
        used: set[int] = set()
        for i, w in enumerate(found):
            if w.role not in ("intent", "modal", "refuse", "obliged", "ask") or i in used:
                continue
            j = self._governed(found, i, tokens, commas)
            if j is None:
                continue
            a = found[j]
            used.update((i, j))
            if w.role == "obliged":  # "Libya must hand over the suspects": the demand is the event
                w.last = max(w.last, a.last)
                out.append(w)
                continue
            if w.role == "ask":  # "asked Kyiv to prevent a repeat", "o pomoc", "көмек сұрады": the request
                out.append(w)
                continue
            a.anchor = min(w.anchor, a.anchor)
            a.first, a.last = min(a.first, w.first), max(a.last, w.last)
            if w.role == "refuse":
                a.refused = True
            else:
                a.intent = True
            a.negated = a.negated or w.negated
            a.future = a.future or w.future
            a.irrealis = a.irrealis or w.irrealis
            a.possible = a.possible or w.possible
            out.append(a)
        for i, t in enumerate(found):
            if i in used or t.role == "modal" or self._topic(found, i, tokens, commas):
                continue
            out.append(t)
        out.sort(key=lambda t: t.first)
        return out

    def _topic(self, found: list[Trigger], i: int, tokens: list[Token], commas) -> bool:
        """What was discussed, named as a noun next to "discuss" in its clause ("обсудили ... отправку
        гуманитарной помощи", "гуманитарлық көмекті талқылады"), is the talks' topic."""
        t = found[i]
        if t.role is not None:
            return False
        for d in found:
            if d.role != "discuss":
                continue
            if self.sov:
                lo, hi = t.last, d.first
                near = 0 < hi - lo <= 4 and not CONVERB[self.lang].search(tokens[t.last].base)
            else:
                lo, hi = d.last, t.first
                near = 0 < hi - lo <= (6 if self.lang == "en" else 10) and not any(tok.base in self.clause for tok in tokens[lo + 1:hi]) \
                    and self._noun(tokens[t.first])
            if near and not any(k in commas for k in range(lo, hi)):
                return True
        return False

    def _noun(self, word: Token) -> bool:
        if self.lang == "ru":
            return morphology("ru").reading(word.base)[0] in ("NOUN", "ADJF")
        if self.lang == "pl":
            return not finite_verb(word, "pl") and not word.base.endswith("ć")
        return not word.base.endswith("ed")

    def _governed(self, found: list[Trigger], i: int, tokens: list[Token], commas=frozenset()) -> int | None:
        w = found[i]
        if self.sov:
            # the action right before, in the same clause ("құттықтап, ... дайын": not the greeting)
            if i > 0 and found[i - 1].role is None and w.first - found[i - 1].last <= 4 \
                    and not any(k in commas for k in range(found[i - 1].last, w.first)) \
                    and not CONVERB[self.lang].search(tokens[found[i - 1].last].base):
                return i - 1  # but "çağırarak ... istedi", "шақырып ... сұрады": two actions
            return None
        # not across a clause ("zapowiedział, że Kazachstan może wypowiedzieć"), except what is
        # demanded ("demanded that Astana expel ...")
        reach = _WRAP_REACH + (4 if w.role == "ask" else 0)  # "призвал Россию и Украину как можно скорее сесть ..."
        if i + 1 < len(found) and found[i + 1].role is None and found[i + 1].first - w.last <= reach \
                and (w.role == "ask" or not any(tok.base in self.clause for tok in tokens[w.last + 1:found[i + 1].first])):
            return i + 1
        return None

    # -- types ---------------------------------------------------------------------------------
    @staticmethod
    def resolve_type(t: Trigger, future_is_intent: bool = False) -> tuple[str, str] | None:
        """The PLOVER type and CAMEO code of an action; ``future_is_intent`` follows CAMEO, which
        codes any announced act ("will visit", "will give a grant") as intent (03x)."""
        kind, cameo = t.type, t.cameo
        if t.irrealis or kind == "NONE":  # NONE: a phrase that looks like an action and is none ("signed a decree")
            return None
        if t.role == "refuse":  # a refusal standing alone
            return (None if t.negated else ("REJECT", "120"))
        if t.role == "obliged":
            return kind, cameo
        if t.negated and t.refused:
            return None
        if t.refused:  # refusing to act, or to meet a demand
            return "REJECT", _REFUSED.get(kind, "120")
        if t.negated:
            if kind in COOPERATIVE or t.refusable:
                return "REJECT", _REFUSED.get(kind, "120")
            return None
        # intent ("pledged to send", "ready to help") is AGREE; a co-operative act announced in the
        # future tense ("will provide a loan", "udzielą kredytu") is that act, a conflictual one a threat
        if kind in _INTENDED and (t.intent or (t.future and (future_is_intent or kind not in COOPERATIVE))):
            return _INTENDED[kind]
        if t.possible and t.threat and kind in _THREATENED:  # "could annul the lease": a threat
            return _INTENDED[kind]
        return kind, cameo


def _insertion(text: str, tokens: list[Token], k: int, offset: int) -> int:
    """The first word of a phrase between two commas that ends right before word ``k``, or -1."""
    if "," not in _between(text, tokens, k, offset):
        return -1
    for j in range(k - 1, 0, -1):
        if "," in _between(text, tokens, j, offset):
            return j
    return -1


def _between(text: str, tokens: list[Token], k: int, offset: int) -> str:
    """The characters between word ``k`` and the word before it."""
    if k < 1 or not text:
        return " "
    return text[tokens[k - 1].end - offset:tokens[k].start - offset]


def _word_keys(lang: str):
    morph = morphology(lang)

    def keys(words) -> frozenset:
        out = set()
        for w in words:
            out |= morph.form_keys(str(w), "trigger")
        return frozenset(out)

    return keys


def quad_of(kind: str) -> str:
    return QUAD_OF[kind]


def goldstein_of(cameo: str) -> float | None:
    return goldstein(cameo)
