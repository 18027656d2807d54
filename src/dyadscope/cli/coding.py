"""`dyadscope code`: text in five languages → coded events (JSON lines)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dyadscope.cli.base import cli, err


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write JSON lines here (default: standard output).")
@click.option("--lang", help="Language of texts that do not give one: en, ru, kk, tr or pl (default: detected).")
@click.option("--date", help="Date (YYYY-MM-DD) of texts that do not give one and name no date themselves.")
@click.option("--any-actor/--states-only", default=None,
              help="Also keep events whose source or target is not a state or organisation "
                   "(default: states and organisations only, except in a file of PLOVER records).")
@click.option("--one-event/--all-events", default=None,
              help="Keep only the first (main-clause) event of each sentence "
                   "(default: all events, except in a file of PLOVER records).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on standard error.")
def code(input_path, output, lang, date, any_actor, one_event, as_json):
    """Code INPUT (JSON lines with id, text, lang, date; a .txt/.md/.html document; or a folder of them) into PLOVER events.

    Each output line is {"id", "lang", "events": [{"source", "target", "type", "quad", "cameo",
    "goldstein", "date", "trigger", "span", ...}]}; a document gives one line per sentence. A .json
    file may also hold one array of records, as the PLOVER gold-standard file does (its records are
    then coded with any actor, one event per sentence, unless told otherwise). Input that cannot be
    coded is skipped and listed with the reason.

    Example: dyadscope code ../shared/gold/dev.jsonl -o /tmp/pred.jsonl
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from dyadscope.coding import Coder

    coder = Coder(lang=lang, date=date, any_actor=any_actor, one_event=one_event)
    path = Path(input_path)
    records = events = 0
    sink = open(output, "w", encoding="utf-8") if output else None
    try:
        big = path.is_file() and path.stat().st_size > 1_000_000
        with Progress(TextColumn("coding"), BarColumn(), TextColumn("{task.completed} records"), TimeElapsedColumn(),
                      console=err, transient=True, disable=not big) as bar:
            task = bar.add_task("coding", total=None)
            for record in coder.code_file(path):
                line = json.dumps(record, ensure_ascii=False)
                if sink:
                    sink.write(line + "\n")
                else:
                    click.echo(line)
                records += 1
                events += len(record["events"])
                bar.advance(task)
    finally:
        if sink:
            sink.close()
    reasons: dict[str, int] = {}
    for _, reason in coder.skipped:
        key = reason.split(";")[0].split(" (")[0]
        reasons[key] = reasons.get(key, 0) + 1
    summary = {"input": str(path), "records": records, "sentences": coder.sentences, "events": events,
               "skipped": len(coder.skipped), "skipped_by_reason": reasons, "notes": coder.notes,
               "output": output}
    if as_json:
        err.print_json(json.dumps(summary, ensure_ascii=False))
    else:
        for note in coder.notes:
            err.print(note, markup=False, highlight=False)
        err.print(f"{coder.sentences} sentence(s) in {records} record(s), {events} event(s), "
                  f"{len(coder.skipped)} skipped" + (f" → {output}" if output else ""), highlight=False)
        for where, reason in coder.skipped[:50]:
            err.print(f"  skipped {where}: {reason}", markup=False, highlight=False)
        if len(coder.skipped) > 50:
            err.print(f"  … and {len(coder.skipped) - 50} more", highlight=False)
    if records == 0 and coder.skipped:
        raise click.ClickException(f"nothing coded in {path}: every input was skipped ({coder.skipped[0][1]})")
