"""Language identification: which of English, Russian, Kazakh, Turkish and Polish a text is in.

Letters only one of the languages uses decide at once (ә ғ қ ң ө ұ ү һ are Kazakh; ą ę ł ń ś ź ż
Polish; ğ ı ş Turkish). Otherwise lingua decides, built once and restricted to the five
languages plus a few neighbours (Ukrainian, Belarusian, German, French, Spanish, Italian), so
that a text in one of those is reported as unsupported instead of being read as Russian or
English. ``detect`` returns a code of ``SUPPORTED``, another ISO 639-1 code, or None.
"""

from __future__ import annotations

import re

SUPPORTED = ("en", "ru", "kk", "tr", "pl")

_KAZAKH = re.compile(r"[әғқңөұүһӘҒҚҢӨҰҮҺ]")
_POLISH = re.compile(r"[ąęłńśźżĄĘŁŃŚŹŻ]")
_TURKISH = re.compile(r"[ğışĞİŞ]")
_UKRAINIAN = re.compile(r"[їєґЇЄҐ]")
_LETTERS = re.compile(r"[^\W\d_]")

_DETECTOR = None


def _detector():
    global _DETECTOR
    if _DETECTOR is None:
        from lingua import Language, LanguageDetectorBuilder

        languages = [Language.ENGLISH, Language.RUSSIAN, Language.KAZAKH, Language.TURKISH, Language.POLISH,
                     Language.UKRAINIAN, Language.BELARUSIAN, Language.GERMAN, Language.FRENCH, Language.SPANISH,
                     Language.ITALIAN]
        _DETECTOR = LanguageDetectorBuilder.from_languages(*languages).build()
    return _DETECTOR


def detect(text: str) -> str | None:
    """The language of ``text`` as an ISO 639-1 code; None when it has no letters to judge."""
    sample = text[:2000]
    if len(_LETTERS.findall(sample)) < 3:
        return None
    if _KAZAKH.search(sample):
        return "kk"
    if _UKRAINIAN.search(sample):
        return "uk"
    if _POLISH.search(sample) and not _TURKISH.search(sample):
        return "pl"
    if _TURKISH.search(sample) and not _POLISH.search(sample):
        return "tr"
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None


def normalise_lang(value) -> str | None:
    """A language code as given in the input ("RU", "ru-RU", "kaz") in the form used here."""
    if value is None:
        return None
    text = str(value).strip().lower().replace("_", "-")
    if not text:
        return None
    text = text.split("-")[0]
    return {"eng": "en", "rus": "ru", "kaz": "kk", "kz": "kk", "tur": "tr", "pol": "pl"}.get(text, text)
