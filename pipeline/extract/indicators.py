"""Indicators: canonical campaign figures (rules/indicators.yaml). Work in progress."""
from __future__ import annotations


def find_indicators(text: str, counts_and_values: list[dict]) -> list[dict]:
    return []
