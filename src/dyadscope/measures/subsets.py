"""Which roll calls a measure is computed over: the period, the issue subset, and the kind of vote.

Every vote measure (one dyad or all dyads) selects its roll calls through :func:`roll_call_filter`,
so that the same words mean the same roll calls everywhere.

Kinds of roll call (``roll_calls=``):

- ``"resolutions"`` (default): votes on whole resolutions; amendment and paragraph votes are left
  out. This is the definition behind the agreement shares Voeten publishes (RUSSAgree, USAgree
  ...): on it our Kazakhstan-Russia agreement reproduces RUSSAgree for sessions 47-74 with a mean
  absolute difference of 0.0014 (see docs/measures/validation.md).
- ``"all"``: every recorded vote, amendments and separate paragraph votes included.

Issue subsets (``issue=``):

- Voeten's six issue codes: ``me`` (Palestinian conflict), ``nu`` (nuclear weapons and nuclear
  material), ``di`` (arms control and disarmament), ``hr`` (human rights), ``co`` (colonialism),
  ``ec`` (economic development). Coded in the unvotes data only, i.e. to January 2020.
- ``subject:TERM``: roll calls whose UNBIS subject terms (UN extract, from session 74) contain
  TERM, case-insensitive, e.g. ``subject:nuclear``.
- ``ukraine``: the eleventh emergency special session (A/RES/ES-11/...), every resolution whose
  title names Ukraine or Crimea, and A/RES/68/262 "Territorial integrity of Ukraine" (whose title
  in the unvotes data is a generic one).
"""

from __future__ import annotations

import datetime as dt

from dyadscope.errors import DyadscopeError

VOETEN_ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
ISSUES = {**VOETEN_ISSUES, "ukraine": "Ukraine and Crimea (ES-11, titles naming Ukraine or Crimea, A/RES/68/262)"}
ROLL_CALLS = ("resolutions", "all")
UKRAINE_SYMBOLS = ("A/RES/68/262",)


class SubsetError(DyadscopeError):
    """An issue subset, kind of roll call or period that cannot be used."""


def _date(value, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise SubsetError(f"{name} must be an ISO date (YYYY-MM-DD); got {value!r}") from e


def roll_call_filter(
    *,
    issue: str | None = None,
    roll_calls: str = "resolutions",
    start=None,
    end=None,
    sessions=None,
    alias: str = "r",
) -> tuple[str, list]:
    """A SQL condition on table ``roll_call`` (as ``alias``) and its parameters.

    Always excludes roll calls that another source records too (superseded_by), so a roll call
    is never counted twice.
    """
    r = alias
    where = [f"{r}.superseded_by IS NULL"]
    params: list = []
    if roll_calls not in ROLL_CALLS:
        raise SubsetError(f"unknown kind of roll call {roll_calls!r}; accepted: {', '.join(ROLL_CALLS)}")
    if roll_calls == "resolutions":
        where.append(f"NOT coalesce({r}.amend, false) AND NOT coalesce({r}.para, false)")
    first, last = _date(start, "start"), _date(end, "end")
    if first and last and first > last:
        raise SubsetError(f"start {first} is after end {last}")
    if first:
        where.append(f"{r}.date >= ?")
        params.append(first)
    if last:
        where.append(f"{r}.date <= ?")
        params.append(last)
    if sessions is not None:
        sessions = [int(s) for s in sessions]
        where.append(f"{r}.session IN ({', '.join('?' for _ in sessions)})" if sessions else "false")
        params += sessions
    if issue:
        where.append(issue_condition(issue, r))
        if issue.startswith("subject:"):
            params.append(f"%{issue.split(':', 1)[1].strip().lower()}%")
        elif issue in VOETEN_ISSUES:
            params.append(issue)
    return " AND ".join(where), params


def issue_condition(issue: str, r: str = "r") -> str:
    if issue in VOETEN_ISSUES:
        return f"list_contains({r}.issue_codes, ?)"
    if issue == "ukraine":
        symbols = ", ".join(f"'{s}'" for s in UKRAINE_SYMBOLS)
        return (f"({r}.session_label = 'ES-11' OR {r}.title ILIKE '%ukrain%' OR {r}.title ILIKE '%crimea%'"
                f" OR {r}.symbol IN ({symbols}))")
    if issue.startswith("subject:") and issue.split(":", 1)[1].strip():
        return f"len(list_filter({r}.subjects, lambda t: lower(t) LIKE ?)) > 0"
    raise SubsetError(
        f"unknown issue subset {issue!r}; accepted: {', '.join(ISSUES)}, or subject:TERM (UNBIS subject terms)"
    )
