"""The UI in a real browser: Debian's chromium driven by Playwright, against `fremdrift ui`.

The server runs as a user would start it, on a free loopback port, on a small scenario so the
pages answer quickly. Screenshots of every page in both languages are kept under
test-artefacts/ui/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from sim.ui.i18n import t
from tests.ui.browser import CHROMIUM, FLAGS, ROOT, start_ui, stop_ui

ARTEFACTS = ROOT / "test-artefacts" / "ui"
SMALL = """
[meta]
name = "small"
description = "A small cohort for the browser tests."
base = "{fitted}"

[population]
n_citizens = 300

[run]
weeks = 52
seed = 7
"""
PAGES = ("/", "/compare", "/citizens", "/network", "/evidence")
# A word on each page that differs between the languages: (Danish, English).
PAGE_WORDS = {
    "/": ("Borgerne i denne uge", "The citizens this week"),
    "/compare": ("Parvise forskelle", "Paired differences"),
    "/citizens": ("Typiske forløb", "Typical courses"),
    "/network": ("Fremhæv sagsbehandler", "Highlight caseworker"),
    "/evidence": ("Offentliggjort", "Published"),
}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui")
    scenario = folder / "small.toml"
    fitted = (ROOT / "calibration" / "fitted.toml").as_posix()
    scenario.write_text(SMALL.format(fitted=fitted))
    with open(folder / "server.log", "w") as log:
        try:
            proc, url = start_ui(scenario, log)
        except RuntimeError:
            raise RuntimeError((folder / "server.log").read_text()) from None
        yield {"url": url, "folder": folder, "log": folder / "server.log"}
        stop_ui(proc)
    text = (folder / "server.log").read_text()
    assert "Could not load URL" not in text, "every front-end file came from the local cache"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)


def switch_language(pg, code: str) -> None:
    """Click the language toggle and wait until the server has redrawn the page in `code`.

    The click only asks; the new words arrive a round trip later. Reading the page before
    then sees the old language (CI once read the Evidence summary in Danish after "EN")."""
    pg.locator(".fremdrift-lang").get_by_role("button", name=code.upper(), exact=True).click()
    expect(pg.locator(".fremdrift-tagline")).to_have_text(t("app_tagline", code), timeout=30_000)


def test_every_page_opens_in_danish_and_in_english(page, server):
    for path in PAGES:
        page.goto(server["url"] + path)
        da, en = PAGE_WORDS[path]
        if path == "/compare":  # the differences appear after a run; check the button instead
            da, en = "Kør sammenligning", "Run comparison"
        page.get_by_text(da, exact=False).first.wait_for()
        shot(page, f"{path.strip('/') or 'explore'}-da")
        switch_language(page, "en")
        page.get_by_text(en, exact=False).first.wait_for()
        assert page.get_by_text(da, exact=False).count() == 0, f"{path}: Danish left after EN"
        shot(page, f"{path.strip('/') or 'explore'}-en")
        switch_language(page, "da")


def test_explore_runs_ten_weeks_and_shows_a_clicked_citizen(page, server):
    page.goto(server["url"] + "/")
    switch_language(page, "en")
    step = page.get_by_role("button", name="Step")
    for week in range(1, 11):
        step.click()
        page.get_by_text(f"Week {week} of 52").wait_for()
    page.locator("img.fremdrift-grid").click(position={"x": 2, "y": 2})
    card = page.locator(".fremdrift-citizen")
    card.wait_for()
    assert "Citizen no. 0" in card.inner_text()
    assert re.search(
        r"Status: (on benefit|job|education|flexjob|disability pension)", card.inner_text()
    )
    shot(page, "explore-week10")


def test_a_small_comparison_runs_and_reports_paired_differences(page, server):
    page.goto(server["url"] + "/compare")
    switch_language(page, "en")
    page.get_by_role("button", name="Run comparison").click()
    page.get_by_text("Paired differences").wait_for(timeout=120_000)
    text = page.inner_text("body")
    pattern = r"parallel interventions against staircase: in a job after 1 year: [+-]\d"
    assert re.search(pattern, text), text[:2000]
    assert "95% interval" in text
    shot(page, "compare-result")


def test_a_bad_scenario_upload_shows_the_error_and_the_app_keeps_running(page, server, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\nname = "bad"\n[caseworkers]\np_leave = 7\n')
    page.goto(server["url"] + "/")
    switch_language(page, "en")
    page.set_input_files("input.fremdrift-upload-input", bad)
    error = page.locator(".fremdrift-error")
    error.wait_for()
    message = error.inner_text()
    assert "bad.toml" in message and "p_leave" in message and "7" in message, message
    page.get_by_role("button", name="Step").click()
    page.get_by_text("Week 1 of 52").wait_for()
    shot(page, "explore-bad-upload")


def test_a_downloaded_scenario_gives_the_same_numbers_in_the_cli(page, server, tmp_path):
    page.goto(server["url"] + "/")
    switch_language(page, "en")
    for week in range(1, 6):
        page.get_by_role("button", name="Step").click()
        page.get_by_text(f"Week {week} of 52").wait_for()
    with page.expect_download() as d:
        page.get_by_role("button", name="Download scenario (TOML)").click()
    scenario = tmp_path / "from_ui.toml"
    d.value.save_as(scenario)
    with page.expect_download() as d:
        page.get_by_role("button", name="Download weekly figures (CSV)").click()
    weekly_ui = tmp_path / "weekly.csv"
    d.value.save_as(weekly_ui)
    out = tmp_path / "cli"
    done = subprocess.run(
        [sys.executable, "-m", "sim.cli", "run", scenario, "--out", out],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    cli = pd.read_parquet(out / "weekly.parquet")
    ui = pd.read_csv(weekly_ui)
    assert len(ui) == 6, "weeks 0-5 were downloaded"
    for col in ("n_benefit", "n_job", "n_progress", "n_derailment", "mean_indicator"):
        assert cli[col].iloc[:6].tolist() == pytest.approx(ui[col].tolist()), col


@pytest.fixture(scope="module", autouse=True)
def _clean_artefacts():
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    yield


def test_the_evidence_page_sets_every_target_beside_the_model(page, server):
    table = pd.read_csv(ROOT / "calibration" / "report_targets.csv")
    hard = table[table["hard"]]
    page.goto(server["url"] + "/evidence")
    switch_language(page, "en")
    expected = f"{int(hard['within'].sum())} of {len(hard)} hard targets are within their band"
    expect(page.locator(".fremdrift-evidence-summary")).to_contain_text(expected, timeout=30_000)
    body = page.inner_text("body")
    for target in table["target"]:
        assert target in body, f"{target} is listed"
    assert "closed (nobody new arrives)" in body, "the report's plain words are shown"
    shot(page, "evidence-table")
