"""Commands for the analyses: phases and event studies, the hedging profile, post-Soviet peers."""

from __future__ import annotations

import click

from dyadscope.cli.base import cli, open_store, output_options, show_frame
from dyadscope.cli.measures import period_options


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--measure", default="agreement", show_default=True, help="agreement, index, s, kappa or pi.")
@click.option("--by", type=click.Choice(["session", "year"]), default="session", show_default=True)
@period_options
@click.option("--penalty", type=float, default=None, help="PELT penalty (default: the BIC-like rule in docs).")
@click.option("--min-size", default=3, show_default=True, help="Fewest points in a phase.")
@click.option("--events", is_flag=True, help="An event study around the default shocks instead of phases.")
@click.option("--window", default=2, show_default=True, help="With --events: points before and after each shock.")
@output_options
@click.pass_context
def phases(ctx, a, b, measure, by, start, end, issue, roll_calls, penalty, min_size, events, window, as_json, as_csv):
    """Phases of A–B alignment: change points (PELT) with each phase's mean and 95% interval.

    Example: dyadscope phases KAZ RUS --measure agreement
    """
    from dyadscope.analysis import phases as ph
    from dyadscope.measures.votes import compute_vote_alignment

    with open_store(ctx, read_only=True) as store:
        series = compute_vote_alignment(store, a, b, by=by, start=start, end=end, issue=issue, measures=[measure],
                                        roll_calls=roll_calls, n_boot=0)
    if events:
        frame = ph.dyad_event_study(series, measure=measure, by=by, window=window)
    else:
        frame = ph.compute_phases(series, time="period", value=measure, weight="n", penalty=penalty,
                                  min_size=min_size)
    show_frame(frame, as_json, as_csv)


@cli.command()
@click.argument("focal")
@click.option("--partners", default="RUS,CHN,USA,TUR,EU", show_default=True,
              help="Comma-separated states (any code or name) and/or EU (mean over the members of each period).")
@click.option("--measure", default="agreement", show_default=True)
@click.option("--by", type=click.Choice(["session", "year"]), default="session", show_default=True)
@period_options
@click.option("--toward", default="RUS", show_default=True, help="The partner the tilt is measured toward.")
@click.option("--long", "long_form", is_flag=True, help="One row per partner and period instead of the tilt table.")
@output_options
@click.pass_context
def hedging(ctx, focal, partners, measure, by, start, end, issue, roll_calls, toward, long_form, as_json, as_csv):
    """FOCAL's alignment with each partner over time, and its tilt toward one of them.

    Example: dyadscope hedging KAZ --partners RUS,CHN,USA,TUR,EU --by session
    """
    from dyadscope.analysis.hedging import compute_hedging, compute_tilt

    with open_store(ctx, read_only=True) as store:
        frame = compute_hedging(store, focal, tuple(p.strip() for p in partners.split(",") if p.strip()), by=by,
                                measure=measure, start=start, end=end, roll_calls=roll_calls, issue=issue)
    if not long_form:
        frame = compute_tilt(frame, toward=toward)
    show_frame(frame, as_json, as_csv)


@cli.command()
@click.argument("reference", default="RUS")
@click.option("--region", default="post-soviet", show_default=True)
@click.option("--focal", help="Mark this state and report its rank.")
@click.option("--measure", default="agreement", show_default=True)
@click.option("--by", type=click.Choice(["session", "year"]), default="session", show_default=True)
@click.option("--period", "periods", type=int, multiple=True, help="Only these sessions or years.")
@period_options
@output_options
@click.pass_context
def peers(ctx, reference, region, focal, measure, by, periods, start, end, issue, roll_calls, as_json, as_csv):
    """Every state of a region ranked by its alignment with REFERENCE, per session or year.

    Example: dyadscope peers RUS --region post-soviet --focal KAZ --by year --period 2021 --period 2024
    """
    from dyadscope.analysis.peers import compute_peers

    with open_store(ctx, read_only=True) as store:
        frame = compute_peers(store, reference, region=region, focal=focal, by=by, measure=measure, start=start,
                              end=end, roll_calls=roll_calls, issue=issue)
    if periods:
        frame = frame[frame["period"].isin(periods)].reset_index(drop=True)
    show_frame(frame, as_json, as_csv)
