"""CAMEO event codes → PLOVER categories, Goldstein values and quad classes.

The tables are data shipped with the package (see ``data/events-tables.md``):

- ``CAMEO2PLOVER-2021.txt``, the Open Event Data Alliance's conversion table (PLOVER manual
  draft 0.8, 2021; CC BY-SA 4.0). It writes the 2021 draft names REQUEST and ACCUSE; the
  current PLOVER names are DEMAND and DISAPPROVE, and both are accepted everywhere. Its
  ``investigate`` rows (CAMEO 09x) are INVESTIGATE, as in the PLOVER README's table.
- ``CAMEO.goldsteinscale.txt``, the Goldstein (1992) value of every CAMEO code.

Quad classes follow the PLOVER README ("PLOVER quad categories"). A CAMEO code missing from a
table is looked up by its shorter prefixes (``"0314"`` → ``"031"`` → ``"03"``), the way CAMEO's
hierarchy is meant to be read.

Example::

    >>> plover_type("1011"), quad_of("DEMAND"), goldstein("057")
    ('DEMAND', 'verbal_conflict', 8.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from dyadscope.errors import DyadscopeError

#: 2021 draft names → current PLOVER names
ALIASES = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}

#: PLOVER README, "PLOVER quad categories"
QUADS = {
    "verbal_cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material_cooperation": ("COOPERATE", "AID", "RETREAT", "INVESTIGATE"),
    "verbal_conflict": ("DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "SANCTION"),
    "material_conflict": ("PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"),
}
QUAD_OF = {t: q for q, types in QUADS.items() for t in types}
PLOVER_TYPES = tuple(QUAD_OF)

#: CAMEO / GDELT QuadClass numbers (1-4) → quad names
CAMEO_QUADS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}

_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([^#]*?)\s*(?:#\s*(.*))?$")


class UnknownEventTypeError(DyadscopeError):
    """An event type that is neither a PLOVER category nor one of its 2021 draft names."""


@dataclass(frozen=True)
class Crosswalk:
    code: str
    plover_type: str
    mode: str
    context: str
    description: str


def normalise_type(name: str) -> str:
    """The current PLOVER name of ``name`` (case-insensitive; REQUEST → DEMAND, ACCUSE → DISAPPROVE).

    Raises UnknownEventTypeError listing the accepted names.
    """
    text = str(name or "").strip().upper()
    text = ALIASES.get(text, text)
    if text not in QUAD_OF:
        raise UnknownEventTypeError(
            f"unknown PLOVER event type {name!r}; expected one of {', '.join(PLOVER_TYPES)} "
            f"(or the 2021 names {', '.join(ALIASES)})")
    return text


def quad_of(plover_type: str) -> str:
    return QUAD_OF[normalise_type(plover_type)]


@cache
def crosswalk() -> dict[str, Crosswalk]:
    """CAMEO code → its row of the conversion table; a code listed twice keeps its first row."""
    text = resources.files("dyadscope").joinpath("data/CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    rows: dict[str, Crosswalk] = {}
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        code, body, description = m.group(1), m.group(2), (m.group(3) or "").strip()
        fields = [f.strip() for f in body.split(",")] + ["", ""]
        category, mode, context = fields[0].upper(), fields[1], fields[2]
        if not category:
            continue
        if category == "ACCUSE" and mode == "investigate":
            category = "INVESTIGATE"
        category = ALIASES.get(category, category)
        rows.setdefault(code, Crosswalk(code, category, mode, context, description))
    return rows


@cache
def goldstein_table() -> dict[str, float]:
    text = resources.files("dyadscope").joinpath("data/CAMEO.goldsteinscale.txt").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines()[1:]:
        code, _, value = line.partition("\t")
        if code.strip():
            table[code.strip()] = float(value)
    return table


def _lookup(table: dict, code) -> object | None:
    code = str(code or "").strip()
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def plover_type(cameo_code) -> str | None:
    """The PLOVER category of a CAMEO code; None for codes PLOVER dropped (01, 02) or unknown."""
    row = _lookup(crosswalk(), cameo_code)
    return row.plover_type if row else None


def goldstein(cameo_code) -> float | None:
    return _lookup(goldstein_table(), cameo_code)


def is_cameo_code(code) -> bool:
    """A 2-4 digit code whose root is a CAMEO cue category (01-20)."""
    text = str(code or "").strip()
    return bool(re.fullmatch(r"\d{2,4}", text)) and 1 <= int(text[:2]) <= 20


def code_table(codes) -> pd.DataFrame:
    """One row per distinct CAMEO code: ``cameo_code, plover_type, plover_mode, plover_context,
    quad_plover, goldstein_table, known``.

    Used by the loaders to join codes in bulk instead of looking them up row by row.
    """
    distinct = sorted({str(c) for c in codes if c is not None and c == c})
    rows = [_lookup(crosswalk(), c) for c in distinct]
    types = [r.plover_type if r else None for r in rows]
    return pd.DataFrame({
        "cameo_code": distinct,
        "plover_type": types,
        "plover_mode": [(r.mode or None) if r else None for r in rows],
        "plover_context": [(r.context or None) if r else None for r in rows],
        "quad_plover": [QUAD_OF.get(t) if t else None for t in types],
        "goldstein_table": [goldstein(c) for c in distinct],
        "known": [is_cameo_code(c) for c in distinct],
    })
