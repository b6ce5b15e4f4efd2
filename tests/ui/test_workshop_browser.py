"""A workshop in a real browser: one facilitator and twelve phones on `fremdrift workshop`.

The server runs as a facilitator starts it, on a free loopback port, at a small size (500
citizens, 52 weeks, 3 replicates) so the round's runs take seconds. One Chromium context is the
projector (1366x768), twelve more are phones (360x740), half of them in English. They join,
guess, choose, see the reveal, and the facilitator exports the session; a participant's bad
input gets a message and changes nothing; a reload finds the participant again. Screenshots
land in test-artefacts/workshop/*.png for a person to look at.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from sim.ui.i18n import t
from tests.ui.browser import CHROMIUM, ROOT, free_port, stop_ui

ARTEFACTS = ROOT / "test-artefacts" / "workshop"
N_PHONES = 12
PREDICT, CHOOSE, REVEAL = 3, 4, 5  # the guide's rounds, as numbered on the facilitator's page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("workshop-browser"),  # one worker builds its server
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workshop")
    log_path = folder / "server.log"
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim.cli", "workshop", "--port", str(port),
             "--citizens", "500", "--weeks", "52", "--replicates", "3"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.3)
        key = re.search(r"/facilitator\?key=(\S+)", log_path.read_text()).group(1)
        yield {"url": url, "key": key}
        stop_ui(proc)
    text = log_path.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert "Could not load URL" not in text, "every front-end file came from the local cache"


def shot(pg, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)


def switch(pg, code: str) -> None:
    """Click the language toggle and wait for the redrawn title. The new words come a round
    trip later, and with twelve phones loading at once on two busy cores that took over 5 s
    (expect's default) in a fresh clone's run."""
    pg.locator(".ws-lang").get_by_role("button", name=code.upper(), exact=True).click()
    expect(pg.locator(".ws-title")).to_contain_text(t("ws_title", code), timeout=30_000)


def test_facilitator_page_needs_its_key(browser, server):
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(f"{server['url']}/facilitator?key=wrong")
    expect(pg.locator(".ws-need-key")).to_be_visible()
    assert pg.locator(".ws-open").count() == 0, "no session can be opened without the key"
    ctx.close()


def test_twelve_phones_join_guess_choose_and_see_the_reveal(browser, server):
    url = server["url"]
    contexts = []
    try:
        fac_ctx = browser.new_context(
            viewport={"width": 1366, "height": 768}, accept_downloads=True
        )
        contexts.append(fac_ctx)
        fac = fac_ctx.new_page()
        fac.set_default_timeout(60_000)
        fac.goto(f"{url}/facilitator?key={server['key']}")
        fac.locator(".ws-open").click()
        code = fac.locator(".ws-code").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{6}", code), code
        expect(fac.locator(".ws-qr svg")).to_be_visible()

        phones = []
        for _ in range(N_PHONES):
            ctx = browser.new_context(viewport={"width": 360, "height": 740})
            contexts.append(ctx)
            pg = ctx.new_page()
            pg.set_default_timeout(60_000)
            pg.goto(f"{url}/?code={code}", wait_until="commit")  # load the twelve at once
            phones.append(pg)
        langs = ["da" if k < N_PHONES // 2 else "en" for k in range(N_PHONES)]
        for k, pg in enumerate(phones):
            if langs[k] == "en":
                switch(pg, "en")
            pg.locator(".ws-nickname-field input").fill(f"Deltager {k + 1}")
            pg.locator(".ws-join").click()
        for pg in phones:
            expect(pg.locator(".ws-hello")).to_be_visible()
        expect(fac.locator(".ws-count")).to_contain_text(f"{N_PHONES} ")

        # a thirteenth browser with a taken nickname is told so, and no one is added
        extra_ctx = browser.new_context(viewport={"width": 360, "height": 740})
        contexts.append(extra_ctx)
        extra = extra_ctx.new_page()
        extra.goto(f"{url}/?code={code}")
        extra.locator(".ws-nickname-field input").fill("deltager 1")
        extra.locator(".ws-join").click()
        expect(extra.locator(".ws-message")).to_contain_text("deltager 1 er taget")
        expect(fac.locator(".ws-count")).to_contain_text(f"{N_PHONES} ")

        # predict: a bad guess gets a message and changes nothing
        fac.locator(f".ws-round-{PREDICT}").click()
        first = phones[0]
        for bad in ("mange", "99"):
            first.locator(".ws-answer-field input").fill(bad)
            first.locator(".ws-send").click()
            expect(first.locator(".ws-message.ws-error")).to_be_visible()
        expect(fac.locator(".ws-answered")).to_contain_text(f"0 af {N_PHONES}")
        for k, pg in enumerate(phones):
            guess = f"{k},5" if langs[k] == "da" else f"{k}.5"
            pg.locator(".ws-answer-field input").fill(guess)
            pg.locator(".ws-send").click()
        for pg in phones:
            expect(pg.locator(".ws-message.ws-ok")).to_be_visible()
        expect(fac.locator(".ws-answered")).to_contain_text(f"{N_PHONES} af {N_PHONES}")
        expect(fac.locator(".ws-guess-summary")).to_contain_text("midterste 6,0")
        shot(fac, "facilitator-predict-da")

        # choose: over budget is refused; then everyone sends a different choice
        fac.locator(f".ws-round-{CHOOSE}").click()
        second = phones[1]
        second.locator(".ws-lever-caseload input").fill("40")
        expect(second.locator(".ws-budget.ws-error")).to_be_visible()
        second.locator(".ws-send").click()
        expect(second.locator(".ws-message.ws-error")).to_contain_text("budget")
        expect(fac.locator(".ws-answered")).to_contain_text(f"0 af {N_PHONES} har valgt")
        for k, pg in enumerate(phones):
            if k in (2, 9):  # two pick another strategy from the list
                pg.locator(".ws-strategy").click()
                name = t("ws_strategy", langs[k])  # the menu opens under the field
                assert name
                option = "parallelle indsatser" if langs[k] == "da" else "parallel interventions"
                pg.locator(".v-menu__content .v-list-item", has_text=option).click()
            pg.locator(".ws-lever-caseload input").fill(str(82 - k))
            expect(pg.locator(".ws-budget.ws-ok")).to_be_visible()
        shot(phones[3], "participant-choose-da")
        shot(phones[8], "participant-choose-en")
        started = time.monotonic()
        for pg in phones:
            pg.locator(".ws-send").click()
        for pg in phones:
            expect(pg.locator(".ws-run-result")).to_be_visible(timeout=120_000)
        ran = time.monotonic() - started
        expect(fac.locator(".ws-answered")).to_contain_text(
            f"{N_PHONES} af {N_PHONES} har valgt; {N_PHONES} af {N_PHONES} kørsler færdige"
        )
        fac.locator(".ws-close").click()
        expect(fac.locator(".ws-round-state")).to_have_text(t("ws_round_shut", "da"))

        # reveal: the model's answer beside the guesses, and the league table
        fac.locator(f".ws-round-{REVEAL}").click()
        expect(fac.locator(".ws-league tr")).to_have_count(N_PHONES + 1)
        expect(fac.locator(".ws-spread text", has_text="Modellen")).to_be_visible()
        assert "Deltager" in fac.locator(".ws-league").inner_text()
        shot(fac, "facilitator-reveal-da")
        for k in (3, 8):
            expect(phones[k].locator(".ws-my-answer")).to_be_visible()
        shot(phones[3], "participant-reveal-da")
        shot(phones[8], "participant-reveal-en")
        for pg in (phones[3], phones[8]):
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"the phone page fits 360 px (is {width})"

        # a reload finds the participant again, with their result
        phones[5].reload()
        expect(phones[5].locator(".ws-hello")).to_contain_text("Deltager 6")
        expect(phones[5].locator(".ws-my-answer")).to_be_visible()

        # export: the CSV has every guess and choice, the report is the Compare page's PDF
        with fac.expect_download() as d:
            fac.locator(".ws-export-csv").click()
        table = pd.read_csv(io.BytesIO(Path(d.value.path()).read_bytes()))
        assert (table["kind"] == "prediction").sum() == N_PHONES
        assert (table["kind"] == "choice").sum() == N_PHONES
        assert (table["kind"] == "model_answer").sum() == 1
        assert table.loc[table["kind"] == "choice", "jobs_diff"].notna().all()
        with fac.expect_download() as d:
            fac.locator(".ws-export-pdf").click()
        assert Path(d.value.path()).read_bytes().startswith(b"%PDF")

        switch(fac, "en")
        expect(fac.locator(".ws-league")).to_contain_text("against current practice")
        shot(fac, "facilitator-reveal-en")
        print(f"\nworkshop: {N_PHONES} choices sent to all results on the phones: {ran:.1f} s")
    finally:
        for ctx in contexts:
            ctx.close()
