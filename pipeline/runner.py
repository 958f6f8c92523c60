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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import __version__, stages
from .doc import Page
from .store import Store
from .write import DOCUMENT_TABLES, SCHEMA_VERSION, SCHEMAS, TABLES, document_rows, to_table

log = logging.getLogger("notices")

PACKAGE_DIR = Path(__file__).resolve().parent
RULES_DIR = PACKAGE_DIR.parent / "rules"
_BATCH_ROWS = 20_000


@functools.cache
def pipeline_version() -> str:
    """A hash of the code and rules: when it changes, every file is processed again."""
    h = hashlib.sha256(__version__.encode())
    for folder, pattern in ((PACKAGE_DIR, "**/*.py"), (RULES_DIR, "**/*"), (PACKAGE_DIR, "models/**/*")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class FileResult:
    source_path: str
    size: int
    mtime_ns: int
    sha: str
    # built in the worker, so that the parent only concatenates and writes
    tables: dict[str, pa.Table] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    chars: int = 0


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


def _process_file(job: tuple[str, str, dt.date | None]) -> FileResult:
    path, rel, reference_date = job
    st = os.stat(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        error = {"source_path": rel, "stage": "ingest", "error": f"cannot read the file: {exc.strerror}"}
        return FileResult(rel, st.st_size, st.st_mtime_ns, "", {"errors": to_table("errors", [error])})
    timings: dict[str, float] = {}
    rows = process_bytes(rel, data, reference_date, timings)
    return FileResult(rel, st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest(),
                      {t: to_table(t, r) for t, r in rows.items() if r}, timings,
                      chars=sum(len(d["text"]) for d in rows.get("documents", [])))


class _TableWriters:
    """One streaming Parquet writer per table of a generation; tables are buffered and written in batches."""

    def __init__(self, gen: Path):
        self.writers = {t: pq.ParquetWriter(gen / t / "part-0.parquet", SCHEMAS[t]) for t in TABLES}
        self.buffers: dict[str, list[pa.Table]] = {t: [] for t in TABLES}
        self.buffered: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()

    def add(self, table: str, data: pa.Table) -> None:
        self.buffers[table].append(data.cast(SCHEMAS[table]))
        self.buffered[table] += data.num_rows
        self.counts[table] += data.num_rows
        if self.buffered[table] >= _BATCH_ROWS:
            self.flush(table)

    def flush(self, table: str) -> None:
        if self.buffers[table]:
            self.writers[table].write_table(pa.concat_tables(self.buffers[table]))
            self.buffers[table], self.buffered[table] = [], 0

    def close(self) -> dict[str, int]:
        for table, writer in self.writers.items():
            self.flush(table)
            writer.close()
        return dict(self.counts)


def _copy_kept(writers: _TableWriters, previous: Path, keep_paths: set[str]) -> None:
    """Copy the rows of unchanged files from the previous generation, table by table."""
    if not keep_paths:
        return
    paths = pa.array(sorted(keep_paths))
    docs = ds.dataset(previous / "documents", format="parquet")
    kept_docs = docs.to_table(filter=ds.field("source_path").isin(paths))
    writers.add("documents", kept_docs)
    doc_ids = kept_docs.column("doc_id").combine_chunks()
    for table in DOCUMENT_TABLES:
        if table != "documents":
            data = ds.dataset(previous / table, format="parquet")
            writers.add(table, data.to_table(filter=ds.field("doc_id").isin(doc_ids)))
    errors = ds.dataset(previous / "errors", format="parquet")
    writers.add("errors", errors.to_table(filter=ds.field("source_path").isin(paths)))


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
        writers = _TableWriters(gen)
        if store.current is not None:
            _copy_kept(writers, store.current, set(kept))
        manifest_files = dict(kept)
        stage_seconds: Counter[str] = Counter()
        if executor == "dask":
            results = _dask_results(todo, reference_date, workers, progress, scheduler)
        else:
            results = _results(todo, reference_date, workers, progress)
        for result in results:
            summary.files_processed += 1
            summary.chars += result.chars
            stage_seconds.update(result.seconds)
            failed = "errors" in result.tables
            summary.files_failed += failed
            for table, data in result.tables.items():
                writers.add(table, data)
            docs = result.tables.get("documents")
            manifest_files[result.source_path] = {
                "size": result.size, "mtime_ns": result.mtime_ns, "sha": result.sha,
                "status": "error" if failed else "ok", "documents": docs.num_rows if docs is not None else 0}
        summary.rows = writers.close()
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


def _results(todo: list[tuple[Path, str]], reference_date: dt.date | None, workers: int,
             progress: bool) -> Iterator[FileResult]:
    jobs = [(str(p), rel, reference_date) for p, rel in todo]
    results: Iterable[FileResult]
    if workers <= 1 or len(jobs) <= 1:
        results = map(_process_file, jobs)
        yield from _with_progress(results, len(jobs), progress)
        return
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(workers, initializer=_warm_up) as pool:
        chunk = max(1, min(16, len(jobs) // (workers * 8)))
        yield from _with_progress(pool.imap_unordered(_process_file, jobs, chunksize=chunk), len(jobs), progress)


def _dask_results(todo: list[tuple[Path, str]], reference_date: dt.date | None, workers: int, progress: bool,
                  scheduler: str | None) -> Iterator[FileResult]:
    """The same work on a Dask cluster (`pip install notices[dask]`): the scheduler at `scheduler`, or a
    local cluster of `workers` processes. Input paths must be readable by the workers (a shared disk)."""
    from distributed import Client, LocalCluster, as_completed

    jobs = [(str(p.resolve()), rel, reference_date) for p, rel in todo]
    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1,
                                                       dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        futures = client.map(_process_file, jobs, pure=False)
        for future in _with_progress(as_completed(futures), len(futures), progress):
            yield future.result()
            future.release()


def _warm_up() -> None:
    """Load rules and dictionaries once per worker, before the first file."""
    process_bytes("warm-up", "整改".encode())


def _with_progress(results: Iterable[FileResult], total: int, progress: bool) -> Iterator[FileResult]:
    if not progress:
        yield from results
        return
    from tqdm import tqdm

    yield from tqdm(results, total=total, unit="file", desc="notices")


def _peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished workers, in MB."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # ru_maxrss is in KB on Linux
