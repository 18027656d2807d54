"""The country registry: one key (ISO 3166-1 alpha-3) for every state, historical state and
organisation, and the lookups from every code and name the sources use.

The tables live in ``dyadscope/data`` (see the README there for origin and licence):

- ``countries.csv``: one row per entity with its codes (ISO-2, COW number and letters,
  Gleditsch-Ward, CAMEO), the UN's own name and names in English, Russian, Kazakh, Turkish
  and Polish;
- ``country_aliases.csv``: further spellings (scheme ``name``, ``un_name`` or ``cameo``);
- ``country_periods.csv``: codes and names whose entity depends on the date, e.g. COW 345 is
  Yugoslavia until 2003-02-03, Serbia and Montenegro until 2006-06-04 and Serbia after.

Rows of the Soviet Union and the Yemen Arab Republic fold into their continuators: they
resolve to ``RUS`` / ``YEM`` and :meth:`Registry.resolve_with_state` reports the
state that acted (``"SUN"`` / ``"YAR"``) as ``as_state``.

Example::

    >>> reg = Registry.default()
    >>> reg.resolve(705, "cow")
    'KAZ'
    >>> reg.resolve_with_state("Russia", "name", date="1980-01-01")
    ('RUS', 'SUN')
"""

from __future__ import annotations

import datetime as _dt
import difflib
import unicodedata
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

from dyadscope.errors import DyadscopeError, UnknownCountryError

SCHEMES = ("iso3", "iso2", "cow", "cow_abbr", "gw", "cameo", "un_name", "name")
LANGUAGES = ("en", "ru", "kk", "tr", "pl")
NUMERIC_SCHEMES = ("cow", "gw")
# "auto" tries text schemes in this order: the key first, then the short codes, then names.
# Letter codes collide across schemes (COW "AUS" is Austria, ISO "AUS" Australia), so a
# caller who knows the scheme should say so.
_AUTO_TEXT = ("iso3", "iso2", "un_name", "name", "cameo", "cow_abbr")
_AUTO_NUMBER = ("cow", "gw")

_OPEN_START = -(10**9)
_OPEN_END = 10**9


class CountryArgumentError(DyadscopeError, ValueError):
    """A registry call with an unknown scheme, language or an unreadable date."""


def normalise(text: str) -> str:
    """The form in which names and codes are compared.

    Strips accents (Unicode NFKD, combining marks removed), upper-cases, folds curly quotes
    to straight ones and collapses white space. Turkish dotless ı and dotted İ become I; so
    does Ý, because the UN extract writes TÜRKİYE as "TÜRKÝYE" where a Turkish code page
    was read as a Western one (both letters are byte 0xDD).
    """
    text = str(text).replace("ı", "i").replace("Ý", "I").replace("ý", "i")
    for curly, straight in (("’", "'"), ("‘", "'"), ("`", "'"), ("´", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.upper().split())


def _day(value) -> int | None:
    """A date, ISO string, datetime or year as a day number; a bare year means 1 July.

    Mid-year, because yearly data (COW dyad-years, UN sessions) describe most of the year:
    COW 345 in 2006 is Serbia (from 5 June), the USSR still held COW 365 in 1991.
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (_dt.date, pd.Timestamp)):  # datetime and Timestamp are dates too
        return value.toordinal()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).toordinal()
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return _dt.date(int(value), 7, 1).toordinal()
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return None
        if float(value).is_integer():
            return _dt.date(int(value), 7, 1).toordinal()
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) == 4:
            return _dt.date(int(text), 7, 1).toordinal()
        try:
            return _dt.date.fromisoformat(text[:10]).toordinal()
        except ValueError:
            pass
    raise CountryArgumentError(
        f"cannot read date {value!r}; give a datetime.date, an ISO date string or a year")


def _quiet_day(value) -> float:
    try:
        day = _day(value)
    except CountryArgumentError:
        return np.nan
    return np.nan if day is None else float(day)


@dataclass(frozen=True)
class _Hit:
    """What one (scheme, value) means without a date, and its date rules."""

    iso3: str | None
    as_state: str | None
    rules: tuple[tuple[int, int, str, str | None], ...] = ()

    def at(self, day: int | None) -> tuple[str | None, str | None]:
        if day is not None:
            for start, end, iso3, as_state in self.rules:
                if start <= day <= end:
                    return iso3, as_state
        return self.iso3, self.as_state


class Registry:
    """Every entity with its codes and names, and the lookups between them."""

    frame: pd.DataFrame

    def __init__(self, frame: pd.DataFrame, aliases: pd.DataFrame, periods: pd.DataFrame):
        self.frame = frame.reset_index(drop=True)
        self.aliases = aliases.reset_index(drop=True)
        self.periods = periods.reset_index(drop=True)
        self._rows = {row["iso3"]: row for row in self._records(self.frame)}
        self._hits = self._build_hits()
        self._search_index = self._build_search_index()

    # -- construction -----------------------------------------------------------------

    @classmethod
    def default(cls) -> "Registry":
        """The registry shipped with the package (loaded once, then cached)."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = cls.from_folder(resources.files("dyadscope") / "data")
        return _DEFAULT

    @classmethod
    def from_folder(cls, folder) -> "Registry":
        """Read countries.csv, country_aliases.csv and country_periods.csv from ``folder``."""

        def read(name: str) -> pd.DataFrame:
            # keep_default_na=False: Namibia's ISO-2 code is "NA".
            with (folder / name).open("r", encoding="utf-8") as f:
                return pd.read_csv(f, dtype=str, keep_default_na=False)

        frame = read("countries.csv")
        for column in ("cow", "gw"):
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
        frame["post_soviet"] = frame["post_soviet"].eq("true")
        for column in frame.columns.difference(["cow", "gw", "post_soviet"]):
            frame[column] = frame[column].astype(object).where(frame[column] != "", None)
        return cls(frame, read("country_aliases.csv"), read("country_periods.csv"))

    @staticmethod
    def _records(frame: pd.DataFrame) -> list[dict]:
        records = []
        for row in frame.to_dict("records"):
            records.append({k: (None if v is None or v is pd.NA or v != v else
                                int(v) if k in NUMERIC_SCHEMES else v)
                            for k, v in row.items()})
        return records

    def _key(self, value, scheme: str):
        """The lookup key of ``value`` in ``scheme``, or None if it cannot be one."""
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return None
        if scheme in NUMERIC_SCHEMES:
            if isinstance(value, (bool, np.bool_)):
                return None
            if isinstance(value, (int, np.integer)):
                return int(value)
            if isinstance(value, (float, np.floating)):
                return int(value) if float(value).is_integer() else None
            text = str(value).strip()
            try:
                number = float(text)
            except ValueError:
                return None
            return int(number) if number.is_integer() else None
        key = normalise(value)
        return key or None

    def _build_hits(self) -> dict[str, dict]:
        candidates: dict[str, dict] = {s: {} for s in SCHEMES}

        def add(scheme: str, value, iso3: str) -> None:
            key = self._key(value, scheme)
            if key is not None:
                candidates[scheme].setdefault(key, [])
                if iso3 not in candidates[scheme][key]:
                    candidates[scheme][key].append(iso3)

        for iso3, row in self._rows.items():
            for scheme in ("iso3", "iso2", "cow", "cow_abbr", "gw", "cameo", "un_name"):
                if row[scheme] is not None:
                    add(scheme, row[scheme], iso3)
            for column in ["un_name"] + [f"name_{lang}" for lang in LANGUAGES]:
                if row[column]:
                    add("name", row[column], iso3)
        for alias in self.aliases.itertuples(index=False):
            add(alias.scheme, alias.value, alias.iso3)
            if alias.scheme == "un_name":  # a UN spelling is a name as well
                add("name", alias.value, alias.iso3)

        rules: dict[str, dict] = {s: {} for s in SCHEMES}
        for p in self.periods.itertuples(index=False):
            key = self._key(p.value, p.scheme)
            start = _day(p.start) if p.start else _OPEN_START
            end = _day(p.end) if p.end else _OPEN_END
            rules[p.scheme].setdefault(key, []).append((start, end, p.iso3, p.as_state or None))

        hits: dict[str, dict] = {s: {} for s in SCHEMES}
        for scheme in SCHEMES:
            for key in set(candidates[scheme]) | set(rules[scheme]):
                found = candidates[scheme].get(key, [])
                its_rules = tuple(sorted(rules[scheme].get(key, [])))
                if len(found) == 1:
                    iso3, as_state = self._fold(found[0])
                elif its_rules:
                    # A code shared by several entities: without a date it means the one of
                    # the rule still open, else of the latest rule.
                    start, end, iso3, as_state = max(its_rules, key=lambda r: (r[1], r[0]))
                else:
                    raise DyadscopeError(
                        f"country registry: {scheme} {key!r} names {found} and has no date rules")
                hits[scheme][key] = _Hit(iso3, as_state, its_rules)
        return hits

    def _fold(self, iso3: str) -> tuple[str, str | None]:
        target = self._rows[iso3]["fold_into"]
        return (target, iso3) if target else (iso3, None)

    def _build_search_index(self) -> list[tuple[str, set[str], list[str]]]:
        extra: dict[str, list[str]] = {}
        for alias in self.aliases.itertuples(index=False):
            extra.setdefault(alias.iso3, []).append(normalise(alias.value))
        index = []
        for iso3, row in self._rows.items():
            codes = {normalise(row[c]) for c in ("iso3", "iso2", "cow_abbr", "cameo") if row[c]}
            codes |= {str(row[c]) for c in NUMERIC_SCHEMES if row[c] is not None}
            names = [normalise(row[c]) for c in ["un_name"] + [f"name_{l}" for l in LANGUAGES] if row[c]]
            index.append((iso3, codes, names + extra.get(iso3, [])))
        return index

    # -- lookups ------------------------------------------------------------------------

    def _check_scheme(self, scheme: str) -> None:
        if scheme != "auto" and scheme not in SCHEMES:
            raise CountryArgumentError(
                f"unknown scheme {scheme!r}; accepted: auto, {', '.join(SCHEMES)}")

    def _lookup(self, value, scheme: str) -> _Hit | None:
        if scheme == "auto":
            numeric = self._key(value, "cow") is not None
            for candidate in (_AUTO_NUMBER if numeric else _AUTO_TEXT):
                hit = self._lookup(value, candidate)
                if hit is not None:
                    return hit
            return None
        key = self._key(value, scheme)
        return None if key is None else self._hits[scheme].get(key)

    def _unknown(self, value, scheme: str) -> UnknownCountryError:
        message = f"unknown country {value!r} (scheme {scheme})"
        suggestions = self._suggest(value)
        if suggestions:
            message += "; did you mean " + ", ".join(suggestions) + "?"
        else:
            message += "; list the known ones with `dyadscope countries`"
        return UnknownCountryError(message)

    def _suggest(self, value, n: int = 5) -> list[str]:
        if value is None:
            return []
        query = normalise(value)
        owners: dict[str, str] = {}
        for iso3, codes, names in self._search_index:
            for text in list(codes) + names:
                owners.setdefault(text, iso3)
        close = difflib.get_close_matches(query, list(owners), n=n * 3, cutoff=0.75)
        out: list[str] = []
        for text in close:
            iso3 = owners[text]
            label = f"{self._rows[iso3]['name_en']} ({iso3})"
            if label not in out:
                out.append(label)
        return out[:n]

    def get(self, iso3: str) -> dict:
        """The registry row of one entity (no folding: ``get("SUN")`` is the Soviet Union)."""
        key = normalise(iso3) if iso3 is not None else ""
        if key not in self._rows:
            raise self._unknown(iso3, "iso3")
        return dict(self._rows[key])

    def resolve(self, value, scheme: str = "auto", date=None) -> str:
        """The registry key of ``value`` read in ``scheme``, on ``date`` where that matters.

        Schemes: iso3, iso2, cow, cow_abbr, gw, cameo, un_name, name (any language, any
        alias) or auto (all of them, codes first). ``date``: a datetime.date, an ISO string or
        a year (a year stands for 1 July). Raises UnknownCountryError.
        """
        return self.resolve_with_state(value, scheme, date)[0]

    def resolve_with_state(self, value, scheme: str = "auto", date=None) -> tuple[str, str | None]:
        """Like :meth:`resolve`, plus the state that acted when it folds into another
        (``"SUN"`` for the USSR, ``"YAR"`` for North Yemen), else None."""
        self._check_scheme(scheme)
        hit = self._lookup(value, scheme)
        if hit is None:
            raise self._unknown(value, scheme)
        return hit.at(_day(date))

    def map_values(self, values: pd.Series, scheme: str,
                   dates: pd.Series | None = None) -> pd.DataFrame:
        """Resolve a whole column at once; unknown values give None (the caller reports them).

        Returns a frame with the index of ``values`` and columns ``iso3`` and ``as_state``.
        Each distinct value is looked up once; dates are read only for values that have
        date rules.
        """
        self._check_scheme(scheme)
        values = values if isinstance(values, pd.Series) else pd.Series(values)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        size = len(uniques)
        # One slot more than there are uniques: code -1 (missing value) picks the last slot.
        base_iso = np.full(size + 1, None, dtype=object)
        base_state = np.full(size + 1, None, dtype=object)
        ruled: dict[int, tuple] = {}
        for i, value in enumerate(uniques):
            hit = self._lookup(value, scheme)
            if hit is not None:
                base_iso[i], base_state[i] = hit.iso3, hit.as_state
                if hit.rules:
                    ruled[i] = hit.rules
        iso3 = base_iso[codes]
        as_state = base_state[codes]

        if dates is not None and ruled:
            date_values = dates.to_numpy() if isinstance(dates, pd.Series) else np.asarray(dates)
            if len(date_values) != len(values):
                raise CountryArgumentError(
                    f"dates has {len(date_values)} rows but values has {len(values)}")
            rows = np.flatnonzero(np.isin(codes, list(ruled)))
            date_codes, date_uniques = pd.factorize(date_values[rows], use_na_sentinel=True)
            days = np.append([_quiet_day(d) for d in date_uniques], np.nan)[date_codes]
            row_codes = codes[rows]
            for i, rules in ruled.items():
                mine = row_codes == i
                for start, end, rule_iso3, rule_state in rules:
                    hit = mine & (days >= start) & (days <= end)
                    iso3[rows[hit]] = rule_iso3
                    as_state[rows[hit]] = rule_state
        # dtype=object keeps None for unknown values (pandas 3 would infer str and use NaN).
        return pd.DataFrame({"iso3": iso3, "as_state": as_state}, index=values.index, dtype=object)

    def search(self, query: str | None = None) -> list[dict]:
        """Entities whose code or name (any language) contains ``query``, exact code
        matches first, then exact names, then the rest in table order; None lists all."""
        if query is None:
            return [dict(row) for row in self._rows.values()]
        needle = normalise(query)
        if not needle:
            return [dict(row) for row in self._rows.values()]
        ranked = []
        for order, (iso3, codes, names) in enumerate(self._search_index):
            if needle in codes:
                rank = 0
            elif needle in names:
                rank = 1
            elif any(needle in text for text in names) or any(needle in c for c in codes):
                rank = 2
            else:
                continue
            ranked.append((rank, order, iso3))
        return [dict(self._rows[iso3]) for _, _, iso3 in sorted(ranked)]

    def post_soviet(self) -> list[str]:
        """The 15 former Soviet republics."""
        return sorted(iso3 for iso3, row in self._rows.items() if row["post_soviet"])

    def name(self, iso3: str, lang: str = "en") -> str:
        """The name of an entity in one of en, ru, kk, tr, pl (English where a name is missing)."""
        if lang not in LANGUAGES:
            raise CountryArgumentError(f"unknown language {lang!r}; accepted: {', '.join(LANGUAGES)}")
        row = self.get(iso3)
        return row[f"name_{lang}"] or row["name_en"]


_DEFAULT: Registry | None = None
