"""How fast find_values reads ordinary notice text: chars/s on one core.

usage: .venv/bin/python tools/bench_values.py [--kinds number,...] [--min-mb 5] [--repeat 3] [FILES...]

Reads the seed notices (/work/shared/seeds/*.txt, or FILES), normalises them with
pipeline.normalise.normalise_text, repeats them until the text is at least
--min-mb megabytes (millions of characters), and prints the best of --repeat runs,
by the wall clock and by this process's CPU time (the per-core rate, which other
work on the machine does not lower as much); and the CPU time a fresh process spends
loading and compiling the rules (its first pass over the files less its second).
The target (issue 4) is >= 2,000,000 chars/s.
"""
from __future__ import annotations

import argparse
import glob
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.extract.values import find_values  # noqa: E402
from pipeline.normalise import normalise_text  # noqa: E402

SEEDS = "/work/shared/seeds/*.txt"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--kinds", default=None, help="comma-separated kinds (default: find_values' defaults)")
    ap.add_argument("--min-mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    paths = args.files or sorted(glob.glob(SEEDS))
    if not paths:
        print(f"no input files ({SEEDS})", file=sys.stderr)
        return 1
    docs = [normalise_text(Path(p).read_text(encoding="utf-8", errors="replace")) for p in paths]
    base = sum(len(d) for d in docs)
    times = max(1, int(args.min_mb * 1e6 // base) + 1)
    corpus = docs * times
    total = base * times
    kinds = args.kinds.split(",") if args.kinds else None
    passes = []
    for _ in range(2):  # the first pass also loads and compiles the rules: a fresh process's start-up cost
        c0 = time.process_time()
        for d in docs:
            find_values(d, None, kinds)
        passes.append(time.process_time() - c0)
    best = best_cpu = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        found = 0
        for d in corpus:
            found += len(find_values(d, None, kinds))
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(f"{len(paths)} files, {base:,} chars x {times} = {total:,} chars; {found:,} values per pass")
    print(f"first pass over the files {passes[0]:.3f} s CPU, second {passes[1]:.3f} s: "
          f"loading and compiling the rules ~{passes[0] - passes[1]:.2f} s")
    print(f"best of {args.repeat}: {best:.3f} s wall = {total / best:,.0f} chars/s; "
          f"{best_cpu:.3f} s CPU = {total / best_cpu:,.0f} chars/s per core (kinds: {kinds or 'default'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
