"""A run over a folder of notices: which files need work, processing them in
parallel, and writing the tables of a new generation (pipeline/store.py).

Incremental: a file whose size and mtime (or else content hash) match the last
run, under the same pipeline version, keeps its rows without being read again.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Generator, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, rules, stages
from .doc import Page
from .parts import PartWriter, carry_over, discard_part, finish
from .store import Store
from .write import SCHEMA_VERSION, TABLES, document_rows

log = logging.getLogger("notices")

PACKAGE_DIR = Path(__file__).resolve().parent
# a batch's work: its files (absolute path, path relative to the input), the generation folder,
# the part name its rows are written as, and the reference date
Job = tuple[list[tuple[str, str]], str, str, dt.date | None]
# forkserver: workers start from a clean process, not a copy of the parent's threads and state
_START_METHOD = "forkserver"
# a batch is the unit of work of a worker and one part file per table
_MIN_BATCH_BYTES, _MAX_BATCH_BYTES, _BATCHES_PER_WORKER = 256_000, 8_000_000, 8


@functools.cache
def pipeline_version() -> str:
    """A hash of the code and rules: when it changes, every file is processed again."""
    h = hashlib.sha256(__version__.encode())
    for folder, pattern in ((PACKAGE_DIR, "**/*.py"), (rules.RULES_DIR, "**/*"), (PACKAGE_DIR, "models/**/*")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class BatchResult:
    """What a worker reports on a batch it processed; its rows are already in the generation's parts."""
    files: dict[str, dict[str, Any]]  # manifest entry of each input file
    rows: dict[str, int]
    seconds: dict[str, float]
    chars: int


@dataclass
class RunSummary:
    files_seen: int = 0
    files_processed: int = 0
    files_reused: int = 0
    files_failed: int = 0
    files_pruned: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    chars: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    published: bool = False

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0


def discover(input_dir: Path) -> list[Path]:
    """Every file under input_dir, recursively, hidden files and folders excepted, in a stable order."""
    found = []
    for folder, dirs, files in os.walk(input_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / f for f in sorted(files) if not f.startswith("."))
    return found


def process_bytes(source_path: str, data: bytes, reference_date: dt.date | None = None,
                  timings: dict[str, float] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows one input gives each table; a failure gives one errors row instead."""
    page = Page(source_path=source_path, data=data, reference_date=reference_date)
    try:
        page = stages.process(page, timings)
    except stages.StageError as exc:
        return {"errors": [{"source_path": source_path, "stage": exc.stage, "error": str(exc)}]}
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for doc in page.documents:
        for table, table_rows in document_rows(doc).items():
            rows[table].extend(table_rows)
    return rows


def _read_and_process(path: str, rel: str, reference_date: dt.date | None
                       ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]], dict[str, float]]:
    """(manifest entry, rows, stage seconds) of one input file."""
    entry: dict[str, Any] = {"size": 0, "mtime_ns": 0, "sha": ""}
    timings: dict[str, float] = {}
    try:
        st = os.stat(path)
        data = Path(path).read_bytes()
    except OSError as exc:
        rows = {"errors": [{"source_path": rel, "stage": "ingest", "error": f"cannot read the file: {exc.strerror}"}]}
    else:
        entry.update(size=st.st_size, mtime_ns=st.st_mtime_ns, sha=hashlib.sha256(data).hexdigest())
        rows = process_bytes(rel, data, reference_date, timings)
    entry["status"] = "error" if rows.get("errors") else "ok"
    entry["documents"] = len(rows.get("documents", ()))
    return entry, rows, timings


def _process_batch(job: Job) -> BatchResult:
    """Process a batch of files and write their rows as the part `part` of generation `gen`."""
    files, gen, part, reference_date = job
    sink = PartWriter(Path(gen), part)
    entries: dict[str, dict[str, Any]] = {}
    seconds: Counter[str] = Counter()
    chars = 0
    for path, rel in files:
        entry, rows, timings = _read_and_process(path, rel, reference_date)
        sink.add(rows)
        entries[rel] = {**entry, "part": part}
        seconds.update(timings)
        chars += sum(len(d["text"]) for d in rows.get("documents", ()))
    return BatchResult(entries, sink.close(), dict(seconds), chars)


def _batches(todo: list[tuple[Path, str]], workers: int) -> list[list[tuple[str, str]]]:
    """Consecutive runs of files of about equal bytes: several per worker, so that workers finish together."""
    sizes = [p.stat().st_size for p, _ in todo]
    target = min(_MAX_BATCH_BYTES, max(_MIN_BATCH_BYTES, sum(sizes) // (workers * _BATCHES_PER_WORKER)))
    batches: list[list[tuple[str, str]]] = [[]]
    filled = 0
    for (path, rel), size in zip(todo, sizes):
        if batches[-1] and filled + size > target:
            batches.append([])
            filled = 0
        batches[-1].append((str(path.resolve()), rel))
        filled += size
    return [b for b in batches if b]


def _plan(files: list[Path], input_dir: Path, previous: dict[str, Any], version: str
          ) -> tuple[list[tuple[Path, str]], dict[str, dict[str, Any]]]:
    """(files to process, {path: manifest entry} of files whose rows are kept as they are)."""
    same_version = previous.get("pipeline_version") == version
    old_files: dict[str, dict[str, Any]] = previous.get("files", {}) if same_version else {}
    todo, kept = [], {}
    for path in files:
        rel = path.relative_to(input_dir).as_posix()
        old = old_files.get(rel)
        if old:
            st = path.stat()
            if (st.st_size, st.st_mtime_ns) == (old["size"], old["mtime_ns"]):
                kept[rel] = old
                continue
            if st.st_size == old["size"] and hashlib.sha256(path.read_bytes()).hexdigest() == old["sha"]:
                kept[rel] = {**old, "mtime_ns": st.st_mtime_ns}  # touched, not changed
                continue
        todo.append((path, rel))
    return todo, kept


def run(input_dir: Path, out_dir: Path, *, workers: int | None = None, reference_date: dt.date | None = None,
        prune: bool = False, progress: bool = False, executor: str = "pool",
        scheduler: str | None = None) -> RunSummary:
    """Process every notice under input_dir into the tables in out_dir (see module docstring)."""
    started = time.time()
    input_dir, store = Path(input_dir), Store(Path(out_dir))
    workers = workers or os.cpu_count() or 1
    summary = RunSummary()
    with store.lock():
        previous = store.manifest()
        version = pipeline_version()
        files = discover(input_dir)
        summary.files_seen = len(files)
        todo, kept = _plan(files, input_dir, previous, version)
        seen = {p.relative_to(input_dir).as_posix() for p in files}
        vanished = {rel: e for rel, e in previous.get("files", {}).items() if rel not in seen}
        if not prune and previous.get("pipeline_version") == version:
            kept.update(vanished)  # a file gone from the input keeps its rows unless --prune
        summary.files_pruned = len(vanished) if prune else 0
        summary.files_reused = len(kept)
        if not todo and not summary.files_pruned and store.current is not None \
                and previous.get("pipeline_version") == version:
            summary.seconds = time.time() - started
            summary.rows = previous.get("rows", {})
            log.info("nothing changed under %s: tables left as they are", input_dir)
            return summary
        gen = store.new_generation()
        manifest_files = dict(kept)
        if store.current is not None:
            carried_part = f"{gen.name}-kept"
            for rel in carry_over(store.current, previous.get("files", {}), gen, kept, carried_part):
                manifest_files[rel] = {**manifest_files[rel], "part": carried_part}
        stage_seconds: Counter[str] = Counter()
        jobs: list[Job] = [(batch, str(gen), f"{gen.name}-{i:05d}", reference_date)
                for i, batch in enumerate(_batches(todo, workers))]
        if executor == "dask":
            results = _dask_results(jobs, workers, scheduler)
        else:
            results = _results(jobs, workers)
        for result in _with_progress(results, len(todo), progress):
            summary.files_processed += len(result.files)
            summary.files_failed += sum(e["status"] == "error" for e in result.files.values())
            summary.chars += result.chars
            stage_seconds.update(result.seconds)
            manifest_files.update(result.files)
        summary.rows = finish(gen)
        summary.stage_seconds = {k: round(v, 3) for k, v in stage_seconds.items()}
        summary.seconds = time.time() - started
        summary.peak_rss_mb = _peak_rss_mb()
        store.publish(gen, {
            "notices_version": __version__, "schema_version": SCHEMA_VERSION, "pipeline_version": version,
            "input": str(input_dir), "started": dt.datetime.fromtimestamp(started).isoformat(timespec="seconds"),
            "finished": dt.datetime.now().isoformat(timespec="seconds"), "workers": workers,
            "summary": {k: v for k, v in summary.__dict__.items() if k not in ("rows", "stage_seconds", "published")},
            "rows": summary.rows, "stage_seconds": summary.stage_seconds,
            "failures": sorted(p for p, e in manifest_files.items() if e.get("status") == "error"),
            "files": manifest_files,
        })
        summary.published = True
    return summary


def _results(jobs: list[Job], workers: int) -> Iterator[BatchResult]:
    """Batch results from a process pool. A worker that dies (killed, out of memory) breaks the pool:
    the batches then unfinished are split in halves and run again in a new pool; a single file left
    unfinished runs alone in a pool of its own, and becomes an errors row if it kills that worker too.
    The run goes on."""
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_process_batch, jobs)
        return
    while jobs:
        broken = yield from _pool_round(jobs, workers)
        jobs = []
        for files, gen, part, reference_date in broken:
            discard_part(Path(gen), part)  # whatever the dead worker wrote of it
            if len(files) > 1:
                half = len(files) // 2
                jobs += [(files[:half], gen, f"{part}a", reference_date),
                         (files[half:], gen, f"{part}b", reference_date)]
            elif (yield from _pool_round([(files, gen, part, reference_date)], 1)):
                discard_part(Path(gen), part)
                yield _worker_died(files[0], gen, part)


def _pool_round(jobs: list[Job], workers: int) -> Generator[BatchResult, None, list[Job]]:
    """Run jobs in a new pool, yielding their results; returns the jobs a dead worker left unfinished."""
    broken = []
    ctx = multiprocessing.get_context(_START_METHOD)
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=ctx, initializer=_warm_up) as pool:
        futures = {pool.submit(_process_batch, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                broken.append(futures[future])
    return broken


def _worker_died(file: tuple[str, str], gen: str, part: str) -> BatchResult:
    path, rel = file
    error = {"source_path": rel, "stage": "run",
             "error": "the worker process died while reading this file (killed, or out of memory); "
                      "the file was not processed: check its size and content, then run again"}
    sink = PartWriter(Path(gen), part)
    sink.add({"errors": [error]})
    entry = {"size": 0, "mtime_ns": 0, "sha": "", "status": "error", "documents": 0, "part": part}
    return BatchResult({rel: entry}, sink.close(), {}, 0)


def _dask_results(jobs: list[Job], workers: int, scheduler: str | None) -> Iterator[BatchResult]:
    """The same work on a Dask cluster (`pip install notices[dask]`): the scheduler at `scheduler`, or a
    local cluster of `workers` processes. Workers read the inputs and write the parts themselves, so the
    input and output folders must be on a disk they share."""
    from distributed import Client, LocalCluster, as_completed

    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1,
                                                       dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        futures = client.map(_process_batch, jobs, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()


def _warm_up() -> None:
    """Load rules and dictionaries once per worker, before the first file. Broken rules are left for
    the first batch to raise, so that the run stops with their message (not a broken pool)."""
    with contextlib.suppress(rules.RuleError):
        process_bytes("warm-up", "整改".encode())


def _with_progress(results: Iterator[BatchResult], files: int, progress: bool) -> Iterator[BatchResult]:
    """Yield results as they come; on a terminal, a bar counts the files of each finished batch."""
    if not progress:
        yield from results
        return
    from tqdm import tqdm

    with tqdm(total=files, unit="file", desc="notices") as bar:
        for result in results:
            yield result
            bar.update(len(result.files))


def _peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished workers, in MB."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # ru_maxrss is in KB on Linux
