"""The claims ledger: claims from the literature as data, each with stated tests and a computed verdict.

A claims file (TOML; the package ships ``data/claims.toml``) holds::

    pair = ["KAZ", "RUS"]          # optional: the pair the claims are about; A and B in the tests
    [[claim]]
    id = "C2"
    source = "..."                 # where the claim comes from
    text = "..."                   # the claim
    rule = "all"                   # how test verdicts combine: "all" (default) or "any"
    [[claim.test]]
    check = "vote_agreement_change"  # a name in checks.CHECKS
    before = ["2015-01-01", "2022-02-23"]
    after = ["2022-02-24", "2025-12-31"]
    expect = "<"                   # the claim holds when value < threshold
    threshold = 0.0
    min_n = 20                     # fewer observations: not enough evidence
    why = "..."                    # why this threshold

Verdict of a test (``expect`` one of <, <=, >, >=, within):

- not enough evidence when the check has no value or rests on fewer than ``min_n`` observations;
- with an interval (and ``use_interval``, the default): supported when the whole interval is on the
  claimed side of the threshold, contradicted when the whole interval is on the other side, not
  enough evidence when it straddles the threshold;
- without an interval (counts, shares of years, ranks): the value compared with the threshold.

``within`` (a claim of no change) is supported when the interval (or value) lies inside
[-threshold, threshold] and contradicted when it lies wholly outside.

A claim's verdict with ``rule = "all"``: contradicted if any test is contradicted, supported if
every test is supported, otherwise not enough evidence. With ``rule = "any"``: supported if any
test is supported, contradicted if all are, otherwise not enough evidence.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dyadscope.errors import DyadscopeError
from dyadscope.report.claims.checks import CHECKS, CheckError, Context, run_check

SUPPORTED, CONTRADICTED, NOT_ENOUGH = "supported", "contradicted", "not enough evidence"
VERDICTS = (SUPPORTED, CONTRADICTED, NOT_ENOUGH)
EXPECT = ("<", "<=", ">", ">=", "within")
RULES = ("all", "any")
TEST_KEYS = {"check", "expect", "threshold", "min_n", "use_interval", "why", "label"}
CLAIM_KEYS = {"id", "source", "text", "rule", "test", "note"}


class ClaimsError(DyadscopeError):
    """A claims file that cannot be read or names something unknown."""


@dataclass(frozen=True)
class ClaimsFile:
    path: str
    pair: tuple[str, str] | None
    claims: list[dict]


def default_claims_path():
    return resources.files("dyadscope") / "data" / "claims.toml"


def load_claims(path=None) -> ClaimsFile:
    """Read and validate a claims file (the built-in one when ``path`` is None)."""
    if path is None:
        source, text = "data/claims.toml", default_claims_path().read_text(encoding="utf-8")
    else:
        p = Path(path)
        if not p.is_file():
            raise ClaimsError(f"{p}: no such claims file")
        source, text = str(p), p.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ClaimsError(f"{source}: not valid TOML: {e}") from e
    pair = data.get("pair")
    if pair is not None:
        from dyadscope.measures.votes import resolve_pair

        if not isinstance(pair, list) or len(pair) != 2:
            raise ClaimsError(f"{source}: pair must be two states, e.g. pair = [\"KAZ\", \"RUS\"]; got {pair!r}")
        pair = resolve_pair(*pair)
    claims = data.get("claim")
    if not isinstance(claims, list) or not claims:
        raise ClaimsError(f"{source}: no claims; write each as a [[claim]] table with id, text and [[claim.test]]")
    seen = set()
    for i, claim in enumerate(claims, start=1):
        _validate(source, i, claim, seen)
    return ClaimsFile(source, pair, claims)


def _validate(source: str, i: int, claim: dict, seen: set) -> None:
    where = f"{source}, claim {i}"
    for key in ("id", "text"):
        if not isinstance(claim.get(key), str) or not claim[key].strip():
            raise ClaimsError(f"{where}: needs {key!r} (a string)")
    where = f"{source}, claim {claim['id']}"
    if claim["id"] in seen:
        raise ClaimsError(f"{where}: the id is used twice")
    seen.add(claim["id"])
    unknown = set(claim) - CLAIM_KEYS
    if unknown:
        raise ClaimsError(f"{where}: unknown key {sorted(unknown)[0]!r}; accepted: {', '.join(sorted(CLAIM_KEYS))}")
    if claim.get("rule", "all") not in RULES:
        raise ClaimsError(f"{where}: rule {claim['rule']!r}; accepted: {', '.join(RULES)}")
    tests = claim.get("test")
    if not isinstance(tests, list) or not tests:
        raise ClaimsError(f"{where}: needs at least one [[claim.test]]")
    for j, test in enumerate(tests, start=1):
        at = f"{where}, test {j}"
        if test.get("check") not in CHECKS:
            raise ClaimsError(f"{at}: unknown check {test.get('check')!r}; accepted: {', '.join(CHECKS)}")
        if test.get("expect") not in EXPECT:
            raise ClaimsError(f"{at}: expect {test.get('expect')!r}; accepted: {', '.join(EXPECT)}")
        if isinstance(test.get("threshold"), bool) or not isinstance(test.get("threshold"), (int, float)):
            raise ClaimsError(f"{at}: threshold must be a number; got {test.get('threshold')!r}")
        if not isinstance(test.get("min_n", 1), int):
            raise ClaimsError(f"{at}: min_n must be a whole number; got {test.get('min_n')!r}")


def test_verdict(test: dict, value, lo, hi, n: int) -> str:
    """The verdict of one test (see the module docs)."""
    if value is None or n < test.get("min_n", 1):
        return NOT_ENOUGH
    threshold, expect = float(test["threshold"]), test["expect"]
    if lo is None or hi is None or not test.get("use_interval", True):
        lo = hi = value
    if expect == "within":
        if -threshold <= lo and hi <= threshold:
            return SUPPORTED
        return CONTRADICTED if hi < -threshold or lo > threshold else NOT_ENOUGH
    holds = {"<": lambda v: v < threshold, "<=": lambda v: v <= threshold,
             ">": lambda v: v > threshold, ">=": lambda v: v >= threshold}[expect]
    # the claimed side must hold over the whole interval; the other side over the whole interval
    # contradicts; "<" is contradicted by lo >= threshold, and so on
    if holds(lo) and holds(hi):
        return SUPPORTED
    if not holds(lo) and not holds(hi):
        return CONTRADICTED
    return NOT_ENOUGH


def claim_verdict(verdicts: list[str], rule: str = "all") -> str:
    if rule == "any":
        if SUPPORTED in verdicts:
            return SUPPORTED
        return CONTRADICTED if all(v == CONTRADICTED for v in verdicts) else NOT_ENOUGH
    if CONTRADICTED in verdicts:
        return CONTRADICTED
    return SUPPORTED if all(v == SUPPORTED for v in verdicts) else NOT_ENOUGH


def evaluate_claims(store, a: str, b: str, path=None, *, seed: int = 0) -> dict:
    """Every claim of the file evaluated for the pair a–b.

    Returns {"file", "pair", "applies", "claims": [...]}; each claim has id, source, text, rule,
    verdict and its tests (check, parameters, expect, threshold, why, value, lo, hi, n, numbers,
    verdict, evidence as a DataFrame, note). When the file names another pair, ``applies`` is
    False and no claim is evaluated.
    """
    claims_file = load_claims(path)
    pair = claims_file.pair
    applies = pair is None or set(pair) == {a, b}
    result = {"file": claims_file.path, "pair": list(pair) if pair else None, "applies": applies, "claims": []}
    if not applies:
        return result
    ctx = Context(store, *(pair or (a, b)), seed=seed)
    for claim in claims_file.claims:
        tests = []
        for j, test in enumerate(claim["test"], start=1):
            params = {k: v for k, v in test.items() if k not in TEST_KEYS}
            try:
                outcome = run_check(ctx, test["check"], params)
            except CheckError as e:
                raise ClaimsError(f"{claims_file.path}, claim {claim['id']}, test {j}: {e}") from e
            verdict = test_verdict(test, outcome.value, outcome.lo, outcome.hi, outcome.n)
            tests.append({"check": test["check"], "label": test.get("label", ""), "parameters": params,
                          "expect": test["expect"], "threshold": test["threshold"], "min_n": test.get("min_n", 1),
                          "use_interval": test.get("use_interval", True),
                          "why": test.get("why", ""), "value": outcome.value, "lo": outcome.lo, "hi": outcome.hi,
                          "n": outcome.n, "numbers": outcome.numbers, "verdict": verdict,
                          "evidence": outcome.evidence, "note": outcome.note})
        rule = claim.get("rule", "all")
        result["claims"].append({"id": claim["id"], "source": claim.get("source", ""), "text": claim["text"],
                                 "note": claim.get("note", ""), "rule": rule, "tests": tests,
                                 "verdict": claim_verdict([t["verdict"] for t in tests], rule)})
    return result
