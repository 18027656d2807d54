"""Seeded generators of event files in the real GDELT, ICEWS and POLECAT layouts.

They serve as test fixtures and benchmark input: no real event data is ever committed. The
distributions are rough but realistic: a few large countries and domestic (empty) actors carry
most rows, the CAMEO codes of statements, consultations and appeals dominate, and the same
event is repeated by several rows (GDELT's duplicates), so that collapsing has work to do.

Example::

    >>> from dyadscope.events.synthetic import write_gdelt2
    >>> path = write_gdelt2(tmp / "20220105000000.export.CSV.zip", rows=1000, seed=1)
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np

from dyadscope.events.gdelt import GDELT1, GDELT2

#: (CAMEO country code, weight); "" is an actor with no country (domestic, unnamed)
COUNTRIES = [("", 30), ("USA", 14), ("RUS", 6), ("CHN", 5), ("GBR", 4), ("UKR", 4), ("FRA", 3), ("DEU", 3),
             ("IND", 3), ("ISR", 3), ("IRN", 3), ("TUR", 2), ("JPN", 2), ("PAK", 2), ("AFG", 2), ("SYR", 2),
             ("KAZ", 1), ("BLR", 1), ("UZB", 1), ("KGZ", 1), ("AFR", 1), ("EUR", 1)]
NAMES = {"": "", "USA": "UNITED STATES", "RUS": "RUSSIA", "CHN": "CHINA", "GBR": "UNITED KINGDOM",
         "UKR": "UKRAINE", "FRA": "FRANCE", "DEU": "GERMANY", "IND": "INDIA", "ISR": "ISRAEL", "IRN": "IRAN",
         "TUR": "TURKEY", "JPN": "JAPAN", "PAK": "PAKISTAN", "AFG": "AFGHANISTAN", "SYR": "SYRIA",
         "KAZ": "KAZAKHSTAN", "BLR": "BELARUS", "UZB": "UZBEKISTAN", "KGZ": "KYRGYZSTAN", "AFR": "AFRICA",
         "EUR": "EUROPE"}
#: (CAMEO event code, weight, quad class, Goldstein)
CODES = [("010", 12, 1, 0.0), ("020", 5, 1, 3.0), ("036", 5, 1, 4.0), ("042", 9, 1, 1.9), ("043", 9, 1, 2.8),
         ("040", 8, 1, 1.0), ("051", 5, 1, 3.4), ("057", 3, 1, 8.0), ("061", 2, 2, 6.4), ("071", 2, 2, 7.4),
         ("0874", 1, 2, 10.0), ("112", 6, 3, -2.0), ("111", 4, 3, -2.0), ("120", 2, 3, -4.0), ("130", 2, 3, -4.4),
         ("1011", 1, 3, -5.0), ("163", 1, 4, -8.0), ("173", 3, 4, -5.0), ("190", 4, 4, -10.0), ("183", 1, 4, -10.0)]


def _weighted(rng: np.random.Generator, n: int, weights) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def gdelt_frame(rows: int, seed: int = 0, start: str = "2022-01-01", days: int = 31, first_id: int = 1_000_000_000):
    """A pyarrow table of ``rows`` GDELT events with the columns the writers need (no text yet)."""
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    # About one row in three repeats an earlier row's event (another article, same event).
    unique = max(1, int(rows * 0.7))
    base = rng.integers(0, unique, size=rows)
    base[:unique] = np.arange(unique)
    ev_rng = np.random.default_rng(seed + 1)
    c1 = _weighted(ev_rng, unique, [w for _, w in COUNTRIES])[base]
    c2 = _weighted(ev_rng, unique, [w for _, w in COUNTRIES])[base]
    code = _weighted(ev_rng, unique, [w for _, w, _, _ in CODES])[base]
    day = ev_rng.integers(0, days, size=unique)[base]
    geo = ev_rng.integers(0, 50, size=unique)[base]
    root = (ev_rng.random(unique) < 0.6).astype(np.int8)[base]
    return pa.table({
        "i": np.arange(rows, dtype=np.int64) + first_id,
        "c1": c1.astype(np.int16), "c2": c2.astype(np.int16), "code": code.astype(np.int16),
        "day": day.astype(np.int32), "geo": geo.astype(np.int32), "root": root,
        "mentions": rng.integers(1, 11, size=rows).astype(np.int32),
        "tone": np.round(rng.normal(-1.5, 3.5, size=rows), 6),
    }), dt.date.fromisoformat(start)


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def write_gdelt_text(path: Path, rows: int, *, seed: int = 0, version: int = 2, start: str = "2022-01-01",
                     days: int = 31, first_id: int = 1_000_000_000) -> Path:
    """Write ``rows`` GDELT rows (layout 2.0, or 1.0 with SOURCEURL) as tab-separated text."""
    import duckdb

    table, start_date = gdelt_frame(rows, seed, start, days, first_id)
    countries = [c for c, _ in COUNTRIES]
    names = [NAMES[c] for c in countries]
    codes = [c for c, *_ in CODES]
    quads = [q for _, _, q, _ in CODES]
    golds = [g for *_, g in CODES]
    layout = GDELT2 if version == 2 else GDELT1 + ["SOURCEURL"]
    geo_w = ["'1'", "'Moscow, Moskva, Russia'", "'RS'", "'RS48'"] + (["'RS48a'"] if version == 2 else []) \
        + ["'55.7522'", "'37.6156'"]
    d = f"(DATE '{start_date.isoformat()}' + day::INTEGER)"
    c1 = "list_extract(C, c1 + 1)"
    c2 = "list_extract(C, c2 + 1)"
    actor = lambda c, n: [f"CASE WHEN {c} = '' THEN '' ELSE {c} || 'GOV' END", f"list_extract(N, {n} + 1)", c,
                          "''", "''", "''", "''", f"CASE WHEN {c} = '' THEN '' ELSE 'GOV' END", "''", "''"]
    values = (["i::VARCHAR", f"strftime({d}, '%Y%m%d')", f"strftime({d}, '%Y%m')", f"strftime({d}, '%Y')",
               f"round(year({d}) + (dayofyear({d}) - 1) / 365.0, 4)::VARCHAR"]
              + actor(c1, "c1") + actor(c2, "c2")
              + ["root::VARCHAR", "list_extract(K, code + 1)", "substr(list_extract(K, code + 1), 1, 3)",
                 "substr(list_extract(K, code + 1), 1, 2)", "list_extract(Q, code + 1)::VARCHAR",
                 "list_extract(G, code + 1)::VARCHAR", "mentions::VARCHAR", "least(mentions, 3)::VARCHAR",
                 "mentions::VARCHAR", "tone::VARCHAR"]
              + geo_w + ["'-2960561'"] + geo_w + ["'-2960561'"] + geo_w[:-2] + ["'55.7522'", "'37.6156'"]
              + ["(-2960561 - geo)::VARCHAR"]
              + [f"strftime({d}, '%Y%m%d') || '120000'" if version == 2 else f"strftime({d}, '%Y%m%d')",
                 "'https://news.example.org/story/' || (i % 100000)::VARCHAR"])
    if len(values) != len(layout):
        raise ValueError(f"{len(values)} values for {len(layout)} columns")
    select = ", ".join(f"{v} AS {_quote_ident(n)}" for v, n in zip(values, layout))
    con = duckdb.connect()
    try:
        con.register("t", table)
        sql = (select.replace("list_extract(C,", f"list_extract({_sql_list(countries)},")
               .replace("list_extract(N,", f"list_extract({_sql_list(names)},")
               .replace("list_extract(K,", f"list_extract({_sql_list(codes)},")
               .replace("list_extract(Q,", f"list_extract({quads},")
               .replace("list_extract(G,", f"list_extract({golds},"))
        con.execute(f"COPY (SELECT {sql} FROM t ORDER BY i) TO '{path}' "
                    "(FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')")
    finally:
        con.close()
    return path


def _quote_ident(name: str) -> str:
    return '"' + name + '"'


def zip_file(text: Path, target: Path, level: int = 1) -> Path:
    """Zip ``text`` as the single member of ``target`` (GDELT ships one CSV per zip)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.write(text, arcname=text.name)
    return target


def write_gdelt(path: Path, rows: int, *, seed: int = 0, version: int = 2, **kw) -> Path:
    """Write a zipped GDELT export file at ``path`` (name ending in .zip)."""
    path = Path(path)
    text = path.with_name(path.name.removesuffix(".zip"))
    write_gdelt_text(text, rows, seed=seed, version=version, **kw)
    zip_file(text, path)
    text.unlink()
    return path


ICEWS_COLUMNS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"]
ICEWS_NAMES = {"RUS": "Russian Federation", "KAZ": "Kazakhstan", "CHN": "China", "USA": "United States",
               "UKR": "Ukraine", "TUR": "Turkey", "": ""}


def icews_rows(rows: int, seed: int = 0, start: str = "2022-01-01", us_dates: bool = False, first_id: int = 1):
    """ICEWS records as lists of 20 strings (Event ID counts up from ``first_id``)."""
    rng = np.random.default_rng(seed)
    iso = list(ICEWS_NAMES)
    start_date = dt.date.fromisoformat(start)
    out = []
    for k in range(rows):
        a, b = rng.choice(len(iso), 2)
        code, _, _, gold = CODES[int(rng.integers(len(CODES)))]
        day = start_date + dt.timedelta(days=int(rng.integers(0, 7)))
        date = f"{day.month}/{day.day}/{day.year}" if us_dates else day.isoformat()
        out.append([str(first_id + k), date, f"Government ({ICEWS_NAMES[iso[a]] or 'Citizen'})", "Government",
                    ICEWS_NAMES[iso[a]], "Make statement", code, str(gold),
                    f"Government ({ICEWS_NAMES[iso[b]] or 'Citizen'})", "Government", ICEWS_NAMES[iso[b]],
                    str(40000000 + k), "1", "Interfax", "Moskva", "", "Moskva", "Russian Federation",
                    "55.7522", "37.6156"])
    return out


def write_icews(path: Path, records, *, encoding: str = "iso-8859-1") -> Path:
    lines = ["\t".join(ICEWS_COLUMNS)] + ["\t".join(r) for r in records]
    Path(path).write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return Path(path)


#: two POLECAT versions: the same fields, named and ordered differently
POLECAT_V1 = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
              "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
              "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
              "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
              "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude",
              "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date",
              "Story People", "Story Organizations", "Story Locations", "Language", "Version"]
POLECAT_V2 = ["Event ID", "City", "Story Organizations", "Country", "Longitude", "Province", "Version",
              "Recipient Country", "Latitude", "Primary Recipient Sector", "Story People", "Actor Name Raw",
              "Story Locations", "Quad Code", "Wikipedia Actor ID", "Raw Placename", "Event Mode",
              "Primary Actor Sector", "Recipient Title", "Contexts", "Actor COW", "Actor Country", "Recipient COW",
              "Wikipedia Recipient ID", "Event Date", "Source", "Placename", "Feature Type", "GeoNames ID",
              "Recipient Name", "District", "Language", "Actor Name", "Actor Title", "Recipient Sectors",
              "Event Type", "Publication Date", "Actor Sectors", "Recipient Name Raw", "Event Intensity"]
POLECAT_TYPES = [("CONSULT", "visit", "diplomatic", "VERBAL COOPERATION"), ("AGREE", "", "economic", "VERBAL COOPERATION"),
                 ("ACCUSE", "", "military", "VERBAL CONFLICT"), ("REQUEST", "", "", "VERBAL CONFLICT"),
                 ("AID", "", "humanitarian", "MATERIAL COOPERATION"), ("ASSAULT", "", "military", "MATERIAL CONFLICT")]


def polecat_records(rows: int, seed: int = 0, start: str = "2023-03-06") -> list[dict]:
    rng = np.random.default_rng(seed)
    iso = ["RUS", "KAZ", "CHN", "USA", "UKR", "TUR"]
    start_date = dt.date.fromisoformat(start)
    out = []
    for k in range(rows):
        a, b = rng.choice(len(iso), 2, replace=False)
        kind, mode, context, quad = POLECAT_TYPES[int(rng.integers(len(POLECAT_TYPES)))]
        day = start_date + dt.timedelta(days=int(rng.integers(0, 7)))
        rec = {c: "" for c in POLECAT_V1 + ["Event Intensity"]}
        rec.update({"Event ID": f"20230306-{k:05d}-{seed}", "Event Date": day.isoformat(), "Event Type": kind,
                    "Event Mode": mode, "Contexts": context, "Quad Code": quad, "Intensity": "-1.0",
                    "Event Intensity": "-1.0", "Actor Name": f"Government of {iso[a]}", "Actor Country": iso[a],
                    "Recipient Name": f"Government of {iso[b]}", "Recipient Country": iso[b],
                    "Language": "en", "Version": "1.0", "Publication Date": day.isoformat()})
        out.append(rec)
    return out


def write_polecat(path: Path, records: list[dict], columns: list[str]) -> Path:
    lines = ["\t".join(columns)] + ["\t".join(r.get(c, "") for c in columns) for r in records]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
