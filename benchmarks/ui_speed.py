"""UI responsiveness, measured in a real browser against `fremdrift ui` (issue 5, item 8).

Targets: at 2,000 citizens a changed input on Explore re-runs and redraws in <= 1 s (issue 5);
Compare with three strategies x 20 replicates at 4,000 citizens finishes in <= 5 s (issue 17; it
was 15 s at 2,000). `ratio` here is measured over target: below 1 means the target is met.

Prints, from one run:

    explore_input_change citizens=2000 week=208 rounds=R median_seconds=A max_seconds=B
        target=1.0 ratio=A/1.0
    compare strategies=3 replicates=20 citizens=2000 first_seconds=C warm_seconds=D
        target=15 ratio=D/15

"Explore" times a change of strategy from the click on the choice to the moment the browser
shows the redrawn phase chart, with the run at its last week (the most there is to replay).
"Compare" times the Run button to the paired differences on screen; the first comparison also
starts the server's worker pool, so both the first and a second one are reported.

Usage: python benchmarks/ui_speed.py [--rounds 5] [--screenshot docs/img/compare.png]
Needs Debian's chromium (/usr/bin/chromium) and the set-up's front-end files.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui.browser import CHROMIUM, FLAGS, start_ui, stop_ui  # noqa: E402

SCENARIO = """
[meta]
name = "benchmark"
description = "Status quo at {citizens} citizens."
base = "{fitted}"

[population]
n_citizens = {citizens}

[run]
replicates = 20  # Compare starts at the scenario's replicates
"""


def start_server(folder: Path, citizens: int):
    folder.mkdir(parents=True, exist_ok=True)
    scenario = folder / "bench.toml"
    fitted = (ROOT / "calibration" / "fitted.toml").as_posix()
    scenario.write_text(SCENARIO.format(fitted=fitted, citizens=citizens))
    return start_ui(scenario, subprocess.DEVNULL, timeout=180)


def first_chart_src(page) -> str:
    return page.locator("img").nth(0).get_attribute("src") or ""


def wait_for_new_chart(page, before: str, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while first_chart_src(page) == before:
        if time.perf_counter() > deadline:
            raise SystemExit("the chart was not redrawn")
        time.sleep(0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--explore-citizens", type=int, default=2000)
    parser.add_argument("--compare-citizens", type=int, default=4000)
    parser.add_argument(
        "--screenshot", type=Path, help="also save the Compare page with its result here (PNG)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp), args.explore_citizens)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(120_000)
                page.goto(url + "/")
                page.locator(".fremdrift-lang").get_by_role("button", name="EN").click()
                page.get_by_role("button", name="Play").click()
                page.get_by_text("Week 208 of 208").wait_for(timeout=300_000)
                times = []
                labels = ["parallel interventions", "current practice"]
                for k in range(args.rounds):
                    before = first_chart_src(page)
                    page.locator(".fremdrift-lever-strategy-name .v-select__slot").click()
                    option = page.get_by_role("option", name=labels[k % 2], exact=True)
                    option.wait_for()
                    start = time.perf_counter()
                    option.click()
                    wait_for_new_chart(page, before)
                    times.append(time.perf_counter() - start)
                median = statistics.median(times)
                print(
                    f"explore_input_change citizens={args.explore_citizens} week=208 "
                    f"rounds={len(times)} "
                    f"median_seconds={median:.2f} max_seconds={max(times):.2f} target=1.0 "
                    f"ratio={median / 1.0:.2f}"
                )
                browser.close()
        finally:
            stop_ui(proc)
        # Compare on a server whose scenario has the Compare target's size.
        proc, url = start_server(Path(tmp) / "compare", args.compare_citizens)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(120_000)
                page.goto(url + "/compare")
                page.locator(".fremdrift-lang").get_by_role("button", name="EN").click()
                runs = []
                for _ in range(2):
                    start = time.perf_counter()
                    page.get_by_role("button", name="Run comparison").click()
                    page.get_by_text("Finished in").wait_for(timeout=300_000)
                    runs.append(time.perf_counter() - start)
                    if args.screenshot and len(runs) == 1:
                        page.wait_for_timeout(1000)  # let the figures finish loading
                        page.screenshot(path=args.screenshot, full_page=True)
                    page.reload()
                    page.locator(".fremdrift-lang").get_by_role("button", name="EN").click()
                print(
                    f"compare strategies=3 replicates=20 citizens={args.compare_citizens} "
                    f"first_seconds={runs[0]:.1f} warm_seconds={runs[1]:.1f} target=5 "
                    f"ratio={runs[1] / 5:.2f}"
                )
                browser.close()
        finally:
            stop_ui(proc)


if __name__ == "__main__":
    main()
