"""Measurements of the site, apart from what builds it: the figures in BENCHMARKS.md."""
