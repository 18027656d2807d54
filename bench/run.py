"""Benchmarks. Each prints our time, a baseline measured in the same run, and the ratio.

load: loading every source in the data mirror into a fresh store (target: under 30 s), against
a baseline that only copies the same files into DuckDB (read_csv / read_json / pyreadr) with
no validation, no country mapping and no de-duplication: the floor any loader stands on.

votes: agreement, S and kappa for every dyad and session 1946-2026 (bench/vote_measures.py),
against a plain DuckDB self-join computing agreement only (target: within 2x) and a pandas merge
per dyad written by hand (target: at least 10x faster).

events: N million GDELT 2.0 rows (seeded generator) loaded with an actor filter and aggregated to
dyad-months (bench/events.py), against DuckDB's own read_csv with the same filter and query
(target: at least 0.5x its speed) and pandas read_csv + filter + groupby (target: 10x faster).

report: `dyadscope report KAZ RUS` from a loaded store (bench/report.py), against the views it is
made of computed alone, and the 10 s target.

coder: the multilingual event coder on a five-language corpus, sentences per second on one core
(bench/coder.py), against the 250 sentences/s PETRARCH2 reports (target: at least 4x).

Usage: python bench/run.py [--mirror DIR] [--store PATH] [--only load|votes|events|report|coder] [--rows-million N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from dyadscope import api
from dyadscope.loaders import get_loader
from dyadscope.store import Store

ROOT = Path(__file__).resolve().parents[1]


def baseline(mirror: Path, path: Path) -> float:
    """Copy the very files the loaders read into DuckDB tables, with no checks at all."""
    import pyreadr

    files = [f for name in api.mirror_sources(mirror) for f in get_loader(name).find(mirror).values()]
    started = time.perf_counter()
    con = duckdb.connect(str(path))
    for i, file in enumerate(files):
        if file.name.endswith(".rda"):
            frame = next(iter(pyreadr.read_r(str(file)).values()))  # noqa: F841 (read by DuckDB below)
            con.execute(f"CREATE TABLE t{i} AS SELECT * FROM frame")
        elif file.name.endswith(".json"):
            con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_json('{file}', format='newline_delimited')")
        else:
            con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv('{file}')")
    con.close()
    return time.perf_counter() - started


def bench_load(mirror: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with Store(Path(tmp) / "bench.duckdb") as store:
            results = api.load_mirror(store, mirror)
        ours = time.perf_counter() - started
        base = baseline(mirror, Path(tmp) / "baseline.duckdb")
    per_source: dict[str, float] = {}
    for r in results:
        per_source[r.source] = per_source.get(r.source, 0.0) + r.seconds
    for name, seconds in per_source.items():
        print(f"  {name:14s} {seconds:6.2f} s")
    print(f"load mirror: dyadscope {ours:.2f} s (target < 30 s) | baseline plain DuckDB copy {base:.2f} s "
          f"| ratio {ours / base:.2f}x")


def main() -> None:
    from vote_measures import bench_votes  # bench/vote_measures.py: every dyad and session

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", choices=("load", "votes", "events", "report", "coder"), help="run one benchmark (default: all)")
    parser.add_argument("--rows-million", type=float, default=10, help="events: GDELT rows to generate (millions)")
    parser.add_argument("--store", type=Path, help="votes: a loaded store (default: load --mirror into a temporary one)")
    args = parser.parse_args()
    if args.only in (None, "load"):
        bench_load(args.mirror)
    if args.only in (None, "votes"):
        bench_votes(args.store, args.mirror)
    if args.only in (None, "events"):
        from events import bench_events  # bench/events.py: GDELT load + actor filter + dyad-month

        bench_events(args.rows_million)
    if args.only in (None, "report"):  # its own process: imports and caches start cold
        subprocess.run([sys.executable, str(ROOT / "bench" / "report.py"), "--mirror", str(args.mirror)], check=True)
    if args.only in (None, "coder"):
        from coder import bench_coder  # bench/coder.py: sentences per second on one core

        bench_coder()


if __name__ == "__main__":
    main()
