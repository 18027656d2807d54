"""Download GDELT 2.0 or 1.0 event files for a date range from the official file lists.

The master file list (http://data.gdeltproject.org/gdeltv2/masterfilelist.txt) has one line per
published file: ``SIZE MD5 URL``, e.g. ``150383 297a16b493de7cf6ca809a7cc31d0b93
http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip``. The event files are the
``*.export.CSV.zip`` ones, named after the 15-minute slot they cover. Each selected file is
downloaded by :func:`dyadscope.fetch.download` (resumable ``.part`` files, retries) and checked
against the size and MD5 the list publishes; a file already present with that size and MD5 is
kept without a request. Downloads run in parallel (``workers`` threads). This module never prints.

GDELT 1.0 (``version=1``) publishes two lists beside its files in http://data.gdeltproject.org/events/:
``filesizes`` (``SIZE FILENAME`` per line) and ``md5sums`` (``MD5  FILENAME`` per line, the
``md5sum`` format). Its event files are ``YYYY.zip`` (one year, 1979-2005), ``YYYYMM.zip`` (one
month, 2006 - March 2013) and ``YYYYMMDD.export.CSV.zip`` (one day, from April 2013); a file is
selected when the period it covers overlaps the date range, so a range inside 1990 fetches the whole
``1990.zip``. Other names in the lists (the reduced master files, ...) are never selected. A
selected file missing from either list is an error, raised before any download.
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
#: the GDELT 1.0 event folder: its files and its two lists, ``filesizes`` and ``md5sums``
EVENTS_URL = "http://data.gdeltproject.org/events"
_LINE = re.compile(r"^\s*(\d+)\s+([0-9a-fA-F]{32})\s+(\S+)\s*$")
_STAMP = re.compile(r"(\d{14})\.export\.CSV\.zip$", re.IGNORECASE)
_V1_NAME = re.compile(r"^(?:(\d{4})\.zip|(\d{6})\.zip|(\d{8})\.export\.CSV\.zip)$", re.IGNORECASE)
_V1_LINE = re.compile(r"^\s*(\S+)\s+\*?(\S+)\s*$")


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

    @property
    def span(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The first and last second a GDELT 1.0 event file covers (year, month or day); else None."""
        m = _V1_NAME.match(self.name)
        if not m:
            return None
        try:
            if m.group(1):
                first = dt.datetime(int(m.group(1)), 1, 1)
                after = first.replace(year=first.year + 1)
            elif m.group(2):
                first = dt.datetime.strptime(m.group(2), "%Y%m")
                after = (first + dt.timedelta(days=32)).replace(day=1)
            else:
                first = dt.datetime.strptime(m.group(3), "%Y%m%d")
                after = first + dt.timedelta(days=1)
        except ValueError:
            return None
        return first, after - dt.timedelta(seconds=1)


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


def _name_table(text: str, what: str, value: re.Pattern) -> dict[str, str]:
    table = {}
    for line in text.splitlines():
        m = _V1_LINE.match(line)
        if m and value.fullmatch(m.group(1)):
            table[m.group(2).rsplit("/", 1)[-1]] = m.group(1)
    if not table:
        raise FetchError(f"the GDELT 1.0 {what} list has no '{what.upper()} FILENAME' line")
    return table


def parse_v1_lists(filesizes: str, md5sums: str, base_url: str = EVENTS_URL) -> list[ListedFile]:
    """The GDELT 1.0 event files named in ``filesizes`` or ``md5sums``, with ``base_url/NAME`` as URL.

    ``filesizes`` has ``SIZE FILENAME`` lines, ``md5sums`` ``MD5  FILENAME`` lines; other lines are
    skipped, and so are names that are not event files (``YYYY.zip``, ``YYYYMM.zip``,
    ``YYYYMMDD.export.CSV.zip``). A file in one list only gets size -1 or an empty MD5
    (:func:`fetch_gdelt` refuses such a file if it is selected). FetchError when either list has
    no line at all.
    """
    sizes = _name_table(filesizes, "size", re.compile(r"\d+"))
    md5s = _name_table(md5sums, "md5", re.compile(r"[0-9a-fA-F]{32}"))
    base = base_url.rstrip("/")
    files = []
    for name in sorted(set(sizes) | set(md5s)):
        if _V1_NAME.match(name):
            files.append(ListedFile(int(sizes.get(name, -1)), md5s.get(name, "").lower(), f"{base}/{name}"))
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


def select_v1_events(files: list[ListedFile], start, end) -> list[ListedFile]:
    """The GDELT 1.0 event files whose year, month or day overlaps [start, end], in time order."""
    lo, hi = parse_day(start), parse_day(end, end=True)
    if hi < lo:
        raise FetchError(f"--to {end} is before --from {start}")
    chosen = [f for f in files if f.span is not None and f.span[0] <= hi and lo <= f.span[1]]
    return sorted(chosen, key=lambda f: f.span)


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
    master_url: str | None = None,
    base_url: str | None = None,
    workers: int = 4,
    retries: int = 3,
    backoff: float = 1.0,
    progress=None,
    version: int = 2,
) -> list[Path]:
    """Download the GDELT event files from ``start`` to ``end`` into ``dest_dir/gdelt``; return their paths.

    ``version=2`` (default): GDELT 2.0, from the master file list ``master_url`` (default
    :data:`MASTER_URL`); ``base_url`` replaces everything up to the last "/" of each listed URL (a
    mirror, or a test server). ``version=1``: GDELT 1.0, from the ``filesizes`` and ``md5sums``
    lists of the events folder ``base_url`` (default :data:`EVENTS_URL`), which holds the files too;
    ``master_url`` does not apply. Every file is attempted; if any fails, FetchError lists the
    failures after the others have finished (the finished ones stay, and a rerun resumes the rest).
    """
    folder = Path(dest_dir) / "gdelt"
    if version == 1:
        if master_url is not None:
            raise FetchError("GDELT 1.0 has no master file list: give its events folder as base_url")
        base = (base_url or EVENTS_URL).rstrip("/")
        sizes = download(f"{base}/filesizes", folder / "filesizes", retries=retries, backoff=backoff)
        md5s = download(f"{base}/md5sums", folder / "md5sums", retries=retries, backoff=backoff)
        listed = select_v1_events(parse_v1_lists(sizes.read_text(encoding="utf-8", errors="replace"),
                                                 md5s.read_text(encoding="utf-8", errors="replace"), base),
                                  start, end)
        source = f"{base}/filesizes"
        unlisted = [f.name for f in listed if f.size < 0 or not f.md5]
        if unlisted:
            raise FetchError("GDELT 1.0 file(s) without both a size (filesizes) and an MD5 (md5sums): "
                             + ", ".join(unlisted))
        base_url = None  # the listed URLs already point at base
    elif version == 2:
        source = master_url or MASTER_URL
        master = download(source, folder / "masterfilelist.txt", retries=retries, backoff=backoff)
        listed = select_events(parse_master_list(master.read_text(encoding="utf-8", errors="replace")), start, end)
    else:
        raise FetchError(f"GDELT version must be 1 or 2, got {version!r}")
    if not listed:
        raise FetchError(f"no GDELT event file between {start} and {end} in {source}")

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
