"""The view builders: each takes (store, a, b, start, end) and returns numbers, figures and tables.

They call the measures and analyses of the package and only shape their results; the definitions
live where the measures do (docs/measures/).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dyadscope.analysis.phases import compute_phases
from dyadscope.countries import Registry
from dyadscope.measures.subsets import ISSUES
from dyadscope.measures.votes import DEFAULT_MEASURES, compute_vote_alignment, shared_votes
from dyadscope.report import charts
from dyadscope.report.cohesion import COMPONENTS, SOURCES, cohesion_phases, compute_cohesion
from dyadscope.report.common import figure, interval_note, number, records, table

VOTE_SOURCES = ["unvotes", "unxml"]
MEASURE_LABELS = {"agreement": "share of identical votes", "index": "agreement index (1 / 0.5 / 0)",
                  "s": "S-score", "kappa": "Cohen's kappa", "pi": "Scott's pi",
                  "idealdist": "ideal-point distance"}


def _name(iso3: str) -> str:
    return Registry.default().name(iso3)


def _phase_segments(series: pd.DataFrame, time: str, phases: pd.DataFrame) -> pd.DataFrame:
    """The series with seg_start, seg_end, seg_mean on the first row of each phase (for the chart)."""
    series = series.copy()
    series[["seg_start", "seg_end", "seg_mean"]] = np.nan
    for p in phases.itertuples():
        idx = series.index[series[time] == p.start]
        if len(idx):
            series.loc[idx[0], ["seg_start", "seg_end", "seg_mean"]] = [p.start, p.end, p.mean]
    return series


# -- overview ------------------------------------------------------------------------------------

def overview(store, a, b, start, end) -> dict:
    cohesion = compute_cohesion(store, a, b, start=start, end=end)
    phases = cohesion_phases(cohesion)
    used = list(cohesion.attrs["scales"])
    sources = [s for c in used for s in SOURCES[c]]
    numbers = []
    if len(cohesion):
        last = cohesion.iloc[-1]
        numbers += [
            number("cohesion_last", f"Cohesion index, {int(last['year'])}", last["cohesion"],
                   interval_note(last["cohesion_lo"], last["cohesion_hi"])
                   + f"; mean of {int(last['n_components'])} standardised components"),
            number("years", "Years covered", f"{int(cohesion['year'].min())}–{int(cohesion['year'].max())}"),
            number("phases", "Phases (change points in the index)", len(phases),
                   "; ".join(f"{p.start}–{p.end}: {p.mean:+.2f}" for p in phases.itertuples())),
        ]
        best, worst = cohesion.loc[cohesion["cohesion"].idxmax()], cohesion.loc[cohesion["cohesion"].idxmin()]
        numbers += [number("cohesion_max", "Most cohesive year", int(best["year"]), f"index {best['cohesion']:+.2f}"),
                    number("cohesion_min", "Least cohesive year", int(worst["year"]), f"index {worst['cohesion']:+.2f}")]
    numbers.append(number("components", "Components used", ", ".join(used) or "none",
                          "left out (constant or missing in the range): " + (", ".join(cohesion.attrs["left_out"]) or "none")))
    data = _phase_segments(cohesion, "year", phases)
    cols = ["year", "cohesion", "cohesion_lo", "cohesion_hi", "n_components", *COMPONENTS, "n_votes", "n_events",
            "seg_start", "seg_end", "seg_mean"]
    spec = charts.line_band(x="year", y="cohesion", lo="cohesion_lo", hi="cohesion_hi", x_title="year",
                            y_title="cohesion index (z)", title=f"Composite cohesion index, {_name(a)}–{_name(b)}",
                            tooltip=[("year", "ordinal"), ("cohesion", "quantitative"), ("cohesion_lo", "quantitative"),
                                     ("cohesion_hi", "quantitative"), ("n_components", "ordinal")], segments=True)
    z = cohesion.melt(id_vars="year", value_vars=[f"z_{c}" for c in used], var_name="component", value_name="z")
    z["component"] = z["component"].str[2:]
    z = z.dropna(subset=["z"])
    spec_z = charts.multi_line(x="year", y="z", color="component", x_title="year", y_title="standardised value (z)",
                               title=f"Components of the cohesion index, {_name(a)}–{_name(b)}", tooltip=[("year", "ordinal"), ("component", "nominal"),
                                                                         ("z", "quantitative")])
    caption = ("Mean of the standardised components observed each year (" + ", ".join(COMPONENTS[c] for c in used)
               + "); band: 95% bootstrap interval; red: phase means between change points (PELT, BIC penalty).")
    phase_table = phases.assign(mean=phases["mean"].round(3), lo=phases["lo"].round(3), hi=phases["hi"].round(3),
                                change_before=phases["change_before"].round(3))
    return {
        "numbers": numbers,
        "figures": [figure("cohesion", "Composite cohesion index", caption, spec, data[cols], sources),
                    figure("components", "Components of the index",
                           "Each component standardised over the years it is observed (0 = the dyad's own mean).",
                           spec_z, z, sources)],
        "tables": [table("phases", "Phases of the cohesion index", phase_table, sources),
                   table("cohesion", "The index and its components per year",
                         cohesion.round(4), sources, columns=["year", "cohesion", "cohesion_lo", "cohesion_hi",
                                                              "n_components", *COMPONENTS])],
    }


# -- votes ---------------------------------------------------------------------------------------

def vote_series(store, a, b, start, end) -> pd.DataFrame:
    """Per-session alignment, every measure with its interval: the data of the "agreement" figure."""
    frame = compute_vote_alignment(store, a, b, by="session", start=start, end=end, measures=DEFAULT_MEASURES)
    return frame.rename(columns={"period": "session"}).drop(columns=["a", "b"])


def votes(store, a, b, start, end) -> dict:
    series = vote_series(store, a, b, start, end)
    overall = compute_vote_alignment(store, a, b, by="all", start=start, end=end, measures=["agreement", "kappa"])
    numbers = []
    if len(overall):
        o = overall.iloc[0]
        numbers += [number("roll_calls", "Roll calls both voted on (whole resolutions)", int(o["n"]),
                           f"{o['first']} to {o['last']}"),
                    number("agreement_all", "Share of identical votes, whole range", o["agreement"],
                           interval_note(o["agreement_lo"], o["agreement_hi"])),
                    number("kappa_all", "Cohen's kappa, whole range", o["kappa"],
                           interval_note(o["kappa_lo"], o["kappa_hi"]))]
    if len(series):
        last = series.iloc[-1]
        numbers.append(number("agreement_last", f"Agreement, session {int(last['session'])}", last["agreement"],
                              interval_note(last["agreement_lo"], last["agreement_hi"]) + f"; {int(last['n'])} roll calls"))
    figures, tables = [], []
    tooltip = [("session", "ordinal"), ("first", "temporal"), ("last", "temporal"), ("n", "quantitative"),
               ("agreement", "quantitative"), ("agreement_lo", "quantitative"), ("agreement_hi", "quantitative"),
               ("kappa", "quantitative")]
    spec = charts.points_interval(x="session", y="agreement", lo="agreement_lo", hi="agreement_hi",
                                  x_title="UN General Assembly session", y_title="share of identical votes",
                                  title=f"Vote agreement per session, {_name(a)}–{_name(b)}", tooltip=tooltip,
                                  y_domain=(0, 1))
    figures.append(figure("agreement", "Vote agreement per session",
                          "Share of roll calls (whole resolutions) on which both cast the same vote, per session; "
                          "rules: 95% bootstrap interval over roll calls.", spec, series, VOTE_SOURCES))
    long = series.melt(id_vars=["session", "n"], value_vars=["agreement", "index", "s", "kappa", "pi"],
                       var_name="measure", value_name="value").dropna(subset=["value"])
    figures.append(figure("measures", "Every alignment measure per session",
                          "Agreement, the 1/0.5/0 index, S (Signorino and Ritter), kappa and pi (Häge) per session.",
                          charts.multi_line(x="session", y="value", color="measure", x_title="session",
                                            y_title="value", title=f"Alignment measures per session, {_name(a)}–{_name(b)}",
                                            tooltip=[("session", "ordinal"), ("measure", "nominal"),
                                                     ("value", "quantitative"), ("n", "quantitative")]),
                          long, VOTE_SOURCES))
    ideal = series.dropna(subset=["idealdist"])[["session", "idealdist"]]
    if len(ideal):
        figures.append(figure("idealpoint-distance", "Ideal-point distance per session",
                              "|ideal point A - ideal point B| (Bailey, Strezhnev and Voeten 2017).",
                              charts.line_band(x="session", y="idealdist", lo=None, hi=None, x_title="session",
                                               y_title="ideal-point distance",
                                               title=f"Ideal-point distance, {_name(a)}–{_name(b)}",
                                               tooltip=[("session", "ordinal"), ("idealdist", "quantitative")]),
                              ideal, ["idealpoints"]))
    issues = issue_agreement(store, a, b, start, end)
    if len(issues):
        figures.append(figure("issues", "Agreement by issue",
                              "Share of identical votes over the whole range, per issue subset (Voeten's issue codes "
                              "to 2020; 'ukraine': ES-11 and resolutions on Ukraine or Crimea); rule: 95% interval.",
                              charts.bars_interval(category="issue", y="agreement", lo="agreement_lo",
                                                   hi="agreement_hi", y_title="share of identical votes",
                                                   title=f"Agreement by issue, {_name(a)}–{_name(b)}",
                                                   tooltip=[("issue", "nominal"), ("n", "quantitative"),
                                                            ("agreement", "quantitative")]),
                              issues, VOTE_SOURCES))
        tables.append(table("issues", "Agreement by issue", issues.round(4), VOTE_SOURCES))
    ukraine = ukraine_votes(store, a, b, start, end)
    if len(ukraine):
        same = int(ukraine["same"].sum())
        numbers.append(number("ukraine_same", "Ukraine resolutions with the same vote", f"{same} of {len(ukraine)}",
                              "ES-11 and resolutions on Ukraine or Crimea, whole resolutions"))
    tables.append(table("ukraine", "The Ukraine resolutions one by one", ukraine, VOTE_SOURCES))
    if len(series) >= 2:
        phases = compute_phases(series, time="session", value="agreement", weight="n")
        tables.append(table("phases", "Phases of vote agreement (change points per session)", phases.round(4),
                            VOTE_SOURCES))
    tables.append(table("sessions", "Alignment per session", series.round(4), VOTE_SOURCES,
                        columns=["session", "first", "last", "n", "agreement", "agreement_lo", "agreement_hi",
                                 "index", "s", "kappa", "pi", "idealdist"]))
    return {"numbers": numbers, "figures": figures, "tables": tables}


def issue_agreement(store, a, b, start, end) -> pd.DataFrame:
    rows = []
    for issue, label in [("all", "all roll calls"), *ISSUES.items()]:
        frame = compute_vote_alignment(store, a, b, by="all", start=start, end=end, measures=["agreement"],
                                       issue=None if issue == "all" else issue)
        if len(frame):
            r = frame.iloc[0]
            rows.append({"issue": issue, "label": label.split(" (")[0], "n": int(r["n"]),
                         "agreement": r["agreement"], "agreement_lo": r["agreement_lo"],
                         "agreement_hi": r["agreement_hi"], "first": r["first"], "last": r["last"]})
    return pd.DataFrame(rows)


def ukraine_votes(store, a, b, start, end) -> pd.DataFrame:
    frame = shared_votes(store, a, b, start=start, end=end, issue="ukraine")
    out = frame[["date", "session_label", "symbol", "title", "vote_a", "vote_b"]].rename(
        columns={"session_label": "session", "vote_a": a, "vote_b": b})
    out["same"] = frame["vote_a"] == frame["vote_b"]
    return out.reset_index(drop=True)


# -- alliances and trade -------------------------------------------------------------------------

ATOP_LABELS = {"atop_defense": "defence", "atop_offense": "offence", "atop_neutral": "neutrality",
               "atop_nonagg": "non-aggression", "atop_consul": "consultation"}


def dyad_frame(store, a, b, start, end):
    """The dyad-year frame of the pair with alliances, trade and IGOs, oriented so that A is a."""
    from dyadscope.measures.frames import create_dyad_years

    lo = start.year if start else 1946
    hi = end.year if end else max(2018, lo)  # ATOP, the longest of the three, ends in 2018
    if lo > hi:
        return None
    frame = create_dyad_years(store, [a, b], start=lo, end=hi).add_alliances(store).add_trade(store).add_igos(store)
    if a > b:  # the frame orders each pair alphabetically
        frame = frame.rename(columns={"dependence_a_on_b": "dependence_b_on_a", "dependence_b_on_a": "dependence_a_on_b",
                                      "imports_a_from_b": "imports_b_from_a", "imports_b_from_a": "imports_a_from_b",
                                      "total_trade_a": "total_trade_b", "total_trade_b": "total_trade_a"})
        frame["asymmetry"] = frame["dependence_a_on_b"] - frame["dependence_b_on_a"]
    observed = frame[["atop_depth", "trade", "shared_igos"]].notna().any(axis=1)
    return frame[observed].reset_index(drop=True)


def alliances_trade(store, a, b, start, end) -> dict:
    frame = dyad_frame(store, a, b, start, end)
    if frame is None or frame.empty:
        return {"numbers": [], "figures": [], "tables": [], "notes": ["no alliance, trade or IGO data in the range"]}
    na, nb = _name(a), _name(b)
    numbers, figures = [], []
    atop = frame.dropna(subset=["atop_depth"])
    if len(atop):
        last = atop.iloc[-1]
        in_force = [label for col, label in ATOP_LABELS.items() if last[col] == 1]
        numbers.append(number("atop_depth_last", f"ATOP obligations in force, {int(last['year'])}", int(last["atop_depth"]),
                              ", ".join(in_force) or "none"))
        long = atop.melt(id_vars="year", value_vars=list(ATOP_LABELS), var_name="obligation", value_name="in_force")
        long = long[long["in_force"] == 1].assign(obligation=lambda f: f["obligation"].map(ATOP_LABELS))
        figures.append(figure("alliance", "Alliance obligations (ATOP)",
                              "ATOP obligations in force between the two in each year (either direction).",
                              charts.stacked_bars(x="year", y="in_force", color="obligation", x_title="year",
                                                  y_title="obligations in force", title=f"ATOP obligations, {na}–{nb}",
                                                  tooltip=[("year", "ordinal"), ("obligation", "nominal")]),
                              long[["year", "obligation", "in_force"]], ["atop"]))
    trade = frame.dropna(subset=["trade"])
    if len(trade):
        first, last = trade.iloc[0], trade.iloc[-1]
        numbers += [
            number("trade_share_last", f"{na}'s trade with {nb}, share of its total, {int(last['year'])}",
                   last["dependence_a_on_b"], f"{int(first['year'])}: {first['dependence_a_on_b']:.3f}"),
            number("trade_share_partner_last", f"{nb}'s trade with {na}, share of its total, {int(last['year'])}",
                   last["dependence_b_on_a"], f"{int(first['year'])}: {first['dependence_b_on_a']:.3f}"),
            number("trade_last", f"Bilateral trade, {int(last['year'])} (million current US$)", last["trade"]),
        ]
        shares = pd.concat([
            trade[["year", "dependence_a_on_b"]].rename(columns={"dependence_a_on_b": "share"}).assign(side=f"{na} on {nb}"),
            trade[["year", "dependence_b_on_a"]].rename(columns={"dependence_b_on_a": "share"}).assign(side=f"{nb} on {na}"),
        ], ignore_index=True)
        figures.append(figure("trade", "Trade dependence",
                              "Bilateral trade as a share of each state's total trade (COW trade; NA after 2014).",
                              charts.multi_line(x="year", y="share", color="side", x_title="year",
                                                y_title="share of total trade", title=f"Trade dependence, {na}–{nb}",
                                                tooltip=[("year", "ordinal"), ("side", "nominal"), ("share", "quantitative")]),
                              shares, ["cow-trade"]))
    igos = frame.dropna(subset=["shared_igos"])
    if len(igos):
        last = igos.iloc[-1]
        numbers.append(number("igos_last", f"Shared IGOs, {int(last['year'])}", int(last["shared_igos"])))
        figures.append(figure("igos", "Shared intergovernmental organisations",
                              "IGOs both states belong to (COW IGO v3; NA after 2014).",
                              charts.line_band(x="year", y="shared_igos", lo=None, hi=None, x_title="year",
                                               y_title="shared IGOs", title=f"Shared IGOs, {na}–{nb}",
                                               tooltip=[("year", "ordinal"), ("shared_igos", "quantitative")]),
                              igos[["year", "shared_igos"]], ["cow-igo"]))
    columns = ["year", "atop_depth", *ATOP_LABELS, "cow_type", "trade", "dependence_a_on_b", "dependence_b_on_a",
               "asymmetry", "shared_igos"]
    shown = frame[columns].rename(columns={"dependence_a_on_b": f"share_{a}_on_{b}", "dependence_b_on_a": f"share_{b}_on_{a}"})
    return {"numbers": numbers, "figures": figures,
            "tables": [table("dyad-years", "Alliances, trade and IGOs per year", shown.round(4),
                             ["atop", "cow-alliance", "cow-trade", "cow-igo", "cow-states"])],
            "notes": frame.notes}


# -- events --------------------------------------------------------------------------------------

MIN_EVENTS = 3  # a year with fewer events is not called a peak or a trough
N_EXTREMES = 3
EVIDENCE_COLUMNS = ["date", "source", "target", "plover_type", "quad", "goldstein", "domain", "summary", "reference"]


def yearly_events(store, a, b, start, end) -> pd.DataFrame:
    from dyadscope.events.measures import compute_event_measures
    from dyadscope.report.cohesion import has_curated

    if not has_curated(store):
        return pd.DataFrame(columns=["period", "n_events", "cooperation", "conflict", "net_cooperation"])
    return compute_event_measures(store, a, b, by="year", dataset="curated", start=start, end=end)


def peaks_troughs(yearly: pd.DataFrame) -> pd.DataFrame:
    """The N_EXTREMES years with the highest and the lowest net cooperation among the years with at
    least MIN_EVENTS events; ties go to the year with more cooperative (peaks) or conflictual
    (troughs) events."""
    busy = yearly[yearly["n_events"] >= MIN_EVENTS].dropna(subset=["net_cooperation"])
    peaks = busy.sort_values(["net_cooperation", "cooperation", "period"], ascending=[False, False, True])
    troughs = busy.sort_values(["net_cooperation", "conflict", "period"], ascending=[True, False, True])
    out = pd.concat([peaks.head(N_EXTREMES).assign(kind="peak"), troughs.head(N_EXTREMES).assign(kind="trough")])
    out = out.rename(columns={"period": "year"})
    return out[["kind", "year", "net_cooperation", "n_events", "cooperation", "conflict"]].reset_index(drop=True)


def events(store, a, b, start, end) -> dict:
    from dyadscope.events.crosswalk import QUADS
    from dyadscope.events.measures import timeline

    yearly = yearly_events(store, a, b, start, end)
    if yearly.empty:
        return {"numbers": [number("events", "Curated events", 0)], "figures": [], "tables": [],
                "notes": ["no curated events between the two in the range"]}
    na, nb = _name(a), _name(b)
    events_list = timeline(store, a, b, start, end, dataset="curated")
    extremes = peaks_troughs(yearly)
    coop, conflict = int(yearly["cooperation"].sum()), int(yearly["conflict"].sum())
    numbers = [number("events", "Curated events", len(events_list),
                      f"{events_list['date'].min()} to {events_list['date'].max()}"),
               number("net_cooperation_all", "Net cooperation, whole range", (coop - conflict) / (coop + conflict)
                      if coop + conflict else None, f"{coop} cooperative, {conflict} conflictual events")]
    for kind in ("peak", "trough"):
        rows = extremes[extremes["kind"] == kind]
        numbers.append(number(f"{kind}s", f"Net-cooperation {kind}s (years)", ", ".join(str(y) for y in rows["year"]),
                              "; ".join(f"{r.year}: {r.net_cooperation:+.2f} ({r.n_events} events)" for r in rows.itertuples())))
    quads = yearly.melt(id_vars="period", value_vars=list(QUADS), var_name="quad", value_name="n")
    quads = quads[quads["n"] > 0].rename(columns={"period": "year"})
    net = yearly[["period", "net_cooperation", "n_events", "cooperation", "conflict"]].rename(columns={"period": "year"})
    net = net.merge(extremes[["year", "kind"]], on="year", how="left")
    points = events_list.assign(year=pd.to_datetime(events_list["date"]).dt.year)
    evidence = extremes.merge(points, on="year")
    evidence = evidence.sort_values(["kind", "year", "goldstein"], ascending=[True, True, True])
    cite = ["curated"]
    figures = [
        figure("net-cooperation", "Net cooperation per year",
               "(cooperative - conflictual events) / all, curated chronology; peaks and troughs marked "
               f"(years with at least {MIN_EVENTS} events).",
               _net_spec(f"Net cooperation, {na}–{nb}"), net, cite),
        figure("events-by-quad", "Events per year by quad class",
               "Curated events between the two (both directions) by PLOVER quad class.",
               charts.stacked_bars(x="year", y="n", color="quad", x_title="year", y_title="events",
                                   title=f"Events by quad class, {na}–{nb}",
                                   tooltip=[("year", "ordinal"), ("quad", "nominal"), ("n", "quantitative")]),
               quads, cite),
        figure("timeline", "Every event", "Each curated event by date and Goldstein value; hover for its summary "
               "and reference.", _timeline_spec(f"Curated events, {na}–{nb}"),
               events_list[["date", "source", "target", "plover_type", "quad", "goldstein", "summary", "reference"]],
               cite),
    ]
    tables = [table("peaks-troughs", "Peaks and troughs of net cooperation", extremes.round(3), cite),
              table("evidence", "The events behind each peak and trough", evidence[["kind", "year", *EVIDENCE_COLUMNS]], cite),
              table("timeline", "All curated events", events_list[EVIDENCE_COLUMNS], cite)]
    return {"numbers": numbers, "figures": figures, "tables": tables}


def _net_spec(title: str) -> dict:
    spec = charts.line_band(x="year", y="net_cooperation", lo=None, hi=None, x_title="year",
                            y_title="net cooperation", title=title,
                            tooltip=[("year", "ordinal"), ("net_cooperation", "quantitative"), ("n_events", "quantitative"),
                                     ("cooperation", "quantitative"), ("conflict", "quantitative")])
    spec["layer"].append({"transform": [{"filter": "datum.kind != null"}],
                          "mark": {"type": "point", "size": 160, "filled": False, "strokeWidth": 2},
                          "encoding": {"x": {"field": "year", "type": "quantitative"},
                                       "y": {"field": "net_cooperation", "type": "quantitative"},
                                       "color": {"field": "kind", "type": "nominal",
                                                 "scale": {"domain": ["peak", "trough"], "range": ["#2ca02c", "#d62728"]}},
                                       "tooltip": [{"field": "kind"}, {"field": "year"}]}})
    return spec


def _timeline_spec(title: str) -> dict:
    return {"title": title, "width": charts.WIDTH, "height": charts.HEIGHT, "mark": {"type": "point", "filled": True},
            "encoding": {"x": {"field": "date", "type": "temporal", "title": "date"},
                         "y": {"field": "goldstein", "type": "quantitative", "title": "Goldstein value"},
                         "color": {"field": "quad", "type": "nominal", "title": "quad class"},
                         "tooltip": [{"field": "date", "type": "temporal"}, {"field": "source"}, {"field": "target"},
                                     {"field": "plover_type"}, {"field": "summary"}, {"field": "reference"}]}}


# -- hedging -------------------------------------------------------------------------------------

def hedging(store, a, b, start, end) -> dict:
    from dyadscope.analysis.hedging import DEFAULT_PARTNERS, compute_hedging, compute_tilt

    partners = [b, *(p for p in DEFAULT_PARTNERS if p not in (a, b))]
    frame = compute_hedging(store, a, partners, by="session", start=start, end=end)
    if frame.empty:
        return {"numbers": [], "figures": [], "tables": [], "notes": ["no shared roll calls in the range"]}
    tilt = compute_tilt(frame, toward=b)
    na, nb = _name(a), _name(b)
    last = int(tilt["period"].max())
    latest = frame[frame["period"] == last]
    numbers = [number(f"agreement_{p}", f"{na}'s agreement with {p}, session {last}", v)
               for p, v in zip(latest["partner"], latest["value"])]
    numbers.append(number("tilt_last", f"Tilt toward {nb}, session {last}", tilt.iloc[-1]["tilt"],
                          f"agreement with {b} minus the mean agreement with the other partners"))
    numbers.append(number("tilt_mean", f"Mean tilt toward {nb}, sessions {int(tilt['period'].min())}–{last}",
                          float(tilt["tilt"].mean())))
    data = frame.rename(columns={"period": "session", "value": "agreement"}).drop(columns=["focal"])
    figures = [
        figure("hedging", "Agreement with each partner",
               f"{na}'s share of identical votes with each partner per session (EU: mean over the member states).",
               charts.multi_line(x="session", y="agreement", color="partner", x_title="session",
                                 y_title="share of identical votes", title=f"{na}'s vote agreement with its partners",
                                 tooltip=[("session", "ordinal"), ("partner", "nominal"), ("agreement", "quantitative"),
                                          ("n", "quantitative")]),
               data, VOTE_SOURCES),
        figure("tilt", f"Tilt toward {nb}", f"Agreement with {nb} minus the mean agreement with the other partners.",
               charts.line_band(x="period", y="tilt", lo=None, hi=None, x_title="session", y_title=f"tilt toward {b}",
                                title=f"{na}'s tilt toward {nb}", tooltip=[("period", "ordinal"), ("tilt", "quantitative")]),
               tilt.rename(columns=str), VOTE_SOURCES),
    ]
    return {"numbers": numbers, "figures": figures,
            "tables": [table("tilt", f"Agreement per partner and tilt toward {b}, per session",
                             tilt.rename(columns={"period": "session"}).round(4), VOTE_SOURCES)]}


# -- peers ---------------------------------------------------------------------------------------

def peers(store, a, b, start, end) -> dict:
    from dyadscope.analysis.peers import compute_peers, region_states

    focal = a if a in region_states("post-soviet", b) else None
    frame = compute_peers(store, b, region="post-soviet", focal=focal, by="year", start=start, end=end)
    nb = _name(b)
    notes = [] if focal else [f"{a} is not a post-Soviet state; the ranking is shown without it"]
    if frame.empty:
        return {"numbers": [], "figures": [], "tables": [], "notes": notes + ["no votes in the range"]}
    data = frame.rename(columns={"period": "year", "value": "agreement"})
    figures = [figure("peers", f"Post-Soviet states' agreement with {nb}",
                      f"Share of identical votes with {nb} per year, each post-Soviet state.",
                      charts.heatmap(x="year", y="name", value="agreement", x_title="year", y_title=None,
                                     value_title="agreement", title=f"Agreement with {nb}",
                                     tooltip=[("year", "ordinal"), ("name", "nominal"), ("agreement", "quantitative"),
                                              ("rank", "ordinal"), ("n", "quantitative")]),
                      data.drop(columns=["reference"]), VOTE_SOURCES)]
    numbers, tables = [], []
    if focal:
        mine = data[data["is_focal"]][["year", "agreement", "rank", "n_ranked"]]
        last = mine.iloc[-1]
        numbers += [number("rank_last", f"{_name(a)}'s rank among post-Soviet states, {int(last['year'])}",
                           int(last["rank"]), f"of {int(last['n_ranked'])}; agreement {last['agreement']:.3f}"),
                    number("rank_median", f"{_name(a)}'s median rank, {int(mine['year'].min())}–{int(last['year'])}",
                           _whole(float(mine["rank"].astype(float).median())))]
        spec = charts.line_band(x="year", y="rank", lo=None, hi=None, x_title="year", y_title="rank (1 = closest)",
                                title=f"{_name(a)}'s rank in agreement with {nb}",
                                tooltip=[("year", "ordinal"), ("rank", "quantitative"), ("n_ranked", "quantitative"),
                                         ("agreement", "quantitative")])
        spec["layer"][0]["encoding"]["y"]["scale"] = {"reverse": True, "zero": False}
        figures.append(figure("rank", f"{_name(a)}'s rank", "1 is the post-Soviet state that votes most like "
                              f"{nb} that year.", spec, mine, VOTE_SOURCES))
        tables.append(table("rank", f"{_name(a)}'s rank per year", mine.round(4), VOTE_SOURCES))
    last_year = int(data["year"].max())
    tables.insert(0, table("ranking", f"Ranking in {last_year}", data[data["year"] == last_year].round(4), VOTE_SOURCES,
                           columns=["rank", "iso3", "name", "agreement", "n"]))
    return {"numbers": numbers, "figures": figures, "tables": tables, "notes": notes}


# -- sources -------------------------------------------------------------------------------------

def sources(store, a, b, start, end) -> dict:
    from dyadscope.sources import catalogue

    log = store.load_log()
    loaded = list(dict.fromkeys(log["source"]))
    rows = [{"source": s.name, "title": s.title, "coverage": s.coverage, "licence": s.licence, "citation": s.citation}
            for name, s in catalogue().items() if name in loaded]
    files = log[["source", "part", "path", "file_sha256", "rows_ok", "rows_rejected", "loaded_at"]]
    return {"numbers": [number("sources_loaded", "Sources in the store", len(rows))],
            "tables": [table("citations", "Sources and how to cite them", pd.DataFrame(rows), []),
                       table("files", "Files loaded into the store (load log)", files, [])],
            "extra_sources": loaded}


def _whole(value: float) -> int | float:
    """A median of ranks: shown as a whole number when it is one (3, not 3.000)."""
    return int(value) if value.is_integer() else value
