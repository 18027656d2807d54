"""The HTML report: self-contained, offline, its numbers those of the measures, CSV per chart."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from dyadscope.cli import cli
from dyadscope.measures.votes import compute_vote_alignment
from dyadscope.report.views import VIEWS


class _Scan(HTMLParser):
    """Collects every URL the browser could fetch (src, href, url(...) in styles), the chart specs,
    the CSV links and the section ids."""

    def __init__(self):
        super().__init__()
        self.urls, self.specs, self.csv, self.sections, self._spec = [], {}, {}, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href", "action", "poster", "data"):
            if attrs.get(key):
                self.urls.append(attrs[key])
        if "style" in attrs:
            self.urls += re.findall(r"url\(([^)]*)\)", attrs["style"])
        if tag == "section":
            self.sections.append(attrs["id"])
        if tag == "script" and (attrs.get("id") or "").startswith("spec-"):
            self._spec = attrs["id"][5:]
        if tag == "a" and "download" in attrs:
            self.csv[attrs["download"]] = attrs["href"]

    def handle_data(self, data):
        if self._spec:
            self.specs[self._spec] = json.loads(data)
            self._spec = None


def _remote(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


@pytest.fixture(scope="module")
def report(mirror_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, "report", "KAZ", "RUS", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(path)
    html = path.read_text(encoding="utf-8")
    scan = _Scan()
    scan.feed(html)
    return html, scan


def test_every_section_is_there(report):
    _, scan = report
    assert scan.sections == list(VIEWS)


def test_nothing_is_fetched_from_another_host(report):
    html, scan = report
    assert scan.urls and not [u for u in scan.urls if _remote(u)]
    assert all(u.startswith(("#", "data:")) for u in scan.urls)
    # the same in the raw text, scripts and styles included: no attribute or CSS url() points elsewhere
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert "<script src" not in html and "<link" not in html


def test_the_charts_draw_offline(report):
    html, scan = report
    assert "vegaEmbed" in html and len(html) > 500_000  # the Vega libraries are inlined
    spec = scan.specs["votes-agreement"]
    assert spec["data"]["values"] and spec["layer"][1]["mark"]["type"] == "point"


def test_agreement_in_the_report_equals_the_measure(report, mirror_store):
    _, scan = report
    rows = {r["session"]: r for r in scan.specs["votes-agreement"]["data"]["values"]}
    expected = compute_vote_alignment(mirror_store, "KAZ", "RUS", by="session").set_index("period")
    assert rows[77]["agreement"] == pytest.approx(expected.loc[77, "agreement"])
    assert rows[77]["agreement_lo"] == pytest.approx(expected.loc[77, "agreement_lo"])
    assert rows[77]["n"] == expected.loc[77, "n"] == 82


def test_every_chart_has_its_data_as_csv_and_its_sources(report):
    html, scan = report
    assert len(scan.csv) == len(scan.specs) >= 12
    table = list(csv.DictReader(io.StringIO(unquote(scan.csv["KAZ-RUS-agreement.csv"].split(",", 1)[1]))))
    session77 = next(r for r in table if r["session"] == "77")
    assert float(session77["agreement"]) == pytest.approx(scan.specs["votes-agreement"]["data"]["values"][30]["agreement"])
    assert html.count("data as CSV") == len(scan.specs)
    assert html.count('<div class="cite">Sources: ') >= len(scan.specs)


def test_the_ledger_and_the_events_behind_the_troughs(report):
    html, _ = report
    for claim in ("C1", "C8", "Q1", "Q7"):
        assert f'id="claim-{claim}"' in html
    assert "Kazakhstan abstained on the General Assembly resolution deploring" in html  # a 2022 trough event
    assert "A/RES/ES-11/1" in html


def test_the_report_takes_under_ten_seconds(mirror_store, tmp_path):
    import time

    from dyadscope.report.html import write_report

    began = time.perf_counter()
    write_report(mirror_store, "KAZ", "RUS", tmp_path / "r.html")
    assert time.perf_counter() - began < 10


@pytest.mark.parametrize("args, message", [
    (["report", "KAZ", "Narnia"], "Error: unknown country 'Narnia'"),
    (["report", "KAZ", "RUS", "--from", "2022-02-30"], "Error: from must be a date written YYYY-MM-DD; got '2022-02-30'"),
    (["report", "KAZ", "RUS", "--from", "2023-01-01", "--to", "2022-01-01"], "Error: from (2023-01-01) is after to (2022-01-01)"),
    (["report", "KAZ", "KAZ"], "Error: a dyad needs two different states; got KAZ twice"),
])
def test_bad_inputs_are_errors(mirror_store, tmp_path, args, message):
    result = CliRunner().invoke(cli, ["--store", mirror_store.path, *args, "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
