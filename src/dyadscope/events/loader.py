"""What the event-data loaders (GDELT, ICEWS, POLECAT, PLOVER) share.

Event files are user-supplied and many (one per day, week or year), so unlike the reference
sources each file is a part of its own, named after the file (a zip archive holding several data
files, as ICEWS and POLECAT bundles do, gives one part per file, named ``ARCHIVE/FILE``): loading a folder of 300 daily
files is 300 transactions, and loading one of them again changes nothing. The rows a file wrote
are found again by ``event.dataset`` and ``event.part`` (the file name), so a new version of a
file replaces what the old one wrote.

``actors`` (ISO3 codes, or any code the registry resolves) keeps only the events in which one
of them is the source or the target. A filtered load is its own part (``NAME [actors=KAZ,RUS]``):
its rows replace whatever the file wrote before, filtered or not.
"""

from __future__ import annotations

import re
import tomllib

from importlib import resources
from pathlib import Path

import pandas as pd

from dyadscope.errors import LoadError
from dyadscope.loaders.base import Loader, Part
from dyadscope.sources import Source
from dyadscope.store import Store

#: the columns every event loader writes (table ``event``, migrations 003 and 004)
EVENT_COLUMNS = [
    "event_id", "dataset", "part", "date", "date_precision", "source_iso3", "source_actor",
    "target_iso3", "target_actor", "plover_type", "plover_mode", "plover_context", "cameo_code",
    "goldstein", "quad", "summary", "reports", "records", "citation", "source_url",
]


def event_catalogue() -> dict[str, Source]:
    """The catalogue entries of the event sources (``data/event_sources.toml``)."""
    from dyadscope.sources import catalogue

    text = resources.files("dyadscope").joinpath("data/event_sources.toml").read_text(encoding="utf-8")
    return {name: catalogue()[name] for name in tomllib.loads(text)}


class EventFileLoader(Loader):
    """A loader whose every file is one part; subclasses set ``suffixes`` and ``datasets``."""

    #: file name endings accepted (case-insensitive)
    suffixes: tuple[str, ...] = ()
    #: the values of ``event.dataset`` this loader writes
    datasets: tuple[str, ...] = ()

    def __init__(self, registry=None, actors=None):
        super().__init__(registry)
        self.actors = actors

    @property
    def catalogue(self) -> Source:
        return event_catalogue()[self.source]

    # -- actors -----------------------------------------------------------------------------------
    @property
    def actors(self) -> tuple[str, ...] | None:
        return self._actors

    @actors.setter
    def actors(self, values) -> None:
        if values is None or values == "" or values == []:
            self._actors = None
            return
        if isinstance(values, str):
            values = values.split(",")
        resolved = []
        for value in values:
            value = str(value).strip()
            if value:
                resolved.append(self.registry.resolve(value))  # UnknownCountryError names the value
        self._actors = tuple(sorted(set(resolved))) or None

    def actor_codes(self, scheme: str) -> list[str]:
        """Every code in ``scheme`` that resolves to one of the actors (e.g. CAMEO codes for GDELT)."""
        frame = self.registry.frame
        rows = frame[frame["iso3"].isin(self.actors) | frame["fold_into"].isin(self.actors)]
        codes = {str(c) for c in rows[scheme] if isinstance(c, str) and c}
        codes |= set(self.actors)
        return sorted(c for c in codes if re.fullmatch(r"[A-Za-z0-9]{2,8}", c))

    def keep_actors(self, source_iso3: pd.Series, target_iso3: pd.Series) -> pd.Series:
        if not self.actors:
            return pd.Series(True, index=source_iso3.index)
        return source_iso3.isin(self.actors) | target_iso3.isin(self.actors)

    # -- files and parts -----------------------------------------------------------------------------
    def _accepts(self, path: Path) -> bool:
        return path.is_file() and path.name.lower().endswith(self.suffixes)

    def find(self, path: Path) -> dict[str, Path]:
        path = Path(path)
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        if path.is_file():
            if not path.name.lower().endswith(self.suffixes):
                raise LoadError(f"{path}: not a {self.source} file; expected a name ending in "
                                + ", ".join(self.suffixes))
            return {path.name: path}
        folder = path / self.catalogue.folder if (path / self.catalogue.folder).is_dir() else path
        found = {p.name: p for p in sorted(folder.iterdir()) if self._accepts(p)}
        if not found:
            raise LoadError(f"{folder}: no {self.source} file found; expected names ending in "
                            + ", ".join(self.suffixes))
        return found

    #: for sources published as zips of several files (ICEWS, POLECAT): the data files of a zip,
    #: each a part of its own named ``ARCHIVE/MEMBER``; None where a zip holds one file
    members = None

    def parts(self, path: Path) -> list[Part]:
        tag = f" [actors={','.join(self.actors)}]" if self.actors else ""
        parts = []
        for name, file in self.find(path).items():
            inside = self.members(file) if self.members and name.lower().endswith(".zip") else []
            if len(inside) > 1:
                parts += [Part(f"{name}/{m}{tag}", {f"{name}/{m}": file}, member=m) for m in inside]
            else:
                parts.append(Part(name + tag, {name: file}))
        return parts

    @staticmethod
    def file_name(part: Part) -> str:
        return next(iter(part.files))

    def delete(self, store: Store, part: Part, tables: list[str]) -> None:
        placeholders = ", ".join("?" for _ in self.datasets)
        store.con.execute(f"DELETE FROM event WHERE dataset IN ({placeholders}) AND part = ?",
                          [*self.datasets, self.file_name(part)])

    # -- output -------------------------------------------------------------------------------------
    @staticmethod
    def finish(frame: pd.DataFrame) -> pd.DataFrame:
        """The event columns in order; columns a source lacks are NULL."""
        for column in EVENT_COLUMNS:
            if column not in frame:
                frame[column] = None
        return frame[EVENT_COLUMNS].reset_index(drop=True)
