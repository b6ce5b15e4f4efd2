"""The stack dump on SIGUSR1 is a server's, not every importer's (sim.ui.stacks)."""

from __future__ import annotations

import faulthandler
import signal

from sim.ui.stacks import STACKS_ENV, dump_on_sigusr1


def test_importing_the_app_leaves_sigusr1_alone_outside_a_server(monkeypatch):
    monkeypatch.delenv(STACKS_ENV, raising=False)
    assert dump_on_sigusr1() is False
    assert faulthandler.unregister(signal.SIGUSR1) is False, "nothing was registered"


def test_a_server_started_by_the_command_line_registers_the_dump(monkeypatch):
    monkeypatch.setenv(STACKS_ENV, "1")
    try:
        assert dump_on_sigusr1() is True
    finally:
        assert faulthandler.unregister(signal.SIGUSR1) is True
