"""`make eval`: score the pipeline on the dev part and the held-out part of corpora/.

Runs the pipeline over corpora/<part>/raw into a temporary folder and prints
../shared/tools/score.py's figures for each part. The held-out part is for
measuring only: nobody reads it while writing rules.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("dev", "heldout")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (score.py)")
    parser.add_argument("--parts", nargs="+", default=list(PARTS), choices=PARTS)
    parser.add_argument("--misses", action="store_true", help="list every miss (dev part only)")
    args = parser.parse_args()
    score = args.shared / "tools" / "score.py"
    if not score.exists():
        print(f"error: {score} not found; pass --shared DIR", file=sys.stderr)
        return 2
    from pipeline.runner import run

    for part in args.parts:
        raw, gold = ROOT / "corpora" / part / "raw", ROOT / "corpora" / part / "gold"
        with tempfile.TemporaryDirectory() as tmp:
            run(raw, Path(tmp) / "out", workers=None)
            cmd = [sys.executable, str(score), str(Path(tmp) / "out"), str(gold)]
            if args.misses and part == "dev":
                cmd.append("--misses")
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        print(f"## {part} ({len(list(gold.glob('*.json')))} gold files)")
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
