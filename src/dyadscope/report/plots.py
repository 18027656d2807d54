"""Static figures for papers: one chart of a view, by measure name, saved as SVG or PNG."""

from __future__ import annotations

from dyadscope.errors import DyadscopeError
from dyadscope.report import charts
from dyadscope.report.views import compute_view

# measure name -> (view, figure id); the vote measures other than agreement reuse its data
PLOT_MEASURES = {
    "agreement": ("votes", "agreement"),
    "index": ("votes", "agreement"),
    "s": ("votes", "agreement"),
    "kappa": ("votes", "agreement"),
    "pi": ("votes", "agreement"),
    "idealpoint-distance": ("votes", "idealpoint-distance"),
    "issues": ("votes", "issues"),
    "cohesion": ("overview", "cohesion"),
    "components": ("overview", "components"),
    "net-cooperation": ("events", "net-cooperation"),
    "events": ("events", "events-by-quad"),
    "trade": ("alliances-trade", "trade"),
    "alliance": ("alliances-trade", "alliance"),
    "igos": ("alliances-trade", "igos"),
    "hedging": ("hedging", "hedging"),
    "tilt": ("hedging", "tilt"),
    "peers": ("peers", "peers"),
    "rank": ("peers", "rank"),
}
VOTE_LABELS = {"index": "agreement index (1 / 0.5 / 0)", "s": "S-score", "kappa": "Cohen's kappa",
               "pi": "Scott's pi"}


class PlotError(DyadscopeError):
    """A figure asked for with an unknown measure, or one with no data for the pair."""


def plot_figure(store, a: str, b: str, measure: str, *, start=None, end=None) -> dict:
    """The figure of ``measure`` for the pair (a view's figure record, spec and data)."""
    if measure not in PLOT_MEASURES:
        raise PlotError(f"unknown measure {measure!r}; accepted: {', '.join(PLOT_MEASURES)}")
    view_name, figure_id = PLOT_MEASURES[measure]
    view = compute_view(store, view_name, a, b, start=start, end=end)
    figure = next((f for f in view["figures"] if f["id"] == figure_id), None)
    if figure is None or not figure["data"]:
        raise PlotError(f"no data for {measure!r} for {'–'.join(view['pair'])} in the range")
    if measure in VOTE_LABELS:
        names = "–".join(view["names"])
        figure = {**figure, "id": measure, "title": f"{VOTE_LABELS[measure]} per session",
                  "spec": charts.points_interval(
                      x="session", y=measure, lo=f"{measure}_lo", hi=f"{measure}_hi",
                      x_title="UN General Assembly session", y_title=VOTE_LABELS[measure],
                      title=f"{VOTE_LABELS[measure]} per session, {names}",
                      tooltip=[("session", "ordinal"), ("n", "quantitative"), (measure, "quantitative")])}
    return figure


def save_plot(store, a: str, b: str, measure: str, path, *, start=None, end=None):
    return charts.save_figure(plot_figure(store, a, b, measure, start=start, end=end), path)
