"""Vega-Lite charts: the spec builders the views use, data injection, the offline JavaScript bundle
and static SVG/PNG rendering.

A view's figure carries its spec *without* data and its data as a list of records;
:func:`embed_spec` joins the two. The same spec is drawn interactively in the browser (the report
and the web app inline :func:`vega_bundle`, so nothing is fetched from another host) and
statically by vl-convert (:func:`to_svg`, :func:`to_png`) for papers.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import platformdirs

from dyadscope.errors import DyadscopeError

VL_VERSION = "6.4"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH, HEIGHT = 640, 260
FORMATS = ("svg", "png")


class ChartError(DyadscopeError):
    """A figure that cannot be rendered (no spec, unknown format)."""


# -- data + spec ----------------------------------------------------------------------------------

def embed_spec(figure: dict) -> dict:
    """The figure's Vega-Lite spec with its records injected as inline data."""
    if "spec" not in figure:
        raise ChartError(f"figure {figure.get('id', '?')!r} has no spec")
    spec = {"$schema": SCHEMA, **figure["spec"]}
    spec["data"] = {"values": figure.get("data", [])}
    return spec


def _vl_convert():
    try:
        import vl_convert
    except ImportError as e:  # a broken installation, not a user error
        raise ChartError("rendering charts needs the package vl-convert-python (pip install vl-convert-python)") from e
    return vl_convert


def to_svg(figure: dict) -> str:
    return _vl_convert().vegalite_to_svg(embed_spec(figure), vl_version=VL_VERSION)


def to_png(figure: dict, *, scale: float = 2.0) -> bytes:
    return _vl_convert().vegalite_to_png(embed_spec(figure), vl_version=VL_VERSION, scale=scale)


def save_figure(figure: dict, path: str | Path) -> Path:
    """Write the figure as SVG or PNG, chosen by the file's suffix."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ChartError(f"cannot write {path.name!r}: the file name must end in {' or '.join('.' + f for f in FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "svg":
        path.write_text(to_svg(figure), encoding="utf-8")
    else:
        path.write_bytes(to_png(figure))
    return path


@functools.cache
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script (globals ``vega``, ``vegaLite``, ``vegaEmbed``).

    Building it takes about a second, so it is kept in the user cache folder, one file per
    vl-convert release and Vega-Lite version.
    """
    vl_convert = _vl_convert()
    folder = Path(platformdirs.user_cache_dir("dyadscope"))
    path = folder / f"vega-bundle-{vl_convert.__version__}-vl{VL_VERSION}.js"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = vl_convert.javascript_bundle(vl_version=VL_VERSION)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)  # atomic: a second process never reads half a file
    except OSError:
        pass  # a read-only cache folder only costs the second next time
    return text


# -- spec builders ----------------------------------------------------------------------------------

def _axis(field: str, kind: str, title: str, **extra) -> dict:
    enc = {"field": field, "type": kind, "title": title}
    if kind == "quantitative" and extra.pop("integer", False):
        enc["axis"] = {"format": "d"}
    enc.update(extra)
    return enc


def _tooltip(fields) -> list[dict]:
    """Tooltip entries; counts (fields named n or n_*) print as integers, other numbers with 3 decimals."""
    out = []
    for f, t in fields:
        entry = {"field": f, "type": t}
        if t == "quantitative":
            entry["format"] = "d" if f == "n" or f.startswith("n_") else ".3f"
        out.append(entry)
    return out


def _base(title: str, layers: list[dict], **extra) -> dict:
    return {"title": title, "width": WIDTH, "height": HEIGHT, "layer": layers, **extra}


def points_interval(*, x: str, y: str, lo: str, hi: str, x_title: str, y_title: str, title: str,
                    tooltip, x_integer: bool = True, y_domain=None) -> dict:
    """One point per period with a vertical rule for its interval."""
    y_enc = _axis(y, "quantitative", y_title)
    if y_domain:
        y_enc["scale"] = {"domain": list(y_domain)}
    x_enc = _axis(x, "quantitative", x_title, integer=x_integer)
    x_enc["scale"] = {"zero": False}
    return _base(title, [
        {"mark": {"type": "rule", "opacity": 0.5},
         "encoding": {"x": x_enc, "y": _axis(lo, "quantitative", y_title), "y2": {"field": hi}}},
        {"mark": {"type": "point", "filled": True, "size": 45},
         "encoding": {"x": x_enc, "y": y_enc, "tooltip": _tooltip(tooltip)}},
    ])


def line_band(*, x: str, y: str, lo: str | None, hi: str | None, x_title: str, y_title: str, title: str,
              tooltip, segments: bool = False) -> dict:
    """A line with a shaded interval band; ``segments`` adds horizontal phase means (fields
    seg_start, seg_end, seg_mean in the same records, on the first row of each phase)."""
    x_enc = _axis(x, "quantitative", x_title, integer=True)
    x_enc["scale"] = {"zero": False}
    layers = []
    if lo and hi:
        layers.append({"mark": {"type": "area", "opacity": 0.25},
                       "encoding": {"x": x_enc, "y": _axis(lo, "quantitative", y_title), "y2": {"field": hi}}})
    layers.append({"mark": {"type": "line", "point": True},
                   "encoding": {"x": x_enc, "y": _axis(y, "quantitative", y_title), "tooltip": _tooltip(tooltip)}})
    if segments:
        layers.append({"transform": [{"filter": "datum.seg_mean != null"}],
                       "mark": {"type": "rule", "color": "#d62728", "strokeWidth": 3},
                       "encoding": {"x": {"field": "seg_start", "type": "quantitative"}, "x2": {"field": "seg_end"},
                                    "y": {"field": "seg_mean", "type": "quantitative"},
                                    "tooltip": _tooltip([("seg_start", "ordinal"), ("seg_end", "ordinal"),
                                                         ("seg_mean", "quantitative")])}})
    return _base(title, layers)


def multi_line(*, x: str, y: str, color: str, x_title: str, y_title: str, title: str, tooltip,
               x_integer: bool = True, color_title: str | None = None) -> dict:
    x_enc = _axis(x, "quantitative", x_title, integer=x_integer)
    x_enc["scale"] = {"zero": False}
    return _base(title, [{
        "mark": {"type": "line", "point": True},
        "encoding": {"x": x_enc, "y": _axis(y, "quantitative", y_title),
                     "color": {"field": color, "type": "nominal", "title": color_title or color},
                     "tooltip": _tooltip(tooltip)},
    }])


def stacked_bars(*, x: str, y: str, color: str, x_title: str, y_title: str, title: str, tooltip,
                 color_title: str | None = None, x_type: str = "ordinal") -> dict:
    return _base(title, [{
        "mark": "bar",
        "encoding": {"x": _axis(x, x_type, x_title), "y": _axis(y, "quantitative", y_title, stack=True),
                     "color": {"field": color, "type": "nominal", "title": color_title or color},
                     "tooltip": _tooltip(tooltip)},
    }])


def bars_interval(*, category: str, y: str, lo: str, hi: str, y_title: str, title: str, tooltip) -> dict:
    """Horizontal bars, one per category, with the interval as a rule."""
    return _base(title, [
        {"mark": "bar", "encoding": {"y": {"field": category, "type": "nominal", "sort": None, "title": None},
                                     "x": _axis(y, "quantitative", y_title, scale={"domain": [0, 1]}),
                                     "tooltip": _tooltip(tooltip)}},
        {"mark": {"type": "rule", "color": "black"},
         "encoding": {"y": {"field": category, "type": "nominal", "sort": None},
                      "x": {"field": lo, "type": "quantitative"}, "x2": {"field": hi}}},
    ])


def heatmap(*, x: str, y: str, value: str, x_title: str, y_title: str, value_title: str, title: str, tooltip) -> dict:
    return _base(title, [{
        "mark": "rect",
        "encoding": {"x": _axis(x, "ordinal", x_title), "y": {"field": y, "type": "nominal", "title": y_title},
                     "color": {"field": value, "type": "quantitative", "title": value_title,
                               "scale": {"scheme": "blues"}},
                     "tooltip": _tooltip(tooltip)},
    }], height=max(HEIGHT, 0))
