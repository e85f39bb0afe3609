"""Benchmarks for manchette: a seeded corpus generator and one command that measures everything."""
