"""GDELT benchmark: N million rows in the GDELT 2.0 layout, loaded with an actor filter and
aggregated to dyad-months, three ways, each in its own process (so each peak memory is its own):

(a) dyadscope: ``GdeltLoader(actors=KAZ,RUS)`` into a fresh store (files searched ahead in
    worker processes, then validation, code mapping, duplicate collapsing, one transaction per
    file), then a dyad-month aggregation in SQL;
(b) DuckDB alone: unzip every file (DuckDB cannot read zip) to the same scratch folder as (a),
    with the same inflate as (a) (ISA-L),
    then one ``read_csv`` of them all with the same filter and aggregation, no checks, no
    collapsing, no store: the practical limit;
(c) pandas: ``read_csv`` of each zip (all columns, as GDELT clients do), filter, concat, groupby.

Targets at 10 million rows: (a) at least 0.5x the speed of (b), at least 10x that of (c), peak
memory of (a) under 2 GB (its own peak plus, for each worker process that searches files
ahead, the largest worker's peak). Input: a seeded generator (dyadscope.events.synthetic), 1 million
rows per file, written once into a temporary folder (not timed).

Usage: python bench/events.py [--rows-million 10] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACTORS = ("KAZ", "RUS")
PER_FILE = 1_000_000


def make_files(folder: Path, rows: int) -> list[Path]:
    from dyadscope.events.synthetic import write_gdelt

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range((rows + PER_FILE - 1) // PER_FILE):
        n = min(PER_FILE, rows - k * PER_FILE)
        path = folder / f"2022{k // 28 + 1:02d}{k % 28 + 1:02d}000000.export.CSV.zip"
        if not path.exists():
            write_gdelt(path, n, seed=k, start=f"2022-{k // 28 + 1:02d}-01", days=28, first_id=1_000_000_000 + k * PER_FILE)
        files.append(path)
    return files


def run_ours(files: list[Path], tmp: Path) -> dict:
    from dyadscope.loaders import get_loader, run_load
    from dyadscope.store import Store

    started = time.perf_counter()
    with Store(tmp / "bench.duckdb") as store:
        loader = get_loader("gdelt")
        loader.actors = ",".join(ACTORS)
        run_load(store, loader, files)  # as `dyadscope load gdelt FILES... --actors KAZ,RUS` does
        rows = store.con.execute("""
            SELECT source_iso3, target_iso3, date_trunc('month', date) AS month, count(*) AS events,
                   sum(reports) AS reports, avg(goldstein) AS goldstein
            FROM event WHERE dataset = 'gdelt2' GROUP BY ALL""").fetchall()
    return {"seconds": time.perf_counter() - started, "groups": len(rows)}


def run_duckdb(files: list[Path], tmp: Path) -> dict:
    import shutil

    import duckdb

    from dyadscope.events.gdelt import GDELT2
    from dyadscope.events.scan import extract
    from dyadscope.loaders.gdelt import scratch_dir

    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(dir=scratch_dir(files[0]) or tmp))  # the same place (a) decompresses to
    texts = [str(extract(file, scratch)) for file in files]  # the same fast inflate as (a)
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in GDELT2) + "}"
    codes = ", ".join(f"'{c}'" for c in ACTORS)
    con = duckdb.connect()
    rows = con.execute(f"""
        SELECT Actor1CountryCode, Actor2CountryCode, substr(Day, 1, 6) AS month, count(*) AS events,
               sum(NumMentions::INTEGER) AS reports, avg(GoldsteinScale::DOUBLE) AS goldstein
        FROM read_csv({texts}, delim = '\t', header = false, quote = '', escape = '', auto_detect = false,
                      columns = {columns})
        WHERE Actor1CountryCode IN ({codes}) OR Actor2CountryCode IN ({codes})
        GROUP BY ALL""").fetchall()
    seconds = time.perf_counter() - started
    shutil.rmtree(scratch)
    return {"seconds": seconds, "groups": len(rows)}


def run_pandas(files: list[Path], tmp: Path) -> dict:
    import pandas as pd

    from dyadscope.events.gdelt import GDELT2

    started = time.perf_counter()
    kept = []
    for file in files:
        frame = pd.read_csv(file, sep="\t", header=None, names=GDELT2, dtype={"EventCode": str, "Day": str})
        keep = frame["Actor1CountryCode"].isin(ACTORS) | frame["Actor2CountryCode"].isin(ACTORS)
        kept.append(frame[keep])
        del frame
    frame = pd.concat(kept)
    frame["month"] = frame["Day"].str[:6]
    rows = frame.groupby(["Actor1CountryCode", "Actor2CountryCode", "month"], dropna=False).agg(
        events=("GlobalEventID", "size"), reports=("NumMentions", "sum"), goldstein=("GoldsteinScale", "mean"))
    return {"seconds": time.perf_counter() - started, "groups": len(rows)}


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


STEPS = {"ours": run_ours, "duckdb": run_duckdb, "pandas": run_pandas}


def child(step: str, folder: Path) -> None:
    files = sorted(folder.glob("*.zip"))
    with tempfile.TemporaryDirectory() as tmp:
        result = STEPS[step](files, Path(tmp))
    result["peak_mb"] = peak_mb()
    if step == "ours":  # plus the worker processes that search files ahead, each at a worker's peak
        from dyadscope.loaders.gdelt import GdeltLoader

        probe = ("import sys; from pathlib import Path; from dyadscope.events.scan import main; "
                 "main([sys.argv[1], sys.argv[2], 'KAZ', 'RUS']); "
                 "print([l for l in Path('/proc/self/status').read_text().splitlines() if l.startswith('VmHWM')][0].split()[1])")
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([sys.executable, "-c", probe, str(files[0]), str(Path(tmp) / "c.tsv")],
                                 capture_output=True, text=True, check=True)
        result["worker_mb"] = int(out.stdout.split()[-1]) / 1024
        result["peak_mb"] += GdeltLoader.workers * result["worker_mb"]
    print(json.dumps(result))


def bench_events(rows_million: float = 10, folder: Path | None = None) -> dict:
    rows = int(rows_million * 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(folder) if folder else Path(tmp) / "gdelt"
        started = time.perf_counter()
        make_files(folder, rows)
        print(f"events: {rows:,} rows in the GDELT 2.0 layout, {len(list(folder.glob('*.zip')))} zip file(s) "
              f"(written in {time.perf_counter() - started:.1f} s, not timed)")
        results = {}
        for step in STEPS:
            out = subprocess.run([sys.executable, __file__, "--child", step, "--dir", str(folder)],
                                 capture_output=True, text=True, check=True)
            results[step] = json.loads(out.stdout.strip().splitlines()[-1])
    a, b, c = results["ours"], results["duckdb"], results["pandas"]
    print(f"  (a) dyadscope load + filter + dyad-month: {a['seconds']:7.2f} s, peak {a['peak_mb']:6.0f} MB")
    print(f"  (b) DuckDB unzip + read_csv + same query:  {b['seconds']:7.2f} s, peak {b['peak_mb']:6.0f} MB")
    print(f"  (c) pandas read_csv + filter + groupby:    {c['seconds']:7.2f} s, peak {c['peak_mb']:6.0f} MB")
    print(f"  speed of (a) relative to (b): {b['seconds'] / a['seconds']:.2f}x (target >= 0.5x); "
          f"(a) is {c['seconds'] / a['seconds']:.1f}x faster than (c) (target >= 10x); "
          f"peak memory (a) {a['peak_mb']:.0f} MB (target < 2048 MB)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows-million", type=float, default=10)
    parser.add_argument("--dir", type=Path, help="keep the generated files here (reused when present)")
    parser.add_argument("--child", choices=tuple(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.dir)
    else:
        bench_events(args.rows_million, args.dir)


if __name__ == "__main__":
    main()
