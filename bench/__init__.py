"""Benchmarks; what each measures and how to run it is in docs/performance.md."""
