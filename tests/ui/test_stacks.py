"""The stack dump on SIGUSR1 is a server's, not every importer's (sim.ui.stacks)."""

from __future__ import annotations

import faulthandler
import os
import signal
import threading

from sim.ui.stacks import STACKS_ENV, dump_on_sigusr1


def stop_dumping() -> None:
    """Give SIGUSR1 back its default after a test registered the dump."""
    faulthandler.unregister(signal.SIGUSR1)
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)


def test_importing_the_app_leaves_sigusr1_alone_outside_a_server(monkeypatch):
    monkeypatch.delenv(STACKS_ENV, raising=False)
    assert dump_on_sigusr1() is False
    assert faulthandler.unregister(signal.SIGUSR1) is False, "nothing was registered"
    assert signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL


def test_a_server_started_by_the_command_line_writes_every_threads_stack(monkeypatch, capfd):
    monkeypatch.setenv(STACKS_ENV, "1")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="waiting")
    other.start()
    try:
        assert dump_on_sigusr1() is True
        os.kill(os.getpid(), signal.SIGUSR1)  # handled before the next line runs
        err = capfd.readouterr().err
        assert err.count("(most recent call first):") >= 2, "this thread and the waiting one"
        assert "in wait" in err, "the other thread's innermost call"
    finally:
        stop.set()
        other.join()
        stop_dumping()
    assert signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL
