"""Benchmark of the report: `dyadscope report KAZ RUS` from a loaded store, against the 10 s target.

Prints the time of the first report in a fresh process (imports and caches cold, as on the
command line), then, warm, each view, the views alone (the baseline) and the whole HTML file
(views + charts + template): the difference is the cost of rendering. Ratios are to the baseline
and to the target. The Vega bundle is built into the user cache before timing, as after the first run.

Usage: python bench/report.py [--store PATH] [--mirror DIR] [A B]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from dyadscope import api
from dyadscope.report.charts import vega_bundle
from dyadscope.report.html import write_report
from dyadscope.report.views import VIEWS, compute_view
from dyadscope.store import Store

ROOT = Path(__file__).resolve().parents[1]
TARGET = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", nargs="?", default="KAZ")
    parser.add_argument("b", nargs="?", default="RUS")
    parser.add_argument("--store", type=Path, help="a loaded store (default: load the mirror into a temporary one)")
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "bench.duckdb"
            with Store(path) as store:
                api.load_mirror(store, args.mirror)
        vega_bundle()
        with Store(path, read_only=True) as store:
            started = time.perf_counter()
            write_report(store, args.a, args.b, Path(tmp) / "first.html")
            first = time.perf_counter() - started
            views = {}
            for name in VIEWS:
                started = time.perf_counter()
                compute_view(store, name, args.a, args.b)
                views[name] = time.perf_counter() - started
            started = time.perf_counter()
            out = write_report(store, args.a, args.b, Path(tmp) / "report.html")
            total = time.perf_counter() - started
            size = out.stat().st_size
    print(f"first report, cold      {first:6.2f} s   {first / TARGET:.2f} of the {TARGET:.0f} s target")
    for name, seconds in views.items():
        print(f"  view {name:<16} {seconds:6.2f} s")
    baseline = sum(views.values())
    print(f"views alone (baseline)   {baseline:6.2f} s")
    print(f"report {args.a}-{args.b} ({size / 1e6:.1f} MB) {total:6.2f} s   "
          f"{total / baseline:.2f}x the views   {total / TARGET:.2f} of the {TARGET:.0f} s target")


if __name__ == "__main__":
    main()
