"""Commands for reference data, getting and loading data, and a first look at the votes."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from dyadscope import api
from dyadscope.cli.base import cli, err, open_store, out, output_options, show_frame, to_json
from dyadscope.store import default_store_path
from dyadscope.validation import ValidationReport


# -- reference ---------------------------------------------------------------------------------


@cli.command()
@click.argument("query", required=False)
@output_options
def countries(query, as_json, as_csv):
    """List the country registry, or the entities matching QUERY (any code or name, any language).

    Example: dyadscope countries kaz --json
    """
    rows = api.countries(query)
    if as_json:
        click.echo(to_json(rows))
        return
    frame = pd.DataFrame(rows)
    if not as_csv and not frame.empty:
        keep = [c for c in ("iso3", "kind", "iso2", "cow", "cow_abbr", "gw", "cameo", "un_name", "name_en",
                            "name_ru", "name_kk", "name_tr", "name_pl", "post_soviet") if c in frame]
        frame = frame[keep]
    show_frame(frame, False, as_csv)


@cli.command()
@output_options
def sources(as_json, as_csv):
    """List every source with its coverage, licence and citation.

    Example: dyadscope sources --json
    """
    rows = api.sources()
    if as_json:
        click.echo(to_json(rows))
        return
    frame = pd.DataFrame(rows)[["name", "title", "coverage", "licence", "citation"]]
    show_frame(frame, False, as_csv)


@cli.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def cite(source, as_json):
    """Print the citation of SOURCE.

    Example: dyadscope cite unvotes
    """
    if as_json:
        click.echo(to_json({"source": source, "citation": api.cite(source)}))
    else:
        click.echo(api.cite(source))


# -- getting data ------------------------------------------------------------------------------


@cli.command()
@click.argument("source", required=False)
@click.option("--all", "fetch_all", is_flag=True, help="Fetch every source in the catalogue.")
@click.option("--dest", type=click.Path(file_okay=False), default=None,
              help="Mirror folder to download into (default: 'mirror' next to the store).")
@click.option("--base-url", default=None, help="Download from this mirror address instead of the official one.")
@click.option("--retries", default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the downloaded files as JSON.")
@click.option("--from", "date_from", help="gdelt: first day (YYYY-MM-DD) of the event files to fetch.")
@click.option("--to", "date_to", help="gdelt: last day (YYYY-MM-DD), inclusive.")
@click.option("--actors", help="gdelt: load the fetched files into the store, keeping only events of these "
              "countries (e.g. KAZ,RUS).")
@click.option("--workers", default=4, show_default=True, help="gdelt: parallel downloads.")
@click.option("--master-url", default=None, help="gdelt: the master file list (default: the official one).")
@click.option("--version", "gdelt_version", type=click.Choice(["1", "2"]), default="2", show_default=True,
              help="gdelt: GDELT 2.0 (15-minute files, master file list) or 1.0 (yearly, monthly and daily "
              "files, filesizes and md5sums lists; --base-url is then the events folder).")
@click.pass_context
def fetch(ctx, source, fetch_all, dest, base_url, retries, as_json, date_from, date_to, actors, workers, master_url,
          gdelt_version):
    """Download SOURCE from its official address into a mirror folder, verified and resumable.

    Example: dyadscope fetch unxml --dest ./mirror && dyadscope load --mirror ./mirror;
    dyadscope fetch gdelt --from 2022-01-05 --to 2022-01-06 --actors KAZ,RUS
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    from dyadscope.fetch import fetch_source

    if not source and not fetch_all:
        raise click.UsageError("name a SOURCE or give --all")
    if source == "gdelt" and not fetch_all:
        return _fetch_gdelt(ctx, dest, base_url, retries, as_json, date_from, date_to, actors, workers, master_url,
                            int(gdelt_version))
    if date_from or date_to or actors or gdelt_version != "2":
        raise click.UsageError("--from, --to, --actors and --version apply to `fetch gdelt` only")
    names = list(api.MIRROR_ORDER) if fetch_all else [source]
    dest = Path(dest) if dest else Path(ctx.obj["store_path"] or default_store_path()).parent / "mirror"
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), console=err) as bar:
        tasks: dict[str, int] = {}

        def progress(advance, total, name):
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], advance=advance, total=total)

        fetched = []
        for name in names:
            for path in fetch_source(name, dest, base_url=base_url, retries=retries, progress=progress):
                fetched.append({"source": name, "path": str(path)})
                err.print(f"{name}: {path}")
    click.echo(to_json(fetched) if as_json else str(dest))


def _fetch_gdelt(ctx, dest, base_url, retries, as_json, date_from, date_to, actors, workers, master_url, version=2):
    """`fetch gdelt`: the event files of a date range from the official lists, then (--actors) a filtered load."""
    from dyadscope.events.gdelt_fetch import fetch_gdelt
    from dyadscope.loaders import get_loader, run_load

    if not (date_from and date_to):
        raise click.UsageError("fetch gdelt needs --from DATE and --to DATE")
    if version == 1 and master_url:
        raise click.UsageError("--master-url applies to GDELT 2.0 only; for --version 1 give --base-url")
    dest = Path(dest) if dest else Path(ctx.obj["store_path"] or default_store_path()).parent / "mirror"
    paths = fetch_gdelt(dest, date_from, date_to, master_url=master_url or None, base_url=base_url,
                        workers=workers, retries=retries, version=version)
    rows = [{"source": "gdelt", "path": str(p)} for p in paths]
    err.print(f"gdelt: {len(paths)} file(s) in {dest / 'gdelt'}")
    if actors:
        loader = get_loader("gdelt")
        loader.actors = actors
        with open_store(ctx) as store:
            for row, path in zip(rows, paths):
                result = run_load(store, loader, path)[0]
                row["events"] = result.tables.get("event", 0)
                row["skipped"] = result.skipped
        err.print(f"gdelt: loaded {sum(r.get('events', 0) for r in rows)} event(s) of {loader.actors and ','.join(loader.actors)}")
    click.echo(to_json(rows) if as_json else str(dest / "gdelt"))


@cli.command()
@click.argument("source", required=False)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--mirror", type=click.Path(file_okay=False), help="Load every source found in this folder.")
@click.option("--strict", is_flag=True, help="Load nothing from a file with any rejected row.")
@click.option("--report-csv", type=click.Path(dir_okay=False), help="Write the validation report as CSV.")
@click.option("--actors", help="Event sources (gdelt, icews, polecat, plover): keep only events whose source "
              "or target is one of these countries, e.g. KAZ,RUS.")
@output_options
@click.pass_context
def load(ctx, source, paths, mirror, strict, report_csv, actors, as_json, as_csv):
    """Load SOURCE from local PATHs (files or folders), or every source in a --mirror folder.

    Example: dyadscope load --mirror ../shared/data; dyadscope load gdelt ./gdelt/*.zip --actors KAZ,RUS;
    dyadscope load text ./articles
    """
    from rich.progress import BarColumn, Progress, TimeElapsedColumn

    from dyadscope.loaders import EVENT_LOADERS, get_loader, load_parts

    ctx.parent.report_csv = report_csv
    if not mirror and not (source and paths):
        raise click.UsageError("give SOURCE PATH..., or --mirror DIR")
    if actors and (mirror or source not in EVENT_LOADERS):
        raise click.UsageError(f"--actors applies to the event sources {', '.join(EVENT_LOADERS)}")
    with open_store(ctx) as store:
        with Progress("[progress.description]{task.description}", BarColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            results = []
            if source in EVENT_LOADERS and not mirror:  # event files: a bar over the files, searched ahead
                loader = get_loader(source)
                loader.actors = actors
                parts = [part for p in paths for part in loader.parts(Path(p))]
                task = bar.add_task(f"loading {source}", total=len(parts))
                results += load_parts(store, loader, parts, strict=strict,
                                      progress=lambda result: bar.advance(task))
            else:
                jobs = [(name, mirror) for name in api.mirror_sources(mirror)] if mirror else [(source, p) for p in paths]
                task = bar.add_task("loading", total=len(jobs))
                for name, where in jobs:
                    bar.update(task, description=f"loading {name}")
                    results += api.load(store, name, where, strict=strict)
                    bar.advance(task)
            if mirror:  # the chronology shipped with the package comes with every mirror load
                bar.update(task, description="loading curated")
                results += api.load_curated(store, strict=strict)
    report = ValidationReport()
    for r in results:
        report.extend(r.report)
    if report_csv:
        report.to_csv(report_csv)
    frame = pd.DataFrame([r.as_dict() for r in results])
    if as_json:
        click.echo(to_json([r.as_dict() | {"problems": len(r.report)} for r in results]))
    else:
        shown = frame[["source", "part", "rows_in", "rows_ok", "rows_rejected", "seconds", "skipped"]]
        show_frame(shown, False, as_csv, title="load")
        if not as_csv:
            err.print(f"total {frame['seconds'].sum():.1f} s")
    if report:
        err.print(f"[yellow]{len(report.errors)} rejected, {len(report) - len(report.errors)} warning(s):[/]")
        err.print(report.summary(), markup=False, highlight=False, soft_wrap=True)


@cli.command()
@output_options
@click.pass_context
def status(ctx, as_json, as_csv):
    """Show what the store holds: rows per table and every load.

    Example: dyadscope status --json
    """
    with open_store(ctx, read_only=True) as store:
        info = api.status(store)
    if as_json:
        click.echo(to_json(info))
        return
    err.print(f"store {info['path']} (schema {info['schema_version']})")
    show_frame(pd.DataFrame(list(info["tables"].items()), columns=["table", "rows"]), False, as_csv)


# -- a first look at the data ------------------------------------------------------------------


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--session", type=int, help="UN General Assembly session (e.g. 77).")
@click.option("--resolution", help="Resolution symbol, e.g. A/RES/ES-11/1 (or ES-11/1).")
@output_options
@click.pass_context
def votes(ctx, a, b, session, resolution, as_json, as_csv):
    """List the roll calls on which both A and B voted, with each one's vote.

    Example: dyadscope votes KAZ RUS --resolution A/RES/ES-11/1 --json
    """
    with open_store(ctx, read_only=True) as store:
        frame = api.votes(store, a, b, session=session, resolution=resolution)
    if not (as_json or as_csv):
        frame = frame.drop(columns=["rc_id", "source", "session"])
    show_frame(frame, as_json, as_csv)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def summary(ctx, a, b, as_json):
    """A short summary of A and B at the UN: shared roll calls, identical votes per decade, ES-11.

    Example: dyadscope summary KAZ RUS
    """
    with open_store(ctx, read_only=True) as store:
        info = api.summary(store, a, b)
    if as_json:
        click.echo(to_json(info))
        return
    a, b = info["a"], info["b"]
    out.print(f"{a}–{b}: {info['roll_calls']} UN General Assembly roll calls both voted on "
              f"({info['first']} to {info['last']}); identical votes {info['identical']} "
              f"({info['share_identical']:.1%})")
    show_frame(pd.DataFrame(info["by_decade"]), False, False, title="identical votes per decade")
    show_frame(pd.DataFrame(info["es11"]), False, False, title="ES-11 (Ukraine) resolutions")
