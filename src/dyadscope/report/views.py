"""The views of a dyad: the report's sections and the web app's pages, computed by the same code.

``compute_view(store, "votes", "KAZ", "RUS")`` returns one JSON-ready dict::

    {"view", "pair": [A, B], "names", "title", "from", "to",
     "numbers": [{"id", "label", "value", "note"}],
     "figures": [{"id", "title", "caption", "spec" (Vega-Lite, no data), "data": [records], "sources"}],
     "tables": [{"id", "title", "columns", "rows", "sources"}],
     "sources": [source keys], "notes": [caveats of the data, e.g. coverage]}

The claims view also has "claims": the evaluated ledger (claims, tests, numbers, evidence rows).

``charts.embed_spec(figure)`` joins a figure's spec and data. Countries are anything the registry
resolves; unknown ones raise UnknownCountryError, a bad view name or date raises ViewError.
"""

from __future__ import annotations

import datetime as dt

from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError
from dyadscope.measures.votes import resolve_pair

VIEWS: tuple[str, ...] = ("overview", "votes", "alliances-trade", "events", "hedging", "peers", "claims", "sources")
TITLES = {
    "overview": "Overview: the composite cohesion index",
    "votes": "UN General Assembly votes",
    "alliances-trade": "Alliances, trade and shared organisations",
    "events": "Events over time",
    "hedging": "The hedging profile",
    "peers": "Post-Soviet peers",
    "claims": "Claims ledger",
    "sources": "Sources and citations",
}


class ViewError(DyadscopeError):
    """A view asked for with an unknown name or a bad date."""


def parse_date(value, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as e:
        raise ViewError(f"{name} must be a date written YYYY-MM-DD; got {value!r}") from e


def check_range(start, end) -> tuple[dt.date | None, dt.date | None]:
    start, end = parse_date(start, "from"), parse_date(end, "to")
    if start and end and start > end:
        raise ViewError(f"from ({start}) is after to ({end})")
    return start, end


def _claims(store, a, b, start, end, **options) -> dict:
    from dyadscope.report.claims import claims_view

    return claims_view(store, a, b, start, end, **options)


def _builders() -> dict:
    from dyadscope.report import sections

    return {"overview": sections.overview, "votes": sections.votes, "alliances-trade": sections.alliances_trade,
            "events": sections.events, "hedging": sections.hedging, "peers": sections.peers,
            "claims": _claims, "sources": sections.sources}


def compute_view(store, name: str, a: str, b: str, *, start=None, end=None, **options) -> dict:
    """The view ``name`` of the pair a–b between ``start`` and ``end`` (ISO dates, both optional).

    ``options`` go to the view's builder (the claims view takes ``claims=`` a claims file).
    """
    if name not in VIEWS:
        raise ViewError(f"unknown view {name!r}; accepted: {', '.join(VIEWS)}")
    a, b = resolve_pair(a, b)
    start, end = check_range(start, end)
    body = _builders()[name](store, a, b, start, end, **options)
    registry = Registry.default()
    names = [registry.name(a), registry.name(b)]
    sources = list(dict.fromkeys(
        [s for f in body.get("figures", []) for s in f["sources"]]
        + [s for t in body.get("tables", []) for s in t["sources"]] + body.pop("extra_sources", [])))
    return {
        "view": name, "pair": [a, b], "names": names, "title": f"{names[0]}–{names[1]}: {TITLES[name]}",
        "from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
        "numbers": body.get("numbers", []), "figures": body.get("figures", []), "tables": body.get("tables", []),
        "sources": sources, "notes": list(body.get("notes", [])),
        **({"claims": body["claims"]} if "claims" in body else {}),
    }
