"""Benchmark: vote alignment of every dyad in every session, 1946-2026, against two baselines.

ours: ``compute_all_dyads(by="session", measures=("agreement", "s", "kappa"))`` over every roll call
from 1946-01-01 to 2026-12-31 (votes on whole resolutions, the default).
reference: a plain DuckDB self-join that computes only the share of identical votes per dyad and
session, on the same roll calls: the practical floor for any all-dyads query (target: ours within 2x).
pandas: what one writes by hand: for each dyad, merge the two states' votes on the roll call, group
by session, mean of equality (target: ours at least 10x faster). Over ~20,000 dyads that takes
minutes, so it runs on a seeded random sample of dyads and is extrapolated linearly to all dyads
(plus the one-off split of the votes by state, timed in full).

Ours and the reference run alternately ``--repeat`` times; the best time of each counts.

Usage: python bench/vote_measures.py [--store PATH | --mirror DIR] [--sample 300] [--repeat 5] [--seed 0]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dyadscope import api
from dyadscope.measures.all_dyads import compute_all_dyads
from dyadscope.measures.subsets import roll_call_filter
from dyadscope.store import Store

ROOT = Path(__file__).resolve().parents[1]
START, END = "1946-01-01", "2026-12-31"
MEASURES = ("agreement", "s", "kappa")


def ours(store: Store) -> pd.DataFrame:
    return compute_all_dyads(store, by="session", start=START, end=END, measures=MEASURES)


def reference(store: Store) -> pd.DataFrame:
    """Share of identical votes per dyad and session, nothing else: one plain self-join."""
    where, params = roll_call_filter(start=START, end=END)
    return store.query(
        f"""
        SELECT r.session AS period, a.iso3 AS iso3_a, b.iso3 AS iso3_b, count(*) AS n,
               avg((a.vote = b.vote)::INTEGER) AS agreement
        FROM vote a
        JOIN vote b ON a.rc_id = b.rc_id AND a.iso3 < b.iso3
        JOIN roll_call r ON r.rc_id = a.rc_id
        WHERE {where}
        GROUP BY ALL
        """,
        params,
    )


def pandas_by_hand(store: Store, sample: int, seed: int) -> dict:
    """Time the per-dyad merge on ``sample`` random dyads; extrapolate to all of them."""
    where, params = roll_call_filter(start=START, end=END)
    votes = store.query(
        f"SELECT v.rc_id, r.session, v.iso3, v.vote FROM vote v JOIN roll_call r ON r.rc_id = v.rc_id WHERE {where}",
        params,
    )
    started = time.perf_counter()
    by_state = {iso3: group[["rc_id", "session", "vote"]] for iso3, group in votes.groupby("iso3")}
    split = time.perf_counter() - started
    states = sorted(by_state)
    dyads = [(a, b) for i, a in enumerate(states) for b in states[i + 1:]]
    rng = np.random.default_rng(seed)
    chosen = [dyads[i] for i in sorted(rng.choice(len(dyads), size=min(sample, len(dyads)), replace=False))]
    started = time.perf_counter()
    results = []
    for a, b in chosen:
        both = by_state[a].merge(by_state[b], on=["rc_id", "session"], suffixes=("_a", "_b"))
        share = (both["vote_a"] == both["vote_b"]).groupby(both["session"]).mean()
        results.append(pd.DataFrame({"period": share.index, "iso3_a": a, "iso3_b": b, "agreement": share.to_numpy()}))
    frame = pd.concat(results, ignore_index=True)
    loop = time.perf_counter() - started
    return {"frame": frame, "sample": len(chosen), "dyads": len(dyads), "split": split, "loop": loop,
            "extrapolated": split + loop * len(dyads) / len(chosen)}


def max_difference(a: pd.DataFrame, b: pd.DataFrame) -> tuple[int, float]:
    """Rows of ``b`` not found in ``a``, and the largest agreement difference on the rows found."""
    both = b.merge(a, on=["period", "iso3_a", "iso3_b"], how="left", suffixes=("", "_ours"))
    missing = int(both["agreement_ours"].isna().sum())
    return missing, float((both["agreement"] - both["agreement_ours"]).abs().max())


def bench_votes(store_path: Path | None = None, mirror: Path | None = None, *, sample: int = 300,
                repeat: int = 5, seed: int = 0) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        if store_path is None:
            mirror = mirror or ROOT.parent / "shared" / "data"
            store_path = Path(tmp) / "votes.duckdb"
            with Store(store_path) as s:
                api.load_mirror(s, mirror)
        with Store(store_path, read_only=True) as store:
            times: dict[str, list[float]] = {"ours": [], "reference": []}
            frames: dict[str, pd.DataFrame] = {}
            for _ in range(repeat):
                for name, func in (("ours", ours), ("reference", reference)):
                    started = time.perf_counter()
                    frames[name] = func(store)
                    times[name].append(time.perf_counter() - started)
            by_hand = pandas_by_hand(store, sample, seed)
            where, params = roll_call_filter(start=START, end=END)
            roll_calls = store.con.execute(f"SELECT count(*) FROM roll_call r WHERE {where}", params).fetchone()[0]
    best = {name: min(values) for name, values in times.items()}
    mine, ref = frames["ours"], frames["reference"]
    result = {
        "ours": best["ours"], "reference": best["reference"], "pandas": by_hand["extrapolated"],
        "ratio_reference": best["ours"] / best["reference"], "ratio_pandas": by_hand["extrapolated"] / best["ours"],
        "rows": len(mine), "roll_calls": roll_calls,
    }
    missing_ref, diff_ref = max_difference(mine, ref)
    missing_pd, diff_pd = max_difference(mine, by_hand["frame"])
    print(f"vote measures, every dyad and session {START} to {END}: {roll_calls:,} roll calls (resolutions), "
          f"{len(mine):,} dyad-sessions; best of {repeat}, ours and the reference run alternately")
    print(f"  dyadscope compute_all_dyads({', '.join(MEASURES)})  {best['ours']:6.2f} s  "
          f"(runs: {' '.join(f'{t:.2f}' for t in times['ours'])})")
    print(f"  duckdb reference self-join (agreement only)        {best['reference']:6.2f} s  "
          f"(runs: {' '.join(f'{t:.2f}' for t in times['reference'])})")
    print(f"  pandas by hand, {by_hand['sample']} of {by_hand['dyads']:,} dyads (seed {seed})      "
          f"{by_hand['loop']:6.2f} s, split by state {by_hand['split']:.2f} s "
          f"-> extrapolated to all dyads {by_hand['extrapolated']:.0f} s")
    print(f"  same numbers: reference {len(ref):,} rows, {missing_ref} not in ours, "
          f"max |agreement diff| {diff_ref:.1e}; "
          f"pandas sample {len(by_hand['frame']):,} rows, {missing_pd} not in ours, max diff {diff_pd:.1e}")
    print(f"all dyads x sessions: dyadscope {best['ours']:.2f} s | duckdb reference {best['reference']:.2f} s "
          f"({result['ratio_reference']:.2f}x) | pandas (extrapolated from {by_hand['sample']} dyads) "
          f"{by_hand['extrapolated']:.0f} s ({result['ratio_pandas']:.0f}x slower)")
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    print(f"targets: within 2x of the reference: {met(result['ratio_reference'] <= 2)}; "
          f"at least 10x faster than pandas: {met(result['ratio_pandas'] >= 10)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a loaded store (default: load --mirror into a temporary one)")
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sample", type=int, default=300, help="dyads timed for the pandas baseline")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    bench_votes(args.store, args.mirror, sample=args.sample, repeat=args.repeat, seed=args.seed)


if __name__ == "__main__":
    main()
