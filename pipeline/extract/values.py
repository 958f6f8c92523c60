"""Placeholder until the values extractor lands."""
