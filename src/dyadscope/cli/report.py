"""Commands for the report: the HTML report, the claims ledger and static figures."""

from __future__ import annotations

import time

import click

from dyadscope.cli.base import cli, err, open_store, range_options, to_json


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The HTML file (default: out/report-A-B.html).")
@range_options
@click.option("--claims", "claims_file", type=click.Path(dir_okay=False),
              help="A claims file (TOML) instead of the built-in claims.")
@click.pass_context
def report(ctx, a, b, output, start, end, claims_file):
    """One self-contained HTML report on A and B (works offline): cohesion, votes, alliances and
    trade, events, hedging, peers, the claims ledger, sources.

    Example: dyadscope report KAZ RUS -o out/report-KAZ-RUS.html
    """
    from dyadscope.measures.votes import resolve_pair
    from dyadscope.report.html import write_report

    a, b = resolve_pair(a, b)
    path = output or f"out/report-{a}-{b}.html"
    began = time.perf_counter()
    with open_store(ctx, read_only=True) as store, err.status(f"Writing the {a}–{b} report"):
        written = write_report(store, a, b, path, start=start, end=end, claims=claims_file)
    err.print(f"report written in {time.perf_counter() - began:.1f} s")
    click.echo(str(written))


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--claims", "claims_file", type=click.Path(dir_okay=False),
              help="A claims file (TOML) instead of the built-in claims.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (every test, its numbers and evidence rows).")
@click.pass_context
def claims(ctx, a, b, claims_file, as_json):
    """The claims ledger of A and B: each claim's tests over the data and its verdict.

    Example: dyadscope claims KAZ RUS --json
    """
    from dyadscope.measures.votes import resolve_pair
    from dyadscope.report.claims import evaluate_claims, ledger_json

    a, b = resolve_pair(a, b)
    with open_store(ctx, read_only=True) as store:
        ledger = ledger_json(evaluate_claims(store, a, b, claims_file))
    if as_json:
        click.echo(to_json(ledger))
        return
    if not ledger["applies"]:
        err.print(f"the claims in {ledger['file']} are about {'–'.join(ledger['pair'])}, not {a}–{b}")
        return
    for claim in ledger["claims"]:
        click.echo(f"{claim['id']}  {claim['verdict'].upper()}  {claim['text']}")
        for test in claim["tests"]:
            click.echo(f"    {test['label'] or test['check']}: {test['summary']}")


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--measure", required=True, help="agreement, kappa, s, idealpoint-distance, net-cooperation, "
                                                "cohesion, trade ... (an unknown name lists them all).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="fig.svg or fig.png.")
@range_options
@click.pass_context
def plot(ctx, a, b, measure, output, start, end):
    """A static figure of one measure of A and B, as SVG or PNG, for a paper.

    Example: dyadscope plot KAZ RUS --measure agreement -o fig.svg
    """
    from dyadscope.report.plots import save_plot

    with open_store(ctx, read_only=True) as store:
        path = save_plot(store, a, b, measure, output, start=start, end=end)
    click.echo(str(path))
