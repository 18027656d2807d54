"""The Python API. The CLI and the web app are thin layers over these functions.

Every function takes a :class:`~dyadscope.store.Store` (or opens the default one) and returns
plain data: a pandas DataFrame, a dict, or a list of dataclasses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dyadscope.countries import Registry
from dyadscope.errors import DyadscopeError, LoadError
from dyadscope.loaders import LOADERS, LoadResult, get_loader, run_load
from dyadscope.measures.votes import resolve_pair
from dyadscope.sources import catalogue, get_source
from dyadscope.store import Store

# the order in which a mirror is loaded: vote sources first, so the overlap is settled once
MIRROR_ORDER = ("unvotes", "unxml", "idealpoints", "atop", "cow-alliance", "cow-trade", "cow-igo",
                "cow-states", "gw-states", "cow-contiguity", "rivalries", "cow-distance")


def load(store: Store, source: str, path: str | Path, *, strict: bool = False, progress=None) -> list[LoadResult]:
    """Load ``source`` from a file or folder; one transaction per part of the source."""
    return run_load(store, get_loader(source), Path(path), strict=strict, progress=progress)


def mirror_sources(mirror: str | Path) -> list[str]:
    """The sources whose folder exists in ``mirror`` (a folder laid out like ../shared/data)."""
    mirror = Path(mirror)
    if not mirror.is_dir():
        raise LoadError(f"{mirror}: no such folder")
    found = []
    for name in MIRROR_ORDER:
        src = get_source(name)
        folder = mirror / src.folder
        if folder.is_dir() and any(
            p.name.split(".")[0] in src.files or p.name.rsplit(".", 1)[0] in src.files for p in folder.iterdir()
        ):
            found.append(name)
    return found


def load_mirror(store: Store, mirror: str | Path, *, strict: bool = False, progress=None) -> list[LoadResult]:
    """Load every source found in ``mirror``. A source that fails does not undo the others."""
    names = mirror_sources(mirror)
    if not names:
        raise LoadError(f"{mirror}: no source folder found; expected one of "
                        + ", ".join(sorted({get_source(n).folder for n in MIRROR_ORDER})))
    results: list[LoadResult] = []
    for name in names:
        results += load(store, name, mirror, strict=strict, progress=progress)
    results += load_curated(store, strict=strict, progress=progress)
    return results


def load_curated(store: Store, path: str | Path | None = None, *, strict: bool = False,
                 progress=None) -> list[LoadResult]:
    """Load the curated chronology: the one shipped with the package, or ``path`` (a folder or a
    CSV file in the same format)."""
    from importlib import resources

    loader = get_loader("curated")
    if path is not None:
        return run_load(store, loader, Path(path), strict=strict, progress=progress)
    with resources.as_file(resources.files("dyadscope") / "data" / "chronology") as folder:
        return run_load(store, loader, folder, strict=strict, progress=progress)


def countries(query: str | None = None) -> list[dict]:
    return Registry.default().search(query)


def sources() -> list[dict]:
    return [s.as_dict() for s in catalogue().values()]


def cite(name: str) -> str:
    return get_source(name).citation


# -- votes --------------------------------------------------------------------------------------

_BARE_SYMBOL = re.compile(r"^(?:A/RES/)?((?:ES-|S-)?\d+/\d+)(?: ?([A-Z](?:-[A-Z])?))?$", re.IGNORECASE)


def normalise_symbol(symbol: str) -> str:
    """'ES-11/1', 'a/res/es-11/1' and 'A/RES/ES-11/1' name the same resolution; so do
    '78/183A' and 'A/RES/78/183 A' (a letter suffix is written after a space, as the UN does)."""
    text = re.sub(r"\s+", " ", symbol or "").strip()
    m = _BARE_SYMBOL.match(text)
    if not m:
        return text.upper()
    base = "A/RES/" + m.group(1).upper()
    return f"{base} {m.group(2).upper()}" if m.group(2) else base


def votes(store: Store, a: str, b: str, *, session: int | None = None, resolution: str | None = None) -> pd.DataFrame:
    """Every roll call on which both ``a`` and ``b`` voted, with each one's vote (Y/N/A).

    Columns: date, session, session_label, symbol, title, <A>, <B>, rc_id, source. A roll call
    recorded by both UN sources appears once. States absent from a vote are left out.
    """
    a, b = resolve_pair(a, b)
    where, params = ["va.iso3 = ?", "vb.iso3 = ?"], [a, b]
    if session is not None:
        where.append("va.session = ?")
        params.append(int(session))
    if resolution:
        symbol = normalise_symbol(resolution)
        known = store.con.execute("SELECT count(*) FROM roll_call WHERE upper(symbol) = ?", [symbol]).fetchone()[0]
        if not known:
            raise DyadscopeError(f"no roll call with symbol {symbol!r} in the store (symbols look like A/RES/ES-11/1)")
        where.append("upper(va.symbol) = ?")
        params.append(symbol)
    sql = f"""
        SELECT va.date, va.session, va.session_label, va.symbol, va.title,
               va.vote AS "{a}", vb.vote AS "{b}", va.rc_id, va.source
        FROM votes va JOIN votes vb ON va.rc_id = vb.rc_id
        WHERE {' AND '.join(where)}
        ORDER BY va.date, va.symbol, va.rc_id
    """
    frame = store.query(sql, params)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame


def summary(store: Store, a: str, b: str) -> dict:
    """A first look at a dyad: roll calls both voted on, identical-vote share by decade, ES-11 votes."""
    a, b = resolve_pair(a, b)
    shared = votes(store, a, b)
    same = shared[a] == shared[b]
    decade = (pd.to_datetime(shared["date"]).dt.year // 10 * 10).astype(int)
    by_decade = (
        pd.DataFrame({"decade": decade, "same": same})
        .groupby("decade")
        .agg(roll_calls=("same", "size"), identical=("same", "sum"))
        .reset_index()
    )
    by_decade["share_identical"] = (by_decade["identical"] / by_decade["roll_calls"]).round(3)
    es11 = shared[shared["session_label"] == "ES-11"][["date", "symbol", "title", a, b]]
    return {
        "a": a,
        "b": b,
        "roll_calls": int(len(shared)),
        "identical": int(same.sum()),
        "share_identical": round(float(same.mean()), 3) if len(shared) else None,
        "first": str(shared["date"].min()) if len(shared) else None,
        "last": str(shared["date"].max()) if len(shared) else None,
        "by_decade": by_decade.to_dict(orient="records"),
        "es11": es11.astype({"date": str}).to_dict(orient="records"),
    }


def status(store: Store) -> dict:
    """What the store holds: rows per table and the load log."""
    log = store.load_log()
    log["loaded_at"] = log["loaded_at"].astype(str)
    return {"path": store.path, "schema_version": store.schema_version(), "tables": store.table_counts(),
            "loads": log.to_dict(orient="records")}


__all__ = ["load", "load_mirror", "load_curated", "mirror_sources", "countries", "sources", "cite", "votes",
           "summary", "status", "normalise_symbol", "LOADERS"]
