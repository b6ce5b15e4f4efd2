"""Where a hung server's threads are: every thread's stack on SIGUSR1, in the server's log.

A page that hangs (a Compare that never answers) leaves no error to read. `fremdrift ui` and
`fremdrift workshop` start their Solara server with `STACKS_ENV` set, and the app modules call
`dump_on_sigusr1()`, so `kill -USR1 <server pid>` prints every thread's stack (the Compare task,
the worker pool's manager, Solara's own) to the server's output and leaves it running. The
browser tests do this when a result times out.

Only in such a server: a process that merely imports the app (pdoc, a test) keeps SIGUSR1 as it
was, which by default ends the process.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import sys
import threading
import traceback

STACKS_ENV = "FREMDRIFT_STACKS_ON_SIGUSR1"


def dump_on_sigusr1() -> bool:
    """In a server started with `STACKS_ENV`, register the dump; returns whether it did.

    From the main thread, a Python signal handler writes the stacks: it runs between two
    bytecodes, holding the interpreter's lock, so every frame it reads is whole. faulthandler,
    which writes from inside the signal, reads the other threads' frames while they run, and
    once killed a test server that way (its dump broke off in a thread finalising an object);
    it is used only where a Python handler cannot be set, outside the main thread.
    """
    if not os.environ.get(STACKS_ENV) or not hasattr(signal, "SIGUSR1"):
        return False
    # The process's own stderr (fd 2, the server's log), not `sys.stderr`, which a tool may
    # have replaced with an object that has no file descriptor.
    if sys.__stderr__ is None:
        return False
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGUSR1, _write_stacks)
        return True
    with contextlib.suppress(OSError, ValueError, AttributeError):
        faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True)
        return True
    return False


def _write_stacks(signum, frame) -> None:
    """Every thread's stack, innermost call first, in faulthandler's layout."""
    out = sys.__stderr__
    if out is None:
        return
    lines = []
    for ident, top in sys._current_frames().items():
        lines.append(f"Thread 0x{ident:016x} (most recent call first):")
        for f in reversed(traceback.extract_stack(top)):
            lines.append(f'  File "{f.filename}", line {f.lineno} in {f.name}')
        lines.append("")
    with contextlib.suppress(OSError, ValueError):
        out.write("\n".join(lines) + "\n")
        out.flush()
