from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


def sample_text(prefix: str) -> str:
    """The raw text of the bundled sample whose name starts with prefix."""
    (path,) = SAMPLES.glob(f"{prefix}*")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def python() -> str:
    return sys.executable
