"""Downloads against a real HTTP server on 127.0.0.1 serving real source files copied into tmp_path.

No test here touches any other address.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dyadscope.errors import FetchError
from dyadscope.fetch import download, fetch_source, file_sha256

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="needs the shared sample data")

SAMPLE = ("unxml-ga", "ES-11.json")  # 26 KB of real JSON lines


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Seen:
    path: str
    range: str | None
    status: int


@dataclass
class Server:
    root: Path
    base: str
    seen: list[Seen] = field(default_factory=list)
    # path -> behaviours used by the next requests, in order; "serve" once the list is empty
    plan: dict[str, list[str]] = field(default_factory=dict)
    ignore_range: bool = False

    def url(self, rel: str) -> str:
        return f"{self.base}/{rel}"

    def requests_for(self, rel: str) -> list[Seen]:
        return [s for s in self.seen if s.path == "/" + rel]


class Handler(BaseHTTPRequestHandler):

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        state = self.server.state
        rng = self.headers.get("Range")
        todo = state.plan.get(self.path)
        behaviour = todo.pop(0) if todo else "serve"
        if behaviour.isdigit():
            return self._reply(int(behaviour), rng)
        file = state.root / self.path.lstrip("/")
        if ".." in self.path or not file.is_file():
            return self._reply(404, rng)
        data = file.read_bytes()
        if behaviour == "drop":  # promise everything, send half, hang up
            state.seen.append(Seen(self.path, rng, 200))
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        start = 0
        if rng and not state.ignore_range:
            m = re.fullmatch(r"bytes=(\d+)-", rng)
            start = int(m.group(1))
            if start >= len(data):
                return self._reply(416, rng)
            state.seen.append(Seen(self.path, rng, 206))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            state.seen.append(Seen(self.path, rng, 200))
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(data[start:])

    def _reply(self, code: int, rng: str | None):
        self.server.state.seen.append(Seen(self.path, rng, code))
        body = f"status {code}".encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "served"
    for folder in ("unvotes", "unxml-ga", "voeten-idealpoints", "peacesciencer"):
        (root / folder).mkdir(parents=True)
    shutil.copy(SHARED / SAMPLE[0] / SAMPLE[1], root / SAMPLE[0] / SAMPLE[1])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.state = Server(root=root, base=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def sample(server):
    rel = f"{SAMPLE[0]}/{SAMPLE[1]}"
    data = (server.root / rel).read_bytes()
    return rel, data


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_full_download_checks_sha256_and_reports_progress(server, sample, tmp_path):
    rel, data = sample
    seen = []
    dest = tmp_path / "out" / "ES-11.json"
    got = download(server.url(rel), dest, sha256=sha256_of(data), size=len(data),
                   md5=hashlib.md5(data).hexdigest(), backoff=0,
                   progress=lambda n, total, name: seen.append((n, total, name)))
    assert got == dest
    assert dest.read_bytes() == data
    assert leftovers(dest.parent) == ["ES-11.json"]
    assert sum(n for n, _, _ in seen) == len(data)
    assert {(total, name) for _, total, name in seen} == {(len(data), "ES-11.json")}
    assert [s.range for s in server.requests_for(rel)] == [None]


def test_sha256_mismatch_raises_and_leaves_nothing(server, sample, tmp_path):
    rel, data = sample
    out = tmp_path / "out"
    wrong = "0" * 64
    with pytest.raises(FetchError) as info:
        download(server.url(rel), out / "ES-11.json", sha256=wrong, backoff=0)
    message = str(info.value)
    assert server.url(rel) in message
    assert f"expected {wrong}, got {sha256_of(data)}" in message
    assert leftovers(out) == []


def test_size_and_md5_mismatch_are_both_named(server, sample, tmp_path):
    rel, data = sample
    out = tmp_path / "out"
    with pytest.raises(FetchError, match=rf"size mismatch: expected {len(data) + 1} bytes, got {len(data)}"
                       rf"; md5 mismatch: expected f+, got {hashlib.md5(data).hexdigest()}"):
        download(server.url(rel), out / "x.json", size=len(data) + 1, md5="f" * 32, backoff=0)
    assert leftovers(out) == []


def test_mismatch_keeps_an_existing_file_untouched(server, sample, tmp_path):
    rel, _ = sample
    dest = tmp_path / "ES-11.json"
    dest.write_bytes(b"previous good copy")
    with pytest.raises(FetchError):
        download(server.url(rel), dest, sha256="1" * 64, backoff=0)
    assert dest.read_bytes() == b"previous good copy"
    assert leftovers(tmp_path) == ["ES-11.json", "served"]


def test_dropped_connection_resumes_with_range(server, sample, tmp_path):
    rel, data = sample
    server.plan["/" + rel] = ["drop"]
    seen = []
    dest = tmp_path / "ES-11.json"
    download(server.url(rel), dest, sha256=sha256_of(data), backoff=0,
             progress=lambda n, total, name: seen.append(n))
    assert dest.read_bytes() == data
    requests = server.requests_for(rel)
    assert [(s.range, s.status) for s in requests] == [(None, 200), (f"bytes={len(data) // 2}-", 206)]
    assert sum(seen) == len(data)
    assert not dest.with_suffix(".json.part").exists()


def test_part_from_an_earlier_run_is_continued(server, sample, tmp_path):
    rel, data = sample
    dest = tmp_path / "ES-11.json"
    dest.with_suffix(".json.part").write_bytes(data[:1000])
    seen = []
    download(server.url(rel), dest, sha256=sha256_of(data), backoff=0,
             progress=lambda n, total, name: seen.append(n))
    assert dest.read_bytes() == data
    assert [s.range for s in server.requests_for(rel)] == ["bytes=1000-"]
    assert seen[0] == 1000 and sum(seen) == len(data)


def test_server_ignoring_range_gets_a_full_download(server, sample, tmp_path):
    rel, data = sample
    server.ignore_range = True
    dest = tmp_path / "ES-11.json"
    dest.with_suffix(".json.part").write_bytes(b"not the start of the file at all")
    seen = []
    download(server.url(rel), dest, sha256=sha256_of(data), backoff=0,
             progress=lambda n, total, name: seen.append(n))
    assert dest.read_bytes() == data
    assert [(s.range, s.status) for s in server.requests_for(rel)] == [("bytes=32-", 200)]
    assert sum(seen) == len(data)


def test_complete_part_answered_416_is_downloaded_again(server, sample, tmp_path):
    rel, data = sample
    dest = tmp_path / "ES-11.json"
    dest.with_suffix(".json.part").write_bytes(data)
    download(server.url(rel), dest, sha256=sha256_of(data), backoff=0)
    assert dest.read_bytes() == data
    assert [(s.range, s.status) for s in server.requests_for(rel)] == [(f"bytes={len(data)}-", 416), (None, 200)]


def test_stale_part_of_another_version_is_replaced(server, sample, tmp_path):
    rel, data = sample
    dest = tmp_path / "ES-11.json"
    dest.with_suffix(".json.part").write_bytes(b"X" * 500)  # wrong bytes, plausible length
    download(server.url(rel), dest, sha256=sha256_of(data), backoff=0)
    assert dest.read_bytes() == data
    assert [s.range for s in server.requests_for(rel)] == ["bytes=500-", None]


def test_404_fails_at_once(server, tmp_path):
    url = server.url("unxml-ga/nope.json")
    with pytest.raises(FetchError) as info:
        download(url, tmp_path / "out" / "nope.json", retries=5, backoff=0)
    assert str(info.value) == f"cannot download {url}: HTTP 404 Not Found"
    assert len(server.requests_for("unxml-ga/nope.json")) == 1
    assert leftovers(tmp_path / "out") == []


def test_500_twice_then_success(server, sample, tmp_path):
    rel, data = sample
    server.plan["/" + rel] = ["500", "503"]
    dest = tmp_path / "ES-11.json"
    download(server.url(rel), dest, sha256=sha256_of(data), retries=3, backoff=0)
    assert dest.read_bytes() == data
    assert [s.status for s in server.requests_for(rel)] == [500, 503, 200]


def test_retries_run_out(server, sample, tmp_path):
    rel, _ = sample
    server.plan["/" + rel] = ["500"] * 10
    with pytest.raises(FetchError, match=r"HTTP 500 .*gave up after 3 attempts"):
        download(server.url(rel), tmp_path / "ES-11.json", retries=2, backoff=0)
    assert len(server.requests_for(rel)) == 3
    assert leftovers(tmp_path) == ["served"]


def test_connection_refused_is_retried_then_reported(tmp_path):
    with socket.socket() as s:  # a local port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x.json"
    with pytest.raises(FetchError, match=r"ConnectionRefusedError.*gave up after 2 attempts"):
        download(url, tmp_path / "x.json", retries=1, backoff=0, timeout=5)
    assert leftovers(tmp_path) == []


@dataclass(frozen=True)
class StandIn:
    folder: str
    urls: dict
    sha256: dict


def serve_folder(server: Server, folder: str, names: list[str]) -> None:
    for name in names:
        shutil.copy(SHARED / folder / name, server.root / folder / name)


def test_fetch_source_with_a_stand_in_entry(server, tmp_path):
    serve_folder(server, "unvotes", ["un_roll_call_issues.rda", "un_roll_calls.rda"])
    names = ["un_roll_call_issues.rda", "un_roll_calls.rda"]
    entry = StandIn(
        folder="unvotes",
        urls={n: f"https://example.invalid/owner/repo/commit/data/{n}" for n in names},
        sha256={n: file_sha256(SHARED / "unvotes" / n) for n in names},
    )
    mirror = tmp_path / "mirror"
    paths = fetch_source("unvotes", mirror, base_url=server.url("unvotes"), source=entry)
    assert paths == [mirror / "unvotes" / n for n in names]
    for n in names:
        assert (mirror / "unvotes" / n).read_bytes() == (SHARED / "unvotes" / n).read_bytes()
    assert len(server.seen) == 2

    # Present with the right checksum: no request. Damaged: fetched again, and only that one.
    (mirror / "unvotes" / names[1]).write_bytes(b"damaged")
    fetch_source("unvotes", mirror, base_url=server.base + "/{folder}/", source=entry)
    assert [s.path for s in server.seen[2:]] == [f"/unvotes/{names[1]}"]
    assert file_sha256(mirror / "unvotes" / names[1]) == entry.sha256[names[1]]


def test_fetch_source_without_urls(tmp_path):
    with pytest.raises(FetchError, match="'empty' has no download addresses"):
        fetch_source("empty", tmp_path, source=StandIn(folder="x", urls={}, sha256={}))


def test_fetch_source_refuses_paths_as_file_names(tmp_path):
    entry = StandIn(folder="x", urls={"../evil.rda": "https://example.invalid/a/evil.rda"}, sha256={})
    with pytest.raises(FetchError, match="not a plain file name"):
        fetch_source("x", tmp_path, source=entry)


def catalogue_names() -> list[str]:
    try:
        from dyadscope.sources import catalogue
    except ImportError:
        return []
    # the chronology ships in the package and the event datasets are files users bring: no pinned downloads
    return sorted(name for name, source in catalogue().items() if source.sha256)


@pytest.mark.parametrize("name", catalogue_names())
def test_catalogue_checksums_match_the_published_files(server, tmp_path, name):
    """Every catalogue file, served from the local copy, passes the catalogue's sha256."""
    from dyadscope.sources import get_source

    source = get_source(name)
    assert source.urls, f"{name} has no urls"
    assert set(source.urls) == set(source.sha256)
    for url in source.urls.values():
        assert url.startswith("https://raw.githubusercontent.com/"), url
        assert re.search(r"/[0-9a-f]{40}/", url), f"not pinned to a commit: {url}"
    serve_folder(server, source.folder, list(source.urls))
    mirror = tmp_path / "mirror"
    paths = fetch_source(name, mirror, base_url=server.url(source.folder), retries=0)
    assert [p.name for p in paths] == list(source.urls)
    assert all(p.parent == mirror / source.folder for p in paths)
    assert len(server.seen) == len(source.urls)


def test_cli_fetch_then_load_mirror(server, tmp_path):
    """`dyadscope fetch` into a mirror folder, then `dyadscope load --mirror` reads what it fetched."""
    import json

    from click.testing import CliRunner

    from dyadscope.cli import cli

    serve_folder(server, "unxml-ga", [f"{n}.json" for n in ("74", "75", "76", "77", "78", "79", "80", "ES-10", "ES-11", "S-32")])
    mirror = tmp_path / "mirror"
    store = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    fetched = runner.invoke(cli, ["--store", store, "fetch", "unxml", "--dest", str(mirror),
                                  "--base-url", server.url("unxml-ga")])
    assert fetched.exit_code == 0, fetched.output
    assert sorted(p.name for p in (mirror / "unxml-ga").iterdir()) == sorted(
        f"{n}.json" for n in ("74", "75", "76", "77", "78", "79", "80", "ES-10", "ES-11", "S-32"))
    loaded = runner.invoke(cli, ["--store", store, "load", "--mirror", str(mirror), "--json"])
    assert loaded.exit_code == 0, loaded.output
    assert sum(r["tables"].get("roll_call", 0) for r in json.loads(loaded.stdout)) == 731
