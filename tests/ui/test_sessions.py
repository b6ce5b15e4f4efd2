"""Two planners on one server: each browser session keeps its own runs."""

from __future__ import annotations

import solara.toestand
from solara.server import kernel, kernel_context

from sim.ui.citizens import full_run
from sim.ui.network import history_at
from tests.conftest import small


def _session(name: str):
    return kernel_context.VirtualKernelContext(id=name, session_id=name, kernel=kernel.Kernel())


def test_each_browser_session_has_its_own_cached_runs(monkeypatch):
    # as under `solara run`, where a reactive value is scoped to the session's kernel
    monkeypatch.setattr(solara.toestand, "_using_solara_server", lambda: True)
    params = small(150, 26)
    a, b = _session("planner-a"), _session("planner-b")
    before = kernel_context.get_current_context() if kernel_context.has_current_context() else None
    try:
        kernel_context.set_current_context(a)
        run_a = full_run(params)[0]
        net_a = history_at(params, 20)
        kernel_context.set_current_context(b)
        run_b = full_run(params)[0]
        net_b = history_at(params, 5)
        assert run_a is not run_b, "the Citizens page's run is per session"
        assert net_a is not net_b and net_b.run.week == 5
        kernel_context.set_current_context(a)
        assert history_at(params, 20) is net_a and net_a.run.week == 20, (
            "the other session's week 5 did not step this session's network back"
        )
    finally:
        kernel_context.set_current_context(before)
