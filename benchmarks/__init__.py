"""Benchmarks (``make bench``) and the small map demo app they and the browser tests drive."""
