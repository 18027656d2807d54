"""Commands for the measures: vote alignment of one dyad or of every dyad at once."""

from __future__ import annotations

import click

from dyadscope.cli.base import cli, open_store, output_options, show_frame


def period_options(fn):
    """--from / --to / --issue / --roll-calls, shared by every command that measures votes."""
    fn = click.option("--roll-calls", type=click.Choice(["resolutions", "all"]), default="resolutions",
                      show_default=True, help="Votes on whole resolutions (Voeten's definition) or every roll call.")(fn)
    fn = click.option("--issue", help="Issue subset: me, nu, di, hr, co, ec, ukraine, or subject:TERM.")(fn)
    fn = click.option("--to", "end", help="Last date (YYYY-MM-DD).")(fn)
    fn = click.option("--from", "start", help="First date (YYYY-MM-DD).")(fn)
    return fn


@cli.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--measure", "measures", default="agreement,index,s,kappa,pi,idealdist", show_default=True,
              help="Comma-separated: agreement, index, s, kappa, pi, idealdist.")
@click.option("--by", type=click.Choice(["session", "year", "all"]), default="session", show_default=True)
@period_options
@click.option("--boot", "n_boot", default=1000, show_default=True, help="Bootstrap resamples (0: no intervals).")
@click.option("--seed", default=0, show_default=True)
@click.option("--all-dyads", is_flag=True, help="Every pair of states at once.")
@click.option("--session", "sessions", type=int, multiple=True, help="With --all-dyads: session(s) to compute.")
@click.option("--matrix", is_flag=True, help="With --all-dyads: one square matrix of the first measure.")
@output_options
@click.pass_context
def measure(ctx, a, b, measures, by, start, end, issue, roll_calls, n_boot, seed, all_dyads, sessions, matrix,
            as_json, as_csv):
    """Vote alignment of A and B per session, year or range, with bootstrap 95% intervals.

    Example: dyadscope measure KAZ RUS --measure agreement,s,kappa,pi,idealdist --by session --issue ukraine
    """
    with open_store(ctx, read_only=True) as store:
        if all_dyads:
            from dyadscope.measures.all_dyads import compute_all_dyads, dyad_matrix

            keys = [m for m in measures.split(",") if m and m != "idealdist"]
            frame = compute_all_dyads(store, by="year" if by == "year" else "session", start=start, end=end,
                                      sessions=list(sessions) or None, measures=keys, roll_calls=roll_calls,
                                      issue=issue)
            if matrix:
                frame = dyad_matrix(frame, keys[0]).reset_index(names="iso3")
        else:
            if not (a and b):
                raise click.UsageError("name two states A B, or give --all-dyads")
            from dyadscope.measures.votes import compute_vote_alignment

            frame = compute_vote_alignment(store, a, b, by=by, start=start, end=end, issue=issue,
                                           measures=measures, roll_calls=roll_calls, n_boot=n_boot, seed=seed)
    show_frame(frame, as_json, as_csv)
