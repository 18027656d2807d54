"""The claims ledger: claims as data, named checks over the store, computed verdicts."""

from __future__ import annotations

import pandas as pd

from dyadscope.report.claims.checks import CHECKS, CheckError
from dyadscope.report.claims.ledger import (VERDICTS, ClaimsError, default_claims_path, evaluate_claims,
                                            load_claims)
from dyadscope.report.common import clean, number, rows, table

__all__ = ["CHECKS", "CheckError", "ClaimsError", "VERDICTS", "claims_view", "default_claims_path",
           "evaluate_claims", "load_claims", "ledger_json", "summary_text"]


def summary_text(test: dict) -> str:
    """One line: the value, its interval, n, and the rule it was held against."""
    value = test["value"]
    if value is None:
        shown = "no value"
    elif isinstance(value, float):
        shown = f"{value:.3f}"
    else:
        shown = str(value)
    if test["lo"] is not None and test["hi"] is not None:
        shown += f" (95% interval {test['lo']:.3f} to {test['hi']:.3f}"
        shown += "; not used, the value decides)" if test.get("use_interval") is False else ")"
    bound = f"|value| <= {test['threshold']}" if test["expect"] == "within" else f"{test['expect']} {test['threshold']}"
    return f"{shown}; n = {test['n']}; claim holds if {bound} (min n {test['min_n']}): {test['verdict']}"


def _evidence(test: dict) -> dict:
    frame = test["evidence"]
    if frame is None or not isinstance(frame, pd.DataFrame):
        return {"columns": [], "rows": []}
    return {"columns": [str(c) for c in frame.columns], "rows": rows(frame)}


def ledger_json(ledger: dict) -> dict:
    """The evaluated ledger with JSON-ready values (evidence as columns and rows)."""
    out = {k: v for k, v in ledger.items() if k != "claims"}
    out["claims"] = []
    for claim in ledger["claims"]:
        tests = [{**{k: clean(v) for k, v in t.items() if k != "evidence"}, "summary": summary_text(t),
                  "evidence": _evidence(t)} for t in claim["tests"]]
        out["claims"].append({**{k: v for k, v in claim.items() if k != "tests"}, "tests": tests})
    return out


def claims_view(store, a, b, start, end, claims=None) -> dict:
    """The claims view: the verdict table, each test's numbers, the evidence rows. Claims name
    their own periods, so the view's from/to do not narrow them."""
    ledger = ledger_json(evaluate_claims(store, a, b, claims))
    notes = []
    if not ledger["applies"]:
        notes.append(f"the claims in {ledger['file']} are about {'–'.join(ledger['pair'])}; pass a claims file "
                     f"for {a}–{b} (dyadscope report {a} {b} --claims FILE)")
    if start or end:
        notes.append("each claim's tests name their own periods; the date range does not narrow them")
    counts = {v: sum(c["verdict"] == v for c in ledger["claims"]) for v in VERDICTS}
    numbers = [number(f"n_{v.replace(' ', '_')}", f"Claims {v}", n) for v, n in counts.items()]
    summary = pd.DataFrame([{"id": c["id"], "claim": c["text"], "verdict": c["verdict"],
                             "numbers": " | ".join(t["summary"] for t in c["tests"])} for c in ledger["claims"]],
                           columns=["id", "claim", "verdict", "numbers"])
    sources = ["unvotes", "unxml", "curated", "atop", "cow-trade"]
    return {"numbers": numbers, "tables": [table("ledger", "Claims and verdicts", summary, sources)],
            "notes": notes, "claims": ledger}
