"""The browser the UI tests drive: Debian's chromium through Playwright, one per test process.

One fixture for both browser modules. Playwright's sync API runs its own event loop, and a
second `sync_playwright()` in the same process while the first is open fails ("Sync API inside
the asyncio loop"); with the suite on two workers, both modules may run on one of them.
"""

from __future__ import annotations

import pytest

from tests.ui.browser import CHROMIUM, FLAGS


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()
