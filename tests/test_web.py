"""The web app over the real store: every page answers, each JSON twin is compute_view, bad requests get a 4xx
with a message, and nothing the app serves asks another host for anything."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from conftest import ROOT
from fastapi.testclient import TestClient

from dyadscope.cli import cli
from dyadscope.report import charts
from dyadscope.report.views import VIEWS, compute_view
from dyadscope.web import bind, create_app
from dyadscope.web.app import STATE_REFERENCE, STATE_VIEWS


class Page(HTMLParser):
    """What the tests read from a page: the numbers block, the chart specs, outside addresses."""

    def __init__(self, text: str):
        super().__init__()
        self.numbers, self.specs, self.outside, self._spec_for = {}, {}, [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-number-id" in attrs:
            self.numbers[attrs["data-number-id"]] = json.loads(attrs["data-value"])
        if tag == "script" and attrs.get("class") == "chart-spec":
            self._spec_for = attrs["data-for"]
        for key in ("src", "href"):
            # links to sources' own pages are fine; what the page loads itself must be local
            if tag in ("script", "link", "img", "iframe") and re.match(r"(https?:)?//", attrs.get(key) or ""):
                self.outside.append(attrs[key])

    def handle_data(self, data):
        if self._spec_for:
            self.specs[self._spec_for] = json.loads(data)
            self._spec_for = None


@pytest.fixture(scope="module")
def client(mirror_store):
    return TestClient(create_app(mirror_store))


def test_home_lists_the_states_and_the_views(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<option value="KAZ" selected>Kazakhstan (KAZ)</option>' in page.text
    assert '<option value="RUS" selected>Russia (RUS)</option>' in page.text
    twin = client.get("/api/").json()
    assert twin["views"] == list(VIEWS)
    assert {"iso3": "CHN", "name": "China"} in twin["countries"]
    assert not Page(page.text).outside


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_page_and_its_json_twin(client, mirror_store, view):
    expected = json.loads(json.dumps(compute_view(mirror_store, view, "KAZ", "RUS")))
    twin = client.get(f"/api/pair/KAZ/RUS/{view}")
    assert twin.status_code == 200
    assert twin.json() == expected
    page = client.get(f"/pair/KAZ/RUS/{view}")
    assert page.status_code == 200
    assert f"<title>{expected['title']} – dyadscope</title>" in page.text
    parsed = Page(page.text)
    assert parsed.numbers == {n["id"]: n["value"] for n in expected["numbers"]}
    assert parsed.specs == {f["id"]: json.loads(json.dumps(charts.embed_spec(f))) for f in expected["figures"]}
    for table in expected["tables"]:
        assert f'id="table-{table["id"]}"' in page.text
    assert not parsed.outside


def test_the_votes_page_has_the_agreement_chart_with_every_session(client):
    twin = client.get("/api/pair/KAZ/RUS/votes").json()
    agreement = next(f for f in twin["figures"] if f["id"] == "agreement")
    assert len(agreement["data"]) > 25  # sessions since 1992
    page = client.get("/pair/KAZ/RUS/votes").text
    assert f'data-figure-id="agreement" data-records="{len(agreement["data"])}"' in page
    assert '<script src="/static/vega.js"></script>' in page


@pytest.mark.parametrize("view", STATE_VIEWS)
def test_focal_state_pages_compare_with_russia(client, mirror_store, view):
    expected = json.loads(json.dumps(compute_view(mirror_store, view, "UZB", STATE_REFERENCE)))
    assert client.get(f"/api/state/UZB/{view}").json() == expected
    page = client.get(f"/state/UZB/{view}")
    assert page.status_code == 200
    assert Page(page.text).numbers == {n["id"]: n["value"] for n in expected["numbers"]}


def test_period_parameters_reach_compute_view(client, mirror_store):
    twin = client.get("/api/pair/KAZ/CHN/votes", params={"from": "2014-01-01", "to": "2021-12-31"}).json()
    assert twin == json.loads(json.dumps(compute_view(mirror_store, "votes", "KAZ", "CHN",
                                                       start="2014-01-01", end="2021-12-31")))
    assert (twin["from"], twin["to"]) == ("2014-01-01", "2021-12-31")
    whole = client.get("/api/pair/KAZ/CHN/votes").json()
    assert len(twin["figures"][0]["data"]) < len(whole["figures"][0]["data"])
    page = client.get("/pair/KAZ/CHN/votes?from=2014-01-01&to=2021-12-31").text
    assert "From 2014-01-01 to 2021-12-31." in page
    assert 'href="/pair/KAZ/CHN/overview?from=2014-01-01&amp;to=2021-12-31"' in page


def test_the_views_notes_are_on_the_page(client):
    twin = client.get("/api/pair/CHN/RUS/peers").json()
    assert twin["notes"]
    page = client.get("/pair/CHN/RUS/peers").text
    for note in twin["notes"]:
        assert f"<li>{html.escape(note)}</li>" in page


def test_names_redirect_to_the_iso3_address(client):
    moved = client.get("/pair/kazakhstan/Россия/votes?from=2000-01-01", follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == "/pair/KAZ/RUS/votes?from=2000-01-01"
    chosen = client.get("/pair", params={"a": "KAZ", "b": "China", "view": "votes"}, follow_redirects=False)
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/pair/KAZ/CHN/votes")
    focal = client.get("/state", params={"a": "Uzbekistan", "view": "peers"}, follow_redirects=False)
    assert focal.headers["location"] == "/state/UZB/peers"
    assert client.get("/pair/KAZ/RUS", follow_redirects=False).headers["location"] == "/pair/KAZ/RUS/overview"


def test_csv_of_a_figure_and_of_a_table(client):
    twin = client.get("/api/pair/KAZ/RUS/votes").json()
    agreement = next(f for f in twin["figures"] if f["id"] == "agreement")
    reply = client.get("/api/pair/KAZ/RUS/votes/figures/agreement.csv")
    assert reply.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert [int(r["session"]) for r in rows] == [r["session"] for r in agreement["data"]]
    assert [float(r["agreement"]) for r in rows] == [r["agreement"] for r in agreement["data"]]
    ukraine = next(t for t in twin["tables"] if t["id"] == "ukraine")
    lines = client.get("/api/pair/KAZ/RUS/votes/tables/ukraine.csv").text.splitlines()
    assert lines[0] == ",".join(ukraine["columns"]) and len(lines) == len(ukraine["rows"]) + 1


ERRORS = [
    ("/api/pair/KAZ';DROP TABLE x;--/RUS/votes", 404, "unknown country \"KAZ';DROP TABLE x;--\""),
    ("/api/pair/KAZ/RUS%20OR%201=1/votes", 404, "unknown country 'RUS OR 1=1'"),
    ("/api/pair/KAZ/Atlantis/votes", 404, "unknown country 'Atlantis'"),
    ("/api/pair/KAZ/RUS/gossip", 404, "unknown view 'gossip'; accepted: " + ", ".join(VIEWS)),
    ("/api/pair/KAZ/KAZ/votes", 400, "a dyad needs two different states; got KAZ twice"),
    ("/api/pair/KAZ/RUS/votes?from=2022-13-01", 400, "from must be a date written YYYY-MM-DD; got '2022-13-01'"),
    ("/api/pair/KAZ/RUS/votes?to=yesterday", 400, "to must be a date written YYYY-MM-DD; got 'yesterday'"),
    ("/api/pair/KAZ/RUS/votes?from=2022-01-01&to=2014-01-01", 400, "from (2022-01-01) is after to (2014-01-01)"),
    ("/api/state/RUS/hedging", 400, "a focal state is compared with RUS: choose another state"),
    ("/api/state/UZB/votes", 404, "unknown view 'votes'; accepted: hedging, peers"),
    ("/api/pair/KAZ/RUS/votes/tables/nothing.csv", 404, "the votes view has no table 'nothing'; it has: "),
    ("/api/pair/KAZ/RUS/votes/charts/agreement.csv", 404, "unknown kind 'charts'; accepted: figures, tables"),
    ("/api/nowhere", 404, "no page at /api/nowhere"),
    ("/nowhere", 404, "no page at /nowhere"),
]


@pytest.mark.parametrize("url,status,message", ERRORS)
def test_bad_requests_get_a_4xx_with_a_message(client, url, status, message):
    """Under /api/ the error is JSON; the same address without /api/ (a page, where there is one) an HTML page."""
    if url.startswith("/api/"):
        reply = client.get(url)
        assert reply.status_code == status
        assert reply.headers["content-type"] == "application/json"
        assert reply.json()["error"].startswith(message)
        if url.endswith(".csv") or url == "/api/nowhere":
            return
    page = client.get(url.replace("/api/", "/", 1))
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    shown = re.search(r'<p class="error" id="error-message">(.*?)</p>', page.text, re.S).group(1)
    assert shown.replace("&#34;", '"').replace("&#39;", "'").startswith(message)


def test_form_errors_and_writes_refused(client, mirror_store):
    missing = client.get("/pair", params={"a": "KAZ"})
    assert missing.status_code == 400
    assert "choose two countries: query parameters &#39;a&#39; and &#39;b&#39;" in missing.text
    assert client.get("/state", params={"a": "KAZ", "view": "claims"}).status_code == 404
    tables = mirror_store.con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()
    refused = client.post("/api/pair/KAZ/RUS/votes", json={"sql": "DROP TABLE vote"})
    assert (refused.status_code, refused.json()) == (405, {"error": "POST is not allowed here; the app only reads"})
    assert mirror_store.con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall() == tables


def test_the_chart_library_comes_from_the_app(client):
    reply = client.get("/static/vega.js")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/javascript")
    assert reply.text == charts.vega_bundle()
    assert "window.vegaEmbed" in reply.text
    assert "vegaEmbed(element, spec" in client.get("/static/app.js").text


def test_serve_refuses_a_missing_store_and_a_busy_port(tmp_path, mirror_store):
    runner = CliRunner()
    missing = runner.invoke(cli, ["serve", "--store", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1
    assert f"Error: no store at {tmp_path / 'none.duckdb'}" in missing.output
    busy = bind("127.0.0.1", 0)
    try:
        port = busy.getsockname()[1]
        taken = runner.invoke(cli, ["serve", "--store", mirror_store.path, "--port", str(port)])
        assert taken.exit_code == 1
        assert f"Error: cannot listen on 127.0.0.1:{port}: Address already in use" in taken.output
    finally:
        busy.close()


def test_serve_answers_over_http_and_stops_on_ctrl_c(mirror_store):
    """The command as a user runs it: a real process, a real port, then Ctrl+C (SIGINT)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "dyadscope", "serve", "--store", mirror_store.path, "--port", "0"],
                               env=env, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "dyadscope serve printed nothing in 60 s"
        banner = process.stderr.readline()
        url = re.search(r"at (http://127\.0\.0\.1:\d+/)", banner).group(1)
        assert f"serving {mirror_store.path} (read-only)" in banner
        with urllib.request.urlopen(url + "api/pair/KAZ/RUS/sources", timeout=60) as reply:
            assert json.load(reply)["pair"] == ["KAZ", "RUS"]
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert rest.strip().endswith("dyadscope: stopped")


def test_bind_gives_a_free_port():
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.family == socket.AF_INET and sock.getsockname()[1] > 0
    finally:
        sock.close()
