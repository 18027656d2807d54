"""Download source files from their official addresses (or a private mirror), verified and resumable.

``download`` fetches one URL into one file; ``fetch_source`` fetches every file of a catalogue
entry into a mirror folder laid out like ../shared/data, so that the loaders can read it.

Guarantees: a file only ever appears under its final name complete and verified (size, sha256,
md5 when known); until then it lives as ``NAME.part`` next to it, and an interrupted download
resumes from there with an HTTP Range request. Connection errors, timeouts and 5xx answers are
retried with exponential backoff; other 4xx answers (404 above all) fail at once.
Standard library only (urllib), and this module never prints: pass ``progress`` to observe it.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from dyadscope.errors import FetchError

__all__ = ["download", "fetch_source", "file_sha256"]

Progress = Callable[[int, "int | None", str], None]

_CHUNK = 64 * 1024
_USER_AGENT = "dyadscope (Python urllib)"
# 408 and 429 are client-side codes that mean "try again later", so they are retried like 5xx.
_RETRY_STATUS = {408, 429}
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


class _Retryable(Exception):
    """A failure worth another attempt (network error, timeout, 5xx); the .part file is kept."""


class _RangeRejected(Exception):
    """The server cannot continue from the .part file; start again from byte 0."""


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    return _digests(Path(path), want_md5=False)[0]


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    size: int | None = None,
    md5: str | None = None,
    retries: int = 3,
    timeout: float = 60,
    backoff: float = 1.0,
    progress: Progress | None = None,
) -> Path:
    """Download ``url`` to ``dest`` and return ``dest``; raise FetchError on failure.

    The bytes go to ``<dest>.part`` (e.g. ``74.json.part``) first; an existing ``.part`` is
    continued with a Range request (a server that answers 200 instead of 206 gets a fresh full
    download). Once complete, the
    file is checked against ``size``, ``sha256`` and ``md5`` (each only if given); a mismatch
    deletes the download and raises FetchError naming the expected and the actual value.
    Only then is it moved onto ``dest`` with os.replace, so ``dest`` is never partial or corrupt.

    ``retries`` is the number of further attempts after the first one, for connection errors,
    timeouts and HTTP 5xx/408/429; attempt ``n`` waits ``backoff * 2**(n-1)`` seconds first.
    ``progress(advance_bytes, total_bytes_or_None, name)`` is called as bytes arrive; when a
    download has to restart from byte 0, it is called once with a negative advance that takes
    back the bytes already reported.
    """
    dest = Path(dest)
    if retries < 0:
        raise ValueError(f"retries must be 0 or more, got {retries}")
    part = dest.with_suffix(dest.suffix + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"cannot download {url}: cannot create {dest.parent}: {exc}") from exc

    state = _State(name=dest.name, size=size, progress=progress)
    stale = part.exists()
    _transfer_with_retries(url, part, state, retries=retries, timeout=timeout, backoff=backoff)
    try:
        _verify(url, part, sha256=sha256, size=size, md5=md5)
    except FetchError:
        if not stale:
            raise
        # The .part was left by an earlier run and may hold another version of the file:
        # _verify deleted it, so one more try starts from byte 0.
        state.restart()
        _transfer_with_retries(url, part, state, retries=retries, timeout=timeout, backoff=backoff)
        _verify(url, part, sha256=sha256, size=size, md5=md5)
    try:
        os.replace(part, dest)
    except OSError as exc:
        raise FetchError(f"cannot download {url}: cannot move {part.name} onto {dest}: {exc}") from exc
    return dest


def fetch_source(
    name: str,
    dest_dir: Path,
    *,
    base_url: str | None = None,
    retries: int = 3,
    progress: Progress | None = None,
    source=None,
) -> list[Path]:
    """Download every file of catalogue entry ``name`` into ``dest_dir/<folder>/``; return the paths.

    A file already there with the catalogue's sha256 is kept without a request. ``base_url``
    replaces everything up to the last "/" of each catalogue URL (a private mirror, or a test
    server); a ``{folder}`` inside it is replaced by the source's folder name, so one template
    such as ``https://mirror.example/data/{folder}`` serves every source. ``source`` is a
    catalogue entry to use instead of looking ``name`` up (any object with ``folder``, ``urls``
    and ``sha256``).
    """
    if source is None:
        from dyadscope.sources import get_source

        source = get_source(name)
    urls: dict[str, str] = dict(source.urls or {})
    if not urls:
        raise FetchError(f"source {name!r} has no download addresses (urls) in the catalogue")
    checksums: dict[str, str] = dict(source.sha256 or {})
    folder = Path(dest_dir) / source.folder
    prefix = None
    if base_url is not None:
        prefix = base_url.replace("{folder}", source.folder).rstrip("/") + "/"

    paths = []
    for file_name, url in urls.items():
        if not file_name or Path(file_name).name != file_name or file_name in {".", ".."}:
            raise FetchError(f"source {name!r}: file name {file_name!r} is not a plain file name")
        if prefix is not None:
            url = prefix + url.rsplit("/", 1)[-1]
        target = folder / file_name
        expected = checksums.get(file_name)
        if expected and target.is_file() and file_sha256(target) == expected.lower():
            paths.append(target)
            continue
        paths.append(download(url, target, sha256=expected, retries=retries, progress=progress))
    return paths


class _State:
    """What one download has reported to ``progress`` so far, across attempts."""

    def __init__(self, name: str, size: int | None, progress: Progress | None):
        self.name = name
        self.size = size
        self.total = size
        self.progress = progress
        self.reported = 0

    def advance(self, n: int) -> None:
        self.reported += n
        if self.progress is not None and n:
            self.progress(n, self.total, self.name)

    def restart(self) -> None:
        self.advance(-self.reported)


def _transfer_with_retries(
    url: str, part: Path, state: _State, *, retries: int, timeout: float, backoff: float
) -> None:
    attempts = retries + 1
    last_reason = ""
    for attempt in range(attempts):
        if attempt and backoff > 0:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            _transfer(url, part, state, timeout)
            return
        except _Retryable as exc:
            last_reason = str(exc)
    raise FetchError(f"cannot download {url}: {last_reason} (gave up after {attempts} attempts)")


def _transfer(url: str, part: Path, state: _State, timeout: float) -> None:
    """One attempt: continue ``part`` from its current length to the end of the resource."""
    offset = part.stat().st_size if part.exists() else 0
    if state.size is not None and offset > state.size:
        part.unlink()
        offset = 0
    if state.size is not None and offset == state.size:
        return  # a complete .part left by an earlier run: verification decides
    try:
        _request(url, part, offset, state, timeout)
    except _RangeRejected:
        part.unlink(missing_ok=True)
        state.restart()
        _request(url, part, 0, state, timeout)


def _request(url: str, part: Path, offset: int, state: _State, timeout: float) -> None:
    headers = {"User-Agent": _USER_AGENT, "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    req = urllib.request.Request(url, headers=headers)
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        code, reason = exc.code, exc.reason
        exc.close()
        if code == 416 and offset:
            raise _RangeRejected() from None
        message = f"HTTP {code} {reason}"
        if code >= 500 or code in _RETRY_STATUS:
            raise _Retryable(message) from None
        raise FetchError(f"cannot download {url}: {message}") from None
    except ValueError as exc:  # not a URL urllib understands
        raise FetchError(f"cannot download {url}: {exc}") from None
    except urllib.error.URLError as exc:
        if not isinstance(exc.reason, OSError):  # e.g. "unknown url type": another try won't help
            raise FetchError(f"cannot download {url}: {exc.reason}") from None
        raise _Retryable(_reason(exc)) from None
    except (http.client.HTTPException, OSError) as exc:
        raise _Retryable(_reason(exc)) from None

    with resp:
        status = getattr(resp, "status", None)
        if status is None:  # file: URLs carry no status and ignore Range
            status = 200
        length = resp.headers.get("Content-Length")
        length = int(length) if length and length.isdigit() else None
        if status == 206 and offset:
            match = _CONTENT_RANGE.match(resp.headers.get("Content-Range", ""))
            if not match or int(match.group(1)) != offset:
                raise _RangeRejected()
            mode, start = "ab", offset
            if match.group(3) != "*" and state.size is None:
                state.total = int(match.group(3))
        elif status == 200:
            if offset:  # the server ignored the Range header: start again from byte 0
                state.restart()
            mode, start = "wb", 0
            if state.size is None and length is not None:
                state.total = length
        else:
            raise _Retryable(f"unexpected HTTP status {status}")
        if offset and mode == "ab" and state.reported < offset:
            state.advance(offset - state.reported)  # bytes left by an earlier run

        received = 0
        try:
            out = open(part, mode)
        except OSError as exc:
            raise FetchError(f"cannot download {url}: cannot write {part}: {exc}") from exc
        with out:
            while True:
                try:
                    chunk = resp.read(_CHUNK)
                except (http.client.HTTPException, OSError) as exc:
                    raise _Retryable(_reason(exc)) from None
                if not chunk:
                    break
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise FetchError(f"cannot download {url}: cannot write {part}: {exc}") from exc
                received += len(chunk)
                state.advance(len(chunk))
    if length is not None and received < length:
        raise _Retryable(f"connection closed after {start + received} of {start + length} bytes")


def _verify(url: str, part: Path, *, sha256: str | None, size: int | None, md5: str | None) -> None:
    """Check the finished .part; on any mismatch delete it and raise FetchError."""
    problems = []
    actual_size = part.stat().st_size
    if size is not None and actual_size != size:
        problems.append(f"size mismatch: expected {size} bytes, got {actual_size}")
    if sha256 is not None or md5 is not None:
        got_sha, got_md5 = _digests(part, want_md5=md5 is not None)
        if sha256 is not None and got_sha != sha256.lower():
            problems.append(f"sha256 mismatch: expected {sha256.lower()}, got {got_sha}")
        if md5 is not None and got_md5 != md5.lower():
            problems.append(f"md5 mismatch: expected {md5.lower()}, got {got_md5}")
    if problems:
        part.unlink(missing_ok=True)
        raise FetchError(f"cannot download {url}: {'; '.join(problems)} (the download was deleted)")


def _digests(path: Path, *, want_md5: bool) -> tuple[str, str | None]:
    sha = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False) if want_md5 else None
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            sha.update(chunk)
            if md5 is not None:
                md5.update(chunk)
    return sha.hexdigest(), md5.hexdigest() if md5 is not None else None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        inner = exc.reason
        return f"{type(inner).__name__}: {inner}" if isinstance(inner, BaseException) else str(inner)
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
