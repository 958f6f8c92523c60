"""Agencies: named party and state bodies (rules/agencies.yaml). Work in progress."""
from __future__ import annotations


def find_agencies(text: str, province: str | None = None, city: str | None = None,
                  county: str | None = None) -> list[dict]:
    return []
