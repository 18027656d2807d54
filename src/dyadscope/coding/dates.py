"""Dates written in a sentence, in five languages: "28 November 2022", "November 28, 2022",
"28 ноября 2022 года", "2022 жылғы 28 қарашада", "28 Kasım 2022", "28 listopada 2022 r.", ISO
dates, and a month with its year ("in January 2022", "в январе 2022 года", "Ocak 2022'de"),
which has month precision.

``find_date`` returns the first date found as ``(ISO date, precision)``; a month alone is dated
to its first day with precision "month".
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
import re

from dyadscope.coding.lexicon import fold

# month stems: the start of every form of the month's name (cases included)
_MONTHS = {
    "en": ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    "ru": ["январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"],
    "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"],
    "tr": ["ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık"],
    "pl": ["stycz", "lut", "mar[cz]", "kwie", "maj", "czerw", "lip", "sierp", "wrze[sś]", "październik", "listopad", "grud"],
}
_ISO = re.compile(r"\b(19\d\d|20\d\d)-(\d\d)-(\d\d)\b")
_YEAR = r"(19\d\d|20\d\d)"


def _month_alt(lang: str) -> str:
    return "|".join(f"(?P<m{i}>{stem})" for i, stem in enumerate(_MONTHS[lang], start=1))


def _compile(lang: str) -> list[tuple[re.Pattern, str]]:
    month = rf"(?:{_month_alt(lang)})\w*\.?"
    day = r"(?P<day>[0-3]?\d)"
    year = rf"(?P<year>{_YEAR[1:-1]})"
    patterns = []
    if lang == "en":
        patterns.append((rf"\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\s*,?\s+{year}\b", "day"))
        patterns.append((rf"\b{month}\s+{day}(?:st|nd|rd|th)?\s*,?\s+{year}\b", "day"))
    elif lang == "kk":
        patterns.append((rf"\b{year}\s*(?:ж\.|жыл\w*)?\s+{day}\s+{month}", "day"))
        patterns.append((rf"\b{day}\s+{month}\s+{year}", "day"))
        patterns.append((rf"\b{year}\s*(?:ж\.|жыл\w*)?\s+{month}", "month"))
    else:
        patterns.append((rf"\b{day}\s+{month}\s+{year}\b", "day"))
    if lang != "kk":
        patterns.append((rf"\b{month}\s+{year}\b", "month"))
    return [(re.compile(p, re.IGNORECASE), precision) for p, precision in patterns]


_PATTERNS: dict[str, list] = {}


def find_date(text: str, lang: str) -> tuple[str, str] | None:
    """The first date written in ``text``: (ISO date, "day" or "month"), or None."""
    for m in _ISO.finditer(text):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), "day"
        except ValueError:
            continue
    if lang not in _PATTERNS:
        _PATTERNS[lang] = _compile(lang)
    folded = fold(text) if lang == "tr" else text
    best = None
    for pattern, precision in _PATTERNS[lang]:
        for m in pattern.finditer(folded):
            month = next(int(k[1:]) for k, v in m.groupdict().items() if k.startswith("m") and v)
            day = int(m.group("day")) if precision == "day" else 1
            try:
                value = dt.date(int(m.group("year")), month, day).isoformat()
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), value, precision)
            break
    return (best[1], best[2]) if best else None


#: words of a date besides the month and the numbers: "2022 r.", "2022 года", "2022 жылғы", "2022'de"
_DATE_WORDS = {"r", "roku", "года", "году", "г", "жылы", "жылғы", "жыл", "yılında", "yılı", "year", "the", "of", "on",
               "in", "w", "we", "в", "во", "z", "od", "do"}


@lru_cache(maxsize=5)
def _month_word(lang: str) -> re.Pattern:
    return re.compile(rf"^(?:{'|'.join(_MONTHS[lang])})", re.IGNORECASE)


def date_tokens(tokens, lang: str) -> set[int]:
    """Indices of the words that make up dates: numbers, month names, and the small words next
    to them ("w kwietniu 2022 r.", "in October 2022", "2017 жылғы қазанда")."""
    month = _month_word(lang)
    core = {i for i, t in enumerate(tokens) if t.base.isdigit() or (month.match(t.base) and _near_number(tokens, i))}
    out = set(core)
    for i in core:
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens) and tokens[j].base in _DATE_WORDS:
                out.add(j)
    return out


def _near_number(tokens, i: int) -> bool:
    return any(0 <= j < len(tokens) and tokens[j].base.isdigit() for j in (i - 1, i + 1))
