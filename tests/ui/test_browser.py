"""The UI in a real browser: Debian's chromium driven by Playwright, against `fremdrift ui`.

The server runs as a user would start it, on a free loopback port, on a small scenario so the
pages answer quickly; one server serves every test of this module. Pages are looked at in the
two sizes planners' screens have (1366x768 and 1920x1080) and in both languages. Screenshots
are kept under test-artefacts/ui/ for a person to look at.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from sim.experiments.scenario import load_scenario, parse_scenario
from sim.ui.i18n import BARRIER_TERMS, TERMS, TEXT, t
from sim.ui.inputs import EXPLORE_INPUTS
from tests.ui.browser import CHROMIUM, ROOT, start_ui, stop_ui

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
replicates = 4  # the least a comparison across the parameter sets takes
"""
PAGES = ("/", "/compare", "/citizens", "/network", "/evidence")
# A word on each page that differs between the languages: (Danish, English).
PAGE_WORDS = {
    "/": ("Borgerne i denne uge", "The citizens this week"),
    "/compare": ("Kør sammenligning", "Run comparison"),
    "/citizens": ("Typiske forløb", "Typical courses"),
    "/network": ("Fremhæv sagsbehandler", "Highlight caseworker"),
    "/evidence": ("Offentliggjort", "Published"),
}
SIZES = ((1366, 768), (1920, 1080))
SHIPPED = ("status_quo", "staircase", "parallel", "none")
SLIDERS = [lever for lever in EXPLORE_INPUTS if lever.lo is not None]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),  # one worker builds its server
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)"
    ),
]


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
        yield {
            "url": url,
            "folder": folder,
            "log": folder / "server.log",
            "scenario": scenario,
            "proc": proc,
        }
        stop_ui(proc)
    text = (folder / "server.log").read_text()
    assert "Could not load URL" not in text, "every front-end file came from the local cache"
    assert "samesite" not in text, "the cookie warning is not printed for every page load"
    assert "Traceback" not in text, text[-3000:]


@pytest.fixture
def open_page(browser, server):
    """open_page(width, height): a fresh browser session (its own settings) at that size."""
    contexts = []

    def _open(width: int = 1366, height: int = 768):
        context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        return pg

    yield _open
    for c in contexts:
        c.close()


@pytest.fixture(scope="module", autouse=True)
def _clean_artefacts():
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    yield


def shot(pg, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)


def wait_for_result(pg, text: str, server, name: str, timeout_ms: int = 180_000) -> None:
    """Wait for `text` on the page; if it never comes, fail with what the page and the server
    showed instead (a screenshot `name`, the page's text and the server log's end), so an
    intermittent failure leaves something to diagnose."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        pg.get_by_text(text).wait_for(timeout=timeout_ms)
    except PlaywrightTimeout:
        # the server's threads first: a hung page may not even give a screenshot
        before = len(server["log"].read_text(errors="replace"))
        dump_server_stacks(server["proc"])
        log = server["log"].read_text(errors="replace")
        stacks = log[before:]
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        (ARTEFACTS / f"{name}-stacks.txt").write_text(stacks)
        body = "(the page did not answer)"
        with contextlib.suppress(Exception):
            shot(pg, name)
            body = pg.inner_text("body", timeout=10_000)[-1500:]
        pytest.fail(
            f"{text!r} did not appear; the page ended with:\n{body}\n"
            f"server log before:\n{log[:before][-1500:]}\nserver threads:\n{stacks[-6000:]}"
        )


def dump_server_stacks(proc, settle: float = 2.0) -> None:
    """Ask the UI server (the `solara run` child of `fremdrift ui`) to print every thread's
    stack to its log (sim.ui.stacks registers SIGUSR1 for this), and give it time to."""
    import psutil

    # only the server: its Compare workers have no handler, and SIGUSR1 would end them
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(proc.pid).children():
            with contextlib.suppress(psutil.Error):
                child.send_signal(signal.SIGUSR1)
    time.sleep(settle)


def switch_language(pg, code: str) -> None:
    """Click the language toggle and wait until the server has redrawn the page in `code`.

    The click only asks; the new words arrive a round trip later. Reading the page before
    then sees the old language (CI once read the Evidence summary in Danish after "EN")."""
    pg.locator(".fremdrift-lang").get_by_role("button", name=code.upper(), exact=True).click()
    expect(pg.locator(".fremdrift-tagline")).to_have_text(t("app_tagline", code), timeout=30_000)


def lever(pg, key: str):
    return pg.locator(f".fremdrift-lever-{key.replace('.', '-').replace('_', '-')}")


def field_value(pg, key: str) -> str:
    return lever(pg, key).locator("input[type=text]").input_value()


def download(pg, label: str, path: Path) -> Path:
    with pg.expect_download() as d:
        pg.get_by_role("button", name=label).click()
    d.value.save_as(path)
    return path


def _fragments(text: str) -> list[str]:
    """The literal pieces of a catalogue text (between its {placeholders}) worth looking for:
    a piece of two words or more, or one long word."""
    pieces = re.split(r"\{[^}]*\}", text)
    return [p.strip(" :.,()") for p in pieces if len(p.strip(" :.,()")) >= 8 or " " in p.strip()]


@functools.cache
def foreign_words(lang: str) -> tuple[str, ...]:
    """The catalogue's texts in the other language that differ from this language's (worked
    out once per language: `assert_no_foreign` asks again on every retry)."""
    other = 1 if lang == "da" else 0
    mine = 0 if lang == "da" else 1
    out = set()
    for table in (TEXT, TERMS, BARRIER_TERMS):
        for pair in table.values():
            if pair[other] != pair[mine]:
                out.update(f for f in _fragments(pair[other]) if len(f) >= 4)
    # a piece that is also a piece of this language's catalogue cannot tell the two apart
    own = {f for table in (TEXT, TERMS, BARRIER_TERMS) for p in table.values() for f in
           _fragments(p[mine])}  # fmt: skip
    return tuple(sorted(w for w in out - own if not any(w in o for o in own)))


def assert_no_foreign(pg, lang: str, where: str, settle_s: float = 30.0) -> None:
    """No word of the other language on the page, once it has settled: after a switch the
    server redraws a heavy page (Evidence's charts) part by part, so the check is retried for
    up to `settle_s` seconds; a page that stays mixed fails."""
    deadline = time.monotonic() + settle_s
    while True:
        body = pg.inner_text("body")
        found = [w for w in foreign_words(lang) if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", body)]
        if not found or time.monotonic() > deadline:
            break
        pg.wait_for_timeout(250)
    assert not found, f"{where} in {lang}: words of the other language on the page: {found}"


def test_every_page_speaks_one_language_at_a_time_at_both_sizes(open_page, server):
    for width, height in SIZES:
        pg = open_page(width, height)
        for path in PAGES:
            pg.goto(server["url"] + path)
            da, en = PAGE_WORDS[path]
            pg.get_by_text(da, exact=False).first.wait_for()
            pg.wait_for_timeout(500)
            name = path.strip("/") or "explore"
            assert_no_foreign(pg, "da", path)
            shot(pg, f"{name}-da-{width}x{height}")
            switch_language(pg, "en")
            pg.get_by_text(en, exact=False).first.wait_for()
            assert_no_foreign(pg, "en", path)
            shot(pg, f"{name}-en-{width}x{height}")
            switch_language(pg, "da")
            assert "This website runs on" not in pg.inner_text("body")


def test_every_lever_slider_is_wide_enough_at_both_sizes_in_both_languages(open_page, server):
    for width, height in SIZES:
        pg = open_page(width, height)
        pg.goto(server["url"] + "/")
        for lang in ("da", "en"):
            switch_language(pg, lang)
            for spec in SLIDERS:
                box = lever(pg, spec.key).locator(".v-slider").bounding_box()
                assert box and box["width"] >= 120, (
                    f"{spec.key} at {width}x{height} in {lang}: slider {box and box['width']} px"
                )


def test_a_slider_moves_by_keyboard_and_by_mouse_to_the_value_asked(open_page, server):
    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/")
    switch_language(pg, "en")
    caseload = load_scenario(server["scenario"]).params.caseworkers.caseload
    thumb = lever(pg, "caseworkers.caseload").locator("[role=slider]")
    thumb.focus()
    for _ in range(12):
        thumb.press("ArrowLeft")
    expect(lever(pg, "caseworkers.caseload").locator("input[type=text]")).to_have_value(
        str(caseload - 12), timeout=30_000
    )
    expect(lever(pg, "caseworkers.caseload").locator(".fremdrift-changed")).to_be_visible()
    # the mouse: a click at 3/4 of the openness track (5-95 %) asks for 72.5 -> 72 or 73
    slider = lever(pg, "employers.openness_mean").locator(".v-slider")
    slider.scroll_into_view_if_needed()
    track = slider.bounding_box()
    pg.mouse.click(track["x"] + 0.75 * track["width"], track["y"] + track["height"] / 2)
    expect(lever(pg, "employers.openness_mean").locator("input[type=text]")).to_have_value(
        re.compile(r"^7[23]$"), timeout=30_000
    )
    # the number field: turnover as % a year, converted exactly to the weekly probability
    field = lever(pg, "caseworkers.p_leave").locator("input[type=text]")
    field.fill("25")
    field.press("Enter")
    expect(field).to_have_value("25.0", timeout=30_000)
    toml = download(pg, "Download scenario (TOML)", server["folder"] / "moved.toml")
    p = parse_scenario(toml.read_bytes(), "moved.toml").params
    assert p.caseworkers.caseload == caseload - 12
    assert 1 - (1 - p.caseworkers.p_leave) ** 52 == pytest.approx(0.25, abs=1e-12)
    # each lever's reset puts the loaded value back exactly
    for key in ("caseworkers.caseload", "employers.openness_mean", "caseworkers.p_leave"):
        lever(pg, key).locator(".fremdrift-lever-reset").click()
        expect(lever(pg, key).locator(".fremdrift-changed")).to_have_count(0, timeout=30_000)
    toml = download(pg, "Download scenario (TOML)", server["folder"] / "reset.toml")
    assert (
        parse_scenario(toml.read_bytes(), "r.toml").params
        == load_scenario(server["scenario"]).params
    )
    shot(pg, "explore-levers-moved")


def test_a_download_right_after_loading_equals_the_loaded_scenario(open_page, server):
    """Opening Explore, or any page, never rounds a calibrated value (p_leave has six digits)."""
    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/")
    switch_language(pg, "en")
    pg.get_by_text("The citizens this week").wait_for()
    pg.wait_for_timeout(1500)  # let every slider draw and report what it would
    toml = download(pg, "Download scenario (TOML)", server["folder"] / "as_loaded.toml")
    shown = parse_scenario(toml.read_bytes(), "as_loaded.toml").params
    assert shown == load_scenario(server["scenario"]).params, "every value as loaded"
    assert pg.locator(".fremdrift-changed").count() == 0, "nothing is marked as changed"


def test_every_shipped_scenario_uploads_runs_and_downloads_unchanged(open_page, server):
    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/")
    switch_language(pg, "en")
    for name in SHIPPED:
        path = ROOT / "scenarios" / f"{name}.toml"
        pg.set_input_files("input.fremdrift-upload-input", path)
        expect(pg.locator(".fremdrift-description")).to_contain_text(
            t(f"desc_{name}", "en"), timeout=30_000
        )
        assert pg.locator(".fremdrift-error").count() == 0
        pg.get_by_role("button", name="Step").click()
        pg.get_by_text("Week 1 of 208").wait_for()
        toml = download(pg, "Download scenario (TOML)", server["folder"] / f"up-{name}.toml")
        got = parse_scenario(toml.read_bytes(), f"{name}.toml").params
        assert got == load_scenario(path).params, f"{name}: every value as in the file"
    shot(pg, "explore-uploaded-none")


def test_a_bad_upload_is_explained_in_the_pages_language_without_server_paths(
    open_page, server, tmp_path
):
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\nname = "bad"\n[caseworkers]\np_leave = 7\n')
    missing = tmp_path / "nobase.toml"
    missing.write_text('[meta]\nname = "x"\nbase = "nothing/here.toml"\n')
    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/")
    pg.set_input_files("input.fremdrift-upload-input", bad)
    error = pg.locator(".fremdrift-error")
    expect(error).to_contain_text("et tal fra 0 til 0,2", timeout=30_000)
    message = error.inner_text()
    assert "bad.toml" in message and "p_leave" in message and "7" in message, message
    switch_language(pg, "en")
    expect(error).to_contain_text("a number from 0 to 0.2")
    pg.set_input_files("input.fremdrift-upload-input", missing)
    expect(error).to_contain_text("no such file", timeout=30_000)
    assert str(ROOT) not in error.inner_text() and "/etc" not in error.inner_text()
    pg.get_by_role("button", name="Step").click()
    pg.get_by_text("Week 1 of 52").wait_for()
    shot(pg, "explore-bad-upload")


def test_explore_runs_ten_weeks_and_shows_a_clicked_citizen(open_page, server):
    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/")
    switch_language(pg, "en")
    expect(pg.locator(".fremdrift-hint")).to_have_text(t("explore_hint", "en"))
    expect(pg.locator(".fremdrift-model-note")).to_contain_text("A model, not a forecast")
    step = pg.get_by_role("button", name="Step")
    for week in range(1, 11):
        step.click()
        pg.get_by_text(f"Week {week} of 52").wait_for()
    pg.locator("img.fremdrift-grid").click(position={"x": 2, "y": 2})
    card = pg.locator(".fremdrift-citizen")
    card.wait_for()
    assert "Citizen no. 0" in card.inner_text()
    assert re.search(
        r"Status: (on benefit|job|education|flexjob|disability pension)", card.inner_text()
    )
    shot(pg, "explore-week10")


def test_a_downloaded_scenario_gives_the_same_numbers_in_the_cli(open_page, server, tmp_path):
    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/")
    switch_language(pg, "en")
    for week in range(1, 6):
        pg.get_by_role("button", name="Step").click()
        pg.get_by_text(f"Week {week} of 52").wait_for()
    scenario = download(pg, "Download scenario (TOML)", tmp_path / "from_ui.toml")
    weekly_ui = download(pg, "Download weekly figures (CSV)", tmp_path / "weekly.csv")
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


def test_compare_is_a_brief_against_current_practice_with_a_pdf_report(open_page, server):
    from pypdf import PdfReader

    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/")
    # a changed lever on Explore is named on Compare and in the report
    field = lever(pg, "caseworkers.caseload").locator("input[type=text]")
    field.fill("60")
    field.press("Enter")
    expect(lever(pg, "caseworkers.caseload").locator(".fremdrift-changed")).to_be_visible()
    pg.locator(".fremdrift-nav-compare").click()
    expect(pg.locator(".fremdrift-reference-note")).to_contain_text(
        "Reference: nuværende praksis", timeout=30_000
    )
    expect(pg.locator(".fremdrift-compare-changed")).to_contain_text("Sagsstamme")
    # across the calibration's plausible parameter sets: the changed caseload is kept
    option = pg.locator(".fremdrift-ensemble-option")
    option.get_by_text("Medtag usikkerheden om modellens parametre").click()
    expect(option.get_by_role("checkbox")).to_be_checked()
    expect(pg.locator(".fremdrift-ensemble-note")).to_contain_text("parametersæt")
    pg.get_by_role("button", name="Kør sammenligning").click()
    wait_for_result(pg, "Parvise forskelle", server, "compare-timeout-da-1366x768")
    expect(pg.locator(".fremdrift-compare-message")).to_contain_text("Færdig på", timeout=60_000)
    text = pg.inner_text("body")
    assert re.search(r"Trappestige mod nuværende praksis: i job efter 1 år: [+−]\d+,\d", text)
    assert "95 %-interval" in text
    assert "Usikkerhed om parametrene" in text
    assert re.search(r"samme fortegn i \d+ af \d+ plausible parametersæt", text), text
    table = pg.locator("table.fremdrift-brief")
    rows = [r.inner_text().split("\t")[0] for r in table.locator("tr").all()[1:]]
    assert len(rows) == len(set(rows)), f"no outcome twice: {rows}"
    assert re.search(r"\d+\.\d{3} kr\.", table.inner_text()), "kroner in Danish format"
    shot(pg, "compare-result-da-1366x768")
    pdf = download(pg, "Lav rapport (PDF)", server["folder"] / "report.pdf")
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    words = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))
    for expected in (
        "Udfald og parvise forskelle",
        "I job efter 1 år",
        "trappestige − nuværende praksis (95 %-interval)",
        "Startværdi for tilfældige tal (seed)",
        "Sagsstamme",
        "Modellens antagelser og grænser",
        "hårde mål",
    ):
        assert expected in words, f"{expected!r} is in the PDF"
    page = download(pg, "Lav rapport (HTML)", server["folder"] / "report.html")
    html = page.read_text(encoding="utf-8")
    assert "<table>" in html and "data:image/png;base64," in html and 'src="http' not in html
    (ARTEFACTS / "report-da.pdf").write_bytes(pdf.read_bytes())
    (ARTEFACTS / "report-da.html").write_text(html, encoding="utf-8")


def test_the_evidence_page_fits_and_sets_every_target_beside_the_model(open_page, server):
    table = pd.read_csv(ROOT / "calibration" / "report_targets.csv")
    hard = table[table["hard"]]
    for width, height in SIZES:
        pg = open_page(width, height)
        pg.goto(server["url"] + "/evidence")
        switch_language(pg, "en")
        expected = f"{int(hard['within'].sum())} of {len(hard)} hard targets are within their band"
        expect(pg.locator(".fremdrift-evidence-summary")).to_contain_text(expected, timeout=30_000)
        # The report's own words follow the summary once the whole page has redrawn in English.
        expect(pg.locator("body")).to_contain_text("ten jobcentres", timeout=30_000)
        body = pg.inner_text("body")
        for target in table["target"]:
            assert target in body, f"{target} is listed"
        assert "ten jobcentres" in body, "the report's plain words are shown"
        assert "fremdrift " not in body and "seed 00" not in body, "no CLI, no seed numbers"
        headers = pg.locator("table.fremdrift-evidence th").all_inner_texts()
        assert all(h.strip() for h in headers), f"every column headed: {headers}"
        scroll = pg.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page is {scroll} px wide in a {width} px window"
    shot(pg, "evidence-table")


def test_a_hung_server_can_be_asked_where_its_threads_are_and_goes_on(open_page, server):
    """What a timed-out browser test (and an operator) reads: every thread's stack, printed to
    the server's log on SIGUSR1, after which the server still serves pages."""
    before = len(server["log"].read_text(errors="replace"))
    dump_server_stacks(server["proc"])
    stacks = server["log"].read_text(errors="replace")[before:]
    assert "most recent call first" in stacks, stacks[-2000:]
    assert stacks.count("Thread 0x") >= 2, "every thread, not only the one the signal hit"
    pg = open_page(1366, 768)
    pg.goto(server["url"] + "/evidence")
    expect(pg.locator(".fremdrift-tagline")).to_be_visible(timeout=30_000)
