"""The web app in a real browser: Debian's chromium, headless, driven by Playwright.

The app runs with uvicorn on a free local port in a background thread (stopped at the end, or by a
timer if the tests hang). With DYADSCOPE_SCREENSHOTS=FOLDER the tests also save the README's screenshots.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from dyadscope.web import bind, create_app, make_server
from dyadscope.web.app import format_number

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SERVER_LIMIT = 600  # seconds: the server stops itself after this even if a test hangs
WAIT_MS = 30_000
SCREENSHOTS = os.environ.get("DYADSCOPE_SCREENSHOTS")

# the symbols Vega drew for the "agreement" figure, read from its scenegraph: [session, agreement] each
DRAWN_POINTS = """id => {
  const out = [];
  (function walk(node) {
    if (node.marktype === "symbol") node.items.forEach(i => out.push([i.datum.session, i.datum.agreement]));
    (node.items || []).forEach(i => { if (i.items) walk(i); });
  })(window.dyadscopeViews[id].scenegraph().root);
  return out;
}"""


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (the CI installs it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: pip install -e '.[dev]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=WAIT_MS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def app_url(mirror_store):
    server = make_server(create_app(mirror_store))
    sock = bind("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="dyadscope-web")
    thread.start()
    stopper = threading.Timer(SERVER_LIMIT, lambda: setattr(server, "should_exit", True))
    stopper.daemon = True
    stopper.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the web app did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    stopper.cancel()
    thread.join(15)
    sock.close()
    assert not thread.is_alive(), "the web app did not stop"


@pytest.fixture
def page(chromium, app_url):
    """A fresh page that records every request to another host and every script error."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.outside, page.errors = [], []
    page.on("request", lambda r: None if r.url.startswith(app_url) or r.url.startswith("data:")
            else page.outside.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
    assert not page.outside, f"requests to other hosts: {page.outside}"
    assert not page.errors, f"script errors: {page.errors}"


def drawn_agreement(page) -> list[list]:
    page.wait_for_selector('.chart[data-figure-id="agreement"][data-rendered="true"]')
    return page.evaluate(DRAWN_POINTS, "agreement")


def expected_points(twin: dict) -> list[list]:
    agreement = next(f for f in twin["figures"] if f["id"] == "agreement")
    return [[r["session"], r["agreement"]] for r in agreement["data"] if r["agreement"] is not None]


def numbers_on(page) -> dict:
    return dict(page.eval_on_selector_all(
        "[data-number-id]", "els => els.map(e => [e.dataset.numberId, [JSON.parse(e.dataset.value), e.textContent]])"))


def test_choose_a_pair_see_the_agreement_chart_then_switch(page, app_url):
    page.goto(app_url + "/")
    page.select_option("#pair-form select[name=a]", "KAZ")
    page.select_option("#pair-form select[name=b]", "RUS")
    page.select_option("#pair-form select[name=view]", "votes")
    page.click("#pair-go")
    page.wait_for_url(app_url + "/pair/KAZ/RUS/votes")
    twin = page.request.get(app_url + "/api/pair/KAZ/RUS/votes").json()
    points = drawn_agreement(page)
    assert points == expected_points(twin)
    assert len(points) > 25  # one per session since 1992
    assert page.locator('.chart[data-figure-id="agreement"] svg .mark-symbol path').count() == len(points)
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "web-votes.png"))

    # the pair switcher in the header: choosing China reloads the same view for Kazakhstan–China
    page.select_option("#switch-form select[name=b]", "CHN")
    page.wait_for_url(app_url + "/pair/KAZ/CHN/votes")
    twin = page.request.get(app_url + "/api/pair/KAZ/CHN/votes").json()
    assert twin["pair"] == ["KAZ", "CHN"]
    assert drawn_agreement(page) == expected_points(twin)
    shown = numbers_on(page)
    assert {key: value for key, (value, _) in shown.items()} == {n["id"]: n["value"] for n in twin["numbers"]}
    assert {key: text for key, (_, text) in shown.items()} == {n["id"]: format_number(n["value"]) for n in twin["numbers"]}
    assert page.locator("#view-title").text_content() == twin["title"]


def test_a_focal_state_and_an_unknown_country(page, app_url):
    page.goto(app_url + "/")
    page.select_option("#state-form select[name=a]", "UZB")
    page.select_option("#state-form select[name=view]", "peers")
    page.click("#state-go")
    page.wait_for_url(app_url + "/state/UZB/peers")
    twin = page.request.get(app_url + "/api/state/UZB/peers").json()
    assert {key: value for key, (value, _) in numbers_on(page).items()} == {n["id"]: n["value"] for n in twin["numbers"]}
    page.wait_for_function("() => [...document.querySelectorAll('.chart')].every(c => c.dataset.rendered === 'true')")
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "web-peers.png"))

    reply = page.goto(app_url + "/pair/KAZ/Atlantis/votes")
    assert reply.status == 404
    assert page.locator("#error-message").text_content().startswith("unknown country 'Atlantis'")
