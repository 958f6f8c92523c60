"""Command line: `notices run`, `notices extract` (also `python -m pipeline …`)."""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress details.")
def cli(verbose: bool) -> None:
    """Turn scraped rectification notices into Parquet tables."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format='{"level": "%(levelname)s", "logger": "%(name)s", "msg": "%(message)s"}')


@cli.command()
@click.option("--input", "input_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of notices (.txt, .html, .md; any encoding), read recursively.")
@click.option("--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the tables (documents/, sections/, mentions/, items/, indicators/, errors/).")
@click.option("--reference-date", callback=_date, help="YYYY-MM-DD that 今年/明年 resolve against when a "
              "notice states no publication date.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes (default: the cores).")
@click.option("--prune", is_flag=True, help="Drop the rows of files no longer in the input.")
@click.option("--strict", is_flag=True, help="Exit 1 when any input went to the errors table.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when on a terminal).")
@click.option("--executor", type=click.Choice(["pool", "dask"]), default="pool", show_default=True,
              help="Process pool on this machine, or Dask (pip install 'notices[dask]').")
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster.")
def run(input_dir: Path, out_dir: Path, reference_date: dt.date | None, workers: int | None, prune: bool,
        strict: bool, progress: bool | None, executor: str, scheduler: str | None) -> None:
    """Process every notice under --input into the tables in --output.

    Only new and changed files are processed; the tables switch to the new run's
    data in one atomic step. Exit status: 0 done (even when some inputs went to
    errors), 1 with --strict when any did, 2 usage error, 3 output locked."""
    from .rules import RuleError
    from .runner import run as run_pipeline
    from .store import OutputLocked

    if progress is None:
        progress = sys.stderr.isatty()
    try:
        summary = run_pipeline(input_dir, out_dir, workers=workers, reference_date=reference_date,
                               prune=prune, progress=progress, executor=executor, scheduler=scheduler)
    except OutputLocked as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except RuleError as exc:
        click.echo(f"error: a rule file is broken, so the run stopped and the tables were left as they were: "
                   f"{exc}", err=True)
        sys.exit(EXIT_USAGE)
    rows = ", ".join(f"{k} {v}" for k, v in summary.rows.items())
    click.echo(f"{summary.files_seen} files: {summary.files_processed} processed, {summary.files_reused} "
               f"unchanged, {summary.files_failed} failed{', %d pruned' % summary.files_pruned if prune else ''}; "
               f"{rows}; {summary.seconds:.1f}s", err=True)
    if strict and summary.files_failed:
        sys.exit(EXIT_FAILED_INPUTS)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reference-date", callback=_date, help="YYYY-MM-DD for relative dates.")
def extract(file: Path, reference_date: dt.date | None) -> None:
    """Print what one file gives each table, as JSON."""
    from .runner import process_bytes

    rows = process_bytes(file.name, file.read_bytes(), reference_date)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reference-date", callback=_date, help="YYYY-MM-DD for relative dates.")
def show(file: Path, reference_date: dt.date | None) -> None:
    """Print one notice with its sections and mentions highlighted."""
    from .show import show as show_notice

    show_notice(file, reference_date)


@cli.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--html", "html_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The page to write.")
def report(out_dir: Path, html_path: Path) -> None:
    """Write one self-contained HTML page summarising the tables in OUT_DIR."""
    from . import report as report_page

    click.echo(str(report_page.write(out_dir, html_path)))


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 when docs/tables.md differs from the schemas.")
def docs(check: bool) -> None:
    """Write docs/tables.md from the tables' schemas."""
    from . import schema_doc

    if check:
        current = schema_doc.DOC_PATH.read_text(encoding="utf-8") if schema_doc.DOC_PATH.exists() else ""
        if current != schema_doc.render():
            click.echo("docs/tables.md is out of date: run `notices docs`", err=True)
            sys.exit(1)
        return
    click.echo(str(schema_doc.write()))


def main() -> None:
    cli(prog_name="notices")
