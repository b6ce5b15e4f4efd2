"""Experiments: scenario files and running them (later: designs, executors, comparisons)."""
