"""Benchmarks (not tests): `python -m bench`. See bench/README in the benchmark issue."""
