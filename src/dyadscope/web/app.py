"""The web app: the report's views as HTML pages for any pair, each with a JSON twin under ``/api/``.

Every page is :func:`dyadscope.report.views.compute_view` over one read-only store, the same code
the report runs. Country names in the address are resolved to ISO3 codes by the registry before
anything else happens, and the query parameters are parsed into dates, so no request text ever
reaches SQL. Errors are one template (or ``{"error": ...}`` under ``/api/``) with a 4xx status.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import threading
from importlib import resources
from typing import Annotated
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError, UnknownCountryError
from dyadscope.report import charts, views
from dyadscope.store import Store

log = logging.getLogger(__name__)

VIEW_LABELS = {"overview": "Overview", "votes": "UN votes", "events": "Events",
               "alliances-trade": "Alliances and trade", "hedging": "Hedging", "peers": "Peers",
               "claims": "Claims", "sources": "Sources"}
# Views that are about one focal state rather than a pair: /state/{a}/{view} compares it with Russia.
STATE_VIEWS = ("hedging", "peers")
STATE_REFERENCE = "RUS"
TABLE_ROWS = 300  # rows shown on a page; the JSON twin and the CSV have them all
_PACKAGE = resources.files("dyadscope.web")
From = Annotated[str | None, Query(alias="from")]
To = Annotated[str | None, Query(alias="to")]


class RequestError(DyadscopeError):
    """A request the app cannot answer: bad parameters, an unknown view or table."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class ViewSource:
    """compute_view over one store: one call at a time (a DuckDB connection is not shared across
    threads) and the latest results kept, since a page and its JSON twin ask for the same view."""

    def __init__(self, store: Store, cache_size: int = 64):
        self.store = store
        self._lock = threading.Lock()
        self._compute = functools.lru_cache(maxsize=cache_size)(self._compute_uncached)

    def _compute_uncached(self, name: str, a: str, b: str, start: str | None, end: str | None) -> dict:
        return views.compute_view(self.store, name, a, b, start=start, end=end)

    def get(self, name: str, a: str, b: str, start: str | None = None, end: str | None = None) -> dict:
        with self._lock:
            return self._compute(name, a, b, start, end)


def parse_period(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """The query's from/to as ISO dates (the same rule as the report: views.check_range)."""
    start, end = views.check_range(start, end)
    return (start.isoformat() if start else None), (end.isoformat() if end else None)


def check_view(view: str, accepted=None) -> str:
    accepted = tuple(accepted or views.VIEWS)
    if view not in accepted:
        raise RequestError(f"unknown view {view!r}; accepted: {', '.join(accepted)}", status=404)
    return view


def format_number(value) -> str:
    """A headline figure for the eye; the element's data-value keeps every digit."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u2009")
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", "\u2009")
    return f"{value:.3f}"


def to_csv(columns: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def create_app(store: Store, *, registry: Registry | None = None) -> FastAPI:
    """The app over ``store`` (opened read-only by the caller: ``Store(path, read_only=True)``)."""
    registry = registry or Registry.default()
    source = ViewSource(store)
    templates = Jinja2Templates(directory=str(_PACKAGE / "templates"))
    templates.env.filters["number"] = format_number
    countries = sorted(({"iso3": row["iso3"], "name": row["name_en"]} for row in registry.search(None)
                        if row["kind"] == "state"), key=lambda row: row["name"])
    app = FastAPI(title="dyadscope", docs_url=None, redoc_url=None, openapi_url=None)
    resolve = registry.resolve  # every country in an address becomes an ISO3 code before anything else

    def focal_state(value: str) -> str:
        a = resolve(value)
        if a == STATE_REFERENCE:
            raise RequestError(f"a focal state is compared with {STATE_REFERENCE}: choose another state")
        return a

    def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        context.update(countries=countries, view_labels=VIEW_LABELS, state_views=STATE_VIEWS,
                       all_views=views.VIEWS)
        return templates.TemplateResponse(request, template, context, status_code=status)

    def canonical(request: Request, path: str) -> RedirectResponse | None:
        """A redirect to the page's address with ISO3 codes, when the request used names."""
        if request.url.path == path:
            return None
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(path + query, status_code=307)

    def show(request: Request, a: str, b: str, view: str, state: str | None, start, end):
        """The page of a view (of the pair a–b, or of the focal ``state``), or a redirect to its ISO3 address."""
        path = f"/state/{a}/{view}" if state else f"/pair/{a}/{b}/{view}"
        redirect = canonical(request, path)
        if redirect:
            return redirect
        result = source.get(view, a, b, start, end)
        return page(request, "view.html", v=result, a=a, b=b, view=view, state=state, start=start, end=end,
                    query=period_query(start, end), api=f"/api{path}", figures=_figures(result),
                    table_rows=TABLE_ROWS)

    def period_query(start, end) -> str:
        pairs = [(k, v) for k, v in (("from", start), ("to", end)) if v]
        return f"?{urlencode(pairs)}" if pairs else ""

    # -- errors: one template, or {"error": ...} under /api/ --------------------------------------
    def error_response(request: Request, status: int, message: str):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return page(request, "error.html", status=status, status_code=status, message=message)

    @app.exception_handler(UnknownCountryError)
    async def unknown_country(request: Request, e: UnknownCountryError):
        return error_response(request, 404, str(e).replace("with `dyadscope countries`", "under /api/"))

    @app.exception_handler(RequestError)
    async def bad_request(request: Request, e: RequestError):
        return error_response(request, e.status, str(e))

    @app.exception_handler(DyadscopeError)
    async def refused(request: Request, e: DyadscopeError):
        return error_response(request, 400, str(e))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, e: HTTPException):
        message = {404: f"no page at {request.url.path}; start at /",
                   405: f"{request.method} is not allowed here; the app only reads"}.get(e.status_code, str(e.detail))
        return error_response(request, e.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError):
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        return error_response(request, 400, problems)

    @app.exception_handler(Exception)
    async def crashed(request: Request, e: Exception):
        log.exception("error on %s", request.url.path)
        return error_response(request, 500, f"internal error ({type(e).__name__}); the server log has the details")

    # -- home and the two forms --------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request):
        return page(request, "home.html")

    @app.get("/api/")
    def home_json():
        return {"views": list(views.VIEWS), "state_views": list(STATE_VIEWS), "countries": countries,
                "routes": ["/pair/{a}/{b}/{view}", "/state/{a}/{view}", "/api/pair/{a}/{b}/{view}",
                           "/api/state/{a}/{view}", "/api/pair/{a}/{b}/{view}/figures/{id}.csv",
                           "/api/pair/{a}/{b}/{view}/tables/{id}.csv"]}

    @app.get("/pair")
    def pair_form(a: str = "", b: str = "", view: str = "overview", start: From = None, end: To = None):
        if not a or not b:
            raise RequestError("choose two countries: query parameters 'a' and 'b'")
        a, b, view = resolve(a), resolve(b), check_view(view)
        return RedirectResponse(f"/pair/{a}/{b}/{view}{period_query(*parse_period(start, end))}", status_code=303)

    @app.get("/state")
    def state_form(a: str = "", view: str = "hedging", start: From = None, end: To = None):
        if not a:
            raise RequestError("choose a country: query parameter 'a'")
        a, view = focal_state(a), check_view(view, STATE_VIEWS)
        return RedirectResponse(f"/state/{a}/{view}{period_query(*parse_period(start, end))}", status_code=303)

    # -- a pair --------------------------------------------------------------------------------------
    @app.get("/pair/{a}/{b}")
    def pair_home(a: str, b: str):
        return RedirectResponse(f"/pair/{resolve(a)}/{resolve(b)}/overview", status_code=307)

    @app.get("/pair/{a}/{b}/{view}", response_class=HTMLResponse)
    def pair_page(request: Request, a: str, b: str, view: str, start: From = None, end: To = None):
        a, b, view = resolve(a), resolve(b), check_view(view)
        start, end = parse_period(start, end)
        return show(request, a, b, view, None, start, end)

    @app.get("/api/pair/{a}/{b}/{view}")
    def pair_json(a: str, b: str, view: str, start: From = None, end: To = None):
        a, b, view = resolve(a), resolve(b), check_view(view)
        return JSONResponse(source.get(view, a, b, *parse_period(start, end)))

    @app.get("/api/pair/{a}/{b}/{view}/{kind}/{item}.csv")
    def pair_csv(a: str, b: str, view: str, kind: str, item: str, start: From = None, end: To = None):
        a, b, view = resolve(a), resolve(b), check_view(view)
        result = source.get(view, a, b, *parse_period(start, end))
        text = _item_csv(result, kind, item)
        filename = f"{a}-{b}-{view}-{item}.csv"
        return Response(text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    # -- a focal state --------------------------------------------------------------------------------
    @app.get("/state/{a}/{view}", response_class=HTMLResponse)
    def state_page(request: Request, a: str, view: str, start: From = None, end: To = None):
        a, view = focal_state(a), check_view(view, STATE_VIEWS)
        start, end = parse_period(start, end)
        return show(request, a, STATE_REFERENCE, view, a, start, end)

    @app.get("/api/state/{a}/{view}")
    def state_json(a: str, view: str, start: From = None, end: To = None):
        a, view = focal_state(a), check_view(view, STATE_VIEWS)
        return JSONResponse(source.get(view, a, STATE_REFERENCE, *parse_period(start, end)))

    # -- the chart library, served by the app itself (no other host is asked for anything) --------------
    @app.get("/static/vega.js")
    def vega_js():
        return Response(charts.vega_bundle(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=str(_PACKAGE / "static")), name="static")
    return app


def _figures(result: dict) -> list[dict]:
    """Each figure with its spec ready for vega-embed."""
    return [{**figure, "embedded": charts.embed_spec(figure)} for figure in result.get("figures", [])]


def _item_csv(result: dict, kind: str, item: str) -> str:
    if kind == "figures":
        for figure in result.get("figures", []):
            if figure["id"] == item:
                columns = list(dict.fromkeys(key for record in figure["data"] for key in record))
                return to_csv(columns, [[record.get(c) for c in columns] for record in figure["data"]])
    elif kind == "tables":
        for table in result.get("tables", []):
            if table["id"] == item:
                return to_csv(table["columns"], table["rows"])
    else:
        raise RequestError(f"unknown kind {kind!r}; accepted: figures, tables", status=404)
    known = [entry["id"] for entry in result.get(kind, [])]
    raise RequestError(f"the {result['view']} view has no {kind[:-1]} {item!r}; it has: {', '.join(known) or 'none'}",
                       status=404)
