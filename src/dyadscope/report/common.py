"""What every view builder shares: JSON-ready values, and the figure, table and number records."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd


def clean(value):
    """A JSON-ready copy: numpy and pandas scalars to Python, NaN/NA to None, dates to ISO strings."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return records(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, pd.Timestamp):  # midnight is a date
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def records(frame: pd.DataFrame) -> list[dict]:
    return [clean(row) for row in frame.to_dict(orient="records")]


def rows(frame: pd.DataFrame) -> list[list]:
    return [clean(list(row)) for row in frame.itertuples(index=False)]


def figure(id: str, title: str, caption: str, spec: dict, data, sources) -> dict:
    data = records(data) if isinstance(data, pd.DataFrame) else clean(data)
    return {"id": id, "title": title, "caption": caption, "spec": spec, "data": data, "sources": list(sources)}


def table(id: str, title: str, frame: pd.DataFrame, sources, columns=None) -> dict:
    frame = frame if columns is None else frame[list(columns)]
    return {"id": id, "title": title, "columns": [str(c) for c in frame.columns], "rows": rows(frame),
            "sources": list(sources)}


def number(id: str, label: str, value, note: str = "") -> dict:
    if isinstance(value, (float, np.floating)) and not math.isnan(value):
        value = round(float(value), 4)
    return {"id": id, "label": label, "value": clean(value), "note": note}


def interval_note(lo, hi, what: str = "95% bootstrap interval") -> str:
    if lo is None or hi is None or (isinstance(lo, float) and math.isnan(lo)):
        return ""
    return f"{what} {lo:.3f}–{hi:.3f}"
