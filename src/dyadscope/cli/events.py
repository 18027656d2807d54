"""Commands for events: measures per dyad and period, and the dated timeline with references."""

from __future__ import annotations

import click

from dyadscope.cli.base import cli, err, open_store, output_options, range_options, show_frame


def event_options(fn):
    """--from / --to / --dataset / --domain, shared by the event commands."""
    fn = click.option("--domain", help="Only these domains (comma-separated), e.g. energy,transport.")(fn)
    return range_options(fn)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True)
@click.option("--dataset", default=None,
              help="curated, gdelt2, icews ... (default: each dataset loaded, on its own rows).")
@event_options
@click.option("--directed", is_flag=True, help="Only events with A as source and B as target.")
@click.option("--normalise", is_flag=True, help="Add each actor's event volume and the counts divided by it.")
@output_options
@click.pass_context
def events(ctx, a, b, by, dataset, start, end, domain, directed, normalise, as_json, as_csv):
    """Event measures of A and B per period: counts by quad class and PLOVER type, Goldstein sum and
    mean, net cooperation = (cooperation - conflict) / (cooperation + conflict).

    Example: dyadscope events KAZ RUS --by year --dataset curated --json
    """
    from dyadscope.events.measures import QUADS, compute_event_measures

    with open_store(ctx, read_only=True) as store:
        frame = compute_event_measures(store, a, b, by=by, dataset=dataset, domain=domain, directed=directed,
                                       normalise=normalise, start=start, end=end)
    left_out = frame.attrs.get("left_out_coarser_dates", 0)
    if not (as_json or as_csv):
        # the table keeps the summary columns; --json and --csv carry every PLOVER type too
        keep = ["dataset", "period", "n_events", *QUADS, "goldstein_sum", "goldstein_mean", "net_cooperation"]
        keep += [c for c in frame.columns if c.startswith("volume_")]
        frame = frame[keep]
    show_frame(frame, as_json, as_csv)
    if left_out:
        err.print(f"{left_out} event(s) dated only to the year left out (use --by year to count them)")


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--dataset", default="curated", show_default=True, help="The event dataset to list.")
@event_options
@output_options
@click.pass_context
def timeline(ctx, a, b, dataset, start, end, domain, as_json, as_csv):
    """The dated events between A and B, oldest first, each with its type, summary and reference.

    Example: dyadscope timeline KAZ RUS --from 2022-01-01 --to 2022-12-31
    """
    from dyadscope.events.measures import timeline as compute_timeline

    with open_store(ctx, read_only=True) as store:
        frame = compute_timeline(store, a, b, start, end, dataset=dataset, domain=domain)
    if not (as_json or as_csv):
        frame = frame[["date", "source", "target", "plover_type", "goldstein", "domain", "summary", "reference"]]
    show_frame(frame, as_json, as_csv)
