"""`make bench`: end-to-end speed and peak memory on a corpus built from corpora/.

Copies the real notices of corpora/ (samples and dev) until the benchmark corpus
reaches --mb megabytes, then runs the pipeline on it with 1 and with N workers,
and prints characters per second end to end and per stage, and peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(dest: Path, megabytes: float) -> tuple[int, int]:
    sources = sorted((ROOT / "corpora" / "samples").glob("*")) + sorted((ROOT / "corpora" / "dev" / "raw").glob("*"))
    blobs = [p.read_bytes() for p in sources]
    dest.mkdir(parents=True)
    total = files = 0
    while total < megabytes * 1e6:
        for src, data in zip(sources, blobs):
            sub = dest / f"batch{files // 1000:04d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{files:07d}_{src.name}").write_bytes(data)
            total += len(data)
            files += 1
    return files, total


def _timed_run(corpus: Path, out: Path, workers: int) -> float:
    t0 = time.time()
    subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--output", str(out),
                    "--workers", str(workers), "--no-progress"], check=True, cwd=ROOT)
    return time.time() - t0


def run_once(corpus: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        seconds = _timed_run(corpus, out, workers)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        rerun = _timed_run(corpus, out, workers)  # nothing changed: no extraction at all
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    chars = manifest["summary"]["chars"]
    return {"workers": workers, "seconds": round(seconds, 1), "chars": chars,
            "chars_per_second": round(chars / seconds), "chars_per_second_per_core": round(chars / seconds / workers),
            "peak_rss_mb_max_process": round(peak_mb), "stage_seconds": manifest["stage_seconds"],
            "unchanged_rerun_seconds": round(rerun, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0, help="size of the benchmark corpus in MB (default 50)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    try:
        files, size = build_corpus(tmp / "corpus", args.mb)
        print(f"benchmark corpus: {files} files, {size / 1e6:.1f} MB")
        for workers in sorted({1, args.workers}):
            r = run_once(tmp / "corpus", workers)
            stage_total = sum(r["stage_seconds"].values()) or 1
            print(f"workers={workers}: {r['seconds']}s, {r['chars']:,} chars, {r['chars_per_second']:,} chars/s "
                  f"({r['chars_per_second_per_core']:,} per core), "
                  f"peak RSS of one process {r['peak_rss_mb_max_process']} MB; unchanged rerun "
                  f"{r['unchanged_rerun_seconds']}s "
                  f"({r['seconds'] / max(r['unchanged_rerun_seconds'], 1e-3):.0f}x faster)")
            for stage, sec in sorted(r["stage_seconds"].items(), key=lambda kv: -kv[1]):
                print(f"   {stage:<10} {sec:8.1f}s cpu  {100 * sec / stage_total:5.1f}%  "
                      f"{r['chars'] / sec if sec else 0:,.0f} chars/s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
