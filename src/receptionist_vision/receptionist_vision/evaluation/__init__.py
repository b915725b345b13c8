"""Deterministic evaluation set: real photographs of people composed into synthetic lobby views.

Shared by `bench/bench_vision.py` and the tests; nothing is downloaded and nothing is written to disk.
"""
