"""Experiments: scenario and sweep files, designs, executors, sweeps, comparisons and
sensitivity analysis, all on top of the core's `simulate`."""
