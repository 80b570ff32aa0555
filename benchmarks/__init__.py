"""Benchmarks (`make bench`): never run in CI, never asserted on in tests."""
