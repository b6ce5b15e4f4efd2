"""Run functions for tests that need a run to fail, loaded by workers by their import path."""

from sim.core import simulate


def run_failing_at_caseload_45(params, seed):
    """Like sim.core.run, but raises for one design value, to test failure recording."""
    if params.caseworkers.caseload == 45:
        raise RuntimeError("deliberate failure for caseload 45")
    return simulate(params, seed)
