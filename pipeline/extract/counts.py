"""Counts: number + classifier (rules/counts.yaml). Work in progress."""
from __future__ import annotations


def find_counts(text: str, mentions: list[dict] | None = None) -> list[dict]:
    return []
