"""What every command shares: the group, the store option, --json/--csv output and error handling.

Library code raises DyadscopeError subclasses; only this layer turns them into ``Error: ...``
on standard error and exit code 1.
"""

from __future__ import annotations

import json
import sys

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from dyadscope import __version__
from dyadscope.errors import DyadscopeError, LoadError
from dyadscope.store import ENV_VAR, Store, default_store_path

# a pipe or a file gets a wide table instead of rich's default of 80 columns
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
out = Console(width=None if sys.stdout.isatty() else 160)


def to_json(data) -> str:
    if isinstance(data, pd.DataFrame):
        data = records(data)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with JSON-ready values (dates as ISO strings, missing as null)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in clean.to_dict(orient="records")]


def output_options(fn):
    """--json / --csv on every command that reads data (plain table otherwise)."""
    fn = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(fn)
    fn = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)
    return fn


def show_frame(frame: pd.DataFrame, as_json: bool, as_csv: bool, title: str | None = None) -> None:
    if as_json:
        click.echo(to_json(frame))
    elif as_csv:
        click.echo(frame.to_csv(index=False), nl=False)
    else:
        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            widest = max([len(str(column)), *(len(_cell(v)) for v in frame[column].head(200))])
            # short columns (codes, counts, dates) keep their width; long text folds
            short = widest <= 16
            table.add_column(str(column), no_wrap=short, min_width=widest if short else None, overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        out.print(table)


def _cell(value) -> str:
    """A table cell: missing is blank, fractions get three decimals (JSON and CSV keep every digit)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


class Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LoadError as e:
            if e.report is not None and getattr(ctx, "report_csv", None):
                e.report.to_csv(ctx.report_csv)
            raise click.ClickException(str(e)) from e
        except DyadscopeError as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=Group)
@click.option("--store", "store_path", type=click.Path(dir_okay=False), envvar=ENV_VAR,
              help=f"The DuckDB store (default: {default_store_path()}; or ${ENV_VAR}).")
@click.version_option(version=__version__, prog_name="dyadscope")
@click.pass_context
def cli(ctx, store_path):
    """Measure the strength and limits of the relationship between two states, from public evidence.

    Example: dyadscope load --mirror ../shared/data && dyadscope votes KAZ RUS --session 77
    """
    ctx.obj = {"store_path": store_path}


def open_store(ctx, read_only: bool = False) -> Store:
    return Store(ctx.obj["store_path"], read_only=read_only)


def range_options(fn):
    """--from / --to: the first and last date of what a command reads."""
    fn = click.option("--to", "end", help="Last date (YYYY-MM-DD).")(fn)
    fn = click.option("--from", "start", help="First date (YYYY-MM-DD).")(fn)
    return fn
