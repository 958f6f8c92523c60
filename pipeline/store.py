"""The output folder: table folders that switch to a new run's data all at once.

Layout of OUT:
    documents/ sections/ … errors/   symlinks to .current/<table>
    .current                         symlink to .generations/<id>: the last good run
    .generations/<id>/<table>/part-<batch>.parquet, .generations/<id>/manifest.json
    manifest.json                    a copy of the current run's manifest, for people
    .lock                            held (flock) by the run writing OUT

A run writes a whole new generation, then replaces the `.current` link with one
atomic rename, so a reader, or a run killed at any moment, sees either the old
tables or the new ones, all six consistent. flock is released by the kernel when
a process dies, so a killed run never leaves OUT locked.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .write import TABLES

CURRENT = ".current"
GENERATIONS = ".generations"
LOCK = ".lock"
MANIFEST = "manifest.json"


class OutputLocked(RuntimeError):
    """Another run holds the output folder."""


class Store:
    def __init__(self, out: Path):
        self.out = Path(out)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.out.mkdir(parents=True, exist_ok=True)
        fh = open(self.out / LOCK, "a+")
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise OutputLocked(f"{self.out} is being written by {holder}; wait for it to finish "
                                   "(or point --output elsewhere)") from None
            fh.truncate(0)
            fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
            fh.flush()
            yield
        finally:
            fh.close()

    @property
    def current(self) -> Path | None:
        link = self.out / CURRENT
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def manifest(self) -> dict[str, Any]:
        cur = self.current
        if cur is None or not (cur / MANIFEST).exists():
            return {}
        return json.loads((cur / MANIFEST).read_text(encoding="utf-8"))

    def new_generation(self) -> Path:
        """A fresh folder for a run's tables, invisible to readers until published."""
        self.discard_stale()
        gen = self.out / GENERATIONS / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        for table in TABLES:
            (gen / table).mkdir(parents=True)
        return gen

    def discard_stale(self) -> None:
        """Remove generations left by killed runs and superseded ones (holding the lock)."""
        cur = self.current
        root = self.out / GENERATIONS
        if root.is_dir():
            for gen in root.iterdir():
                if cur is None or gen.resolve() != cur:
                    shutil.rmtree(gen, ignore_errors=True)

    def publish(self, gen: Path, manifest: dict[str, Any]) -> None:
        """Make gen the current tables in one atomic step."""
        _write_json(gen / MANIFEST, manifest)
        for table in TABLES:
            link = self.out / table
            if not link.is_symlink():
                if link.exists():  # a table folder from elsewhere: keep it beside, never delete data
                    link.rename(self.out / f"{table}.replaced-{int(time.time())}")
                link.symlink_to(Path(CURRENT) / table, target_is_directory=True)
        tmp = self.out / f"{CURRENT}.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(Path(GENERATIONS) / gen.name, target_is_directory=True)
        _fsync_tree(gen)
        os.replace(tmp, self.out / CURRENT)
        _fsync_dir(self.out)
        _write_json(self.out / MANIFEST, manifest)
        self.discard_stale()


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _fsync_tree(root: Path) -> None:
    """Flush a new generation's files and folders to disk before it is published."""
    for folder, _, files in os.walk(root):
        for name in files:
            with open(os.path.join(folder, name), "rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(Path(folder))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
