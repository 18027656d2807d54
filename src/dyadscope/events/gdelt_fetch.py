"""Download GDELT 2.0 event files for a date range from the official master file list.

The master file list (http://data.gdeltproject.org/gdeltv2/masterfilelist.txt) has one line per
published file: ``SIZE MD5 URL``, e.g. ``150383 297a16b493de7cf6ca809a7cc31d0b93
http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip``. The event files are the
``*.export.CSV.zip`` ones, named after the 15-minute slot they cover. Each selected file is
downloaded by :func:`dyadscope.fetch.download` (resumable ``.part`` files, retries) and checked
against the size and MD5 the list publishes; a file already present with that size and MD5 is
kept without a request. Downloads run in parallel (``workers`` threads). This module never prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dyadscope.errors import FetchError
from dyadscope.fetch import download

MASTER_URL = "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt"
_LINE = re.compile(r"^\s*(\d+)\s+([0-9a-fA-F]{32})\s+(\S+)\s*$")
_STAMP = re.compile(r"(\d{14})\.export\.CSV\.zip$", re.IGNORECASE)


@dataclass(frozen=True)
class ListedFile:
    size: int
    md5: str
    url: str

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]

    @property
    def stamp(self) -> dt.datetime | None:
        m = _STAMP.search(self.name)
        return dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S") if m else None


def parse_master_list(text: str) -> list[ListedFile]:
    """Every well-formed ``SIZE MD5 URL`` line; FetchError when there is none."""
    files = []
    for line in text.splitlines():
        m = _LINE.match(line)
        if m:
            files.append(ListedFile(int(m.group(1)), m.group(2).lower(), m.group(3)))
    if not files:
        raise FetchError("the GDELT master file list has no 'SIZE MD5 URL' line")
    return files


def parse_day(value, *, end: bool = False) -> dt.datetime:
    """``YYYY-MM-DD``, ``YYYYMMDD`` or ``YYYYMMDDHHMMSS``; a day as an end bound means its last second."""
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            day = dt.datetime.strptime(text, fmt)
            return day + dt.timedelta(days=1, seconds=-1) if end else day
        except ValueError:
            pass
    try:
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S")
    except ValueError:
        raise FetchError(f"not a date: {value!r}; expected YYYY-MM-DD, YYYYMMDD or YYYYMMDDHHMMSS") from None


def select_events(files: list[ListedFile], start, end) -> list[ListedFile]:
    """The event export files whose 15-minute slot lies in [start, end], in time order."""
    lo, hi = parse_day(start), parse_day(end, end=True)
    if hi < lo:
        raise FetchError(f"--to {end} is before --from {start}")
    chosen = [f for f in files if f.stamp is not None and lo <= f.stamp <= hi]
    return sorted(chosen, key=lambda f: f.stamp)


def _complete(path: Path, listed: ListedFile) -> bool:
    if not path.is_file() or path.stat().st_size != listed.size:
        return False
    md5 = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            md5.update(chunk)
    return md5.hexdigest() == listed.md5


def fetch_gdelt(
    dest_dir: Path,
    start,
    end,
    *,
    master_url: str = MASTER_URL,
    base_url: str | None = None,
    workers: int = 4,
    retries: int = 3,
    backoff: float = 1.0,
    progress=None,
) -> list[Path]:
    """Download the GDELT 2.0 event files from ``start`` to ``end`` into ``dest_dir/gdelt``; return their paths.

    ``base_url`` replaces everything up to the last "/" of each listed URL (a mirror, or a test
    server). Every file is attempted; if any fails, FetchError lists the failures after the
    others have finished (the finished ones stay, and a rerun resumes the rest).
    """
    folder = Path(dest_dir) / "gdelt"
    master = download(master_url, folder / "masterfilelist.txt", retries=retries, backoff=backoff)
    listed = select_events(parse_master_list(master.read_text(encoding="utf-8", errors="replace")), start, end)
    if not listed:
        raise FetchError(f"no GDELT event file between {start} and {end} in {master_url}")

    def one(item: ListedFile) -> Path:
        target = folder / item.name
        if _complete(target, item):
            return target
        url = item.url if base_url is None else base_url.rstrip("/") + "/" + item.name
        return download(url, target, size=item.size, md5=item.md5, retries=retries, backoff=backoff,
                        progress=progress)

    paths: list[Path] = []
    failures: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for item, future in [(item, pool.submit(one, item)) for item in listed]:
            try:
                paths.append(future.result())
            except FetchError as e:
                failures.append(f"{item.name}: {e}")
    if failures:
        raise FetchError(f"{len(failures)} of {len(listed)} GDELT file(s) failed:\n" + "\n".join(failures))
    return paths
