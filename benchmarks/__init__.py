"""Benchmarks, run by hand: ``python -m benchmarks.<name>``. Never part of pytest."""
