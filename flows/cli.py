"""`papers run PATH... [--raw DIR] [--curated DIR] [--time-limit S] [--memory-limit SIZE]`.

Exit status: 0 every document processed; 1 some document failed (the others are published);
2 usage error; 3 the run itself failed (nothing of it was published).
File names are shown with control characters escaped: a name is data, never a second line.
Progress goes to stderr (a bar on a terminal, one line per document otherwise); the summary
table goes to stdout.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.documents import DocumentResult, one_line, shown
from flows.inputs import expand
from flows.limits import DEFAULT_MEMORY, DEFAULT_SECONDS, MEMORY_ENV, TIME_ENV, Limits, format_size, parse_seconds, parse_size
from flows.report import RunSummary

ENGINES = ("auto", "prefect", "local")
SHORT = {"table_cells": "cells", "agenda_items": "agenda", "deliverables": "deliv",
         "trajectories": "traj", "indicators": "indic"}
ALWAYS_SHOWN = ("tables", "deliverables")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papers", description="Turn UK committee-paper PDFs into curated Parquet datasets.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="land, extract, validate and publish PDFs",
        description="Land, extract, validate and publish PDFs. Exit status: 0 all documents "
                    "processed, 1 some failed (the rest published), 2 usage error, 3 the run failed.")
    run.add_argument("paths", nargs="+", metavar="PATH",
                     help="PDF files, or folders searched recursively for *.pdf")
    run.add_argument("--raw", default="raw", metavar="DIR", help="raw store (default: ./raw)")
    run.add_argument("--curated", default="curated", metavar="DIR",
                     help="curated datasets (default: ./curated)")
    run.add_argument("--corrections", metavar="FILE",
                     help="reviewed corrections (YAML) to apply; default: CURATED/corrections.yaml if present")
    run.add_argument("--dask", metavar="ADDRESS",
                     help="run the flow's tasks on Dask: 'local' (a LocalCluster, one process per core) "
                          "or a scheduler address such as tcp://host:8786 (implies --engine prefect)")
    run.add_argument("--engine", choices=ENGINES, default="auto",
                     help="prefect: run the Prefect flow; local: plain threads, no Prefect; "
                          "auto (default): prefect, or local when no Prefect API can be had")
    run.add_argument("--time-limit", type=_checked(parse_seconds), metavar="SECONDS",
                     help=f"wall time one document's extraction may take (default: ${TIME_ENV} "
                          f"or {DEFAULT_SECONDS:g})")
    run.add_argument("--memory-limit", type=_checked(parse_size), metavar="SIZE",
                     help=f"memory one document's extraction may use, e.g. 2GiB, 512M (default: "
                          f"${MEMORY_ENV} or {format_size(DEFAULT_MEMORY)})")
    serve = commands.add_parser(
        "serve", help="run the ingest on a schedule from this process (no work pool or worker)",
        description="Serve the ingest flow with Prefect's flow.serve: a long-running process that "
                    "runs it on the given cron schedule until stopped (Ctrl-C). Schedules need a "
                    "Prefect server (prefect server start; PREFECT_API_URL), but no work pool or worker.")
    serve.add_argument("paths", nargs="+", metavar="PATH", help="drop folders (or files) to ingest each time")
    serve.add_argument("--cron", default="30 2 * * *", help="schedule (default: 02:30 every night)")
    serve.add_argument("--raw", default="raw", metavar="DIR")
    serve.add_argument("--curated", default="curated", metavar="DIR")
    return parser


def _checked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argparse type whose ValueError message is shown as the usage error."""
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return convert


def serve(paths: list[str], cron: str, raw: str, curated: str) -> int:
    """flow.serve: the no-server way to schedule the ingest (Prefect's temporary API suffices)."""
    from flows import prefect_env

    prefect_env.configure()
    from flows.pipeline_flow import ingest

    ingest.serve(name="ingest-drop-folder-served", cron=cron,
                 parameters={"paths": [str(Path(p).resolve()) for p in paths],
                             "raw_dir": str(Path(raw).resolve()), "curated_dir": str(Path(curated).resolve())})
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error (or --help)
        return int(exc.code or 0)
    if args.command == "serve":
        return serve(args.paths, args.cron, args.raw, args.curated)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        limits = Limits.from_env(seconds=args.time_limit, memory=args.memory_limit)
    except ValueError as exc:
        err.print(f"papers run: {exc}", markup=False)
        return 2
    missing = [p for p in [*args.paths, *([args.corrections] if args.corrections else [])]
               if not Path(p).exists()]
    if missing:
        err.print(f"papers run: no such file or folder: {', '.join(missing)}", markup=False)
        return 2
    files = expand(args.paths)
    if not files:
        err.print("papers run: no PDF files found", markup=False)
    try:
        with _Display(err, len(files)) as display:
            summary = execute(files, args.raw, args.curated, "prefect" if args.dask else args.engine, display.note,
                              args.corrections, limits, args.dask)
    except KeyboardInterrupt:
        err.print("papers run: interrupted (a publish already journalled is finished by the next run)",
                  markup=False)
        return 130
    except Exception as exc:  # the run itself failed: say so in one line, exit 3
        err.print(f"papers run: run failed: {one_line(f'{type(exc).__name__}: {exc}')}", markup=False)
        return 3
    print_summary(summary, args.curated)
    return summary.exit_code


def execute(files: list[str], raw: str, curated: str, engine: str,
            note: Callable[[str], None] = lambda _: None, corrections: str | None = None,
            limits: Limits | None = None, dask: str | None = None) -> RunSummary:
    """Run through Prefect (engine "prefect"/"auto"; its tasks on Dask with `dask`) or plain
    threads ("local")."""
    from flows import isolation

    isolation.prestart()  # the workers' forkserver loads the extractors while we load the rest
    from flows import run

    limits = limits or Limits.from_env()
    if engine == "local":
        return run.run_ingest(files, raw, curated, corrections_file=corrections, limits=limits)
    from flows import prefect_env

    prefect_env.configure(quiet=True)  # before anything imports prefect
    problem = prefect_env.server_problem()
    if problem and engine == "prefect":
        raise RuntimeError(f"cannot run the Prefect flow: {problem}")
    if problem:
        note(f"running without Prefect: {problem}")
        return run.run_ingest(files, raw, curated, corrections_file=corrections, limits=limits)
    from flows import progress
    from flows.pipeline_flow import dask_task_runner, ingest

    if dask:
        ingest = ingest.with_options(task_runner=dask_task_runner(dask))

    started: list[bool] = []
    progress.emit("phase", "starting Prefect")
    try:
        with progress.listening(lambda *_: started.append(True)):
            return ingest(files, raw_dir=raw, curated_dir=curated, corrections_file=corrections,
                          time_limit=limits.seconds, memory_limit=limits.memory)
    except Exception as exc:
        if started or engine == "prefect":
            raise
        note(f"running without Prefect: the flow could not start ({one_line(str(exc))})")
        return run.run_ingest(files, raw, curated, corrections_file=corrections, limits=limits)


class _Display:
    """Progress on stderr: a live bar on a terminal, else one line per finished document."""

    def __init__(self, console: Console, total: int) -> None:
        self.console = console
        self.bar: Progress | None = None
        if console.is_terminal:
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=console, transient=True)
            self.task = self.bar.add_task("starting", total=total)

    def __enter__(self) -> _Display:
        from flows import progress

        self._listening = progress.listening(self.on_event)
        self._listening.__enter__()
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._listening.__exit__(*exc)
        if self.bar is not None:
            self.bar.stop()

    def note(self, text: str) -> None:
        self.console.print(f"note: {text}", markup=False)

    def on_event(self, event: str, payload: Any) -> None:
        if event == "phase" and self.bar is not None:
            self.bar.update(self.task, description=str(payload))
        elif event == "phase" and str(payload).startswith("waiting"):
            self.console.print(f"note: {payload}", markup=False)  # a wait should never look like a hang
        if event != "document":
            return
        result: DocumentResult = payload
        if self.bar is not None:
            self.bar.advance(self.task)
        name = shown(result.file)
        if result.failed:
            self.console.print(f"FAILED {name}: {result.reason}", markup=False)
        elif self.bar is None:
            pages = f"{result.pages} pages, " if result.pages is not None else ""
            detail = result.reason if result.status == "duplicate" else f"{pages}{result.seconds:.1f} s"
            detail = f"{pages}extraction reused from an earlier run" if result.cached else detail
            self.console.print(f"{result.status:<9} {name} ({detail})", markup=False)



def print_summary(summary: RunSummary, curated: str, console: Console | None = None) -> None:
    """The per-document table, then where to look next."""
    console = console or Console(width=None if sys.stdout.isatty() else 160, highlight=False)
    counted = [name for name in summary.datasets if name != "documents" and (
        name in ALWAYS_SHOWN or any(doc.rows.get(name) for doc in summary.documents))]
    wide = console.width >= 130  # narrower: reasons go under the table, not in a column
    table = Table(title=f"run {summary.run_id}", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, collapse_padding=True)
    table.add_column("file", overflow="fold", min_width=min(16, max((len(shown(d.file)) for d in summary.documents), default=4)), max_width=48)
    table.add_column("status", no_wrap=True)
    for name in ("pages", *(SHORT.get(n, n) for n in counted), "quar", "s"):
        table.add_column(name, justify="right", no_wrap=True)
    if wide:
        table.add_column("reason", overflow="fold", min_width=24)
    for doc in summary.documents:
        counts = [str(doc.rows[name]) if name in doc.rows else "" for name in counted]
        cells = [shown(doc.file), doc.status, "" if doc.pages is None else str(doc.pages), *counts,
                 str(doc.quarantined) if doc.quarantined else "", f"{doc.seconds:.1f}"]
        table.add_row(*cells, *([doc.reason or ""] if wide else []),
                      style="red" if doc.failed else None)
    console.print(table)
    if not wide:
        for doc in summary.documents:
            if doc.reason:
                console.print(f"{shown(doc.file)}: {doc.reason}", markup=False)
    ok = len(summary.documents) - len(summary.failed)
    console.print(f"{ok} of {len(summary.documents)} documents processed, {len(summary.failed)} failed; "
                  f"{summary.seconds:.1f} s ({summary.engine}).", markup=False)
    docs = f" Data Docs: {Path(curated) / summary.data_docs}." if summary.data_docs else ""
    review = f" Review report: {Path(curated) / summary.review}." if summary.review else ""
    console.print(f"Published to {curated}/.{docs}{review} Run summary: "
                  f"{Path(curated) / '_runs' / (summary.run_id + '.json')}", markup=False)
    for c in summary.corrections_to_review:
        console.print(f"correction {c['entry']} is {c['status']}: {c['detail']}", markup=False)
    for line in summary.notes:
        console.print(f"note: {line}", markup=False)


if __name__ == "__main__":  # python -m flows.cli
    sys.exit(main())
