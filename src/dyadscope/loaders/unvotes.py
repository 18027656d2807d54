"""UN General Assembly roll-call votes 1946-2020 as shipped by the unvotes R package (Voeten's data).

Files: un_votes (rcid, country, country_code, vote), un_roll_calls (rcid, session, importantvote,
date, unres, amend, para, short, descr), un_roll_call_issues (rcid, short_name, issue); each as
.csv.gz or the package's own .rda. The three are loaded together.

Normalisation: votes yes/no/abstain become Y/N/A (absent and non-member states have no row, and
none is invented); countries map to ISO3 by name and vote date, so that votes the USSR cast stay
under RUS with ``as_state = 'SUN'``; Voeten's symbols ``R/68/262`` become UN style ``A/RES/68/262``
(``ESS/k/n`` -> ``A/RES/ES-k/n``, ``SS/k/n`` -> ``A/RES/S-k/n``, ``R/1/1061A`` -> ``A/RES/1/1061 A``),
the original kept as source_symbol.
"""

from __future__ import annotations

import re

import pandas as pd

from dyadscope.loaders.base import Loader, Part, read_table, to_date, to_flag, to_int
from dyadscope.validation import ValidationReport

VOTES = {"yes": "Y", "no": "N", "abstain": "A"}
ISSUES = {"me", "nu", "di", "hr", "co", "ec"}
_SYMBOL = re.compile(r"^(R|ESS|SS)/(\d+)/(.+)$")


def un_symbol(unres: str) -> str | None:
    """Voeten's resolution symbol in the UN's own style; None when it is empty."""
    unres = (unres or "").strip()
    if not unres:
        return None
    m = _SYMBOL.match(unres)
    if not m:
        return unres
    kind, session, number = m.groups()
    prefix = {"R": "", "ESS": "ES-", "SS": "S-"}[kind]
    # a letter suffix is written as the UN extract writes it: "A/RES/26/2758 G"
    number = re.sub(r"^(\d+)([A-Z])$", r"\1 \2", number)
    return f"A/RES/{prefix}{session}/{number}"


def session_label(unres: str, session) -> str:
    m = _SYMBOL.match((unres or "").strip())
    if m and m.group(1) == "ESS":
        return f"ES-{m.group(2)}"
    if m and m.group(1) == "SS":
        return f"S-{m.group(2)}"
    return str(session)


class UnvotesLoader(Loader):
    source = "unvotes"
    grouped = ("un_votes", "un_roll_calls", "un_roll_call_issues")

    def read(self, part: Part) -> dict[str, pd.DataFrame]:
        f = part.files
        return {
            "votes": read_table(f["un_votes"], ["rcid", "country", "country_code", "vote"]),
            "roll_calls": read_table(
                f["un_roll_calls"], ["rcid", "session", "importantvote", "date", "unres", "amend", "para", "short", "descr"]
            ),
            "issues": read_table(f["un_roll_call_issues"], ["rcid", "short_name", "issue"]),
        }

    def validate(self, raw, part: Part, report: ValidationReport) -> dict[str, pd.DataFrame]:
        rc_file, v_file, i_file = (str(part.files[s]) for s in ("un_roll_calls", "un_votes", "un_roll_call_issues"))

        rc = raw["roll_calls"]
        rcid, ok_id = to_int(rc, "rcid", rc_file, report)
        session, ok_session = to_int(rc, "session", rc_file, report)
        date, ok_date = to_date(rc, "date", rc_file, report)
        important, ok_imp = to_flag(rc, "importantvote", rc_file, report)
        amend, ok_amend = to_flag(rc, "amend", rc_file, report)
        para, ok_para = to_flag(rc, "para", rc_file, report)
        dup = rcid.duplicated(keep="first") & rcid.notna()
        if dup.any():
            report.add_rows(rc_file, rc.loc[dup, "_row"], "rcid", rc.loc[dup, "rcid"], "duplicate roll call id")
        keep = ok_id & ok_session & ok_date & ok_imp & ok_amend & ok_para & ~dup
        roll_calls = pd.DataFrame(
            {
                "rcid": rcid,
                "rc_id": "unvotes:" + rcid.astype(str),
                "source": self.source,
                "part": part.name,
                "symbol": rc["unres"].map(un_symbol),
                "source_symbol": rc["unres"].where(rc["unres"] != "", None),
                "session": session,
                "session_label": [session_label(u, s) for u, s in zip(rc["unres"], session)],
                "date": date,
                "title": rc["short"].where(rc["short"] != "", None),
                "descr": rc["descr"].where(rc["descr"] != "", None),
                "amend": amend,
                "para": para,
                "important": important,
            }
        )[keep]

        issues = raw["issues"]
        i_rcid, ok_i = to_int(issues, "rcid", i_file, report)
        bad_code = ~issues["short_name"].isin(ISSUES)
        if bad_code.any():
            report.add_rows(i_file, issues.loc[bad_code, "_row"], "short_name", issues.loc[bad_code, "short_name"],
                            f"unknown issue code; accepted: {', '.join(sorted(ISSUES))}")
        orphan = ok_i & ~i_rcid.isin(roll_calls["rcid"])
        if orphan.any():
            report.add_rows(i_file, issues.loc[orphan, "_row"], "rcid", issues.loc[orphan, "rcid"],
                            "no valid roll call with this id")
        good = ok_i & ~bad_code & ~orphan
        codes = (
            pd.DataFrame({"rcid": i_rcid[good], "code": issues.loc[good, "short_name"]})
            .drop_duplicates()
            .sort_values(["rcid", "code"])
            .groupby("rcid")["code"]
            .agg(list)
        )
        roll_calls["issue_codes"] = roll_calls["rcid"].map(codes)
        roll_calls["issue_codes"] = roll_calls["issue_codes"].map(lambda v: v if isinstance(v, list) else [])

        votes = raw["votes"]
        v_rcid, ok_v = to_int(votes, "rcid", v_file, report)
        votes["rcid_int"] = v_rcid
        value = votes["vote"].str.strip().str.lower().map(VOTES)
        bad_vote = value.isna()
        if bad_vote.any():
            report.add_rows(v_file, votes.loc[bad_vote, "_row"], "vote", votes.loc[bad_vote, "vote"],
                            "vote must be yes, no or abstain (absent states have no row)")
        dates = v_rcid.map(roll_calls.set_index("rcid")["date"])
        orphan = ok_v & dates.isna()
        if orphan.any():
            report.add_rows(v_file, votes.loc[orphan, "_row"], "rcid", votes.loc[orphan, "rcid"],
                            "no valid roll call with this id")
        ok_country = self.map_countries(votes, "country", "name", v_file, report, dates=pd.to_datetime(dates))
        keep = ok_v & ~bad_vote & ~orphan & ok_country
        vote = pd.DataFrame(
            {
                "rc_id": "unvotes:" + v_rcid.astype(str),
                "iso3": votes["iso3"],
                "vote": value,
                "as_state": votes["as_state"],
                "_row": votes["_row"],
            }
        )[keep]
        dup = vote.duplicated(["rc_id", "iso3"], keep="first")
        if dup.any():
            report.add_rows(v_file, vote.loc[dup, "_row"], "country", votes.loc[dup[dup].index, "country"],
                            "second vote by the same state on the same roll call")
            vote = vote[~dup]
        return {"roll_call": roll_calls.drop(columns="rcid"), "vote": vote.drop(columns="_row")}

    def delete(self, store, part, tables) -> None:
        delete_roll_calls(store, self.source, part.name)

    def after_write(self, store) -> None:
        reconcile_roll_calls(store)


def delete_roll_calls(store, source: str, part: str) -> None:
    con = store.con
    con.execute(
        "DELETE FROM vote WHERE rc_id IN (SELECT rc_id FROM roll_call WHERE source = ? AND part = ?)", [source, part]
    )
    con.execute("DELETE FROM roll_call WHERE source = ? AND part = ?", [source, part])


def reconcile_roll_calls(store) -> None:
    """Mark each Voeten roll call that the UN extract also records, so the combined table counts it once.

    The rule: a final vote on a resolution (not an amendment or paragraph vote) whose UN symbol
    appears in the UN extract is superseded by the UN's own record.
    """
    con = store.con
    con.execute("UPDATE roll_call SET superseded_by = NULL WHERE source = 'unvotes'")
    con.execute(
        """
        UPDATE roll_call AS r SET superseded_by = x.rc_id
        FROM roll_call AS x
        WHERE r.source = 'unvotes' AND x.source = 'unxml' AND r.symbol = x.symbol
          AND NOT coalesce(r.amend, false) AND NOT coalesce(r.para, false)
        """
    )
