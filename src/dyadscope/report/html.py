"""The report: every view of a dyad in one self-contained HTML file that works offline.

Charts are drawn in the browser by the Vega JavaScript inlined in the file (nothing is fetched
from another host); each chart's data is in the file as JSON and as a CSV ``data:`` link, and
its sources are cited under it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import quote

import jinja2
import pandas as pd

from dyadscope import __version__
from dyadscope.errors import DyadscopeError
from dyadscope.report.charts import embed_spec, vega_bundle
from dyadscope.report.views import VIEWS, compute_view

SHORT_TITLES = {"overview": "Overview", "votes": "UN votes", "alliances-trade": "Alliances and trade",
                "events": "Events", "hedging": "Hedging", "peers": "Post-Soviet peers", "claims": "Claims ledger",
                "sources": "Sources and citations"}


def csv_uri(records: list[dict]) -> str:
    text = pd.DataFrame(records).to_csv(index=False)
    return "data:text/csv;charset=utf-8," + quote(text)


def _script_json(data) -> str:
    """JSON safe inside a <script> element: no '</' can close it early."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _cite(key: str) -> str:
    """A source's title under a chart; the full citations are in the sources section."""
    from dyadscope.sources import catalogue

    entry = catalogue().get(key)
    return f"{entry.title} ({key})" if entry else key


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("dyadscope", "report/templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(fmt=_fmt, cite=_cite, short_titles=SHORT_TITLES)
    return env


def compute_report(store, a: str, b: str, *, start=None, end=None, claims=None) -> list[dict]:
    """Every view of the pair, in report order."""
    return [compute_view(store, name, a, b, start=start, end=end, **({"claims": claims} if name == "claims" else {}))
            for name in VIEWS]


def render_report(store, a: str, b: str, *, start=None, end=None, claims=None) -> str:
    views = compute_report(store, a, b, start=start, end=end, claims=claims)
    for view in views:
        for f in view["figures"]:
            f["embedded"] = _script_json(embed_spec(f))
            f["csv_uri"] = csv_uri(f["data"])
    first = views[0]
    span = f"{first['from'] or 'first record'} to {first['to'] or 'last record'}"
    bundle = vega_bundle().replace("</script", "<\\/script")
    return _environment().get_template("report.html.j2").render(
        title=f"{first['names'][0]}–{first['names'][1]}: the relationship in numbers",
        subtitle=f"{first['pair'][0]}–{first['pair'][1]}, {span}. Report made on {time.strftime('%Y-%m-%d')}.",
        views=views, bundle=bundle, version=__version__, store_name=Path(str(store.path)).name)


def write_report(store, a: str, b: str, path, *, start=None, end=None, claims=None) -> Path:
    path = Path(path)
    html = render_report(store, a, b, start=start, end=end, claims=claims)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as e:
        raise DyadscopeError(f"cannot write the report to {path}: {e.strerror or e}") from e
    return path
