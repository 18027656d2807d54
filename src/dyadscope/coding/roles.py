"""Who did what to whom: the source and target of an action, given the sentence's actors.

The rules (docs/coding.md says why each is there):

1. Source: the agent of a passive if there is one; in Kazakh and Turkish the first actor in the
   nominative (not a partner before "ile"/"мен"); otherwise the nearest actor before the trigger
   within its clause that no preposition governs, or the sentence's first actor when the clause
   has none ("... and said that it would not help"). An adverbial participle or a purpose
   infinitive takes the main clause's subject. Places ("in Moscow") and authors of requests ("at
   Tokayev's request") are not sources.
2. Target: for a refusal, the state whose request is refused when the sentence names one; else
   the first actor after the trigger of another state (places last), else the nearest one before
   it. A passive without an agent turns them round. No second state, no event.
3. One event per actor coordinated with the target or the source ("talks between Russia and
   Ukraine"), and for troops of an organisation's force, the organisation and the state whose
   troops they are.
4. An action named right after another between the same states is its object, not an event.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from dyadscope.coding.actors import COLLECTIVE, NO_ACTOR, Mention
from dyadscope.coding.lexicon import finite_verb, morphology, remainder
from dyadscope.countries import Registry

if TYPE_CHECKING:
    from dyadscope.coding.events import Trigger
    from dyadscope.coding.lexicon import Token

_FORCES = {"AID", "RETREAT"}  # troops sent or withdrawn, often an organisation's force
#: Kazakh and Turkish converbs: an action of its own before the next verb ("çağırarak", "шақырып")
CONVERB = {"kk": re.compile(r"(ып|іп|п)$"), "tr": re.compile(r"(arak|erek|[ıiuü]p)$")}
_ADVERBIAL = {"бірлесіп"}  # "jointly": a converb that qualifies the next verb
#: a Turkish or Kazakh verbal noun with a possessive ("sıkılaştırması", "тоқтатуы")
VERBAL_NOUN = {"tr": re.compile(r"^(m[ae]s[ıi]|m[ae]l[ae]r[ıi])$"), "kk": re.compile(r"^у[ыі]$")}
_ARTICLES = {"the"}
_GENITIVE = {"genitive", "gent"}
_GENITIVE_ANY = {"genitive", "gent", "gen2", "adjective"}


def _may_be_nominative(word: str) -> bool:
    return morphology("ru").reading(word)[2]


@cache
def organisations() -> frozenset:
    frame = Registry.default().frame
    return frozenset(frame.loc[frame["kind"] == "organisation", "iso3"])


class RoleAssigner:
    """Source and target assignment; mixed into ``EventFinder``, whose language data it reads
    (``lang``, ``sov``, ``clause``, ``conjunctions``, ``troops``)."""

    def assign(self, t: Trigger, mentions: list[Mention], tokens: list[Token]):
        actors = [m for m in mentions if m.code != NO_ACTOR]
        if len({m.code for m in actors}) < 2:
            return None
        # a passive summons ("был вызван посол Казахстана", "büyükelçisi ... çağrıldı") names the
        # envoy and seldom the state that summons; the active one is read as any other action
        summoned = self._envoy(t, actors, tokens) if t.cameo == "1122" and t.passive else None
        if t.role == "obliged":
            pair = self._obliged(t, actors)
            if pair is None:
                return None
            source, target = pair
        elif summoned is not None:
            # a summons: the envoy's state is the target, the state that summons the source
            # ("в МИД Казахстана был вызван временный поверенный в делах России")
            hosts = [m for m in actors if m.code != summoned.code and not m.request]
            if not hosts:
                return None
            source, target = hosts[0], summoned
            return source, target
        else:
            source = self._source(t, actors, tokens)
            if source is None:
                return None
            target = self._target(t, source, actors, tokens)
        if target is None:
            return None
        if COLLECTIVE in (source.code, target.code):
            return None  # "Лавров обвинил Запад ...": the West is no coded actor
        if t.reverse:
            source, target = target, source
        elif target.last < source.first < t.anchor and (t.symmetric or self._coordinated(target, source, tokens)):
            source, target = target, source  # "A and B met", "A and B agreed to ...": A first
        return source, target

    def assign_all(self, t: Trigger, mentions: list[Mention], tokens: list[Token]) -> list:
        """(source, target) pairs: the assigned one, and one more for each actor coordinated with
        the target or, unless the action is symmetric, with the source ("talks between Russia and
        Ukraine", "Russia and Belarus sent troops")."""
        pair = self.assign(t, mentions, tokens)
        if pair is None:
            return []
        source, target = pair
        actors = [m for m in mentions if m.code not in (NO_ACTOR, COLLECTIVE)]
        if t.type in _FORCES:
            forces = self._force_pairs(t, actors, tokens)
            if forces:
                return forces
        pairs = [pair]
        for other in self._partners(target, actors, tokens):
            if other.code != source.code:
                pairs.append((source, other))
        if not t.symmetric:
            for other in self._partners(source, actors, tokens):
                if other.code != target.code:
                    pairs.append((other, target))
        return pairs

    def _envoy(self, t: Trigger, actors: list[Mention], tokens: list[Token]) -> Mention | None:
        """The state whose envoy is summoned: the actor next to the word for the envoy."""
        inside = range(t.first, t.last + 1)
        around = [k for k in range(max(0, t.first - 3), min(len(tokens), t.last + 4)) if k not in inside]
        for k in list(inside) + around:  # the envoy named in the summons first ("summoned Kazakhstan's envoy")
            if tokens[k].keys & self.envoys:
                near = [m for m in actors if not m.place and (m.last in (k - 1, k - 2, k - 3) or m.first in (k + 1, k + 2)
                        or (self.lang == "ru" and m.first in range(k + 1, k + 5)))]
                if near:
                    # a state's envoy: its genitive ("Rusya'nın Astana büyükelçisi", "посла Казахстана"),
                    # not the capital where the envoy serves
                    return min(near, key=lambda m: (m.case not in _GENITIVE_ANY, min(abs(m.first - k), abs(m.last - k))))
        return None

    def _force_pairs(self, t: Trigger, actors: list[Mention], tokens: list[Token]) -> list:
        """Troops of an organisation's force ("миротворческих сил ОДКБ", "ҰҚШҰ бітімгерлік күштері",
        "Belarusian troops of the CSTO peacekeeping force"): the organisation acts, and so does a
        state whose troops they are, towards the state they go to (or leave)."""
        orgs = organisations()
        owners = [m for m in actors if m.code in orgs and (t.first - 2 <= m.last < t.first or t.last < m.first <= t.last + 2)]
        if not owners:
            return []
        owner = owners[0]
        rest = [m for m in actors if m.code != owner.code and not m.request]
        if not rest:
            return []
        target = rest[-1]
        # the state whose troops they are: named right before a word for troops ("Belarusian troops")
        states = [m for m in rest if m.code != target.code and not m.place and m.first < target.first
                  and any(tok.keys & self.troops for tok in tokens[m.last + 1:m.last + 2])]
        return [(states[0], target), (owner, target)] if states else [(owner, target)]

    def _partners(self, m: Mention, actors: list[Mention], tokens: list[Token]) -> list[Mention]:
        """The actors joined to ``m`` by "and" (either side), of another state."""
        return [a for a in actors if a.code != m.code and not a.place
                and (self._coordinated(m, a, tokens) or self._coordinated(a, m, tokens))]

    def folded(self, t: Trigger, dyad: frozenset, placed: list, tokens: list[Token]) -> bool:
        """An action named right after another between the same two states is its object ("did not
        support Russia's invasion", "ready to host talks"), not a second event; but a meeting and
        what was done at it are two ("talks ... agreed"), and so are two predicates joined by "and"
        ("voiced concern ... and insisted"). What is refused is no event of its own ("rejected
        Moscow's demand to expel ...")."""
        if self.sov and CONVERB[self.lang].search(tokens[t.last].base) and tokens[t.last].base not in _ADVERBIAL:
            return False  # "шақырып, ... наразылық білдірді": two actions, one after the other
        for d, start, end, kind, raw in placed:
            if kind == "REJECT" and 0 <= t.first - end <= 3:
                return True
            if t.type == "CONSULT" and raw in _FORCES and 0 <= t.first - end <= 3:
                return True  # "peacekeeping force arrived in Kazakhstan": troops arriving is no visit
            if d != dyad:
                continue
            if 0 <= t.first - end <= 5:
                lo, hi = end + 1, t.first
            elif 0 <= start - t.last <= 5:
                lo, hi = t.last + 1, start
            else:
                continue
            if "CONSULT" in (t.type, raw) and t.type != raw and not {t.type, raw} & _FORCES:
                continue  # but troops arriving is no visit
            if any(tok.base in self.conjunctions for tok in tokens[lo:hi]) and t.type != raw:
                continue
            return True
        return False

    def _coordinated(self, a: Mention, b: Mention, tokens: list[Token]) -> bool:
        between = [t for t in tokens[a.last + 1:b.first] if t.base not in _ARTICLES]  # "Putin and the CSTO"
        return len(between) == 1 and between[0].base in self.conjunctions

    def _obliged(self, t: Trigger, actors: list[Mention]):
        """"Russia said Kazakhstan must explain": the speaker demands, the one obliged is the target."""
        before = [m for m in actors if m.last < t.anchor and not m.place]
        if not before:
            return None
        target = before[-1]
        speakers = [m for m in before if m.code != target.code]
        return (speakers[0], target) if speakers else None

    def _source(self, t: Trigger, actors: list[Mention], tokens: list[Token]) -> Mention | None:
        agents = [m for m in actors if m.agent and (t.passive or not m.agent_weak)]
        if agents:
            return agents[0]
        if t.passive and t.type == "AID":  # "Kazakistan'a Çin'den insani yardım gönderildi"
            origins = [m for m in actors if m.origin and not m.request]
            if origins:
                return origins[0]
        if t.passive and not self.sov:
            # "Ukraine's ambassador was summoned to the Kazakh Foreign Ministry": the subject is the patient
            after = [m for m in actors if m.first > t.last and not m.place and not m.request]
            before = [m for m in actors if m.last < t.last]  # "Ambasador Rosji został wezwany": inside it too
            if after and before and after[0].code != before[-1].code:
                return after[0]
        free = [m for m in actors if not m.place and (t.requested or not m.request)]
        if not free:
            return None
        if self.sov:
            before = [m for m in free if m.first < t.anchor]
            if VERBAL_NOUN[self.lang].search(remainder(tokens[t.last], t.stem)):
                # "Kazakistan'ın denetimleri sıkılaştırması": a verbal noun's subject is its genitive
                genitive = [m for m in before if m.case == "genitive" and t.first - m.last <= 8
                            and not any(tok.base in self.conjunctions for tok in tokens[m.last + 1:t.first])]
                if genitive:  # the first: "Rusya'nın Kazakistan'ın bağımsızlığını tanıması"
                    return genitive[0]
            if t.passive:  # "Бішкекке ... нота жолданды: Қазақстан ...": the dative receives
                before = [m for m in before if m.case != "dative"] or before
                if all(m.case == "dative" for m in before):
                    after = [m for m in free if m.first > t.last]
                    if after:
                        return after[0]
            if t.passive:  # "Комаров ... министрлігіне шақырылды": the subject is the patient
                patient = self._patient(t, before)
                if patient is not None:
                    others = [m for m in free if m.code != patient.code]
                    if others:
                        return others[0]
            nominative = [m for m in before if m.case == "nominative"]
            return (nominative or before or free)[0]
        before = [m for m in free if m.last < t.anchor]
        if not before and self.lang == "ru":
            # "В Пекине высоко оценили ...": a plural verb with no subject; the place speaks
            places = [m for m in actors if m.place and m.last < t.first and not m.request]
            if places and any(tok.text.lower().endswith("ли") for tok in tokens[t.first:t.last + 1]):
                return places[-1]
        inverted = self._inverted_subject(t, free, before, tokens)
        if inverted is not None:
            return inverted
        if not before:
            # "На встрече в Кремле Путин и Назарбаев ...", "after talks with Scholz, Tokayev ...":
            # a meeting named first is between the actors that follow it
            if t.symmetric:  # but not where a visit went ("Во время визита в Астану спецпосланник ЕС")
                after = [m for m in free if m.first > t.last]
                return next((m for m in after if tokens[m.first - 1].base not in self.directions), None) \
                    or next(iter(after), None)
            # "Humanitarian aid from Kazakhstan was delivered to ...", "Гуманитарный груз из Казахстана"
            # (but peacekeepers "from Kazakhstan" are leaving it)
            return next((m for m in free if m.first > t.last and m.origin), None) if t.cameo != "074" else None
        if self._second_predicate(t, tokens):
            # "Azerbaijani police raided the office of a Russian outlet and detained ...",
            # "oskarżył Rosję ... i zażądał od Moskwy": the subject of the first predicate
            subjects = [m for m in before if not m.oblique and (self.lang != "ru" or m.case == "nomn")]
            if subjects:
                return subjects[0]
        if t.participial:  # "Kazakhstan protested ..., asking Kyiv to ...": the main clause's subject
            if self.lang == "ru":  # "Казахстан воздержался, не поддержав Россию": the nominative before it
                nominative = [m for m in before if m.case == "nomn"]
                if nominative:
                    return nominative[-1]
            return ([m for m in before if not m.oblique] or before)[0]
        start = -1  # the clause's first word is after ``start``
        for k in range(t.anchor - 1, -1, -1):
            if tokens[k].base in self.clause:
                start = k
                break
        in_clause = [m for m in before if m.first > start]
        in_clause = [m for m in in_clause if not m.oblique] or in_clause
        if t.inserted > 0:  # "Moscow, unhappy with ... Ukraine's ambassador ..., summoned": not the inserted phrase
            in_clause = [m for m in in_clause if m.first < t.inserted] or in_clause
        if t.passive and in_clause:
            # the subject of a passive is acted upon: by the speaker ("... заявил, что россияне не
            # будут выданы"), or by another actor named before ("в аккаунте Медведева Казахстан был назван")
            nominative = [m for m in in_clause if m.case == "nomn"] if self.lang == "ru" else []
            patient = (nominative or in_clause)[-1]
            others = [m for m in before if m.first <= start and m.code != patient.code] \
                or [m for m in before if m.code != patient.code]
            if others:
                return others[0]
        if in_clause:
            if self.lang == "ru":
                nominative = [m for m in in_clause if m.case == "nomn"]
                if nominative:
                    return nominative[-1]
            return in_clause[-1]
        return ([m for m in before if not m.oblique] or before)[0]

    def _second_predicate(self, t: Trigger, tokens) -> bool:
        """A finite verb right after "and" with no subject of its own."""
        if t.first < 1 or tokens[t.first - 1].base not in self.conjunctions:
            return False
        return finite_verb(tokens[t.first], self.lang)

    def _inverted_subject(self, t: Trigger, free: list[Mention], before: list[Mention], tokens) -> Mention | None:
        """Russian may put the subject after the verb ("Независимость Казахстана первой признала
        Турция"): a nominative right after the trigger, when none stands before it in its clause."""
        if self.lang != "ru" or t.passive or t.symmetric:  # a meeting starts with the first named
            return None
        if any(_may_be_nominative(tokens[m.last].base) for m in before):
            return None  # "Бишкек обвинил Душанбе": a name before that may be the subject is
        if any(m.case == "nomn" for m in before
               if not any(tok.base in self.clause for tok in tokens[m.last + 1:t.first])):
            return None
        after = [m for m in free if t.last < m.first <= t.last + 3 and m.case == "nomn"
                 and not any(tok.base in self.clause for tok in tokens[t.last + 1:m.first])]
        if before and after and before[-1].code != after[0].code:
            return after[0]
        return None

    @staticmethod
    def _patient(t: Trigger, before: list[Mention]) -> Mention | None:
        subjects = [m for m in before if m.case in ("nominative", "genitive")]
        return subjects[0] if subjects else None

    def _target(self, t: Trigger, source: Mention, actors: list[Mention], tokens: list[Token]) -> Mention | None:
        others = [m for m in actors if m.code != source.code]
        # "Batı'nın yaptırımlarına ... Astana'nın": the West's measures are no target; the West
        # accused ("обвинил Запад") is, and no event is coded with it
        others = [m for m in others if not (m.code == COLLECTIVE and m.case in _GENITIVE)] or others
        if not others:
            return None
        if t.symmetric:  # "Зеленский и Токаев встретились ... ООН": the two who met
            partners = [m for m in others if self._coordinated(m, source, tokens) or self._coordinated(source, m, tokens)]
            if partners:
                return partners[0]
        if t.cameo == "042" and not self.sov:
            # a visit goes to a place: "прибыл в Астану с визитом", "wizyta ... w Astanie"
            # (not to the summit held there)
            gone = [m for m in others if m.place or (m.first > 0 and tokens[m.first - 1].base in self.directions)]
            if gone:
                return min(gone, key=lambda m: abs(m.first - t.first))
        if t.refused or t.negated or t.type == "REJECT":
            requesters = [m for m in others if m.request]
            if requesters:
                return requesters[0]
        if self.sov:
            if t.passive:
                patient = self._patient(t, [m for m in actors if m.first < t.anchor and not m.place])
                if patient is not None and patient.code != source.code:
                    return patient
            if t.symmetric:  # "Putin ile görüşerek Poroşenko ile yaptığı müzakereler": the partner next to it
                partners = [m for m in others if m.case == "instrumental" and m.last < t.first]
                if partners:
                    return partners[-1]
            oblique = [m for m in others if m.first > source.last and not m.place and m.first <= t.last]
            # "KGAÖ barış gücü için": the reason, not the one thanked
            direct = [m for m in oblique if not m.oblique] or [m for m in others if not m.place and not m.oblique]
            # "Rus petrolü ... Hindistan'a", "ресейлік газ ... Еуроодаққа": the bare name describes the goods
            # (one threatens or asks someone: the dative)
            if t.type in ("THREATEN", "DEMAND"):
                taken = {k for m in actors for k in range(m.first, m.last + 1)}
                direct = sorted(direct, key=lambda m: m.case == "nominative" and m.last + 1 < t.first
                                and m.last + 1 not in taken and m.first > source.last)
            ranked = direct or oblique or [m for m in others if not m.place] or others
            return ranked[0]
        if t.passive and not any(m.agent for m in actors):
            before = [m for m in others if m.last < t.first]
            if before and (source.first > t.last or source.first < before[-1].first):
                return before[-1]
        after = [m for m in others if m.first > t.anchor]
        ranked = [m for m in after if not m.place] or [m for m in others if m.last < t.anchor and not m.place][::-1] \
            or after or others[::-1]
        return ranked[0]
